// Aggregates over collections: count, sum, product, max, min, sort, and v0's all/any.

import { add, mul, isNum, type Num } from '../number.js';
import { T, anyArray, anySet } from '../types.js';
import { RObject, RSet, type Value, compareValues, sortValues } from '../value.js';
import { type BuiltinDef, elementError, members, typeError } from './registry.js';

const numArray = T.array(T.number);
const numSet = T.set(T.number);

/** The number of Unicode code points, as Go counts runes. */
export function runeCount(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff && i > 0) {
      const p = s.charCodeAt(i - 1);
      if (p >= 0xd800 && p <= 0xdbff) n--;
    }
  }
  return n;
}

function count([x]: Value[]): Value {
  if (typeof x === 'string') return runeCount(x);
  if (Array.isArray(x)) return x.length;
  if (x instanceof RObject || x instanceof RSet) return x.size;
  throw typeError(1, x!, 'array', 'object', 'set', 'string');
}

function collection(args: Value[]): Value[] {
  const items = members(args[0]!);
  if (items === undefined) throw typeError(1, args[0]!, 'set', 'array');
  return items;
}

function fold(args: Value[], init: Num, op: (a: Num, b: Num) => Num): Value {
  const items = collection(args);
  let acc = init;
  for (const x of items) {
    if (!isNum(x)) throw elementError(1, args[0]!, x, 'number');
    acc = op(acc, x);
  }
  return acc;
}

function extreme(args: Value[], sign: 1 | -1): Value | undefined {
  const items = collection(args);
  if (items.length === 0) return undefined;
  let best = items[0]!;
  for (let i = 1; i < items.length; i++) if (compareValues(items[i]!, best) * sign > 0) best = items[i]!;
  return best;
}

function sort(args: Value[]): Value {
  const x = args[0]!;
  // A set's members are already in order.
  return Array.isArray(x) ? sortValues(x.slice()) : collection(args);
}

function truthCollection(args: Value[]): Value[] {
  const items = members(args[0]!);
  if (items === undefined) throw typeError(1, args[0]!, 'array', 'set');
  return items;
}

const anyCollection = T.anyOf(anyArray, anySet);

export const builtins: BuiltinDef[] = [
  {
    name: 'count',
    decl: T.fn([T.anyOf(T.string, anyArray, T.object(T.any, T.any), anySet)], T.number),
    fn: count,
  },
  { name: 'sum', decl: T.fn([T.anyOf(numArray, numSet)], T.number), fn: (a) => fold(a, 0, add) },
  { name: 'product', decl: T.fn([T.anyOf(numArray, numSet)], T.number), fn: (a) => fold(a, 1, mul) },
  { name: 'max', decl: T.fn([anyCollection], T.any), fn: (a) => extreme(a, 1) },
  { name: 'min', decl: T.fn([anyCollection], T.any), fn: (a) => extreme(a, -1) },
  { name: 'sort', decl: T.fn([anyCollection], anyArray), fn: sort },
  {
    name: 'all',
    decl: T.fn([anyCollection], T.boolean),
    fn: (a) => truthCollection(a).every((x) => x === true),
    deprecated: true,
  },
  {
    name: 'any',
    decl: T.fn([anyCollection], T.boolean),
    fn: (a) => truthCollection(a).some((x) => x === true),
    deprecated: true,
  },
];
