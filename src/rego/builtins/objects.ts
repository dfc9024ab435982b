// Object built-ins (object.*), JSON-pointer built-ins (json.filter, json.remove, json.patch)
// and walk.

import { isNum, toBigInt } from '../number.js';
import { T, anyArray, anyObject, anySet } from '../types.js';
import { RObject, RSet, type Value, compareValues, typeName, valueEqual } from '../value.js';
import { type BuiltinDef, BuiltinError, arr, elementError, members, obj, operandError, typeError } from './registry.js';

// ---- object.* -------------------------------------------------------------------------------

/** The value at a path of keys and indexes, like OPA's Value.Find. */
function find(v: Value, path: Value[]): Value | undefined {
  for (const key of path) {
    if (v instanceof RObject) {
      const next = v.get(key);
      if (next === undefined) return undefined;
      v = next;
    } else if (Array.isArray(v)) {
      const i = isNum(key) ? toBigInt(key) : undefined;
      if (i === undefined || i < 0n || i >= BigInt(v.length)) return undefined;
      v = v[Number(i)]!;
    } else if (v instanceof RSet) {
      if (!v.has(key)) return undefined;
      v = key;
    } else return undefined;
  }
  return v;
}

function objectGet(args: Value[]): Value {
  const o = obj(args, 1);
  const key = args[1]!;
  if (!Array.isArray(key)) return o.get(key) ?? args[2]!;
  if (key.length === 0) return o;
  return find(o, key) ?? args[2]!;
}

function keySet(v: Value): RSet {
  if (Array.isArray(v)) return RSet.of(v);
  if (v instanceof RSet) return v;
  if (v instanceof RObject) return RSet.of(v.keys());
  throw typeError(2, v, 'object', 'set', 'array');
}

function objectRemove(args: Value[]): Value {
  const o = obj(args, 1);
  const remove = keySet(args[1]!);
  const out = new RObject();
  for (const [k, v] of o.entries()) if (!remove.has(k)) out.set(k, v);
  return out;
}

function objectFilter(args: Value[]): Value {
  const o = obj(args, 1);
  const keep = keySet(args[1]!);
  const out = new RObject();
  for (const k of keep.values()) {
    const v = o.get(k);
    if (v !== undefined) out.set(k, v);
  }
  return out;
}

/** Right-biased recursive merge: on a shared key both objects merge, else b's value wins. */
function merge(a: RObject, b: RObject): RObject {
  const out = a.copy();
  for (const [k, bv] of b.entries()) {
    const av = a.get(k);
    out.set(k, av instanceof RObject && bv instanceof RObject ? merge(av, bv) : bv);
  }
  return out;
}

function objectUnion(args: Value[]): Value {
  const a = obj(args, 1);
  const b = obj(args, 2);
  return valueEqual(a, b) ? a : merge(a, b);
}

function objectUnionN(args: Value[]): Value {
  const list = arr(args, 1);
  // OPA checks from the last element backwards.
  for (let i = list.length - 1; i >= 0; i--) if (!(list[i] instanceof RObject)) throw elementError(1, list, list[i]!, 'object');
  return (list as RObject[]).reduce(merge, new RObject());
}

function objectKeys(args: Value[]): Value {
  return RSet.of(obj(args, 1).keys());
}

// ---- object.subset --------------------------------------------------------------------------

function objectSubset(sup: RObject, sub: RObject): boolean {
  return !sub.some((k, subV) => {
    const supV = sup.get(k);
    if (supV === undefined) return true;
    if (valueEqual(subV, supV)) return false;
    return !nestedSubset(supV, subV);
  });
}

/** Subset between two values of matching kinds; false for other pairs. */
function nestedSubset(sup: Value, sub: Value): boolean {
  if (sup instanceof RObject && sub instanceof RObject) return objectSubset(sup, sub);
  if (sup instanceof RSet && sub instanceof RSet) return setSubset(sup, sub);
  if (Array.isArray(sup) && Array.isArray(sub)) return arraySubset(sup, sub);
  return false;
}

