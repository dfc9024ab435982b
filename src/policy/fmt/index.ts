// Canonical formatting of Rego modules, in the style of `opa fmt`: tabs, one blank line between
// rules, imports grouped as written and sorted within a group, comments kept where they were,
// long lines left alone. A module keeps its Rego version (v0 stays v0) unless asked to convert.
//
// Kept as written: literals' spelling (raw strings, escapes, `1e3`), `=` vs `:=` in v0 heads,
// `p.q` vs `p["q"]` in heads, calls written as calls (`plus(1, 2)`), multi-line collections and
// argument lists, blank lines inside bodies. Normalised: indentation and spacing, `if` and
// `contains` where the module has the keywords, `:=` in v1 heads, `input["x"]` → `input.x`,
// parentheses (nested operators are parenthesised, as `opa fmt` does), `set()`.

import { BUILTINS, type Location, type Module, type RegoVersion, RegoError, RegoErrors, parseModule } from '../../rego/index.js';
import { LocatedError } from '../errors.js';
import { firstDifference, lostComment, moduleShape } from './check.js';
import { printModule } from './printer.js';
import { SourceIndex } from './source.js';

export interface FormatOptions {
  /** The module's syntax; by default it is worked out from the text. */
  regoVersion?: RegoVersion;
  /** Rewrite v0 modules in v1 syntax with `import rego.v1` (readable as both). */
  toV1?: boolean;
}

export interface Formatted {
  text: string;
  /** The syntax the module was read as. */
  regoVersion: RegoVersion;
}

/** A module that cannot be formatted, located as `file:line:col`. */
export class FormatError extends LocatedError {}

export function formatRego(file: string, source: string, opts: FormatOptions = {}): Formatted {
  const { mod, version } = parseAs(file, source, opts.regoVersion);
  if (opts.toV1 === true && mod.regoVersion === 0) refuseDeprecated(mod);
  const text = printModule(mod, new SourceIndex(source), { toV1: opts.toV1 === true && mod.regoVersion === 0 });
  verify(file, mod, text, opts.toV1 === true ? 1 : version, opts.toV1 === true);
  return { text, regoVersion: version };
}

/**
 * Reads the module as `version`, or works the version out: a module only one syntax accepts is
 * in that syntax; one both accept the same way is read as v0 (nothing v1 would add applies);
 * one both accept differently (`p[x] if …` with future keywords) is v0 if it imports
 * `future.keywords`, which a v1 module has no reason to do.
 */
function parseAs(file: string, source: string, version: RegoVersion | undefined): { mod: Module; version: RegoVersion } {
  if (version !== undefined) return { mod: parseOrThrow(file, source, version), version };
  const v0 = tryParse(file, source, 0);
  const v1 = tryParse(file, source, 1);
  if (v0 instanceof Error && v1 instanceof Error) throw toFormatError(file, furthest(v0, v1));
  if (v1 instanceof Error) return { mod: v0 as Module, version: 0 };
  if (v0 instanceof Error) return { mod: v1, version: 1 };
  const opts = { ignoreHeadAssign: false, ignoreVersionImports: false };
  const same = JSON.stringify(moduleShape(v0, opts)) === JSON.stringify(moduleShape(v1, opts));
  const future = v0.imports.some((i) => i.path.terms[0]?.kind === 'var' && i.path.terms[0].name === 'future');
  return same || future ? { mod: v0, version: 0 } : { mod: v1, version: 1 };
}

function tryParse(file: string, source: string, version: RegoVersion): Module | RegoError {
  try {
    return parseModule(file, source, { regoVersion: version });
  } catch (e) {
    if (e instanceof RegoErrors && e.errors.length > 0) return e.errors[0]!;
    if (e instanceof RegoError) return e;
    throw e;
  }
}

function parseOrThrow(file: string, source: string, version: RegoVersion): Module {
  const m = tryParse(file, source, version);
  if (m instanceof RegoError) throw toFormatError(file, m);
  return m;
}

/** Of two parse errors, the one that got further into the file is the likelier intent. */
function furthest(a: RegoError, b: RegoError): RegoError {
  const pa = a.location;
  const pb = b.location;
  if (pa === undefined) return b;
  if (pb === undefined) return a;
  return pb.row > pa.row || (pb.row === pa.row && pb.col > pa.col) ? b : a;
}

function toFormatError(file: string, e: RegoError): FormatError {
  return new FormatError(`${e.code}: ${e.message}`, e.location?.file ?? file, e.location?.row, e.location?.col);
}

/** v1 has no deprecated built-ins (`any`, `re_match`, `cast_*`…): such a module cannot be converted. */
function refuseDeprecated(mod: Module): void {
  const found = deprecatedCall(mod.rules);
  if (found === undefined) return;
  throw new FormatError(`cannot rewrite in v1 syntax: the deprecated built-in ${found.name} does not exist in Rego v1`, found.loc.file, found.loc.row, found.loc.col);
}

function deprecatedCall(node: unknown): { name: string; loc: Location } | undefined {
  if (node === null || typeof node !== 'object') return undefined;
  if (Array.isArray(node)) {
    for (const x of node) {
      const hit = deprecatedCall(x);
      if (hit !== undefined) return hit;
    }
    return undefined;
  }
  const n = node as { kind?: string; op?: { terms: { kind: string; name?: string; value?: unknown }[]; loc: Location } };
  if (n.kind === 'call' && n.op !== undefined) {
    const name = n.op.terms.map((t) => (t.kind === 'var' ? t.name : String(t.value))).join('.');
    if (BUILTINS.get(name)?.deprecated) return { name, loc: n.op.loc };
  }
  for (const [k, v] of Object.entries(node)) {
    if (k === 'module' || k === 'loc' || k === 'annotations' || k === 'target') continue;
    const hit = deprecatedCall(v);
    if (hit !== undefined) return hit;
  }
  return undefined;
}

/** Refuses output that would not read back as the same module with the same comments. */
function verify(file: string, before: Module, text: string, version: RegoVersion, converted: boolean): void {
  const after = tryParse(file, text, version);
  const bug = 'formatting would ';
  if (after instanceof RegoError) {
    throw new FormatError(`${bug}produce invalid Rego (${after.message}); file left unchanged (this is a policygate bug)`, file);
  }
  const opts = { ignoreHeadAssign: version === 1, ignoreVersionImports: converted };
  const diff = firstDifference(moduleShape(before, opts), moduleShape(after, opts));
  if (diff !== undefined) {
    throw new FormatError(`${bug}change the module's meaning at ${diff}; file left unchanged (this is a policygate bug)`, file);
  }
  const lost = lostComment(before.comments, after.comments);
  if (lost !== undefined) {
    throw new FormatError(`${bug}lose this comment; file left unchanged (this is a policygate bug)`, file, lost.loc.row, lost.loc.col);
  }
}
