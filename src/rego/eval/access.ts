// Reading into values the way a ref does: `x[k]` on objects, arrays and sets, and iterating
// a collection's keys and values in OPA's order.

import { BigNum } from '../number.js';
import { RObject, RSet, type Value } from '../value.js';

/** `v[k]`, or undefined when v has no such key. */
export function lookup(v: Value, k: Value): Value | undefined {
  if (v instanceof RObject) return v.get(k);
  if (Array.isArray(v)) {
    if (typeof k === 'number') return Number.isInteger(k) && k >= 0 ? v[k] : undefined;
    if (k instanceof BigNum) return undefined;
    return undefined;
  }
  if (v instanceof RSet) return v.has(k) ? k : undefined;
  return undefined;
}

/** Calls f(key, value) for every member; stops and returns true when f does. */
export function iterate(v: Value, f: (k: Value, x: Value) => boolean): boolean {
  if (v instanceof RObject) {
    const ks = v.keys();
    for (let i = 0; i < ks.length; i++) {
      const k = ks[i]!;
      if (f(k, v.get(k)!)) return true;
    }
    return false;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (f(i, v[i]!)) return true;
    return false;
  }
  if (v instanceof RSet) {
    const vs = v.values();
    for (let i = 0; i < vs.length; i++) if (f(vs[i]!, vs[i]!)) return true;
  }
  return false;
}

/** Follows a path of keys; undefined when any step is missing. */
export function lookupPath(v: Value | undefined, path: readonly Value[]): Value | undefined {
  for (let i = 0; i < path.length && v !== undefined; i++) v = lookup(v, path[i]!);
  return v;
}
