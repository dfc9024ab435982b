// Regular expressions with Go's RE2 syntax and semantics, matched in linear time by re2js.
// Compiled patterns live in a bounded module-level cache, so a policy that calls regex.match
// with the same pattern on every evaluation compiles it once.

import { RE2JS } from 're2js';
import { T, stringArray } from '../types.js';
import type { Value } from '../value.js';
import { goQuote } from '../value.js';
import { globsIntersect } from './globintersect.js';
import { fastRegExp } from './regexfast.js';
import { type BuiltinDef, BuiltinError, int, str } from './registry.js';

type RE2 = ReturnType<RE2JS['re2']>;

/** A compiled pattern; `test` may take a shortcut that needs no regex engine at all. */
export interface Compiled {
  re: RE2;
  groupNames: (string | undefined)[];
  test(s: string): boolean;
}

const CACHE_LIMIT = 1000;

/** A bounded cache that forgets the oldest entry when full. */
export class BoundedCache<V> {
  private readonly map = new Map<string, V>();

  constructor(private readonly limit: number) {}

  get(key: string): V | undefined {
    return this.map.get(key);
  }

  set(key: string, value: V): void {
    if (this.map.size >= this.limit) this.map.delete(this.map.keys().next().value!);
    this.map.set(key, value);
  }
}

const cache = new BoundedCache<Compiled | string>(CACHE_LIMIT);

const META = /[\\.+*?()|[\]{}^$]/;

/** A test by plain string operations when the pattern is a literal, maybe anchored. */
function literalTest(pattern: string): ((s: string) => boolean) | undefined {
  const start = pattern.startsWith('^');
  const end = pattern.endsWith('$') && pattern.length > (start ? 1 : 0);
  const body = pattern.slice(start ? 1 : 0, end ? -1 : undefined);
  if (META.test(body)) return undefined;
  if (start && end) return (s) => s === body;
  if (start) return (s) => s.startsWith(body);
  if (end) return (s) => s.endsWith(body);
  return (s) => s.includes(body);
}

/**
 * A literal that every match must contain, checked before running the engine: the leading
 * letters and digits of a pattern without alternation, like "password" in
 * (?i)password\s*[:=]. Most inputs of a secret-scanning pattern fail this check cheaply.
 */
function requiredLiteral(pattern: string): ((s: string) => boolean) | undefined {
  if (pattern.includes('|')) return undefined;
  const m = /^(?:\(\?([imsU]+)\))?\^?([A-Za-z0-9 _\-:=/,]+)([*?{]?)/.exec(pattern);
  if (m === null) return undefined;
  const lit = m[3] === '' ? m[2]! : m[2]!.slice(0, -1);
  if (lit.length < 3) return undefined;
  if (m[1]?.includes('i')) {
    // Unicode simple case folding, as RE2's (?i) uses (k matches the Kelvin sign, s the long s).
    const folded = new RegExp(lit, 'iu');
    return (s) => folded.test(s);
  }
  return (s) => s.includes(lit);
}

function jsTest(pattern: string): ((s: string) => boolean) | undefined {
  const js = fastRegExp(pattern);
  return js === undefined ? undefined : (s) => js.test(s);
}

function groupNames(re: RE2JS): (string | undefined)[] {
  const names: (string | undefined)[] = new Array(re.groupCount() + 1).fill(undefined);
  for (const [name, i] of Object.entries(re.namedGroups())) names[i] = name;
  return names;
}

/** Compiles with Go's syntax, or throws Go's error message as a built-in error. */
export function compileRegex(pattern: string): Compiled {
  let hit = cache.get(pattern);
  if (hit === undefined) {
    try {
      const compiled = RE2JS.compile(pattern);
      const re = compiled.re2();
      const fast = literalTest(pattern) ?? jsTest(pattern);
      const needs = fast === undefined ? requiredLiteral(pattern) : undefined;
      const full = (s: string) => re.match(s);
      const test = fast ?? (needs === undefined ? full : (s: string) => needs(s) && full(s));
      hit = { re, groupNames: groupNames(compiled), test };
    } catch (e) {
      hit = e instanceof Error ? e.message : String(e);
    }
    cache.set(pattern, hit);
  }
  if (typeof hit === 'string') throw new BuiltinError(hit);
  return hit;
}

/** Go's regexp.QuoteMeta. */
export function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

function isValid([p]: Value[]): Value {
  if (typeof p !== 'string') return false;
  try {
    compileRegex(p);
    return true;
  } catch {
    return false;
  }
}

function match(args: Value[]): Value {
  const pattern = str(args, 1);
  const s = str(args, 2);
  return compileRegex(pattern).test(s);
}

/** Go's Regexp.Split(s, -1). */
function split(args: Value[]): Value {
  const pattern = str(args, 1);
  const re = compileRegex(pattern).re;
  const s = str(args, 2);
  if (pattern !== '' && s === '') return [''];
  const matches = (re.findAllIndex(s, -1) as number[][] | null) ?? [];
  const out: Value[] = [];
  let beg = 0;
  let end = 0;
  for (const [a, b] of matches) {
    end = a!;
    if (b !== 0) out.push(s.slice(beg, end));
    beg = b!;
  }
  if (end !== s.length) out.push(s.slice(beg));
  return out;
}

function findN(args: Value[]): Value {
  const re = compileRegex(str(args, 1)).re;
  const s = str(args, 2);
  const n = int(args, 3);
  if (n === 0) return [];
  return ((re.findAllIndex(s, n) as number[][] | null) ?? []).map(([a, b]) => s.slice(a, b));
}

function findAllSubmatch(args: Value[]): Value {
  const re = compileRegex(str(args, 1)).re;
  const s = str(args, 2);
  const n = int(args, 3);
  if (n === 0) return [];
  return ((re.findAllSubmatchIndex(s, n) as number[][] | null) ?? []).map((m) => {
    const groups: Value[] = [];
    for (let i = 0; i < m.length; i += 2) groups.push(m[i]! < 0 ? '' : s.slice(m[i], m[i + 1]));
    return groups;
  });
}

const NAME_CHAR = /[\p{L}\p{Nd}_]/u;

/** Go's Regexp.Expand: $1, ${1}, $name, ${name} and $$ in a replacement template. */
function expand(template: string, src: string, m: number[], names: (string | undefined)[]): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const dollar = template.indexOf('$', i);
    if (dollar < 0) break;
    out += template.slice(i, dollar);
    i = dollar + 1;
    if (template[i] === '$') {
      out += '$';
      i++;
      continue;
    }
    const brace = template[i] === '{';
    let j = brace ? i + 1 : i;
    while (j < template.length && NAME_CHAR.test(String.fromCodePoint(template.codePointAt(j)!))) j += template.codePointAt(j)! > 0xffff ? 2 : 1;
    const name = template.slice(brace ? i + 1 : i, j);
    if (name === '' || (brace && template[j] !== '}')) {
      out += '$';
      continue;
    }
    i = brace ? j + 1 : j;
    const group = groupIndex(name, names);
    if (group >= 0 && 2 * group + 1 < m.length && m[2 * group]! >= 0) out += src.slice(m[2 * group], m[2 * group + 1]);
  }
  return out + template.slice(i);
}

