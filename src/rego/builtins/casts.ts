// to_number, and v0's cast_* built-ins.

import { type Num, fromDecimal, isNum, parseNumber } from '../number.js';
import { T, anyArray, anyObject, anySet } from '../types.js';
import { RObject, RSet, type Value, goQuote } from '../value.js';
import { type BuiltinDef, BuiltinError, typeError } from './registry.js';

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const HEX = /^([+-]?)0[xX]((?:[0-9a-fA-F]_?)*)(?:\.((?:[0-9a-fA-F]_?)*))?[pP]([+-]?[\d_]+)$/;

/** Parses a string as Go's strconv.ParseFloat accepts it, keeping decimal digits exact. */
function parseGoFloat(s: string): Num | undefined | 'range' {
  const d = DECIMAL.exec(s);
  if (d !== null) {
    const [, sign, whole = '', frac = '', exp] = d;
    if (whole === '' && frac === '') return undefined;
    // Go reports a range error where a double would overflow to infinity.
    if (!Number.isFinite(Number(s))) return 'range';
    let mant = BigInt(whole + frac);
    if (mant === 0n) return 0;
    if (sign === '-') mant = -mant;
    return fromDecimal(mant, (exp === undefined ? 0 : Number(exp)) - frac.length);
  }
  const h = HEX.exec(s);
  if (h === null) return undefined;
  const [, sign, whole = '', frac = '', exp = '0'] = h;
  const w = whole.replace(/_/g, '');
  const f = frac.replace(/_/g, '');
  if (w === '' && f === '') return undefined;
  const value = parseInt(w + f || '0', 16) * 2 ** (Number(exp.replace(/_/g, '')) - 4 * f.length);
  if (!Number.isFinite(value)) return 'range';
  return parseNumber(String(sign === '-' ? -value : value));
}

function toNumber([x]: Value[]): Value {
  if (x === null) return 0;
  if (typeof x === 'boolean') return x ? 1 : 0;
  if (isNum(x)) return x;
  if (typeof x !== 'string') throw typeError(1, x!, 'null', 'boolean', 'number', 'string');
  const lower = x.replace(/^[+-]+/, '').toLowerCase();
  if (lower === 'inf' || lower === 'infinity' || lower === 'nan') throw typeError(1, x, 'valid number string');
  const n = parseGoFloat(x);
  if (n === 'range') throw new BuiltinError(`strconv.ParseFloat: parsing ${goQuote(x)}: value out of range`);
  if (n === undefined) throw new BuiltinError(`strconv.ParseFloat: parsing ${goQuote(x)}: invalid syntax`);
  return n;
}

function cast(name: string, result: ReturnType<typeof T.fn>['result'], f: (x: Value) => Value | undefined, ...expected: string[]): BuiltinDef {
  return {
    name,
    decl: T.fn([T.any], result),
    deprecated: true,
    fn: ([x]) => {
      const out = f(x!);
      if (out === undefined) throw typeError(1, x!, ...expected);
      return out;
    },
  };
}

export const builtins: BuiltinDef[] = [
  {
    name: 'to_number',
    decl: T.fn([T.anyOf(T.null, T.boolean, T.number, T.string)], T.number),
    fn: toNumber,
  },
  cast('cast_array', anyArray, (x) => (Array.isArray(x) ? x : x instanceof RSet ? x.values() : undefined), 'array', 'set'),
  cast('cast_set', anySet, (x) => (x instanceof RSet ? x : Array.isArray(x) ? RSet.of(x) : undefined), 'array', 'set'),
  cast('cast_string', T.string, (x) => (typeof x === 'string' ? x : undefined), 'string'),
  cast('cast_boolean', T.boolean, (x) => (typeof x === 'boolean' ? x : undefined), 'boolean'),
  cast('cast_null', T.null, (x) => (x === null ? x : undefined), 'null'),
  cast('cast_object', anyObject, (x) => (x instanceof RObject ? x : undefined), 'object'),
];
