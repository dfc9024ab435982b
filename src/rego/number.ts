// Rego numbers with OPA's semantics.
//
// OPA keeps numbers as their decimal text and computes exactly with big integers where it can,
// falling back to Go's big.Float (64-bit mantissa, round half to even). We keep the common case
// fast: a JS number whenever it holds the value exactly and its text is how JS writes it (safe
// integers, decimals that survive a round trip through a double). Everything else is a BigNum,
// which never rounds and remembers how it was written (`1.0` is a float to OPA's built-ins).

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

export class BigNum {
  /** For an integer: the value; for a decimal: the mantissa of mant × 10^exp10. */
  readonly mant: bigint;
  readonly exp10: number;
  readonly isInt: boolean;
  private textCache: string | undefined;

  constructor(mant: bigint, exp10: number, text?: string) {
    this.mant = mant;
    this.exp10 = exp10;
    this.isInt = exp10 >= 0;
    this.textCache = text;
  }

  get text(): string {
    if (this.textCache === undefined) this.textCache = decimalText(this.mant, this.exp10);
    return this.textCache;
  }

  /** The same value as a JS number when a double holds it exactly, else undefined. */
  exactDouble(): number | undefined {
    if (this.isInt) {
      const max = BigInt(MAX_SAFE);
      return this.mant >= -max && this.mant <= max ? Number(this.mant) : undefined;
    }
    const d = Number(decimalText(this.mant, this.exp10));
    return Number.isFinite(d) && sameDecimal(d, this.mant, this.exp10) ? d : undefined;
  }
}

export type Num = number | BigNum;

export function isNum(v: unknown): v is Num {
  return typeof v === 'number' || v instanceof BigNum;
}

/** Makes the narrowest representation of an integer. */
export function fromBigInt(i: bigint): Num {
  if (i >= -BigInt(MAX_SAFE) && i <= BigInt(MAX_SAFE)) return Number(i);
  return new BigNum(i, 0);
}

/** Normalises mant × 10^exp10 so the mantissa has no trailing zeros (or exp10 = 0 for integers). */
function normalise(mant: bigint, exp10: number): [bigint, number] {
  if (mant === 0n) return [0n, 0];
  while (exp10 < 0 && mant % 10n === 0n) {
    mant /= 10n;
    exp10++;
  }
  if (exp10 > 0) {
    mant *= 10n ** BigInt(exp10);
    exp10 = 0;
  }
  return [mant, exp10];
}

function decimalText(mant: bigint, exp10: number): string {
  if (exp10 >= 0) return (mant * 10n ** BigInt(exp10)).toString();
  const neg = mant < 0n;
  let digits = (neg ? -mant : mant).toString();
  const point = digits.length + exp10;
  if (point <= 0) digits = '0.' + '0'.repeat(-point) + digits;
  else digits = digits.slice(0, point) + '.' + digits.slice(point);
  return (neg ? '-' : '') + digits;
}

const NUMBER_TEXT = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/** Parses JSON/Rego number text. Returns undefined when the text is not a number. */
export function parseNumber(text: string): Num | undefined {
  const m = NUMBER_TEXT.exec(text);
  if (m === null) return undefined;
  const [, sign, intPart, fracPart = '', expPart] = m;
  const exp = expPart === undefined ? 0 : Number(expPart);
  if (fracPart === '' && exp === 0 && intPart!.length < 16) {
    const n = Number(text);
    return n === 0 ? 0 : n;
  }
  if (!Number.isFinite(exp) || Math.abs(exp) > 100000) return undefined;
  let mant = BigInt(intPart + fracPart);
  if (sign === '-') mant = -mant;
  const n = fromDecimal(mant, exp - fracPart.length);
  // An integer written as `1.0` or `1e3` stays a float to OPA's integer operands.
  if (typeof n === 'number' && Number.isInteger(n)) return new BigNum(BigInt(n), 0, text);
  if (n instanceof BigNum && n.isInt) return new BigNum(n.mant, 0, text);
  return n;
}

