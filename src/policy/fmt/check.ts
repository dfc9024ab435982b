// What "the same module" means for the formatter: the syntax trees agree once locations and
// spelling-only details are set aside, and every comment survives. The formatter checks its own
// output this way before handing it out, so a bug in it can refuse a file but never change one.

import { BigNum, type Module, numText } from '../../rego/index.js';
import { commentText } from './writer.js';

/** Fields that record where or how something was written, not what it means. */
const SPELLING = new Set(['loc', 'module', 'annotations', 'generated', 'fn']);

export interface ShapeOptions {
  /** `p = 1` and `p := 1` mean the same in a head; v1 output always writes `:=`. */
  ignoreHeadAssign: boolean;
  /** Leave out `future.keywords` and `rego.v1` imports (rewritten by --rego-v1). */
  ignoreVersionImports: boolean;
}

/** A plain-data picture of a module's meaning, comparable with JSON.stringify. */
export function moduleShape(mod: Module, opts: ShapeOptions): unknown {
  const imports = mod.imports
    .filter((i) => !(opts.ignoreVersionImports && i.path.terms[0]?.kind === 'var' && (i.path.terms[0].name === 'future' || i.path.terms[0].name === 'rego')))
    .map((i) => JSON.stringify([shape(i.path, opts), i.alias ?? null]))
    .sort();
  return { package: shape(mod.package.path, opts), imports, rules: mod.rules.map((r) => shape(r, opts)) };
}

function shape(x: unknown, opts: ShapeOptions): unknown {
  if (x === null || typeof x !== 'object') return x;
  if (x instanceof BigNum) return { num: numText(x) };
  if (Array.isArray(x)) return x.map((v) => shape(v, opts));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(x)) {
    if (SPELLING.has(k) || v === undefined) continue;
    if (k === 'assign' && opts.ignoreHeadAssign && 'ref' in x) continue;
    out[k] = typeof v === 'number' ? { num: numText(v) } : shape(v, opts);
  }
  return out;
}

/** The first comment of `before` missing from `after`, if any (comments may be joined on a line). */
export function lostComment(before: Module['comments'], after: Module['comments']): Module['comments'][number] | undefined {
  const pool = after.map((c) => ({ text: commentText(c), used: [] as [number, number][] }));
  const free = (p: (typeof pool)[number], want: string): number => {
    for (let i = p.text.indexOf(want); i >= 0; i = p.text.indexOf(want, i + 1)) {
      if (!p.used.some(([s, e]) => i < e && s < i + want.length)) return i;
    }
    return -1;
  };
  for (const c of before) {
    const want = commentText(c).slice(1).trim();
    if (want === '') continue; // an empty `#` line carries nothing to lose
    const hit = pool.find((p) => free(p, want) >= 0);
    if (hit === undefined) return c;
    const at = free(hit, want);
    hit.used.push([at, at + want.length]);
  }
  return undefined;
}

/** Where two shapes first differ, as a path, for error messages and tests. */
export function firstDifference(a: unknown, b: unknown, path = ''): string | undefined {
  if (JSON.stringify(a) === JSON.stringify(b)) return undefined;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return path || '/';
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}/${k}`);
    if (d !== undefined) return d;
  }
  return path || '/';
}
