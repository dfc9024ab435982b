// JSON as Go's encoding/json reads and writes it for OPA: numbers keep all their digits,
// errors read like Go's, output escapes HTML characters and sorts object keys.

import { type Num, parseNumber } from '../number.js';
import { RObject, RSet, type Value, compareStrings, toJSONText } from '../value.js';

export class JSONSyntaxError extends Error {}

/** Go's quoting of a character in scanner errors: 'x', '\n', '"', '\''. */
function quoteChar(c: string): string {
  if (c === "'") return "'\\''";
  if (c === '"') return `'"'`;
  const q = JSON.stringify(c).slice(1, -1);
  if (q.startsWith('\\u')) return `'\\x${q.slice(4)}'`;
  return `'${q}'`;
}

const WS = new Set([' ', '\t', '\n', '\r']);

class Reader {
  i = 0;
  constructor(readonly s: string) {}

  skip(): void {
    while (this.i < this.s.length && WS.has(this.s[this.i]!)) this.i++;
  }

  fail(context: string): never {
    if (this.i >= this.s.length) throw new JSONSyntaxError('unexpected EOF');
    throw new JSONSyntaxError(`invalid character ${quoteChar(String.fromCodePoint(this.s.codePointAt(this.i)!))} ${context}`);
  }

  value(): Value {
    this.skip();
    const c = this.s[this.i];
    switch (c) {
      case '{':
        return this.object();
      case '[':
        return this.array();
      case '"':
        return this.string();
      case 't':
        return this.literal('true', true);
      case 'f':
        return this.literal('false', false);
      case 'n':
        return this.literal('null', null);
    }
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    return this.fail('looking for beginning of value');
  }

  private literal(word: string, v: Value): Value {
    for (let k = 0; k < word.length; k++, this.i++) {
      if (this.s[this.i] !== word[k]) this.fail(`in literal ${word} (expecting ${quoteChar(word[k]!)})`);
    }
    return v;
  }

  private digits(): number {
    const start = this.i;
    while (this.i < this.s.length && this.s[this.i]! >= '0' && this.s[this.i]! <= '9') this.i++;
    return this.i - start;
  }

  private number(): Num {
    const start = this.i;
    if (this.s[this.i] === '-') this.i++;
    if (this.s[this.i] === '0') this.i++;
    else if (this.digits() === 0) this.fail('in numeric literal');
    if (this.s[this.i] === '.') {
      this.i++;
      if (this.digits() === 0) this.fail('after decimal point in numeric literal');
    }
    if (this.s[this.i] === 'e' || this.s[this.i] === 'E') {
      this.i++;
      if (this.s[this.i] === '+' || this.s[this.i] === '-') this.i++;
      if (this.digits() === 0) this.fail('in exponent of numeric literal');
    }
    const text = this.s.slice(start, this.i);
    return parseNumber(text) ?? Number(text);
  }

  string(): string {
    this.i++;
    let out = '';
    let run = this.i;
    for (;;) {
      if (this.i >= this.s.length) this.fail('in string literal');
      const c = this.s.charCodeAt(this.i);
      if (c === 0x22) {
        out += this.s.slice(run, this.i++);
        return out;
      }
      if (c < 0x20) this.fail('in string literal');
      if (c !== 0x5c) {
        this.i++;
        continue;
      }
      out += this.s.slice(run, this.i);
      this.i++;
      out += this.escape();
      run = this.i;
    }
  }

  private escape(): string {
    const c = this.s[this.i];
    const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
    if (c !== undefined && simple[c] !== undefined) {
      this.i++;
      return simple[c]!;
    }
    if (c !== 'u') this.fail('in string escape code');
    this.i++;
    const hi = this.hex4();
    if (hi >= 0xd800 && hi < 0xdc00 && this.s.startsWith('\\u', this.i)) {
      const save = this.i;
      this.i += 2;
      const lo = this.hex4();
      if (lo >= 0xdc00 && lo < 0xe000) return String.fromCharCode(hi, lo);
      this.i = save;
    }
    // A lone surrogate is not a character; Go decodes it as U+FFFD.
    return hi >= 0xd800 && hi < 0xe000 ? '\ufffd' : String.fromCharCode(hi);
  }

