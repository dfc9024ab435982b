// Go's fmt.Sprintf over the few Go types Rego values turn into: sprintf hands it ints, big
// integers, float64s and strings; strings.render_template adds bools, nil, json.Number,
// slices and maps. Output follows Go's fmt byte for byte, including its error forms
// (%!d(string=x), %!v(MISSING), %!(EXTRA ...)).

import { compareStrings, goQuote } from '../value.js';

export type GoValue =
  | { k: 'int'; v: bigint }
  | { k: 'bigint'; v: bigint }
  | { k: 'float'; v: number }
  /** A string; `type` names a defined string type such as json.Number (a Stringer). */
  | { k: 'string'; v: string; type?: string }
  | { k: 'bool'; v: boolean }
  | { k: 'nil' }
  | { k: 'slice'; v: GoValue[] }
  | { k: 'map'; v: Map<string, GoValue> };

interface Flags {
  plus: boolean;
  minus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  plusV: boolean;
  sharpV: boolean;
  wid: number;
  widPresent: boolean;
  prec: number;
  precPresent: boolean;
}

function noFlags(): Flags {
  return {
    plus: false,
    minus: false,
    sharp: false,
    space: false,
    zero: false,
    plusV: false,
    sharpV: false,
    wid: 0,
    widPresent: false,
    prec: 0,
    precPresent: false,
  };
}

function runeLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) n++;
  }
  return n;
}

/** Pads s to the width in runes, on the left unless `-`, with zeros when `0`. */
function pad(f: Flags, s: string): string {
  if (!f.widPresent || f.wid === 0) return s;
  const n = f.wid - runeLength(s);
  if (n <= 0) return s;
  return f.minus ? s + ' '.repeat(n) : (f.zero ? '0' : ' ').repeat(n) + s;
}

function padding(f: Flags, n: number): string {
  return n > 0 ? (f.zero ? '0' : ' ').repeat(n) : '';
}

export function goTypeName(x: GoValue): string {
  switch (x.k) {
    case 'int':
      return 'int';
    case 'bigint':
      return '*big.Int';
    case 'float':
      return 'float64';
    case 'string':
      return x.type ?? 'string';
    case 'bool':
      return 'bool';
    case 'nil':
      return '<nil>';
    case 'slice':
      return '[]interface {}';
    case 'map':
      return 'map[string]interface {}';
  }
}

// ---- integers -------------------------------------------------------------------------------

const MAX_RUNE = 0x10ffff;

function fmtInteger(f: Flags, v: bigint, base: number, verb: string, upper: boolean): string {
  const negative = v < 0n;
  const u = negative ? -v : v;
  let prec = 0;
  if (f.precPresent) {
    prec = f.prec;
    // Precision 0 and value 0 print nothing but the padding.
    if (prec === 0 && u === 0n) return ' '.repeat(f.widPresent ? f.wid : 0);
  } else if (f.zero && !f.minus && f.widPresent) {
    prec = f.wid;
    if (negative || f.plus || f.space) prec--;
  }
  let digits = u.toString(base);
  if (upper) digits = digits.toUpperCase();
  if (digits.length < prec) digits = '0'.repeat(prec - digits.length) + digits;
  if (f.sharp) {
    if (base === 2) digits = '0b' + digits;
    else if (base === 8 && digits[0] !== '0') digits = '0' + digits;
    else if (base === 16) digits = (upper ? '0X' : '0x') + digits;
  }
  if (verb === 'O') digits = '0o' + digits;
  if (negative) digits = '-' + digits;
  else if (f.plus) digits = '+' + digits;
  else if (f.space) digits = ' ' + digits;
  // Zero padding was done as precision above; pad the rest with spaces.
  return pad({ ...f, zero: false }, digits);
}

function runeOf(v: bigint): string {
  return v < 0n || v > BigInt(MAX_RUNE) || (v >= 0xd800n && v <= 0xdfffn) ? '\ufffd' : String.fromCodePoint(Number(v));
}

function quoteRune(r: string, ascii: boolean): string {
  if (r === "'") return "'\\''";
  if (r === '"') return `'"'`;
  const q = ascii ? quoteASCII(r) : goQuote(r);
  return "'" + q.slice(1, -1) + "'";
}

