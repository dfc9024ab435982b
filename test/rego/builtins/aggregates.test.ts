import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtins } from '../../../src/rego/builtins/aggregates.js';
import { parseNumber } from '../../../src/rego/number.js';
import { assertFails, assertValue, caller, obj, set, v } from './helpers.js';

const call = caller(builtins);

test('count measures strings in code points and collections in members', () => {
  assert.equal(call('count', ['héllo']), 5);
  assert.equal(call('count', ['😀x']), 2);
  assert.equal(call('count', [v([1, 2, 3])]), 3);
  assert.equal(call('count', [obj({ a: 1, b: 2 })]), 2);
  assert.equal(call('count', [set(1, 2, 2)]), 2);
  assertFails(() => call('count', [7]), 'type', 'operand 1 must be one of {array, object, set, string} but got number');
});

test('sum and product are exact for big integers and round like Go floats otherwise', () => {
  assertValue(call('sum', [v([parseNumber('9007199254740993')!, 2])]), parseNumber('9007199254740995')!);
  assertValue(call('sum', [set(0.1, 0.2)]), parseNumber('0.3')!);
  assert.equal(call('sum', [v([])]), 0);
  assert.equal(call('product', [set(2, 3, 7)]), 42);
  assert.equal(call('product', [v([])]), 1);
  assertFails(() => call('sum', [v([1, 'a'])]), 'type', 'operand 1 must be array of numbers but got array containing string');
  assertFails(() => call('product', ['x']), 'type', 'operand 1 must be one of {set, array} but got string');
});

test('max and min follow the total order across types and are undefined when empty', () => {
  assert.equal(call('max', [v([3, 'a', null, 10])]), 'a');
  assert.equal(call('min', [v([3, 'a', false, 10])]), false);
  assert.equal(call('max', [set(1, 9, 4)]), 9);
  assert.equal(call('min', [v([])]), undefined);
});

test('sort returns a sorted copy and leaves the input alone', () => {
  const input = v([3, 'b', 1, 'a']) as unknown[];
  assertValue(call('sort', [input as never]), v([1, 3, 'a', 'b']));
  assert.deepEqual(input, [3, 'b', 1, 'a']);
  assertValue(call('sort', [set('z', 'y')]), v(['y', 'z']));
});

test('v0 all and any look for the boolean true only', () => {
  assert.equal(call('all', [v([])]), true);
  assert.equal(call('all', [v([true, 1])]), false);
  assert.equal(call('any', [set(false, 'true')]), false);
  assert.equal(call('any', [v([{}, true])]), true);
  assertFails(() => call('all', ['x']), 'type', 'operand 1 must be one of {array, set} but got string');
});
