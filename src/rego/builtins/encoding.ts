// Encodings: base64, base64url, hex, URL query strings, JSON and YAML, with Go's decoders'
// strictness and error texts. Strings are UTF-8 bytes to Go; decoded bytes that are not
// valid UTF-8 read as U+FFFD, one per invalid byte, as Go's range over a string does.

import { T, stringArray, stringSet } from '../types.js';
import { RObject, RSet, type Value, goQuote, typeName } from '../value.js';
import { JSONSyntaxError, marshalJSON, parseJSON, validJSON } from './gojson.js';
import { YAMLError, marshalYAML, parseYAML, validYAML } from './goyaml.js';
import { type BuiltinDef, BuiltinError, obj, operandError, str } from './registry.js';

const encoder = new TextEncoder();

export function utf8Bytes(s: string): Uint8Array {
  return encoder.encode(s);
}

/** Bytes as a string the way Go reads them: each byte of an invalid sequence is one U+FFFD. */
export function goString(b: Uint8Array): string {
  let out = '';
  let run = 0;
  let i = 0;
  const flush = (end: number) => {
    if (end > run) out += Buffer.from(b.buffer, b.byteOffset + run, end - run).toString('utf8');
  };
  while (i < b.length) {
    const n = validSequence(b, i);
    if (n > 0) {
      i += n;
      continue;
    }
    flush(i);
    out += '\ufffd';
    i++;
    run = i;
  }
  flush(i);
  return out;
}