function fmtUnicode(f: Flags, v: bigint): string {
  const u = v < 0n ? (1n << 64n) + v : v;
  let hex = u.toString(16).toUpperCase();
  const prec = f.precPresent ? Math.max(f.prec, 4) : 4;
  if (hex.length < prec) hex = '0'.repeat(prec - hex.length) + hex;
  let s = 'U+' + hex;
  if (f.sharp && u <= BigInt(MAX_RUNE) && isPrint(Number(u))) s += " '" + String.fromCodePoint(Number(u)) + "'";
  return pad({ ...f, zero: false }, s);
}

function fmtInt(f: Flags, v: bigint, verb: string): string | undefined {
  switch (verb) {
    case 'v':
    case 'd':
      return fmtInteger(f, v, 10, verb, false);
    case 'b':
      return fmtInteger(f, v, 2, verb, false);
    case 'o':
    case 'O':
      return fmtInteger(f, v, 8, verb, false);
    case 'x':
      return fmtInteger(f, v, 16, verb, false);
    case 'X':
      return fmtInteger(f, v, 16, verb, true);
    case 'c':
      return pad(f, runeOf(v));
    case 'q':
      return pad(f, quoteRune(runeOf(v), f.plus));
    case 'U':
      return fmtUnicode(f, v);
  }
  return undefined;
}

/** big.Int's own Format method, which reports unknown verbs itself. */
function fmtBigInt(f: Flags, v: bigint, verb: string): string {
  const base = { b: 2, o: 8, O: 8, d: 10, s: 10, v: 10, x: 16, X: 16 }[verb];
  if (base === undefined) return `%!${verb}(big.Int=${v})`;
  const plus = f.plus || f.plusV;
  const sharp = f.sharp || f.sharpV;
  const sign = v < 0n ? '-' : plus ? '+' : f.space ? ' ' : '';
  let prefix = '';
  if (sharp) prefix = { b: '0b', o: '0', x: '0x', X: '0X' }[verb as 'b'] ?? '';
  if (verb === 'O') prefix = '0o';
  let digits = (v < 0n ? -v : v).toString(base);
  if (verb === 'X') digits = digits.toUpperCase();
  let zeros = 0;
  if (f.precPresent) {
    if (digits.length < f.prec) zeros = f.prec - digits.length;
    else if (digits === '0' && f.prec === 0) return '';
  }
  const length = sign.length + prefix.length + zeros + digits.length;
  let left = 0;
  let right = 0;
  if (f.widPresent && length < f.wid) {
    const d = f.wid - length;
    if (f.minus) right = d;
    else if (f.zero && !f.precPresent) zeros = d;
    else left = d;
  }
  return ' '.repeat(left) + sign + prefix + '0'.repeat(zeros) + digits + ' '.repeat(right);
}

// ---- floats ---------------------------------------------------------------------------------

/** A decimal digit string with the point at `dp` (Go's strconv decimal). */
interface Decimal {
  d: string;
  dp: number;
}

/** All the digits of a positive finite double, exactly. */
function exactDecimal(x: number): Decimal {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const expBits = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  let exp: number;
  if (expBits === 0) exp = -1074;
  else {
    mant |= 1n << 52n;
    exp = expBits - 1075;
  }
  if (exp >= 0) {
    const d = (mant << BigInt(exp)).toString();
    return trimDecimal({ d, dp: d.length });
  }
  const d = (mant * 5n ** BigInt(-exp)).toString();
  return trimDecimal({ d, dp: d.length + exp });
}

function trimDecimal(x: Decimal): Decimal {
  let d = x.d.replace(/0+$/, '');
  let dp = x.dp;
  const lead = d.length - d.replace(/^0+/, '').length;
  d = d.slice(lead);
  dp -= lead;
  return d === '' ? { d: '', dp: 0 } : { d, dp };
}

/** Rounds to nd digits, half to even on exact ties (all digits are known). */
function roundDecimal(x: Decimal, nd: number): Decimal {
  if (nd < 0) return { d: '', dp: 0 };
  if (nd >= x.d.length) return x;
  const next = x.d.charCodeAt(nd) - 48;
  let up = next > 5;
  if (next === 5) {
    const rest = x.d.length > nd + 1;
    up = rest || (nd > 0 && (x.d.charCodeAt(nd - 1) - 48) % 2 === 1);
  }
  let d = x.d.slice(0, nd);
  let dp = x.dp;
  if (up) {
    let i = d.length - 1;
    while (i >= 0 && d[i] === '9') i--;
    if (i < 0) {
      d = '1';
      dp++;
    } else d = d.slice(0, i) + String.fromCharCode(d.charCodeAt(i) + 1);
  }
  return trimDecimal({ d, dp });
}

