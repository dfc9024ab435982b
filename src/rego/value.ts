// Rego values: the data model the evaluator and built-ins share.
//
// Scalars are JS primitives (null, boolean, string, number) or a BigNum, so the hot paths
// compare and hash them natively. Arrays are plain JS arrays that nobody mutates once built.
// Objects and sets are classes keyed by primitive value where possible, with a canonical
// string key for composite members; both iterate in OPA's sorted order.

import { BigNum, type Num, compareNum, numEqual, numKey, numText, isNum } from './number.js';

export type Scalar = null | boolean | string | Num;
export type Value = Scalar | Value[] | RObject | RSet;

type Prim = null | boolean | string | number;

/**
 * The primitive a key is stored under, or undefined for composites. Numbers written
 * differently (`1` and `1.0`) are one key, as in OPA.
 */
function primOf(v: Value): Prim | undefined {
  if (v === null || typeof v !== 'object') return v;
  return v instanceof BigNum ? v.exactDouble() : undefined;
}

/** A canonical string for a composite or big-number value: equal values, equal keys. */
export function canonicalKey(v: Value): string {
  if (v === null) return 'z';
  switch (typeof v) {
    case 'boolean':
      return v ? 't' : 'f';
    case 'number':
      return 'n' + numKey(v);
    case 'string':
      return 's' + JSON.stringify(v);
  }
  if (v instanceof BigNum) return 'n' + numKey(v);
  if (Array.isArray(v)) {
    let s = '[';
    for (let i = 0; i < v.length; i++) s += (i > 0 ? ',' : '') + canonicalKey(v[i]!);
    return s + ']';
  }
  if (v instanceof RSet) {
    let s = '<';
    let first = true;
    for (const e of v.values()) {
      s += (first ? '' : ',') + canonicalKey(e);
      first = false;
    }
    return s + '>';
  }
  let s = '{';
  let first = true;
  for (const [k, x] of v.entries()) {
    s += (first ? '' : ',') + canonicalKey(k) + ':' + canonicalKey(x);
    first = false;
  }
  return s + '}';
}

export class RObject {
  private readonly prim = new Map<Prim, Value>();
  private comp: Map<string, [Value, Value]> | null = null;
  private sorted: Value[] | null = null;

  static empty(): RObject {
    return new RObject();
  }

  /** Builds an object from string-keyed entries. */
  static fromEntries(entries: Iterable<[Value, Value]>): RObject {
    const o = new RObject();
    for (const [k, v] of entries) o.set(k, v);
    return o;
  }

  get size(): number {
    return this.prim.size + (this.comp === null ? 0 : this.comp.size);
  }

  get(k: Value): Value | undefined {
    if (k === null || typeof k !== 'object') return this.prim.get(k);
    const p = primOf(k);
    if (p !== undefined) return this.prim.get(p);
    if (this.comp === null) return undefined;
    const e = this.comp.get(canonicalKey(k));
    return e === undefined ? undefined : e[1];
  }

  has(k: Value): boolean {
    return this.get(k) !== undefined;
  }

  /** Inserts or replaces. Only for objects under construction: values are immutable once shared. */
  set(k: Value, v: Value): void {
    const p = primOf(k);
    if (p !== undefined) {
      if (!this.prim.has(p)) this.sorted = null;
      this.prim.set(p, v);
      return;
    }
    if (this.comp === null) this.comp = new Map();
    const key = canonicalKey(k);
    if (!this.comp.has(key)) this.sorted = null;
    this.comp.set(key, [k, v]);
  }

  delete(k: Value): void {
    this.sorted = null;
    const p = primOf(k);
    if (p !== undefined) this.prim.delete(p);
    else if (this.comp !== null) this.comp.delete(canonicalKey(k));
  }

  /** Keys in OPA's order. */
  keys(): Value[] {
    if (this.sorted === null) {
      const ks: Value[] = [...this.prim.keys()];
      if (this.comp !== null) for (const [k] of this.comp.values()) ks.push(k);
      this.sorted = sortValues(ks);
    }
    return this.sorted;
  }

