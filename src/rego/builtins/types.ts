// Type predicates and type_name.

import { isNum } from '../number.js';
import { T } from '../types.js';
import { RObject, RSet, type Value, typeName } from '../value.js';
import type { BuiltinDef } from './registry.js';

function predicate(name: string, test: (x: Value) => boolean): BuiltinDef {
  return { name, decl: T.fn([T.any], T.boolean), fn: (a) => test(a[0]!) };
}

export const builtins: BuiltinDef[] = [
  predicate('is_number', isNum),
  predicate('is_string', (x) => typeof x === 'string'),
  predicate('is_boolean', (x) => typeof x === 'boolean'),
  predicate('is_array', Array.isArray),
  predicate('is_set', (x) => x instanceof RSet),
  predicate('is_object', (x) => x instanceof RObject),
  predicate('is_null', (x) => x === null),
  { name: 'type_name', decl: T.fn([T.any], T.string), fn: (a) => typeName(a[0]!) },
];
