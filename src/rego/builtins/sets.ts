// Set algebra: &, |, intersection, union and v0's set_diff.

import { T, anySet } from '../types.js';
import { RSet, type Value } from '../value.js';
import { type BuiltinDef, set } from './registry.js';
import { setDiff } from './numbers.js';

function intersect(a: RSet, b: RSet): RSet {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  const out = new RSet();
  for (const x of small.values()) if (large.has(x)) out.add(x);
  return out;
}

function unite(a: RSet, b: RSet): RSet {
  if (b.size === 0) return a;
  if (a.size === 0) return b;
  const out = a.copy();
  for (const x of b.values()) out.add(x);
  return out;
}

/** The members of a set of sets, each checked to be a set. */
function setsOf(args: Value[]): RSet[] {
  return set(args, 1)
    .values()
    .map((x) => set([x], 1));
}

function intersection(args: Value[]): Value {
  const sets = setsOf(args);
  if (sets.length === 0) return new RSet();
  return sets.reduce(intersect);
}

function union(args: Value[]): Value {
  const out = new RSet();
  for (const s of setsOf(args)) for (const x of s.values()) out.add(x);
  return out;
}

const ss = T.fn([anySet, anySet], anySet);

export const builtins: BuiltinDef[] = [
  { name: 'and', infix: '&', decl: ss, fn: (a) => intersect(set(a, 1), set(a, 2)) },
  { name: 'or', infix: '|', decl: ss, fn: (a) => unite(set(a, 1), set(a, 2)) },
  { name: 'intersection', decl: T.fn([T.set(anySet)], anySet), fn: intersection },
  { name: 'union', decl: T.fn([T.set(anySet)], anySet), fn: union },
  { name: 'set_diff', decl: ss, fn: (a) => setDiff(set(a, 1), set(a, 2)), deprecated: true },
];