  *entries(): IterableIterator<[Value, Value]> {
    for (const k of this.keys()) yield [k, this.get(k)!];
  }

  /** Visits entries in key order; stops when f returns true, and then returns true. */
  some(f: (k: Value, v: Value) => boolean): boolean {
    const ks = this.keys();
    for (let i = 0; i < ks.length; i++) {
      const k = ks[i]!;
      if (f(k, this.get(k)!)) return true;
    }
    return false;
  }

  values(): Value[] {
    return this.keys().map((k) => this.get(k)!);
  }

  copy(): RObject {
    const o = new RObject();
    for (const [k, v] of this.prim) o.prim.set(k, v);
    if (this.comp !== null) o.comp = new Map(this.comp);
    o.sorted = this.sorted;
    return o;
  }
}

export class RSet {
  private readonly prim = new Set<Prim>();
  private comp: Map<string, Value> | null = null;
  private sorted: Value[] | null = null;

  static of(items: Iterable<Value>): RSet {
    const s = new RSet();
    for (const v of items) s.add(v);
    return s;
  }

  get size(): number {
    return this.prim.size + (this.comp === null ? 0 : this.comp.size);
  }

  has(v: Value): boolean {
    if (v === null || typeof v !== 'object') return this.prim.has(v);
    const p = primOf(v);
    if (p !== undefined) return this.prim.has(p);
    return this.comp !== null && this.comp.has(canonicalKey(v));
  }

  /** Adds a member; returns false when it was already there. */
  add(v: Value): boolean {
    const p = primOf(v);
    if (p !== undefined) {
      if (this.prim.has(p)) return false;
      this.prim.add(p);
    } else {
      if (this.comp === null) this.comp = new Map();
      const key = canonicalKey(v);
      if (this.comp.has(key)) return false;
      this.comp.set(key, v);
    }
    this.sorted = null;
    return true;
  }

  delete(v: Value): void {
    this.sorted = null;
    const p = primOf(v);
    if (p !== undefined) this.prim.delete(p);
    else if (this.comp !== null) this.comp.delete(canonicalKey(v));
  }

  /** Members in OPA's order. */
  values(): Value[] {
    if (this.sorted === null) {
      const vs: Value[] = [...this.prim];
      if (this.comp !== null) for (const v of this.comp.values()) vs.push(v);
      this.sorted = sortValues(vs);
    }
    return this.sorted;
  }

  copy(): RSet {
    const s = new RSet();
    for (const v of this.prim) s.prim.add(v);
    if (this.comp !== null) s.comp = new Map(this.comp);
    s.sorted = this.sorted;
    return s;
  }
}

// ---- type names and order --------------------------------------------------------------------

export type TypeName = 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object' | 'set';

export function typeName(v: Value): TypeName {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return 'boolean';
    case 'number':
      return 'number';
    case 'string':
      return 'string';
  }
  if (Array.isArray(v)) return 'array';
  if (v instanceof RObject) return 'object';
  if (v instanceof RSet) return 'set';
  return 'number';
}

function rank(v: Value): number {
  if (v === null) return 0;
  switch (typeof v) {
    case 'boolean':
      return 1;
    case 'number':
      return 2;
    case 'string':
      return 3;
  }
  if (v instanceof BigNum) return 2;
  if (Array.isArray(v)) return 7;
  if (v instanceof RObject) return 8;
  return 9;
}

/** Compares strings by Unicode code point, as Go compares UTF-8 bytes. */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates encode code points above U+FFFF: they sort after everything in the BMP.
    if (x >= 0xd800 && x <= 0xdfff) x += 0x2000;
    else if (x >= 0xe000) x -= 0x800;
    if (y >= 0xd800 && y <= 0xdfff) y += 0x2000;
    else if (y >= 0xe000) y -= 0x800;
    return x < y ? -1 : 1;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