/** The narrowest representation of the exact decimal mant × 10^exp10. */
export function fromDecimal(mant: bigint, exp10: number): Num {
  const [m, e] = normalise(mant, exp10);
  if (e === 0) return fromBigInt(m);
  const text = decimalText(m, e);
  const d = Number(text);
  if (Number.isFinite(d) && sameDecimal(d, m, e)) return d;
  return new BigNum(m, e, text);
}

/** Whether the double d is the shortest rendering of exactly this decimal. */
function sameDecimal(d: number, mant: bigint, exp10: number): boolean {
  const [dm, de] = doubleDecimal(d);
  return dm === mant && de === exp10;
}

/** The shortest decimal that reads back as d, as mant × 10^exp10 (normalised). */
function doubleDecimal(d: number): [bigint, number] {
  const s = String(d);
  const m = NUMBER_TEXT.exec(s);
  if (m === null) throw new Error(`unexpected number text ${s}`);
  const [, sign, intPart, fracPart = '', expPart] = m;
  let mant = BigInt(intPart! + fracPart);
  if (sign === '-') mant = -mant;
  return normalise(mant, (expPart === undefined ? 0 : Number(expPart)) - fracPart.length);
}

/** The exact decimal value of a number as mant × 10^exp10 (doubles by their shortest text). */
export function toDecimal(n: Num): [bigint, number] {
  if (typeof n === 'number') {
    if (Number.isInteger(n)) return normalise(BigInt(n), 0);
    return doubleDecimal(n);
  }
  return [n.mant, n.exp10];
}

export function isInteger(n: Num): boolean {
  return typeof n === 'number' ? Number.isInteger(n) : n.isInt;
}

/** Whether Go would read the number's text as an integer (`1` yes, `1.0` and `1e3` no). */
export function isIntegerText(n: Num): boolean {
  if (typeof n === 'number') return Number.isInteger(n);
  return n.isInt && !/[.eE]/.test(n.text);
}

/** The value as a bigint, or undefined when it is not an integer. */
export function toBigInt(n: Num): bigint | undefined {
  if (typeof n === 'number') return Number.isInteger(n) ? BigInt(n) : undefined;
  return n.isInt ? n.mant : undefined;
}

/** The value as a JS safe integer, or undefined. */
export function toSafeInt(n: Num): number | undefined {
  if (typeof n === 'number') return Number.isInteger(n) ? n : undefined;
  return undefined;
}

/** The nearest double (as Go's Float64 would give). */
export function toFloat64(n: Num): number {
  return typeof n === 'number' ? n : Number(n.text);
}

export function numText(n: Num): string {
  if (typeof n === 'number') {
    if (Number.isInteger(n)) return Math.abs(n) < 1e21 ? String(n) : BigInt(n).toString();
    return String(n);
  }
  return n.text;
}

// ---- comparison ------------------------------------------------------------------------------

function pow10(e: number): bigint {
  return 10n ** BigInt(e);
}

export function compareNum(a: Num, b: Num): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  const [am, ae] = toDecimal(a);
  const [bm, be] = toDecimal(b);
  let x: bigint;
  let y: bigint;
  if (ae === be) {
    x = am;
    y = bm;
  } else if (ae < be) {
    x = am;
    y = bm * pow10(be - ae);
  } else {
    x = am * pow10(ae - be);
    y = bm;
  }
  return x < y ? -1 : x > y ? 1 : 0;
}

export function numEqual(a: Num, b: Num): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  return compareNum(a, b) === 0;
}

/** A key that is equal for equal numbers, however they are represented or written. */
export function numKey(n: Num): string {
  if (typeof n === 'number' && Number.isSafeInteger(n)) return String(n);
  const [m, e] = toDecimal(n);
  return e === 0 ? m.toString() : `${m}e${e}`;
}

// ---- Go big.Float emulation (precision 64, round half to even) -------------------------------

const PREC = 64;

/** A binary float m × 2^e with |m| < 2^64 (or zero). */
interface BinFloat {
  m: bigint;
  e: number;
}

function bitLength(x: bigint): number {
  if (x < 0n) x = -x;
  return x === 0n ? 0 : x.toString(2).length;
}

