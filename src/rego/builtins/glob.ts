// glob.match and glob.quote_meta with the syntax and semantics of gobwas/glob: `*` and `?`
// stop at delimiters, `**` does not, `[...]`/`[!...]` lists and ranges, `{a,b}` alternatives.
// A pattern is translated once into an equivalent regular expression and cached.

import { RE2JS } from 're2js';
import { T, stringArray } from '../types.js';
import type { Value } from '../value.js';
import { BoundedCache } from './regex.js';
import { fastRegExp } from './regexfast.js';
import { type BuiltinDef, BuiltinError, elementError, str, typeError } from './registry.js';

type Node =
  | { t: 'text'; s: string }
  | { t: 'any' | 'super' | 'single' }
  | { t: 'list'; chars: string; not: boolean }
  | { t: 'range'; lo: number; hi: number; not: boolean }
  | { t: 'anyOf'; alts: Node[][] };

/** Reads a pattern into nodes; an unclosed `{` simply ends with the input, as in gobwas/glob. */
class GlobParser {
  private i = 0;
  private readonly cs: string[];

  constructor(pattern: string) {
    this.cs = Array.from(pattern);
  }

  parse(): Node[] {
    return this.sequence(0);
  }

  private sequence(depth: number): Node[] {
    const nodes: Node[] = [];
    while (this.i < this.cs.length) {
      const c = this.cs[this.i]!;
      if (depth > 0 && (c === ',' || c === '}')) return nodes;
      this.i++;
      if (c === '{') nodes.push(this.alternatives(depth + 1));
      else if (c === '[') nodes.push(this.range());
      else if (c === '?') nodes.push({ t: 'single' });
      else if (c === '*') {
        if (this.cs[this.i] === '*') {
          this.i++;
          nodes.push({ t: 'super' });
        } else nodes.push({ t: 'any' });
      } else {
        this.i--;
        nodes.push({ t: 'text', s: this.text(depth > 0 ? '?*[{},' : '?*[{') });
      }
    }
    return nodes;
  }

  private alternatives(depth: number): Node {
    const alts: Node[][] = [this.sequence(depth)];
    while (this.i < this.cs.length && this.cs[this.i] === ',') {
      this.i++;
      alts.push(this.sequence(depth));
    }
    if (this.cs[this.i] === '}') this.i++;
    return { t: 'anyOf', alts };
  }

  /** Literal text up to a breaker; a backslash escapes the next character. */
  private text(breakers: string): string {
    let out = '';
    while (this.i < this.cs.length) {
      const c = this.cs[this.i]!;
      if (c === '\\') {
        this.i++;
        if (this.i < this.cs.length) out += this.cs[this.i++];
        continue;
      }
      if (breakers.includes(c)) break;
      out += c;
      this.i++;
    }
    return out;
  }

  private range(): Node {
    let not = false;
    if (this.cs[this.i] === '!') {
      not = true;
      this.i++;
    }
    if (this.i >= this.cs.length) throw new BuiltinError('unexpected end of input');
    if (this.cs[this.i + 1] === '-' && this.i + 2 < this.cs.length) {
      const lo = this.cs[this.i]!.codePointAt(0)!;
      const hi = this.cs[this.i + 2]!.codePointAt(0)!;
      this.i += 3;
      this.close();
      if (hi < lo) throw new BuiltinError(`hi character '${String.fromCodePoint(hi)}' should be greater than lo '${String.fromCodePoint(lo)}'`);
      return { t: 'range', lo, hi, not };
    }
    const chars = this.text(']');
    this.close();
    if (chars === '') throw new BuiltinError('could not parse range');
    return { t: 'list', chars, not };
  }

  private close(): void {
    if (this.i >= this.cs.length) throw new BuiltinError('unexpected end of input');
    if (this.cs[this.i] !== ']') throw new BuiltinError('expected close range character');
    this.i++;
  }
}

/** A character made literal for RE2, in or out of a class: ASCII punctuation is escaped. */
function literal(c: string): string {
  return /^[!-/:-@[-`{-~]$/.test(c) ? '\\' + c : c;
}

function toRegex(nodes: Node[], seps: string): string {
  const notSep = seps === '' ? '.' : `[^${Array.from(seps, literal).join('')}]`;
  return nodes
    .map((n) => {
      switch (n.t) {
        case 'text':
          return Array.from(n.s, literal).join('');
        case 'any':
          return notSep + '*';
        case 'super':
          return '.*';
        case 'single':
          return notSep;
        case 'list':
          return `[${n.not ? '^' : ''}${Array.from(n.chars, literal).join('')}]`;
        case 'range':
          return `[${n.not ? '^' : ''}${literal(String.fromCodePoint(n.lo))}-${literal(String.fromCodePoint(n.hi))}]`;
        case 'anyOf':
          return '(?:' + n.alts.map((a) => toRegex(a, seps)).join('|') + ')';
      }
    })
    .join('');
}

type Matcher = (s: string) => boolean;

const cache = new BoundedCache<Matcher | string>(1000);

function compileGlob(pattern: string, seps: string): Matcher {
  const key = seps + '\u0000' + pattern;
  let hit = cache.get(key);
  if (hit === undefined) {
    try {
      const re = `^${toRegex(new GlobParser(pattern).parse(), seps)}$`;
      const js = fastRegExp(re, true);
      if (js !== undefined) hit = (s) => js.test(s);
      else {
        const re2 = RE2JS.compile('(?s)' + re).re2();
        hit = (s) => re2.match(s);
      }
    } catch (e) {
      hit = e instanceof Error ? e.message : String(e);
    }
    cache.set(key, hit);
  }
  if (typeof hit === 'string') throw new BuiltinError(hit);
  return hit;
}

function delimiters(args: Value[]): string {
  const d = args[1]!;
  if (d === null) return '';
  if (!Array.isArray(d)) throw typeError(2, d, 'array', 'null');
  if (d.length === 0) return '.';
  let seps = '';
  for (const x of d) {
    if (typeof x !== 'string') throw elementError(2, d, x, 'string');
    if (Array.from(x).length !== 1) throw elementError(2, d, x, 'rune');
    seps += x;
  }
  return seps;
}

function match(args: Value[]): Value {
  const pattern = str(args, 1);
  const seps = delimiters(args);
  const s = str(args, 3);
  return compileGlob(pattern, seps)(s);
}

/** gobwas/glob's QuoteMeta: escapes the glob meta characters. */
function quoteMeta(args: Value[]): Value {
  return str(args, 1).replace(/[*?\\[\]{}]/g, '\\$&');
}

export const builtins: BuiltinDef[] = [
  {
    name: 'glob.match',
    decl: T.fn([T.string, T.anyOf(T.null, stringArray), T.string], T.boolean),
    fn: match,
  },
  { name: 'glob.quote_meta', decl: T.fn([T.string], T.string), fn: quoteMeta },
];
