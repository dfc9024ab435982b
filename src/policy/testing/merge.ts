// How a case inherits from its parent test (spec §6.2, CircleCI's internal/merge.go): maps merge
// key by key and a `null` deletes the key; arrays merge element by element by index and a `null`
// element is dropped; anything else, and a change of type, is replaced by the child's value.

import type { JsonObject, JsonValue } from '../../circleci/index.js';

export function isMap(v: JsonValue | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function merge(parent: JsonValue | undefined, child: JsonValue): JsonValue {
  if (isMap(parent)) return isMap(child) ? mergeMaps(parent, child) : child;
  if (Array.isArray(parent)) return Array.isArray(child) ? mergeArrays(parent, child) : child;
  return child;
}

export function mergeMaps(parent: JsonObject | undefined, child: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(parent ?? {})) {
    if (!Object.prototype.hasOwnProperty.call(child, k)) set(out, k, v);
    else if (child[k] !== null) set(out, k, merge(v, child[k]!));
  }
  for (const [k, v] of Object.entries(child)) {
    if (v === null || Object.prototype.hasOwnProperty.call(out, k) || (parent !== undefined && Object.prototype.hasOwnProperty.call(parent, k))) continue;
    set(out, k, v);
  }
  return out;
}

function mergeArrays(parent: JsonValue[], child: JsonValue[]): JsonValue[] {
  const out: JsonValue[] = [];
  for (let i = 0; i < Math.max(parent.length, child.length); i++) {
    if (i < parent.length && i < child.length) {
      if (child[i] !== null) out.push(merge(parent[i], child[i]!));
    } else out.push(i < parent.length ? parent[i]! : child[i]!);
  }
  return out;
}

/** Sets a key without letting `__proto__` change the prototype. */
function set(obj: JsonObject, key: string, value: JsonValue): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}
