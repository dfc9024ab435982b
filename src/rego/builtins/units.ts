// units.parse (SI and binary prefixes, exact) and units.parse_bytes (a whole number of bytes).
// Error texts carry the built-in's name as OPA's do; the evaluator adds it once more.

import { type Num, fromBigInt, fromDecimal, mul, parseNumber, toDecimal } from '../number.js';
import { T } from '../types.js';
import type { Value } from '../value.js';
import { type BuiltinDef, BuiltinError, str } from './registry.js';

const K = 1000n;
const SI = { k: K, m: K ** 2n, g: K ** 3n, t: K ** 4n, p: K ** 5n, e: K ** 6n };
const BIN = { ki: 1n << 10n, mi: 1n << 20n, gi: 1n << 30n, ti: 1n << 40n, pi: 1n << 50n, ei: 1n << 60n };

/** units.parse's units after its case folding (all but the first letter lowered); m is milli. */
const UNITS: Record<string, bigint> = {
  '': 1n,
  k: SI.k, K: SI.k, ki: BIN.ki, Ki: BIN.ki,
  M: SI.m, mi: BIN.mi, Mi: BIN.mi,
  g: SI.g, G: SI.g, gi: BIN.gi, Gi: BIN.gi,
  t: SI.t, T: SI.t, ti: BIN.ti, Ti: BIN.ti,
  p: SI.p, P: SI.p, pi: BIN.pi, Pi: BIN.pi,
  e: SI.e, E: SI.e, ei: BIN.ei, Ei: BIN.ei,
};

/** units.parse_bytes's units, after lowering the whole string; the b is optional. */
const BYTE_UNITS: Record<string, bigint> = { '': 1n };
for (const [k, v] of Object.entries({ ...SI, ...BIN })) {
  BYTE_UNITS[k] = v;
  BYTE_UNITS[k + 'b'] = v;
}

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/** Splits "1.5e3Ki" into the amount and the unit: an `e` starts the unit unless an exponent follows. */
function splitAmount(s: string, name: string): [string, string] {
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (isDigit(c) || c === '.' || c === '+' || c === '-') continue;
    if (c !== 'e' && c !== 'E') return [s.slice(0, i), s.slice(i)];
    const next = s[i + 1];
    if (next === undefined || (!isDigit(next) && next !== '+' && next !== '-')) return [s.slice(0, i), s.slice(i)];
    if (next === '+' || next === '-') i++;
    let end = i + 1;
    while (isDigit(s[end])) end++;
    if (end - (i + 1) > 6) throw new BuiltinError(`${name}: exponent too large`);
  }
  return [s, ''];
}

/** An amount as Go's big parsers read it: a decimal with an optional sign and exponent. */
function amount(text: string): Num | undefined {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (m === null || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  return parseNumber(`${m[1] === '-' ? '-' : ''}${m[2] || '0'}${m[3] ? '.' + m[3] : ''}${m[4] !== undefined ? 'e' + m[4] : ''}`);
}

// The double nearest 0.001, exactly, as Go's big.Rat.SetFloat64(0.001) holds it.
const MILLI_NUM = 1152921504606847n;
const MILLI_DEN = 2n ** 60n;

function parseUnits(args: Value[]): Value {
  const s = str(args, 1).replaceAll('"', '');
  if (s.includes(' ')) throw new BuiltinError('units.parse: spaces not allowed in resource strings');
  const [num, rawUnit] = splitAmount(s, 'units.parse');
  if (num === '') throw new BuiltinError('units.parse: no amount provided');
  // Only the first letter keeps its case, so that m (milli) and M (mega) differ.
  const unit = rawUnit.length > 1 ? rawUnit[0] + rawUnit.slice(1).toLowerCase() : rawUnit;
  const factorNum = unit === 'm' ? MILLI_NUM : UNITS[unit];
  const factorDen = unit === 'm' ? MILLI_DEN : 1n;
  if (factorNum === undefined) throw new BuiltinError(`units.parse: unit ${unit} not recognized`);
  const n = amount(num);
  if (n === undefined) throw new BuiltinError('units.parse: could not parse amount to a number');
  const [m, e] = toDecimal(n);
  // The exact rational m·10^e · factor, printed as an integer or with ten decimals.
  let p = m * factorNum;
  let q = factorDen;
  if (e >= 0) p *= 10n ** BigInt(e);
  else q *= 10n ** BigInt(-e);
  if (p % q === 0n) return fromBigInt(p / q);
  return fromDecimal(roundHalfAway(p * 10n ** 10n, q), -10);
}

function roundHalfAway(p: bigint, q: bigint): bigint {
  const neg = p < 0n;
  const a = neg ? -p : p;
  let r = a / q;
  if ((a % q) * 2n >= q) r++;
  return neg ? -r : r;
}

function parseBytes(args: Value[]): Value {
  const s = str(args, 1).toLowerCase().replaceAll('"', '');
  if (s.includes(' ')) throw new BuiltinError('units.parse_bytes: spaces not allowed in resource strings');
  const [num, unit] = splitAmount(s, 'units.parse_bytes');
  if (num === '') throw new BuiltinError('units.parse_bytes: no byte amount provided');
  const factor = BYTE_UNITS[unit];
  if (factor === undefined) throw new BuiltinError(`units.parse_bytes: byte unit ${unit} not recognized`);
  const n = amount(num);
  if (n === undefined) throw new BuiltinError('units.parse_bytes: could not parse byte amount to a number');
  // Go multiplies in a 64-bit-mantissa big.Float and truncates toward zero.
  const [m, e] = toDecimal(mul(n, fromBigInt(factor)));
  return fromBigInt(e >= 0 ? m * 10n ** BigInt(e) : m / 10n ** BigInt(-e));
}

export const builtins: BuiltinDef[] = [
  { name: 'units.parse', decl: T.fn([T.string], T.number), fn: parseUnits },
  { name: 'units.parse_bytes', decl: T.fn([T.string], T.number), fn: parseBytes },
];