function shortestDecimal(x: number): Decimal {
  const [m, e] = x.toExponential().split('e') as [string, string];
  return { d: m.replace('.', ''), dp: Number(e) + 1 };
}

function digitAt(x: Decimal, i: number): string {
  return i >= 0 && i < x.d.length ? x.d[i]! : '0';
}

function fmtE(neg: boolean, x: Decimal, prec: number, e: string): string {
  let s = (neg ? '-' : '') + (x.d.length === 0 ? '0' : x.d[0]);
  if (prec > 0) {
    s += '.';
    for (let i = 1; i <= prec; i++) s += digitAt(x, i);
  }
  const exp = x.d.length === 0 ? 0 : x.dp - 1;
  const a = Math.abs(exp);
  return s + e + (exp < 0 ? '-' : '+') + (a < 10 ? '0' : '') + a;
}

function fmtF(neg: boolean, x: Decimal, prec: number): string {
  let s = neg ? '-' : '';
  if (x.dp > 0) for (let i = 0; i < x.dp; i++) s += digitAt(x, i);
  else s += '0';
  if (prec > 0) {
    s += '.';
    for (let i = 1; i <= prec; i++) s += digitAt(x, x.dp + i - 1);
  }
  return s;
}

/** strconv.FormatFloat(v, fmt, prec, 64) for fmt in e, E, f, g, G. */
export function formatFloat(v: number, fmt: string, prec: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  const neg = v < 0 || Object.is(v, -0);
  const a = Math.abs(v);
  const shortest = prec < 0;
  let digs: Decimal;
  if (a === 0) digs = { d: '', dp: 0 };
  else if (shortest) digs = shortestDecimal(a);
  else {
    const exact = exactDecimal(a);
    const g = fmt === 'g' || fmt === 'G';
    const nd = fmt === 'e' || fmt === 'E' ? prec + 1 : g ? (prec === 0 ? 1 : prec) : exact.dp + prec;
    digs = roundDecimal(exact, nd);
  }
  if (shortest) {
    if (fmt === 'e' || fmt === 'E') prec = Math.max(digs.d.length - 1, 0);
    else if (fmt === 'f') prec = Math.max(digs.d.length - digs.dp, 0);
    else prec = digs.d.length;
  } else if ((fmt === 'g' || fmt === 'G') && prec === 0) prec = 1;
  switch (fmt) {
    case 'e':
    case 'E':
      return fmtE(neg, digs, prec, fmt);
    case 'f':
      return fmtF(neg, digs, prec);
  }
  let eprec = prec;
  if (eprec > digs.d.length && digs.d.length >= digs.dp) eprec = digs.d.length;
  if (shortest) eprec = 6;
  const exp = digs.d.length === 0 ? 0 : digs.dp - 1;
  if (exp < -4 || exp >= eprec) {
    if (prec > digs.d.length) prec = digs.d.length;
    return fmtE(neg, digs, prec - 1, fmt === 'g' ? 'e' : 'E');
  }
  if (prec > digs.dp) prec = digs.d.length;
  return fmtF(neg, digs, Math.max(prec - digs.dp, 0));
}

/** strconv's 'b' format: mantissa p exponent. */
function formatBinary(v: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  const bits = view.getBigUint64(0);
  const neg = bits >> 63n === 1n;
  const expBits = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  let exp = expBits - 1075;
  if (expBits === 0) exp = -1074;
  else mant |= 1n << 52n;
  return (neg ? '-' : '') + mant + 'p' + (exp >= 0 ? '+' : '') + exp;
}