function groupIndex(name: string, names: (string | undefined)[]): number {
  if (/^\d+$/.test(name)) return name.length > 1 && name[0] === '0' ? -1 : name.length > 8 ? -1 : Number(name);
  return names.indexOf(name);
}

function replace(args: Value[]): Value {
  const s = str(args, 1);
  const compiled = compileRegex(str(args, 2));
  const template = str(args, 3);
  const matches = compiled.re.findAllSubmatchIndex(s, -1) as number[][] | null;
  if (matches === null || matches.length === 0) return s;
  let out = '';
  let last = 0;
  for (const m of matches) {
    out += s.slice(last, m[0]) + expand(template, s, m, compiled.groupNames);
    last = m[1]!;
  }
  return out + s.slice(last);
}

/** A template like `urn:foo:{.*}`: text outside the delimiters is literal, inside is a regex. */
function templateRegex(template: string, open: string, close: string): Compiled {
  const idxs: number[] = [];
  let level = 0;
  let start = 0;
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c === open) {
      if (++level === 1) start = i;
    } else if (c === close) {
      if (--level === 0) idxs.push(start, i + 1);
      else if (level < 0) throw new BuiltinError(`unbalanced braces in ${goQuote(template)}`);
    }
  }
  if (level !== 0) throw new BuiltinError(`unbalanced braces in ${goQuote(template)}`);
  let pattern = '^';
  let end = 0;
  for (let i = 0; i < idxs.length; i += 2) {
    const raw = template.slice(end, idxs[i]);
    end = idxs[i + 1]!;
    const inner = template.slice(idxs[i]! + 1, end - 1);
    compileRegex(`^${inner}$`);
    pattern += `${quoteMeta(raw)}(${inner})`;
  }
  return compileRegex(pattern + quoteMeta(template.slice(end)) + '$');
}

function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

function templateMatch(args: Value[]): Value {
  const template = str(args, 1);
  const s = str(args, 2);
  const open = str(args, 3);
  const close = str(args, 4);
  // OPA reports the start delimiter's length in both messages.
  if (utf8Length(open) !== 1) throw new BuiltinError(`start delimiter has to be exactly one character long but is ${utf8Length(open)} long`);
  if (utf8Length(close) !== 1) throw new BuiltinError(`end delimiter has to be exactly one character long but is ${utf8Length(open)} long`);
  return templateRegex(template, open, close).test(s);
}

function globsMatch(args: Value[]): Value {
  return globsIntersect(str(args, 1), str(args, 2));
}

const ssBool = T.fn([T.string, T.string], T.boolean);

export const builtins: BuiltinDef[] = [
  { name: 'regex.is_valid', lenient: true, decl: T.fn([T.string], T.boolean), fn: isValid },
  { name: 'regex.match', decl: ssBool, fn: match },
  { name: 're_match', decl: ssBool, fn: match, deprecated: true },
  { name: 'regex.split', decl: T.fn([T.string, T.string], stringArray), fn: split },
  { name: 'regex.find_n', decl: T.fn([T.string, T.string, T.number], stringArray), fn: findN },
  {
    name: 'regex.find_all_string_submatch_n',
    decl: T.fn([T.string, T.string, T.number], T.array(stringArray)),
    fn: findAllSubmatch,
  },
  { name: 'regex.replace', decl: T.fn([T.string, T.string, T.string], T.string), fn: replace },
  {
    name: 'regex.template_match',
    decl: T.fn([T.string, T.string, T.string, T.string], T.boolean),
    fn: templateMatch,
  },
  { name: 'regex.globs_match', decl: ssBool, fn: globsMatch },
];