function compareSeq(a: Value[], b: Value[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareValues(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

/** OPA's total order: null < booleans < numbers < strings < arrays < objects < sets. */
export function compareValues(a: Value, b: Value): number {
  if (a === b) return 0;
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case 0:
      return 0;
    case 1:
      return a === b ? 0 : a === false ? -1 : 1;
    case 2:
      return compareNum(a as Num, b as Num);
    case 3:
      return compareStrings(a as string, b as string);
    case 7:
      return compareSeq(a as Value[], b as Value[]);
    case 8: {
      const x = a as RObject;
      const y = b as RObject;
      const xk = x.keys();
      const yk = y.keys();
      const n = Math.min(xk.length, yk.length);
      for (let i = 0; i < n; i++) {
        const c = compareValues(xk[i]!, yk[i]!);
        if (c !== 0) return c;
        const d = compareValues(x.get(xk[i]!)!, y.get(yk[i]!)!);
        if (d !== 0) return d;
      }
      return xk.length < yk.length ? -1 : xk.length > yk.length ? 1 : 0;
    }
    default:
      return compareSeq((a as RSet).values(), (b as RSet).values());
  }
}

export function valueEqual(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  const ta = typeof a;
  if (ta === 'string' || ta === 'boolean' || typeof b === 'string' || typeof b === 'boolean') return false;
  if (isNum(a)) return isNum(b) && numEqual(a, b);
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!valueEqual(a[i]!, b[i]!)) return false;
    return true;
  }
  if (a instanceof RObject) {
    if (!(b instanceof RObject) || a.size !== b.size) return false;
    return !a.some((k, v) => {
      const w = b.get(k);
      return w === undefined || !valueEqual(v, w);
    });
  }
  if (a instanceof RSet) {
    if (!(b instanceof RSet) || a.size !== b.size) return false;
    for (const v of a.values()) if (!b.has(v)) return false;
    return true;
  }
  return false;
}

function allStrings(vs: Value[]): boolean {
  for (let i = 0; i < vs.length; i++) if (typeof vs[i] !== 'string') return false;
  return true;
}

export function sortValues(vs: Value[]): Value[] {
  if (allStrings(vs)) return (vs as string[]).sort(compareStrings);
  return vs.sort(compareValues);
}

// ---- conversion from and to JSON-like JS values ----------------------------------------------

/** Converts a parsed JSON/YAML value (plain objects, arrays, bigint for big integers). */
export function fromJS(x: unknown): Value {
  if (x === null || x === undefined) return null;
  switch (typeof x) {
    case 'string':
    case 'boolean':
      return x;
    case 'number':
      if (Number.isInteger(x) && !Number.isSafeInteger(x)) return new BigNum(BigInt(x), 0);
      return x === 0 ? 0 : x;
    case 'bigint':
      return Number.isSafeInteger(Number(x)) ? Number(x) : new BigNum(x, 0);
  }
  if (Array.isArray(x)) return x.map(fromJS);
  // Plain objects first: they are nearly all of a parsed document.
  const proto = Object.getPrototypeOf(x);
  if (proto === Object.prototype || proto === null) {
    const o = new RObject();
    for (const k of Object.keys(x as object)) o.set(k, fromJS((x as Record<string, unknown>)[k]));
    return o;
  }
  if (x instanceof RObject || x instanceof RSet || x instanceof BigNum) return x;
  const o = new RObject();
  if (x instanceof Map) for (const [k, v] of x) o.set(fromJS(k), fromJS(v));
  else for (const k of Object.keys(x as object)) o.set(k, fromJS((x as Record<string, unknown>)[k]));
  return o;
}

/** The JSON text of a key that is not a string (OPA stringifies such keys when serialising). */
function keyText(k: Value): string {
  return typeof k === 'string' ? k : toJSONText(k);
}

/**
 * Converts to a plain JS value as OPA serialises to JSON: sets become sorted arrays, object keys
 * become strings. Big numbers become JS numbers (lossy); use toJSONText to keep their digits.
 */