  private hex4(): number {
    let v = 0;
    for (let k = 0; k < 4; k++, this.i++) {
      const d = parseInt(this.s[this.i] ?? 'x', 16);
      if (Number.isNaN(d)) this.fail('in \\u hexadecimal character escape');
      v = v * 16 + d;
    }
    return v;
  }

  private object(): Value {
    this.i++;
    const o = new RObject();
    this.skip();
    if (this.s[this.i] === '}') {
      this.i++;
      return o;
    }
    for (;;) {
      this.skip();
      if (this.s[this.i] !== '"') this.fail('looking for beginning of object key string');
      const k = this.string();
      this.skip();
      if (this.s[this.i] !== ':') this.fail('after object key');
      this.i++;
      o.set(k, this.value());
      this.skip();
      const c = this.s[this.i];
      if (c === '}') {
        this.i++;
        return o;
      }
      if (c !== ',') this.fail('after object key:value pair');
      this.i++;
    }
  }

  private array(): Value {
    this.i++;
    const a: Value[] = [];
    this.skip();
    if (this.s[this.i] === ']') {
      this.i++;
      return a;
    }
    for (;;) {
      a.push(this.value());
      this.skip();
      const c = this.s[this.i];
      if (c === ']') {
        this.i++;
        return a;
      }
      if (c !== ',') this.fail('after array element');
      this.i++;
    }
  }
}

/** Parses one JSON document as OPA's json.unmarshal does; throws JSONSyntaxError. */
export function parseJSON(text: string): Value {
  const r = new Reader(text);
  r.skip();
  if (r.i >= text.length) throw new JSONSyntaxError('EOF');
  const v = r.value();
  r.skip();
  if (r.i < text.length) {
    const c = text[r.i]!;
    // OPA reads the next token and reports it; a character that starts no token fails there.
    if (!'{["-tfn0123456789'.includes(c)) r.fail('looking for beginning of value');
    throw new JSONSyntaxError(`error: invalid character '${c}' after top-level value`);
  }
  return v;
}

/** Go's json.Valid. */
export function validJSON(text: string): boolean {
  try {
    const r = new Reader(text);
    r.value();
    r.skip();
    return r.i === text.length;
  } catch (e) {
    if (e instanceof JSONSyntaxError) return false;
    throw e;
  }
}

function quote(s: string): string {
  return toJSONText(s, { escapeHTML: true });
}

function keyText(k: Value): string {
  return typeof k === 'string' ? k : toJSONText(k);
}

/** Go's json.Marshal (indent undefined) or json.MarshalIndent(prefix, indent) of a Rego value. */
export function marshalJSON(v: Value, prefix?: string, indent?: string, depth = 0): string {
  if (v === null || typeof v !== 'object' || !(Array.isArray(v) || v instanceof RSet || v instanceof RObject)) {
    return typeof v === 'string' ? quote(v) : toJSONText(v);
  }
  const pretty = indent !== undefined;
  const nl = pretty ? '\n' + prefix + indent.repeat(depth + 1) : '';
  const end = pretty ? '\n' + prefix + indent.repeat(depth) : '';
  if (v instanceof RObject) {
    if (v.size === 0) return '{}';
    const entries = v.keys().map((k) => [keyText(k), v.get(k)!] as [string, Value]);
    entries.sort((a, b) => compareStrings(a[0], b[0]));
    const sep = pretty ? ': ' : ':';
    return '{' + entries.map(([k, x]) => nl + quote(k) + sep + marshalJSON(x, prefix, indent, depth + 1)).join(',') + end + '}';
  }
  const items = Array.isArray(v) ? v : v.values();
  if (items.length === 0) return '[]';
  return '[' + items.map((x) => nl + marshalJSON(x, prefix, indent, depth + 1)).join(',') + end + ']';
}
