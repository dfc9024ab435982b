// array.concat, array.slice, array.reverse.

import { T, anyArray } from '../types.js';
import type { Value } from '../value.js';
import { type BuiltinDef, arr, int } from './registry.js';

function slice(args: Value[]): Value {
  const a = arr(args, 1);
  const start = int(args, 2);
  const stop = Math.max(0, Math.min(int(args, 3), a.length));
  return a.slice(Math.max(0, Math.min(start, stop)), stop);
}

export const builtins: BuiltinDef[] = [
  { name: 'array.concat', decl: T.fn([anyArray, anyArray], anyArray), fn: (a) => arr(a, 1).concat(arr(a, 2)) },
  { name: 'array.slice', decl: T.fn([anyArray, T.number, T.number], anyArray), fn: slice },
  { name: 'array.reverse', decl: T.fn([anyArray], anyArray), fn: (a) => arr(a, 1).slice().reverse() },
];