function setSubset(sup: RSet, sub: RSet): boolean {
  for (const x of sub.values()) if (!sup.has(x)) return false;
  return true;
}

/** Whether sub occurs contiguously in sup. */
function arraySubset(sup: Value[], sub: Value[]): boolean {
  if (sub.length > sup.length) return false;
  for (let start = 0; start + sub.length <= sup.length; start++) {
    let i = 0;
    while (i < sub.length && compareValues(sup[start + i]!, sub[i]!) === 0) i++;
    if (i === sub.length) return true;
  }
  return false;
}

/** Every member of sub somewhere in sup; OPA answers false for an empty sup, even with an empty sub. */
function arraySetSubset(sup: Value[], sub: RSet): boolean {
  let unmatched = sub.size;
  return sup.some((x) => {
    if (sub.has(x)) unmatched--;
    return unmatched === 0;
  });
}

function subset(args: Value[]): Value {
  const [sup, sub] = args as [Value, Value];
  if (Array.isArray(sup) && sub instanceof RSet) return arraySetSubset(sup, sub);
  if (
    (sup instanceof RObject && sub instanceof RObject) ||
    (sup instanceof RSet && sub instanceof RSet) ||
    (Array.isArray(sup) && Array.isArray(sub))
  )
    return nestedSubset(sup, sub);
  throw new BuiltinError('both arguments object.subset must be of the same type or array and set', 'type');
}

// ---- JSON paths -----------------------------------------------------------------------------

/** A path written as a JSON pointer ("a/b", "~1" for "/", "~0" for "~") or as an array. */
function parsePath(p: Value): Value[] {
  if (typeof p === 'string') {
    if (p === '') return [];
    return p
      .replace(/^\/+/, '')
      .split('/')
      .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'));
  }
  if (Array.isArray(p)) return p;
  throw operandError(2, `must be one of {set, array} containing string paths or array of path segments but got ${typeName(p)}`);
}

function jsonPaths(v: Value): Value[][] {
  const items = members(v);
  if (items === undefined) throw typeError(2, v, 'set', 'array');
  return items.map(parsePath);
}

/** Paths as a tree of objects whose leaves are null; a shorter path swallows longer ones. */
function pathsToTree(paths: Value[][]): RObject {
  const root = new RObject();
  for (const path of paths) {
    if (path.length === 0) continue;
    let node: RObject | undefined = root;
    for (let i = 0; i < path.length - 1 && node !== undefined; i++) {
      const child = node.get(path[i]!);
      if (child === undefined) {
        const next = new RObject();
        node.set(path[i]!, next);
        node = next;
      } else node = child instanceof RObject ? child : undefined;
    }
    if (node !== undefined) node.set(path[path.length - 1]!, null);
  }
  return root;
}

/** OPA's Object.Filter: keeps what the filter tree names; arrays are indexed by "0", "1", ... */
function filterValue(v: Value, filter: Value): Value {
  if (filter === null) return v;
  const f = filter as RObject;
  if (Array.isArray(v)) {
    const out: Value[] = [];
    v.forEach((x, i) => {
      const sub = f.get(String(i));
      if (sub !== undefined) out.push(filterValue(x, sub));
    });
    return out;
  }
  if (v instanceof RSet) {
    const out = new RSet();
    for (const x of v.values()) {
      const sub = f.get(x);
      if (sub !== undefined) out.add(filterValue(x, sub));
    }
    return out;
  }
  if (v instanceof RObject) {
    const out = new RObject();
    for (const [k, x] of v.entries()) {
      const sub = f.get(k);
      if (sub !== undefined) out.set(k, filterValue(x, sub));
    }
    return out;
  }
  return v;
}

