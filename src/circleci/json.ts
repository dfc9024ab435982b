// The plain JSON-like values a config is made of, and the few helpers every stage needs on them.

/** Integers beyond 2^53 are kept exact as `bigint`; everything else is what JSON.parse would give. */
export type JsonValue = string | number | bigint | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** A step from the document root to a node: map keys and sequence indexes. */
export type PathSegment = string | number;

export function isObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Sets a key without letting `__proto__` change the object's prototype. */
export function setKey(obj: JsonObject, key: string, value: JsonValue): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

export function hasKey(obj: JsonObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

/** Value equality with types: the string "1" is not the number 1, but 1 and 1n are equal. */
export function deepEqual(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if ((typeof a === 'number' || typeof a === 'bigint') && (typeof b === 'number' || typeof b === 'bigint'))
    return a == b; // loose on purpose: 1 == 1n
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]!));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => hasKey(b, k) && deepEqual(a[k]!, b[k]!));
  }
  return false;
}

/** The text a scalar has when it is written into a string, as CircleCI renders it. */
export function scalarText(v: JsonValue): string {
  if (v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'object') return toJsonText(v);
  return String(v);
}

/** JSON text that keeps big integers exact (JSON.stringify cannot print a bigint). */
export function toJsonText(value: JsonValue, indent = 0): string {
  const pad = (depth: number) => (indent > 0 ? '\n' + ' '.repeat(indent * depth) : '');
  const sep = indent > 0 ? ': ' : ':';
  const walk = (v: JsonValue, depth: number): string => {
    if (typeof v === 'bigint') return v.toString();
    if (typeof v === 'number') return Number.isFinite(v) ? JSON.stringify(v) : 'null';
    if (v === null || typeof v !== 'object') return JSON.stringify(v);
    const inner = pad(depth + 1);
    if (Array.isArray(v)) {
      if (v.length === 0) return '[]';
      return '[' + v.map((x) => inner + walk(x, depth + 1)).join(',') + pad(depth) + ']';
    }
    const keys = Object.keys(v);
    if (keys.length === 0) return '{}';
    return '{' + keys.map((k) => inner + JSON.stringify(k) + sep + walk(v[k]!, depth + 1)).join(',') + pad(depth) + '}';
  };
  return walk(value, 0);
}

/** CircleCI's truthiness: false, null, 0, NaN and "" are falsy; everything else is truthy. */
export function isTruthy(v: JsonValue): boolean {
  if (v === null || v === false || v === '' || v === 0 || v === 0n) return false;
  return !(typeof v === 'number' && Number.isNaN(v));
}