/** strconv's 'x' format: hexadecimal mantissa and binary exponent. */
function formatHexFloat(v: number, prec: number, upper: boolean): string {
  const neg = v < 0 || Object.is(v, -0);
  let a = Math.abs(v);
  let exp = 0;
  let mant = 0n;
  if (a !== 0) {
    exp = Math.floor(Math.log2(a));
    if (2 ** exp > a) exp--;
    if (2 ** (exp + 1) <= a) exp++;
    a = a / 2 ** exp;
    mant = BigInt(Math.round(a * 2 ** 52));
  }
  let frac = (mant & ((1n << 52n) - 1n)).toString(16).padStart(13, '0');
  let lead = mant >> 52n;
  if (prec >= 0 && prec < 13) {
    const shift = BigInt(4 * (13 - prec));
    let m = mant;
    const half = 1n << (shift - 1n);
    const rest = m & ((1n << shift) - 1n);
    m >>= shift;
    if (rest > half || (rest === half && (m & 1n) === 1n)) m++;
    if (m >> BigInt(4 * prec) >= 2n) {
      m >>= 1n;
      exp++;
    }
    lead = m >> BigInt(4 * prec);
    frac = prec === 0 ? '' : (m & ((1n << BigInt(4 * prec)) - 1n)).toString(16).padStart(prec, '0');
  } else {
    frac = frac.replace(/0+$/, '');
    if (prec > 13) frac = frac.padEnd(prec, '0');
  }
  const a2 = Math.abs(exp);
  let s = (neg ? '-' : '') + '0x' + lead + (frac ? '.' + frac : '') + 'p' + (exp < 0 ? '-' : '+') + (a2 < 10 ? '0' : '') + a2;
  if (upper) s = s.toUpperCase();
  return s;
}

function fmtFloat(f: Flags, v: number, verb: string, defPrec: number): string {
  const prec = f.precPresent ? f.prec : defPrec;
  let num: string;
  if (verb === 'b') num = formatBinary(v);
  else if (verb === 'x' || verb === 'X') num = formatHexFloat(v, prec, verb === 'X');
  else num = formatFloat(v, verb, prec);
  num = num[0] === '-' || num[0] === '+' ? num : '+' + num;
  if (f.space && num[0] === '+' && !f.plus) num = ' ' + num.slice(1);
  if (num[1] === 'I' || num[1] === 'N') {
    if (num[1] === 'N' && !f.space && !f.plus) num = num.slice(1);
    return pad({ ...f, zero: false }, num);
  }
  if (f.sharp && verb !== 'b') num = sharpFloat(num, verb, prec);
  if (f.plus || num[0] !== '+') {
    if (f.zero && !f.minus && f.widPresent && f.wid > num.length) return num[0] + '0'.repeat(f.wid - num.length) + num.slice(1);
    return pad(f, num);
  }
  return pad(f, num.slice(1));
}

/** The # flag: always a decimal point, and trailing zeros kept for %g. */
function sharpFloat(num: string, verb: string, prec: number): string {
  let digits = 0;
  if (verb === 'v' || verb === 'g' || verb === 'G' || verb === 'x') digits = prec === -1 ? 6 : prec;
  let tail = '';
  let body = num;
  let hasPoint = false;
  let sawNonzero = false;
  for (let i = 1; i < body.length; i++) {
    const c = body[i]!;
    if (c === '.') hasPoint = true;
    else if (c === 'p' || c === 'P' || ((c === 'e' || c === 'E') && verb !== 'x' && verb !== 'X')) {
      tail = body.slice(i);
      body = body.slice(0, i);
      break;
    } else {
      if (c !== '0') sawNonzero = true;
      if (sawNonzero) digits--;
    }
  }
  if (!hasPoint) {
    if (body.length === 2 && body[1] === '0') digits--;
    body += '.';
  }
  if (digits > 0) body += '0'.repeat(digits);
  return body + tail;
}

function fmtFloatVerb(f: Flags, v: number, verb: string): string | undefined {
  switch (verb) {
    case 'v':
      return fmtFloat(f, v, 'g', -1);
    case 'b':
    case 'g':
    case 'G':
    case 'x':
    case 'X':
      return fmtFloat(f, v, verb, -1);
    case 'f':
    case 'F':
      return fmtFloat(f, v, 'f', 6);
    case 'e':
    case 'E':
      return fmtFloat(f, v, verb, 6);
  }
  return undefined;
}

// ---- strings --------------------------------------------------------------------------------

function truncate(f: Flags, s: string): string {
  if (!f.precPresent) return s;
  let n = f.prec;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff) continue;
    if (--n < 0) return s.slice(0, i);
  }
  return s;
}

const encoder = new TextEncoder();