/** Rounds the rational num/den (den > 0) to a 64-bit-mantissa binary float. */
function roundRational(num: bigint, den: bigint): BinFloat {
  if (num === 0n) return { m: 0n, e: 0 };
  const neg = num < 0n;
  if (neg) num = -num;
  // Choose e so that num / den / 2^e has exactly PREC bits before rounding.
  let e = bitLength(num) - bitLength(den) - PREC;
  let q: bigint;
  let r: bigint;
  let d: bigint;
  for (;;) {
    const n2 = e >= 0 ? num : num << BigInt(-e);
    d = e >= 0 ? den << BigInt(e) : den;
    q = n2 / d;
    r = n2 % d;
    const bits = bitLength(q);
    if (bits > PREC) e += bits - PREC;
    else if (bits < PREC) e -= PREC - bits;
    else break;
  }
  const twice = r * 2n;
  if (twice > d || (twice === d && (q & 1n) === 1n)) {
    q += 1n;
    if (bitLength(q) > PREC) {
      q >>= 1n;
      e += 1;
    }
  }
  return { m: neg ? -q : q, e };
}

function toBinFloat(n: Num): BinFloat {
  const [mant, exp10] = toDecimal(n);
  if (exp10 >= 0) return roundRational(mant * pow10(exp10), 1n);
  return roundRational(mant, pow10(-exp10));
}

function binToRational(f: BinFloat): [bigint, bigint] {
  return f.e >= 0 ? [f.m << BigInt(f.e), 1n] : [f.m, 1n << BigInt(-f.e)];
}

function binIsInt(f: BinFloat): boolean {
  if (f.e >= 0 || f.m === 0n) return true;
  const [num, den] = binToRational(f);
  return num % den === 0n;
}

/** The shortest decimal mant × 10^exp10 that rounds back to f at precision 64. */
function shortestDecimal(f: BinFloat): [bigint, number] {
  if (f.m === 0n) return [0n, 0];
  const [num, den] = binToRational(f);
  const neg = num < 0n;
  const absNum = neg ? -num : num;
  // lead = floor(log10(|value|))
  let lead = absNum.toString().length - den.toString().length;
  const below = lead >= 0 ? absNum < den * pow10(lead) : absNum * pow10(-lead) < den;
  if (below) lead -= 1;
  for (let digits = 1; ; digits++) {
    // Scale so that the value has `digits` digits before the point.
    const shift = digits - 1 - lead;
    const sNum = shift >= 0 ? absNum * pow10(shift) : absNum;
    const sDen = shift >= 0 ? den : den * pow10(-shift);
    let q = sNum / sDen;
    const twice = (sNum % sDen) * 2n;
    if (twice > sDen || (twice === sDen && (q & 1n) === 1n)) q += 1n;
    const signed = neg ? -q : q;
    const cand = shift >= 0 ? roundRational(signed, pow10(shift)) : roundRational(signed * pow10(-shift), 1n);
    if (cand.m === f.m && cand.e === f.e) return normalise(signed, -shift);
  }
}

function fromBinFloat(f: BinFloat): Num {
  if (binIsInt(f)) {
    const [num, den] = binToRational(f);
    return fromBigInt(num / den);
  }
  const [m, e] = shortestDecimal(f);
  return fromDecimal(m, e);
}

function floatAdd(a: BinFloat, b: BinFloat): BinFloat {
  const e = Math.min(a.e, b.e);
  const m = (a.m << BigInt(a.e - e)) + (b.m << BigInt(b.e - e));
  return e >= 0 ? roundRational(m << BigInt(e), 1n) : roundRational(m, 1n << BigInt(-e));
}

function floatMul(a: BinFloat, b: BinFloat): BinFloat {
  const e = a.e + b.e;
  const m = a.m * b.m;
  return e >= 0 ? roundRational(m << BigInt(e), 1n) : roundRational(m, 1n << BigInt(-e));
}

function floatQuo(a: BinFloat, b: BinFloat): BinFloat {
  const [an, ad] = binToRational(a);
  const [bn, bd] = binToRational(b);
  let num = an * bd;
  let den = ad * bn;
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  return roundRational(num, den);
}

// ---- arithmetic -------------------------------------------------------------------------------

const SMALL = 2 ** 31;

function isSmallInt(n: Num): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n > -SMALL && n < SMALL;
}

