import { test } from 'node:test';
import assert from 'node:assert/strict';
import { merge, mergeMaps } from '../../../src/policy/testing/index.js';

test('maps merge key by key, recursively', () => {
  assert.deepEqual(merge({ a: 1, b: { c: 2, d: 3 } }, { b: { d: 4, e: 5 }, f: 6 }), { a: 1, b: { c: 2, d: 4, e: 5 }, f: 6 });
});

test('a null value deletes the key; a null for a missing key adds nothing', () => {
  assert.deepEqual(merge({ status: 'HARD_FAIL', hard_failures: [1] }, { hard_failures: null, soft_failures: null }), { status: 'HARD_FAIL' });
});

test('arrays merge element by element by index', () => {
  assert.deepEqual(merge(['a', 'b'], ['c']), ['c', 'b']);
  assert.deepEqual(merge([{ x: 1, y: 2 }], [{ y: 3 }]), [{ x: 1, y: 3 }]);
  assert.deepEqual(merge(['a'], ['b', 'c']), ['b', 'c']);
});

test('a null element is dropped where both arrays have one; a trailing child null stays', () => {
  assert.deepEqual(merge(['a', 'b'], [null]), ['b']);
  assert.deepEqual(merge(['a'], ['b', null]), ['b', null]);
});

test('scalars and changes of type: the child wins', () => {
  assert.deepEqual(merge({ a: 1 }, [1]), [1]);
  assert.deepEqual(merge([1], { a: 1 }), { a: 1 });
  assert.equal(merge('x', 2), 2);
  assert.equal(merge(undefined, 'x'), 'x');
});

test('mergeMaps works from no parent and never changes its arguments', () => {
  const parent = { a: { b: 1 } };
  const child = { a: { c: 2 } };
  assert.deepEqual(mergeMaps(undefined, { a: 1, b: null }), { a: 1 });
  assert.deepEqual(mergeMaps(parent, child), { a: { b: 1, c: 2 } });
  assert.deepEqual(parent, { a: { b: 1 } });
  assert.deepEqual(child, { a: { c: 2 } });
});

test('a __proto__ key is data, not a prototype', () => {
  const child = JSON.parse('{"__proto__": {"polluted": true}}');
  const out = merge({}, child) as Record<string, unknown>;
  assert.deepEqual(Object.keys(out), ['__proto__']);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(Object.getPrototypeOf(out), Object.prototype);
});
