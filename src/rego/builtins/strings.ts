// String built-ins with Go's semantics: positions and lengths count Unicode code points
// (Go runes), case mapping is per code point, sprintf is Go's fmt.Sprintf.

import { BigNum, type Num, isIntegerText, toBigInt, toDecimal, toFloat64 } from '../number.js';
import { T, anyArray, stringArray, stringSet } from '../types.js';
import { type Value, regoText } from '../value.js';
import { runeCount } from './aggregates.js';
import { type GoValue, goSprintf } from './gofmt.js';
import { renderTemplate } from './gotemplate.js';
import {
  type BuiltinDef,
  BuiltinError,
  elementError,
  int,
  members,
  num,
  obj,
  operandError,
  str,
  typeError,
} from './registry.js';

const ss = T.fn([T.string, T.string], T.string);
const ssBool = T.fn([T.string, T.string], T.boolean);
const s1 = T.fn([T.string], T.string);
const stringOrList = T.anyOf(T.string, stringArray, stringSet);

// ---- code points ------------------------------------------------------------------------------

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

function codePoints(s: string): string[] {
  return isAscii(s) ? s.split('') : Array.from(s);
}

/** Maps each code point on its own, as Go's unicode.ToLower/ToUpper do (no special casing). */
function mapCase(s: string, lower: boolean): string {
  if (isAscii(s)) return lower ? s.toLowerCase() : s.toUpperCase();
  let out = '';
  for (const ch of s) {
    if (lower && ch === '\u0130') {
      out += 'i';
      continue;
    }
    const m = lower ? ch.toLowerCase() : ch.toUpperCase();
    // A mapping to several code points is special casing, which Go does not apply.
    out += m.length === ch.length || [...m].length === 1 ? m : ch;
  }
  return out;
}

// ---- searching ------------------------------------------------------------------------------

function indexOf(args: Value[]): Value {
  const s = str(args, 1);
  const needle = str(args, 2);
  if (needle === '') throw new BuiltinError('empty search character');
  const i = s.indexOf(needle);
  return i <= 0 ? i : runeCount(s.slice(0, i));
}

function indexOfN(args: Value[]): Value {
  const s = str(args, 1);
  const needle = str(args, 2);
  if (needle === '') throw new BuiltinError('empty search character');
  const out: Value[] = [];
  let runes = 0;
  let last = 0;
  for (let i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
    runes += runeCount(s.slice(last, i));
    last = i;
    out.push(runes);
  }
  return out;
}

function countSubstrings(args: Value[]): Value {
  const s = str(args, 1);
  const sub = str(args, 2);
  if (sub === '') return runeCount(s) + 1;
  let n = 0;
  for (let i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + sub.length)) n++;
  return n;
}

function stringsOf(args: Value[], pos: number): string[] {
  const v = args[pos - 1]!;
  if (typeof v === 'string') return [v];
  const items = members(v);
  if (items === undefined) throw typeError(pos, v, 'string', 'set', 'array');
  for (const x of items) if (typeof x !== 'string') throw elementError(pos, v, x, 'string');
  return items as string[];
}

function anyMatch(args: Value[], test: (s: string, affix: string) => boolean): Value {
  const strs = stringsOf(args, 1);
  const affixes = stringsOf(args, 2);
  return strs.some((s) => affixes.some((a) => test(s, a)));
}

// ---- slicing and joining ----------------------------------------------------------------------

function substring(args: Value[]): Value {
  const s = str(args, 1);
  const start = int(args, 2);
  const length = int(args, 3);
  if (start < 0) throw new BuiltinError('negative offset');
  if (isAscii(s)) return length < 0 ? s.slice(start) : s.slice(start, start + length);
  const runes = Array.from(s);
  if (start >= runes.length) return '';
  return (length < 0 ? runes.slice(start) : runes.slice(start, start + length)).join('');
}

function concat(args: Value[]): Value {
  const sep = str(args, 1);
  const v = args[1]!;
  const items = members(v);
  if (items === undefined) throw typeError(2, v, 'set', 'array');
  for (const x of items) if (typeof x !== 'string') throw elementError(2, v, x, 'string');
  return items.length === 1 ? items[0]! : (items as string[]).join(sep);
}