export function add(a: Num, b: Num): Num {
  if (isSmallInt(a) && isSmallInt(b)) return a + b;
  const x = toBigInt(a);
  const y = toBigInt(b);
  if (x !== undefined && y !== undefined) return fromBigInt(x + y);
  return fromBinFloat(floatAdd(toBinFloat(a), toBinFloat(b)));
}

export function negate(a: Num): Num {
  if (typeof a === 'number') return a === 0 ? 0 : -a;
  return a.isInt ? fromBigInt(-a.mant) : fromDecimal(-a.mant, a.exp10);
}

export function sub(a: Num, b: Num): Num {
  if (isSmallInt(a) && isSmallInt(b)) return a - b;
  const x = toBigInt(a);
  const y = toBigInt(b);
  if (x !== undefined && y !== undefined) return fromBigInt(x - y);
  const fb = toBinFloat(b);
  return fromBinFloat(floatAdd(toBinFloat(a), { m: -fb.m, e: fb.e }));
}

export function mul(a: Num, b: Num): Num {
  if (isSmallInt(a) && isSmallInt(b)) {
    // Two int32 values can multiply past 2^53, where a double stops being exact.
    const p = a * b;
    if (Number.isSafeInteger(p)) return p === 0 ? 0 : p;
  }
  const x = toBigInt(a);
  const y = toBigInt(b);
  if (x !== undefined && y !== undefined) return fromBigInt(x * y);
  return fromBinFloat(floatMul(toBinFloat(a), toBinFloat(b)));
}

export class ArithmeticError extends Error {}

export function div(a: Num, b: Num): Num {
  if (isSmallInt(a) && isSmallInt(b)) {
    if (b === 0) throw new ArithmeticError('divide by zero');
    if (a !== 0 && a % b === 0) return a / b;
  }
  const fb = toBinFloat(b);
  if (fb.m === 0n) throw new ArithmeticError('divide by zero');
  return fromBinFloat(floatQuo(toBinFloat(a), fb));
}

export function rem(a: Num, b: Num): Num {
  if (isSmallInt(a) && isSmallInt(b)) {
    if (b === 0) throw new ArithmeticError('modulo by zero');
    const r = a % b;
    return r === 0 ? 0 : r;
  }
  const x = toBigInt(a);
  const y = toBigInt(b);
  if (x === undefined || y === undefined) throw new ArithmeticError('modulo on floating-point number');
  if (y === 0n) throw new ArithmeticError('modulo by zero');
  return fromBigInt(x % y);
}

export function abs(a: Num): Num {
  if (typeof a === 'number') return Math.abs(a);
  return a.mant < 0n ? negate(a) : a;
}

/** Round half away from zero, as OPA's round. */
export function round(a: Num): Num {
  if (isInteger(a)) return a;
  const [m, e] = toDecimal(a);
  const den = pow10(-e);
  const neg = m < 0n;
  const abs = neg ? -m : m;
  let q = abs / den;
  if ((abs % den) * 2n >= den) q += 1n;
  return fromBigInt(neg ? -q : q);
}

export function floor(a: Num): Num {
  if (isInteger(a)) return a;
  const [m, e] = toDecimal(a);
  const den = pow10(-e);
  let q = m / den;
  if (m < 0n) q -= 1n;
  return fromBigInt(q);
}

export function ceil(a: Num): Num {
  if (isInteger(a)) return a;
  const [m, e] = toDecimal(a);
  const den = pow10(-e);
  let q = m / den;
  if (m > 0n) q += 1n;
  return fromBigInt(q);
}

/** Renders a number as Go's big.Float would after arithmetic: 'f' for integers, else shortest 'g'. */
export function goFloatText(n: Num): string {
  if (isInteger(n)) return numText(n);
  const [m, e] = toDecimal(n);
  const neg = m < 0n;
  const digits = (neg ? -m : m).toString();
  const exp = digits.length + e - 1;
  if (exp < -4 || exp >= 21) {
    const frac = digits.slice(1);
    const es = Math.abs(exp) < 10 ? '0' + Math.abs(exp) : String(Math.abs(exp));
    return (neg ? '-' : '') + digits[0] + (frac ? '.' + frac : '') + 'e' + (exp < 0 ? '-' : '+') + es;
  }
  return decimalText(m, e);
}
