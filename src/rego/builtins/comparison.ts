// Comparison operators over OPA's total order of values.

import { T } from '../types.js';
import { type Value, compareValues, valueEqual } from '../value.js';
import type { BuiltinDef } from './registry.js';

const decl = T.fn([T.any, T.any], T.boolean);

function cmp(test: (c: number) => boolean) {
  return (args: Value[]): Value => test(compareValues(args[0]!, args[1]!));
}

export const builtins: BuiltinDef[] = [
  { name: 'equal', infix: '==', decl, fn: (a) => valueEqual(a[0]!, a[1]!) },
  { name: 'neq', infix: '!=', decl, fn: (a) => !valueEqual(a[0]!, a[1]!) },
  { name: 'lt', infix: '<', decl, fn: cmp((c) => c < 0) },
  { name: 'lte', infix: '<=', decl, fn: cmp((c) => c <= 0) },
  { name: 'gt', infix: '>', decl, fn: cmp((c) => c > 0) },
  { name: 'gte', infix: '>=', decl, fn: cmp((c) => c >= 0) },
];
