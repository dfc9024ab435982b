import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtins } from '../../../src/rego/builtins/arrays.js';
import { assertFails, assertValue, caller, obj, v } from './helpers.js';

const call = caller(builtins);

test('array.concat joins without touching its inputs', () => {
  const a = v([1]) as never;
  assertValue(call('array.concat', [a, v([2, 3])]), v([1, 2, 3]));
  assert.deepEqual(a, [1]);
  assertFails(() => call('array.concat', [v([]), obj({})]), 'type', 'operand 2 must be array but got object');
});

test('array.slice clamps both ends', () => {
  const a = v([0, 1, 2, 3, 4]);
  assertValue(call('array.slice', [a, 1, 3]), v([1, 2]));
  assertValue(call('array.slice', [a, -5, 2]), v([0, 1]));
  assertValue(call('array.slice', [a, 3, 99]), v([3, 4]));
  assertValue(call('array.slice', [a, 4, 2]), v([]));
  assertFails(() => call('array.slice', [a, 0.5, 2]), 'type', 'operand 2 must be integer number but got floating-point number');
});

test('array.reverse', () => {
  const a = v([1, 2, 3]) as never;
  assertValue(call('array.reverse', [a]), v([3, 2, 1]));
  assert.deepEqual(a, [1, 2, 3]);
});
