import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtins } from '../../../src/rego/builtins/numbers.js';
import { parseNumber } from '../../../src/rego/number.js';
import { assertFails, assertValue, caller, fakeContext, set, v } from './helpers.js';

const call = caller(builtins);
const n = (s: string) => parseNumber(s)!;

test('arithmetic is exact on integers and uses 64-bit binary floats otherwise', () => {
  assertValue(call('plus', [n('9223372036854775807'), 1]), n('9223372036854775808'));
  assertValue(call('mul', [n('4294967296'), n('4294967296')]), n('18446744073709551616'));
  assertValue(call('div', [10, 4]), n('2.5'));
  assertValue(call('div', [1, 3]), n('0.33333333333333333334'));
  assert.equal(call('rem', [-7, 3]), -1);
});

test('arithmetic failures are built-in errors', () => {
  assertFails(() => call('div', [1, 0]), 'builtin', 'divide by zero');
  assertFails(() => call('rem', [1, 0]), 'builtin', 'modulo by zero');
  assertFails(() => call('rem', [1.5, 1]), 'builtin', 'modulo on floating-point number');
  assertFails(() => call('plus', [1, 'x']), 'type', 'operand 2 must be number but got string');
});

test('minus subtracts numbers or sets and reports mixed operands', () => {
  assert.equal(call('minus', [5, 7]), -2);
  assertValue(call('minus', [set(1, 2, 3), set(2, 9)]), set(1, 3));
  assertFails(() => call('minus', [set(1), 1]), 'type', 'operand 2 must be set but got number');
  assertFails(() => call('minus', [1, set(1)]), 'type', 'operand 2 must be number but got set');
  assertFails(() => call('minus', ['a', 1]), 'type', 'operand 1 must be one of {number, set} but got string');
});

test('rounding functions', () => {
  assert.equal(call('round', [-2.5]), -3);
  assert.equal(call('round', [2.4999]), 2);
  assert.equal(call('ceil', [-1.5]), -1);
  assert.equal(call('floor', [-1.001]), -2);
  assert.equal(call('abs', [-4.25]), 4.25);
});

test('numbers.range counts up or down, inclusive', () => {
  assertValue(call('numbers.range', [2, 5]), v([2, 3, 4, 5]));
  assertValue(call('numbers.range', [1, -1]), v([1, 0, -1]));
  assertFails(() => call('numbers.range', [1.5, 3]), 'type', 'operand 1 must be integer number but got floating-point number');
  assertFails(() => call('numbers.range', [1, 'x']), 'type', 'operand 2 must be integer but got string');
});

test('numbers.range_step skips by step and needs a positive step', () => {
  assertValue(call('numbers.range_step', [0, 9, 4]), v([0, 4, 8]));
  assertValue(call('numbers.range_step', [9, 0, 4]), v([9, 5, 1]));
  assertFails(() => call('numbers.range_step', [0, 9, 0]), 'builtin', 'step must be a positive integer');
});

test('rand.intn is stable within one query and bounded by |n|', () => {
  const ctx = fakeContext();
  const first = call('rand.intn', ['seed', -1000000], ctx) as number;
  assert.ok(first >= 0 && first < 1000000);
  for (let i = 0; i < 5; i++) assert.equal(call('rand.intn', ['seed', 1000000], ctx), first);
  assert.equal(call('rand.intn', ['x', 0]), 0);
});

test('products of int32 values beyond 2^53 stay exact', () => {
  assertValue(call('mul', [2147483647, 2147483647]), n('4611686014132420609'));
  assertValue(call('mul', [-2147483648, -2147483648]), n('4611686018427387904'));
  assert.ok(Object.is(call('mul', [0, -5]), 0));
});