/** The length of the valid UTF-8 sequence at i, or 0. */
function validSequence(b: Uint8Array, i: number): number {
  const c = b[i]!;
  if (c < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < b.length && b[i + k]! >= lo && b[i + k]! <= hi;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    const lo = c === 0xe0 ? 0xa0 : 0x80;
    const hi = c === 0xed ? 0x9f : 0xbf;
    return cont(1, lo, hi) && cont(2) ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    const lo = c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xf4 ? 0x8f : 0xbf;
    return cont(1, lo, hi) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

// ---- base64 ---------------------------------------------------------------------------------

const STD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function corrupt(at: number): BuiltinError {
  return new BuiltinError(`illegal base64 data at input byte ${at}`);
}

/** Go's base64 Encoding.DecodeString with padding: newlines are skipped, anything else odd fails. */
function decodeBase64(s: string, alphabet: string): Uint8Array {
  const out: number[] = [];
  let si = 0;
  const next = (): number => {
    while (si < s.length && (s[si] === '\n' || s[si] === '\r')) si++;
    return si < s.length ? si : -1;
  };
  for (;;) {
    const quantum: number[] = [];
    let j = 0;
    for (; j < 4; j++) {
      const at = next();
      if (at < 0) {
        if (j === 0) return Uint8Array.from(out);
        throw corrupt(si - j);
      }
      const c = s[si++]!;
      if (c === '=') {
        if (j < 2) throw corrupt(si - 1);
        if (j === 2) {
          const second = next();
          if (second < 0) throw corrupt(s.length);
          if (s[si] !== '=') throw corrupt(si - 1);
          si++;
        }
        if (next() >= 0) throw corrupt(si);
        break;
      }
      const d = alphabet.indexOf(c);
      if (d < 0) throw corrupt(si - 1);
      quantum.push(d);
    }
    const v = quantum.reduce((acc, d) => (acc << 6) | d, 0) << (6 * (4 - quantum.length));
    const bytes = [(v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff].slice(0, quantum.length - 1);
    out.push(...bytes);
    if (j < 4) return Uint8Array.from(out);
  }
}

function base64UrlDecode(s: string): Uint8Array {
  if (!s.endsWith('=')) {
    switch (s.length % 4) {
      case 2:
        s += '==';
        break;
      case 3:
        s += '=';
        break;
      case 1:
        throw new BuiltinError(`illegal base64url string: ${s}`);
    }
  }
  return decodeBase64(s, URL);
}

function base64IsValid([x]: Value[]): Value {
  if (typeof x !== 'string') return false;
  try {
    decodeBase64(x, STD);
    return true;
  } catch {
    return false;
  }
}

// ---- hex ------------------------------------------------------------------------------------

function hexDecode(s: string): Uint8Array {
  const b = utf8Bytes(s);
  const digit = (c: number) => {
    if (c >= 0x30 && c <= 0x39) return c - 0x30;
    if (c >= 0x61 && c <= 0x66) return c - 0x57;
    if (c >= 0x41 && c <= 0x46) return c - 0x37;
    return -1;
  };
  // Go prints the byte as %#U: the code point, then the character when printable.
  const invalid = (c: number) => {
    const printable = (c >= 0x20 && c < 0x7f) || (c >= 0xa1 && c !== 0xad);
    const shown = printable ? ' ' + goQuoteRune(String.fromCharCode(c)) : '';
    return new BuiltinError(`encoding/hex: invalid byte: U+${c.toString(16).toUpperCase().padStart(4, '0')}${shown}`);
  };
  const out = new Uint8Array(b.length >> 1);
  for (let i = 0; i + 1 < b.length; i += 2) {
    const hi = digit(b[i]!);
    if (hi < 0) throw invalid(b[i]!);
    const lo = digit(b[i + 1]!);
    if (lo < 0) throw invalid(b[i + 1]!);
    out[i >> 1] = (hi << 4) | lo;
  }
  if (b.length % 2 === 1) {
    if (digit(b[b.length - 1]!) < 0) throw invalid(b[b.length - 1]!);
    throw new BuiltinError('encoding/hex: odd length hex string');
  }
  return out;
}

function goQuoteRune(ch: string): string {
  if (ch === "'") return "'\\''";
  if (ch === '"') return `'"'`;
  return "'" + goQuote(ch).slice(1, -1) + "'";
}

// ---- URL query ------------------------------------------------------------------------------

/** Go's url.QueryEscape. */
function queryEscape(s: string): string {
  let out = '';
  for (const b of utf8Bytes(s)) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

const isHex = (c: string | undefined) => c !== undefined && /[0-9a-fA-F]/.test(c);

/** Go's url.QueryUnescape. */
function queryUnescape(s: string): string {
  const out: number[] = [];
  const b = utf8Bytes(s);
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    if (c === 0x25) {
      const h = String.fromCharCode(b[i + 1] ?? 0, b[i + 2] ?? 0);
      if (!isHex(h[0]) || !isHex(h[1]) || i + 2 >= b.length) {
        const bad = goString(b.subarray(i, Math.min(i + 3, b.length)));
        throw new BuiltinError(`invalid URL escape ${goQuote(bad)}`);
      }
      out.push(parseInt(h, 16));
      i += 2;
    } else out.push(c === 0x2b ? 0x20 : c);
  }
  return goString(Uint8Array.from(out));
}

const VALUES_ERROR = 'values must be string, array[string], or set[string]';

function encodeObject(args: Value[]): Value {
  const o = obj(args, 1);
  const pairs: [string, string][] = [];
  for (const [k, v] of o.entries()) {
    const key = typeof k === 'string' ? k : String(k);
    if (typeof v === 'string') pairs.push([key, v]);
    else if (Array.isArray(v) || v instanceof RSet) {
      for (const x of Array.isArray(v) ? v : v.values()) {
        if (typeof x !== 'string') throw operandError(1, VALUES_ERROR);
        pairs.push([key, x]);
      }
    } else throw operandError(1, VALUES_ERROR);
  }
  return pairs.map(([k, v]) => queryEscape(k) + '=' + queryEscape(v)).join('&');
}

/** Go's url.ParseQuery: `&`-separated pairs; a semicolon is an error. */
function decodeObject(args: Value[]): Value {
  const q = str(args, 1);
  const params = new Map<string, string[]>();
  let firstError: BuiltinError | undefined;
  for (const part of q.split('&')) {
    if (part === '') continue;
    if (part.includes(';')) {
      // Go overwrites any earlier error with this one.
      firstError = new BuiltinError('invalid semicolon separator in query');
      continue;
    }
    const eq = part.indexOf('=');
    try {
      const k = queryUnescape(eq < 0 ? part : part.slice(0, eq));
      const v = queryUnescape(eq < 0 ? '' : part.slice(eq + 1));
      const list = params.get(k) ?? [];
      list.push(v);
      params.set(k, list);
    } catch (e) {
      if (!(e instanceof BuiltinError)) throw e;
      firstError ??= e;
    }
  }
  if (firstError !== undefined) throw firstError;
  const out = new RObject();
  for (const [k, vs] of params) out.set(k, vs);
  return out;
}

// ---- JSON and YAML --------------------------------------------------------------------------

function jsonUnmarshal(args: Value[]): Value {
  try {
    return parseJSON(str(args, 1));
  } catch (e) {
    if (e instanceof JSONSyntaxError) throw new BuiltinError(e.message);
    throw e;
  }
}

function marshalOptions(args: Value[]): Value {
  const opts = obj(args, 2);
  let indent = '\t';
  let prefix = '';
  let implicitPretty = false;
  let explicitPretty: boolean | undefined;
  opts.keys().forEach((k, idx) => {
    const v = opts.get(k)!;
    if (typeof k !== 'string') throw operandError(2, `failed to stringify key ${k} at index ${idx}: operand ${idx} must be string but got ${typeName(k)}`);
    const asString = () => {
      if (typeof v !== 'string') throw operandError(2, `key ${goQuote(k)} failed cast to string: operand ${idx} must be string but got ${typeName(v)}`);
      implicitPretty = true;
      return v;
    };
    if (k === 'prefix') prefix = asString();
    else if (k === 'indent') indent = asString();
    else if (k === 'pretty') {
      if (typeof v !== 'boolean') throw operandError(2, `key ${goQuote(k)} failed cast to bool`);
      explicitPretty = v;
    } else throw operandError(2, `object contained unknown key ${goQuote(k)}`);
  });
  if (!(explicitPretty ?? implicitPretty)) return marshalJSON(args[0]!);
  return prefix + marshalJSON(args[0]!, prefix, indent);
}

function yamlUnmarshal(args: Value[]): Value {
  try {
    return parseYAML(str(args, 1));
  } catch (e) {
    if (e instanceof YAMLError) throw new BuiltinError(e.message);
    throw e;
  }
}

// ---- registry -------------------------------------------------------------------------------

function bytesToString(f: (s: string) => Uint8Array) {
  return (args: Value[]): Value => goString(f(str(args, 1)));
}

function stringToString(f: (s: string) => string) {
  return (args: Value[]): Value => f(str(args, 1));
}

const s1 = T.fn([T.string], T.string);
const validity = (test: (s: string) => boolean) => ([x]: Value[]): Value => typeof x === 'string' && test(x);

export const builtins: BuiltinDef[] = [
  { name: 'base64.encode', decl: s1, fn: stringToString((s) => Buffer.from(s, 'utf8').toString('base64')) },
  { name: 'base64.decode', decl: s1, fn: bytesToString((s) => decodeBase64(s, STD)) },
  { name: 'base64.is_valid', lenient: true, decl: T.fn([T.string], T.boolean), fn: base64IsValid },
  {
    name: 'base64url.encode',
    decl: s1,
    fn: stringToString((s) => Buffer.from(s, 'utf8').toString('base64').replace(/\+/g, '-').replace(/\//g, '_')),
  },
  { name: 'base64url.encode_no_pad', decl: s1, fn: stringToString((s) => Buffer.from(s, 'utf8').toString('base64url')) },
  { name: 'base64url.decode', decl: s1, fn: bytesToString(base64UrlDecode) },
  { name: 'hex.encode', decl: s1, fn: stringToString((s) => Buffer.from(s, 'utf8').toString('hex')) },
  { name: 'hex.decode', decl: s1, fn: bytesToString(hexDecode) },
  { name: 'urlquery.encode', decl: s1, fn: stringToString(queryEscape) },
  { name: 'urlquery.decode', decl: s1, fn: stringToString(queryUnescape) },
  {
    name: 'urlquery.encode_object',
    decl: T.fn([T.object(T.string, T.anyOf(T.string, stringArray, stringSet))], T.string),
    fn: encodeObject,
  },
  { name: 'urlquery.decode_object', decl: T.fn([T.string], T.object(T.string, stringArray)), fn: decodeObject },
  { name: 'json.marshal', decl: T.fn([T.any], T.string), fn: (a) => marshalJSON(a[0]!) },
  {
    name: 'json.marshal_with_options',
    decl: T.fn([T.any, T.record({ indent: T.string, prefix: T.string, pretty: T.boolean }, { key: T.string, value: T.any })], T.string),
    fn: marshalOptions,
  },
  { name: 'json.unmarshal', decl: T.fn([T.string], T.any), fn: jsonUnmarshal },
  { name: 'json.is_valid', lenient: true, decl: T.fn([T.string], T.boolean), fn: validity(validJSON) },
  { name: 'yaml.marshal', decl: T.fn([T.any], T.string), fn: (a) => marshalYAML(a[0]!) },
  { name: 'yaml.unmarshal', decl: T.fn([T.string], T.any), fn: yamlUnmarshal },
  { name: 'yaml.is_valid', lenient: true, decl: T.fn([T.string], T.boolean), fn: validity(validYAML) },
];