/** The value without the leaves of the tree; undefined when the value itself is removed. */
function removeValue(v: Value, tree: Value | undefined): Value | undefined {
  if (tree === undefined) return v;
  if (tree === null) return undefined;
  if (!(tree instanceof RObject)) return v;
  if (Array.isArray(v)) {
    const out: Value[] = [];
    v.forEach((x, i) => {
      const kept = removeValue(x, tree.get(String(i)));
      if (kept !== undefined) out.push(kept);
    });
    return out;
  }
  if (v instanceof RSet) {
    const out = new RSet();
    for (const x of v.values()) {
      const kept = removeValue(x, tree.get(x));
      if (kept !== undefined) out.add(kept);
    }
    return out;
  }
  if (v instanceof RObject) {
    const out = new RObject();
    for (const [k, x] of v.entries()) {
      const kept = removeValue(x, tree.get(k));
      if (kept !== undefined) out.set(k, kept);
    }
    return out;
  }
  return v;
}

function jsonFilter(args: Value[]): Value {
  const o = obj(args, 1);
  return filterValue(o, pathsToTree(jsonPaths(args[1]!)));
}

function jsonRemove(args: Value[]): Value | undefined {
  const o = obj(args, 1);
  return removeValue(o, pathsToTree(jsonPaths(args[1]!)));
}

// ---- json.patch -----------------------------------------------------------------------------

class PatchFailure extends Error {}

function fail(): never {
  throw new PatchFailure();
}

/** An array index from a path segment; `-` means the end, where inserting is allowed. */
function arrayIndex(seg: Value, length: number, forInsert: boolean): number {
  let i: number;
  if (typeof seg === 'string') {
    if (seg === '-' && forInsert) return length;
    if (!/^(0|[1-9][0-9]*)$/.test(seg)) fail();
    i = Number(seg);
  } else if (isNum(seg)) {
    const b = toBigInt(seg);
    if (b === undefined) fail();
    i = Number(b);
  } else fail();
  if (i < 0 || i > length || (i === length && !forInsert)) fail();
  return i;
}

function childOf(v: Value, seg: Value): Value {
  if (v instanceof RObject) {
    const child = v.get(seg);
    return child === undefined ? fail() : child;
  }
  if (Array.isArray(v)) return v[arrayIndex(seg, v.length, false)]!;
  if (v instanceof RSet) return v.has(seg) ? seg : fail();
  return fail();
}

/** Rebuilds v with the child at seg replaced by f(child). */
function updateChild(v: Value, seg: Value, f: (child: Value) => Value): Value {
  const child = childOf(v, seg);
  const next = f(child);
  if (v instanceof RObject) {
    const out = v.copy();
    out.set(seg, next);
    return out;
  }
  if (Array.isArray(v)) {
    const out = v.slice();
    out[arrayIndex(seg, v.length, false)] = next;
    return out;
  }
  const out = (v as RSet).copy();
  out.delete(child);
  out.add(next);
  return out;
}

function atPath(v: Value, path: Value[], f: (parent: Value, last: Value) => Value): Value {
  if (path.length === 1) return f(v, path[0]!);
  return updateChild(v, path[0]!, (child) => atPath(child, path.slice(1), f));
}

function insertAt(doc: Value, path: Value[], value: Value): Value {
  if (path.length === 0) return value;
  return atPath(doc, path, (parent, key) => {
    if (parent instanceof RObject) {
      const out = parent.copy();
      out.set(key, value);
      return out;
    }
    if (Array.isArray(parent)) {
      const out = parent.slice();
      out.splice(arrayIndex(key, parent.length, true), 0, value);
      return out;
    }
    if (parent instanceof RSet && valueEqual(key, value)) {
      const out = parent.copy();
      out.add(value);
      return out;
    }
    return fail();
  });
}

function removeAt(doc: Value, path: Value[]): Value {
  if (path.length === 0) return null;
  return atPath(doc, path, (parent, key) => {
    childOf(parent, key);
    if (parent instanceof RObject) {
      const out = parent.copy();
      out.delete(key);
      return out;
    }
    if (Array.isArray(parent)) {
      const out = parent.slice();
      out.splice(arrayIndex(key, parent.length, false), 1);
      return out;
    }
    const out = (parent as RSet).copy();
    out.delete(key);
    return out;
  });
}