function split(args: Value[]): Value {
  const s = str(args, 1);
  const sep = str(args, 2);
  return sep === '' ? codePoints(s) : s.split(sep);
}

function reverse(args: Value[]): Value {
  return codePoints(str(args, 1)).reverse().join('');
}

// ---- replacing ------------------------------------------------------------------------------

/**
 * Go's strings.Replacer: scans left to right; at each position the first pair (in argument
 * order) whose old string matches wins; an empty old string matches between code points.
 */
function replaceAll(s: string, pairs: [string, string][]): string {
  const empty = pairs.find(([old]) => old === '');
  const others = pairs.filter(([old]) => old !== '');
  let out = '';
  let i = 0;
  while (i <= s.length) {
    const hit = others.find(([old]) => s.startsWith(old, i));
    if (hit !== undefined) {
      out += hit[1];
      i += hit[0].length;
      continue;
    }
    if (empty !== undefined) out += empty[1];
    if (i === s.length) break;
    const c = s.codePointAt(i)!;
    const w = c > 0xffff ? 2 : 1;
    out += s.slice(i, i + w);
    i += w;
  }
  return out;
}

function replace(args: Value[]): Value {
  const s = str(args, 1);
  const old = str(args, 2);
  const repl = str(args, 3);
  if (old === '') return replaceAll(s, [[old, repl]]);
  return s.includes(old) ? s.split(old).join(repl) : s;
}

function replaceN(args: Value[]): Value {
  const patterns = obj(args, 1);
  const s = str(args, 2);
  const pairs: [string, string][] = [];
  for (const [k, v] of patterns.entries()) {
    if (typeof k !== 'string') throw operandError(1, 'non-string key found in pattern object');
    if (typeof v !== 'string') throw operandError(1, 'non-string value found in pattern object');
    pairs.push([k, v]);
  }
  return replaceAll(s, pairs);
}

// ---- trimming -------------------------------------------------------------------------------

function cutset(chars: string): Set<number> {
  const set = new Set<number>();
  for (const ch of chars) set.add(ch.codePointAt(0)!);
  return set;
}

function trimStart(s: string, drop: (c: number) => boolean): string {
  let i = 0;
  while (i < s.length) {
    const c = s.codePointAt(i)!;
    if (!drop(c)) break;
    i += c > 0xffff ? 2 : 1;
  }
  return s.slice(i);
}

function trimEnd(s: string, drop: (c: number) => boolean): string {
  let i = s.length;
  while (i > 0) {
    let c = s.charCodeAt(i - 1);
    let w = 1;
    if (c >= 0xdc00 && c <= 0xdfff && i > 1) {
      const hi = s.charCodeAt(i - 2);
      if (hi >= 0xd800 && hi <= 0xdbff) {
        c = s.codePointAt(i - 2)!;
        w = 2;
      }
    }
    if (!drop(c)) break;
    i -= w;
  }
  return s.slice(0, i);
}

function trimmer(left: boolean, right: boolean) {
  return (args: Value[]): Value => {
    const s = str(args, 1);
    const set = cutset(str(args, 2));
    const drop = (c: number) => set.has(c);
    const l = left ? trimStart(s, drop) : s;
    return right ? trimEnd(l, drop) : l;
  };
}

/** Go's unicode.IsSpace. */
function isSpace(c: number): boolean {
  if (c <= 0xff) return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0x85 || c === 0xa0;
  return (
    c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000
  );
}

// ---- numbers --------------------------------------------------------------------------------

const BASES: Record<number, number> = { 2: 2, 8: 8, 10: 10, 16: 16 };

function formatInt(args: Value[]): Value {
  const n = num(args, 1);
  const base = BASES[toFloat64(num(args, 2))];
  if (base === undefined) throw operandError(2, 'must be one of {2, 8, 10, 16}');
  return truncate(n).toString(base);
}

/** The integer part of a number, truncated toward zero. */
function truncate(n: Num): bigint {
  const i = toBigInt(n);
  if (i !== undefined) return i;
  const [m, e] = toDecimal(n);
  return m / 10n ** BigInt(-e);
}

