// Built-ins the language itself relies on: membership (`in`), print and trace, opa.runtime,
// and the metadata functions whose values the planner supplies from the rule being evaluated.

import { T } from '../types.js';
import { RObject, RSet, type Value, valueEqual } from '../value.js';
import type { BuiltinDef } from './registry.js';
import { str } from './registry.js';

function members(coll: Value): Value[] {
  if (Array.isArray(coll)) return coll;
  if (coll instanceof RSet) return coll.values();
  if (coll instanceof RObject) return coll.values();
  return [];
}

function hasKey(coll: Value, k: Value): Value | undefined {
  if (Array.isArray(coll)) return typeof k === 'number' && Number.isInteger(k) ? coll[k] : undefined;
  if (coll instanceof RObject) return coll.get(k);
  if (coll instanceof RSet) return coll.has(k) ? k : undefined;
  return undefined;
}

/** Unification and assignment are evaluated by the engine itself; these entries declare them. */
function engineOnly(name: string): never {
  throw new Error(`${name} is evaluated by the engine, not called`);
}

export const builtins: BuiltinDef[] = [
  { name: 'eq', infix: '=', decl: T.fn([T.any, T.any], T.boolean), fn: () => engineOnly('eq') },
  { name: 'assign', infix: ':=', decl: T.fn([T.any, T.any], T.boolean), fn: () => engineOnly('assign') },
  {
    name: 'internal.test_case',
    lenient: true,
    decl: T.fn([T.array(T.any)]),
    fn: () => true,
  },
  {
    name: 'internal.member_2',
    infix: 'in',
    decl: T.fn([T.any, T.any], T.boolean),
    fn: ([x, coll]) => {
      if (coll instanceof RSet) return coll.has(x!);
      return members(coll!).some((m) => valueEqual(m, x!));
    },
  },
  {
    name: 'internal.member_3',
    infix: 'in',
    decl: T.fn([T.any, T.any, T.any], T.boolean),
    fn: ([k, v, coll]) => {
      const x = hasKey(coll!, k!);
      return x !== undefined && valueEqual(x, v!);
    },
  },
  {
    name: 'print',
    decl: T.variadic([], T.any),
    fn: () => true,
  },
  {
    name: 'internal.print', lenient: true,
    decl: T.fn([T.array(T.set(T.any))]),
    fn: () => true,
  },
  {
    name: 'trace',
    decl: T.fn([T.string], T.boolean),
    fn: (args) => {
      str(args, 1);
      return true;
    },
  },
  {
    name: 'opa.runtime',
    decl: T.fn([], T.object(T.string, T.any)),
    nondeterministic: true,
    fn: (_args, ctx) => ctx.runtime,
  },
  {
    name: 'rego.metadata.chain',
    decl: T.fn([], T.array(T.any)),
    fn: () => [],
  },
  {
    name: 'rego.metadata.rule',
    decl: T.fn([], T.any),
    fn: () => new RObject(),
  },
];