function fmtHexString(f: Flags, s: string, upper: boolean): string {
  let bytes = encoder.encode(s);
  if (f.precPresent && f.prec < bytes.length) bytes = bytes.subarray(0, f.prec);
  if (bytes.length === 0) return f.widPresent ? padding(f, f.wid) : '';
  const prefix = upper ? '0X' : '0x';
  let out = '';
  if (f.sharp) out += prefix;
  for (let i = 0; i < bytes.length; i++) {
    if (f.space && i > 0) out += f.sharp ? ' ' + prefix : ' ';
    const h = bytes[i]!.toString(16).padStart(2, '0');
    out += upper ? h.toUpperCase() : h;
  }
  if (!f.widPresent || f.wid <= out.length) return out;
  return f.minus ? out + padding(f, f.wid - out.length) : padding(f, f.wid - out.length) + out;
}

/** Whether Go's strconv.IsPrint holds for a code point (approximated with Unicode classes). */
function isPrint(c: number): boolean {
  if (c === 0x20) return true;
  return PRINTABLE.test(String.fromCodePoint(c));
}

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/** strconv.QuoteToASCII: like Quote, but escapes everything outside ASCII. */
export function quoteASCII(s: string): string {
  let out = '';
  for (const ch of goQuote(s).slice(1, -1).match(/\\.|[\s\S]/gu) ?? []) {
    const c = ch.codePointAt(0)!;
    if (ch.length > 1 && ch[0] === '\\') out += ch;
    else if (c < 0x80) out += ch;
    else if (c <= 0xffff) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += '\\U' + c.toString(16).padStart(8, '0');
  }
  return '"' + out + '"';
}

function canBackquote(s: string): boolean {
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '`' || c === 0xfeff || c === 0xfffd) return false;
    if (c < 0x20 ? c !== 0x09 : c === 0x7f) return false;
  }
  return true;
}

function fmtQ(f: Flags, s: string): string {
  s = truncate(f, s);
  if (f.sharp && canBackquote(s)) return pad(f, '`' + s + '`');
  return pad(f, f.plus ? quoteASCII(s) : goQuote(s));
}

function fmtString(f: Flags, s: string, verb: string): string | undefined {
  switch (verb) {
    case 'v':
      return f.sharpV ? fmtQ(f, s) : pad(f, truncate(f, s));
    case 's':
      return pad(f, truncate(f, s));
    case 'x':
      return fmtHexString(f, s, false);
    case 'X':
      return fmtHexString(f, s, true);
    case 'q':
      return fmtQ(f, s);
  }
  return undefined;
}

// ---- any value ------------------------------------------------------------------------------

function badVerb(f: Flags, x: GoValue, verb: string): string {
  if (x.k === 'nil') return `%!${verb}(<nil>)`;
  return `%!${verb}(${goTypeName(x)}=${formatValue(f, x, 'v')})`;
}

/** A value as a typed operand prints in a list: `type=value`, or just <nil>. */
function typedValue(x: GoValue): string {
  return x.k === 'nil' ? '<nil>' : `${goTypeName(x)}=${formatValue(noFlags(), x, 'v')}`;
}

function formatValue(f: Flags, x: GoValue, verb: string): string {
  if (verb === 'T') return pad(f, truncate(f, goTypeName(x)));
  let out: string | undefined;
  switch (x.k) {
    case 'int':
      out = fmtInt(f, x.v, verb);
      break;
    case 'bigint':
      return fmtBigInt(f, x.v, verb);
    case 'float':
      out = fmtFloatVerb(f, x.v, verb);
      break;
    case 'string':
      out = fmtString(f, x.v, verb);
      break;
    case 'bool':
      if (verb === 't' || verb === 'v') out = pad(f, String(x.v));
      break;
    case 'nil':
      if (verb === 'v') out = pad(f, '<nil>');
      break;
    case 'slice':
      return '[' + x.v.map((e) => formatValue(f, e, verb)).join(' ') + ']';
    case 'map':
      return (
        'map[' +
        [...x.v.keys()]
          .sort(compareStrings)
          .map((k) => formatValue(f, { k: 'string', v: k }, verb) + ':' + formatValue(f, x.v.get(k)!, verb))
          .join(' ') +
        ']'
      );
  }
  return out ?? badVerb(f, x, verb);
}

function parseNum(s: string, i: number): [number, boolean, number] {
  let n = 0;
  let found = false;
  while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) {
    // Go gives up on absurd widths rather than allocating them.
    if (n > 1e6) return [0, false, s.length];
    n = n * 10 + s.charCodeAt(i) - 48;
    found = true;
    i++;
  }
  return [n, found, i];
}