// ---- sprintf --------------------------------------------------------------------------------

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** The Go value OPA hands to fmt for a Rego value. */
function goArg(v: Value): GoValue {
  if (typeof v === 'string') return { k: 'string', v };
  if (typeof v === 'number') return Number.isInteger(v) ? { k: 'int', v: BigInt(v) } : { k: 'float', v };
  if (v instanceof BigNum) {
    if (!isIntegerText(v)) return { k: 'float', v: toFloat64(v) };
    const i = toBigInt(v)!;
    return { k: i >= INT64_MIN && i <= INT64_MAX ? 'int' : 'bigint', v: i };
  }
  return { k: 'string', v: regoText(v) };
}

function sprintf(args: Value[]): Value {
  const format = str(args, 1);
  const list = args[1]!;
  if (!Array.isArray(list)) throw typeError(2, list, 'array');
  if (format === '%s' && list.length === 1 && typeof list[0] === 'string') return list[0];
  return goSprintf(format, list.map(goArg));
}

function render(args: Value[]): Value {
  const template = str(args, 1);
  const vars = obj(args, 2);
  return renderTemplate(template, vars);
}

// ---- registry -------------------------------------------------------------------------------

function s2(f: (a: string, b: string) => Value) {
  return (args: Value[]): Value => f(str(args, 1), str(args, 2));
}

function s1fn(f: (a: string) => Value) {
  return (args: Value[]): Value => f(str(args, 1));
}

export const builtins: BuiltinDef[] = [
  { name: 'concat', decl: T.fn([T.string, T.anyOf(stringArray, stringSet)], T.string), fn: concat },
  { name: 'contains', decl: ssBool, fn: s2((a, b) => a.includes(b)) },
  { name: 'startswith', decl: ssBool, fn: s2((a, b) => a.startsWith(b)) },
  { name: 'endswith', decl: ssBool, fn: s2((a, b) => a.endsWith(b)) },
  { name: 'format_int', decl: T.fn([T.number, T.number], T.string), fn: formatInt },
  { name: 'indexof', decl: T.fn([T.string, T.string], T.number), fn: indexOf },
  { name: 'indexof_n', decl: T.fn([T.string, T.string], T.array(T.number)), fn: indexOfN },
  { name: 'lower', decl: s1, fn: s1fn((s) => mapCase(s, true)) },
  { name: 'upper', decl: s1, fn: s1fn((s) => mapCase(s, false)) },
  { name: 'replace', decl: T.fn([T.string, T.string, T.string], T.string), fn: replace },
  { name: 'split', decl: T.fn([T.string, T.string], stringArray), fn: split },
  { name: 'sprintf', decl: T.fn([T.string, anyArray], T.string), fn: sprintf },
  { name: 'substring', decl: T.fn([T.string, T.number, T.number], T.string), fn: substring },
  { name: 'trim', decl: ss, fn: trimmer(true, true) },
  { name: 'trim_left', decl: ss, fn: trimmer(true, false) },
  { name: 'trim_right', decl: ss, fn: trimmer(false, true) },
  { name: 'trim_prefix', decl: ss, fn: s2((a, b) => (a.startsWith(b) ? a.slice(b.length) : a)) },
  { name: 'trim_suffix', decl: ss, fn: s2((a, b) => (b !== '' && a.endsWith(b) ? a.slice(0, -b.length) : a)) },
  { name: 'trim_space', decl: s1, fn: s1fn((s) => trimEnd(trimStart(s, isSpace), isSpace)) },
  { name: 'strings.any_prefix_match', decl: T.fn([stringOrList, stringOrList], T.boolean), fn: (a) => anyMatch(a, (s, p) => s.startsWith(p)) },
  { name: 'strings.any_suffix_match', decl: T.fn([stringOrList, stringOrList], T.boolean), fn: (a) => anyMatch(a, (s, p) => s.endsWith(p)) },
  { name: 'strings.count', decl: T.fn([T.string, T.string], T.number), fn: countSubstrings },
  {
    name: 'strings.replace_n',
    decl: T.fn([T.object(T.string, T.string), T.string], T.string),
    fn: replaceN,
  },
  { name: 'strings.reverse', decl: s1, fn: reverse },
  {
    name: 'strings.render_template',
    decl: T.fn([T.string, T.object(T.string, T.any)], T.string),
    fn: render,
  },
];