export function toJS(v: Value): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof BigNum) return Number(v.text);
  if (Array.isArray(v)) return v.map(toJS);
  if (v instanceof RSet) return v.values().map(toJS);
  const out: Record<string, unknown> = {};
  for (const [k, x] of v.entries()) out[keyText(k)] = toJS(x);
  return out;
}

export interface JSONTextOptions {
  /** Indentation per level; empty for compact output. */
  indent?: string;
  /** Escape <, > and & as Go's encoding/json does by default. */
  escapeHTML?: boolean;
  /** Sort object keys by their serialised text (Go's map ordering) instead of value order. */
  sortKeysAsText?: boolean;
}

function quoteJSON(s: string, escapeHTML: boolean): string {
  let q = JSON.stringify(s);
  if (escapeHTML) q = q.replace(/[<>&]/g, (c) => '\\u00' + c.charCodeAt(0).toString(16));
  // Go escapes U+2028 and U+2029 too; JSON.stringify leaves them.
  return q.replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** Serialises to JSON text with exact numbers. */
export function toJSONText(v: Value, opts: JSONTextOptions = {}, depth = 0): string {
  const indent = opts.indent ?? '';
  if (v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      return numText(v);
    case 'string':
      return quoteJSON(v, opts.escapeHTML ?? false);
  }
  if (v instanceof BigNum) return v.text;
  const nl = indent === '' ? '' : '\n' + indent.repeat(depth + 1);
  const end = indent === '' ? '' : '\n' + indent.repeat(depth);
  const sep = indent === '' ? ':' : ': ';
  if (Array.isArray(v) || v instanceof RSet) {
    const items = Array.isArray(v) ? v : v.values();
    if (items.length === 0) return '[]';
    return '[' + items.map((x) => nl + toJSONText(x, opts, depth + 1)).join(',') + end + ']';
  }
  let entries = v.keys().map((k) => [keyText(k), v.get(k)!] as [string, Value]);
  if (entries.length === 0) return '{}';
  if (opts.sortKeysAsText) entries = entries.sort((a, b) => compareStrings(a[0], b[0]));
  return (
    '{' +
    entries.map(([k, x]) => nl + quoteJSON(k, opts.escapeHTML ?? false) + sep + toJSONText(x, opts, depth + 1)).join(',') +
    end +
    '}'
  );
}

// ---- Rego text form ---------------------------------------------------------------------------

/** Quotes a string as Go's strconv.Quote does (printable Unicode kept, the rest escaped). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    switch (ch) {
      case '"':
        out += '\\"';
        continue;
      case '\\':
        out += '\\\\';
        continue;
      case '\n':
        out += '\\n';
        continue;
      case '\r':
        out += '\\r';
        continue;
      case '\t':
        out += '\\t';
        continue;
      case '\x07':
        out += '\\a';
        continue;
      case '\b':
        out += '\\b';
        continue;
      case '\f':
        out += '\\f';
        continue;
      case '\v':
        out += '\\v';
        continue;
    }
    if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else if (c === 0xfffd && ch !== '\ufffd') out += '\\ufffd';
    else if ((c >= 0x80 && c < 0xa0) || c === 0xad || (c >= 0xd800 && c <= 0xdfff))
      out += c > 0xffff ? '\\U' + c.toString(16).padStart(8, '0') : '\\u' + c.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

/** The value as Rego source text, as OPA prints terms (`{"a", "b"}`, `set()`). */
export function regoText(v: Value): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      return numText(v);
    case 'string':
      return goQuote(v);
  }
  if (v instanceof BigNum) return v.text;
  if (Array.isArray(v)) return '[' + v.map(regoText).join(', ') + ']';
  if (v instanceof RSet) return v.size === 0 ? 'set()' : '{' + v.values().map(regoText).join(', ') + '}';
  return '{' + v.keys().map((k) => regoText(k) + ': ' + regoText(v.get(k)!)).join(', ') + '}';
}

export const EMPTY_ARRAY: Value[] = [];