interface Cursor {
  argNum: number;
  reordered: boolean;
  goodArgNum: boolean;
}

/** An explicit argument index like [2] at s[i]: returns the new position and whether one was there. */
function argIndex(c: Cursor, s: string, i: number, numArgs: number): [number, boolean] {
  if (i >= s.length || s[i] !== '[') return [i, false];
  c.reordered = true;
  for (let j = i + 1; j < s.length; j++) {
    if (s[j] === ']') {
      const [n, ok, end] = parseNum(s, i + 1);
      if (!ok || end !== j || n - 1 < 0 || n - 1 >= numArgs) c.goodArgNum = false;
      else c.argNum = n - 1;
      return [j + 1, true];
    }
  }
  c.goodArgNum = false;
  return [i + 1, true];
}

/** A `*` width or precision taken from the arguments. */
function intArg(c: Cursor, args: GoValue[]): [number, boolean] {
  if (c.argNum >= args.length) return [0, false];
  const a = args[c.argNum++]!;
  if (a.k !== 'int' || a.v > 1000000n || a.v < -1000000n) return [0, false];
  return [Number(a.v), true];
}

/** fmt.Sprintf. */
export function goSprintf(format: string, args: GoValue[]): string {
  let out = '';
  const c: Cursor = { argNum: 0, reordered: false, goodArgNum: true };
  const end = format.length;
  let i = 0;
  while (i < end) {
    c.goodArgNum = true;
    const next = format.indexOf('%', i);
    if (next < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, next);
    i = next + 1;
    const f = noFlags();
    flags: for (; i < end; i++) {
      switch (format[i]) {
        case '#':
          f.sharp = true;
          break;
        case '0':
          f.zero = !f.minus;
          break;
        case '+':
          f.plus = true;
          break;
        case '-':
          f.minus = true;
          f.zero = false;
          break;
        case ' ':
          f.space = true;
          break;
        default:
          break flags;
      }
    }
    let afterIndex: boolean;
    [i, afterIndex] = argIndex(c, format, i, args.length);
    if (i < end && format[i] === '*') {
      i++;
      [f.wid, f.widPresent] = intArg(c, args);
      if (!f.widPresent) out += '%!(BADWIDTH)';
      if (f.wid < 0) {
        f.wid = -f.wid;
        f.minus = true;
        f.zero = false;
      }
      afterIndex = false;
    } else {
      [f.wid, f.widPresent, i] = parseNum(format, i);
      if (afterIndex && f.widPresent) c.goodArgNum = false;
    }
    if (i + 1 < end && format[i] === '.') {
      i++;
      if (afterIndex) c.goodArgNum = false;
      [i, afterIndex] = argIndex(c, format, i, args.length);
      if (i < end && format[i] === '*') {
        i++;
        [f.prec, f.precPresent] = intArg(c, args);
        if (f.prec < 0) {
          f.prec = 0;
          f.precPresent = false;
        }
        if (!f.precPresent) out += '%!(BADPREC)';
        afterIndex = false;
      } else {
        [f.prec, f.precPresent, i] = parseNum(format, i);
        if (!f.precPresent) {
          f.prec = 0;
          f.precPresent = true;
        }
      }
    }
    if (!afterIndex) [i, afterIndex] = argIndex(c, format, i, args.length);
    if (i >= end) {
      out += '%!(NOVERB)';
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i)!);
    i += verb.length;
    if (verb === '%') out += '%';
    else if (!c.goodArgNum) out += `%!${verb}(BADINDEX)`;
    else if (c.argNum >= args.length) out += `%!${verb}(MISSING)`;
    else {
      if (verb === 'v') {
        f.sharpV = f.sharp;
        f.sharp = false;
        f.plusV = f.plus;
        f.plus = false;
      }
      out += formatValue(f, args[c.argNum++]!, verb);
    }
  }
  if (!c.reordered && c.argNum < args.length) {
    out += '%!(EXTRA ' + args.slice(c.argNum).map(typedValue).join(', ') + ')';
  }
  return out;
}

/** fmt.Sprint of one value, as text/template prints it. */
export function goSprint(x: GoValue): string {
  return formatValue(noFlags(), x, 'v');
}