function getAt(doc: Value, path: Value[]): Value {
  return path.reduce(childOf, doc);
}

const OPS = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);

function patchPath(p: Value | undefined): Value[] {
  if (typeof p !== 'string' && !Array.isArray(p)) fail();
  return parsePath(p);
}

function applyPatch(doc: Value, patch: Value): Value {
  if (!(patch instanceof RObject)) fail();
  const op = patch.get('op');
  if (typeof op !== 'string' || !OPS.has(op)) fail();
  const path = patchPath(patch.get('path'));
  const from = op === 'move' || op === 'copy' ? patchPath(patch.get('from')) : [];
  const value = op === 'add' || op === 'replace' || op === 'test' ? patch.get('value') : null;
  if (value === undefined) fail();
  switch (op) {
    case 'add':
      return insertAt(doc, path, value);
    case 'remove':
      return removeAt(doc, path);
    case 'replace':
      return insertAt(removeAt(doc, path), path, value);
    case 'move': {
      const chunk = getAt(doc, from);
      return insertAt(removeAt(doc, from), path, chunk);
    }
    case 'copy':
      return insertAt(doc, path, getAt(doc, from));
  }
  return valueEqual(getAt(doc, path), value) ? doc : fail();
}

function jsonPatch(args: Value[]): Value | undefined {
  const patches = arr(args, 2);
  try {
    return patches.reduce(applyPatch, args[0]!);
  } catch (e) {
    if (e instanceof PatchFailure) return undefined;
    throw e;
  }
}

// ---- walk -----------------------------------------------------------------------------------

/** Every [path, value] pair under x, the root first, children in order. */
function walk(args: Value[]): Value {
  const out: Value[] = [];
  const visit = (path: Value[], v: Value): void => {
    out.push([path, v]);
    if (Array.isArray(v)) v.forEach((x, i) => visit([...path, i], x));
    else if (v instanceof RObject) for (const [k, x] of v.entries()) visit([...path, k], x);
    else if (v instanceof RSet) for (const x of v.values()) visit([...path, x], x);
  };
  visit([], args[0]!);
  return out;
}

const keysParam = T.anyOf(anyArray, anyObject, anySet);
const jsonPathList = T.anyOf(T.array(T.anyOf(T.string, anyArray)), T.set(T.anyOf(T.string, anyArray)));

export const builtins: BuiltinDef[] = [
  { name: 'object.get', decl: T.fn([anyObject, T.any, T.any], T.any), fn: objectGet },
  { name: 'object.remove', decl: T.fn([anyObject, keysParam], T.any), fn: objectRemove },
  { name: 'object.filter', decl: T.fn([anyObject, keysParam], T.any), fn: objectFilter },
  { name: 'object.union', decl: T.fn([anyObject, anyObject], T.any), fn: objectUnion },
  { name: 'object.union_n', decl: T.fn([T.array(anyObject)], T.any), fn: objectUnionN },
  { name: 'object.keys', decl: T.fn([anyObject], anySet), fn: objectKeys },
  {
    name: 'object.subset',
    decl: T.fn([T.anyOf(anyArray, anyObject, anySet), T.anyOf(anyArray, anyObject, anySet)], T.any),
    fn: subset,
  },
  { name: 'json.filter', decl: T.fn([anyObject, jsonPathList], T.any), fn: jsonFilter },
  { name: 'json.remove', decl: T.fn([anyObject, jsonPathList], T.any), fn: jsonRemove },
  {
    name: 'json.patch',
    decl: T.fn([T.any, T.array(T.record({ op: T.string, path: T.any }, { key: T.any, value: T.any }))], T.any),
    fn: jsonPatch,
  },
  {
    name: 'walk',
    decl: T.fn([T.any], T.tuple(anyArray, T.any)),
    fn: walk,
    relation: true,
  },
];
