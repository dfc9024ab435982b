import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtins } from '../../../src/rego/builtins/casts.js';
import { parseNumber } from '../../../src/rego/number.js';
import { assertFails, assertValue, caller, obj, set, v } from './helpers.js';

const call = caller(builtins);

test('to_number converts strings as Go ParseFloat reads them, keeping digits', () => {
  assert.equal(call('to_number', ['-42.0']), -42);
  assert.equal(call('to_number', ['.5']), 0.5);
  assert.equal(call('to_number', ['+7']), 7);
  assert.equal(call('to_number', ['1e3']), 1000);
  assert.equal(call('to_number', ['0x1p4']), 16);
  assertValue(call('to_number', ['12345678901234567890.5']), parseNumber('12345678901234567890.5')!);
  assert.equal(call('to_number', [true]), 1);
  assert.equal(call('to_number', [null]), 0);
});

test('to_number rejects what Go rejects', () => {
  assertFails(() => call('to_number', ['12abc']), 'builtin', 'strconv.ParseFloat: parsing "12abc": invalid syntax');
  assertFails(() => call('to_number', ['1e999']), 'builtin', 'value out of range');
  assertFails(() => call('to_number', ['1_000']), 'builtin', 'invalid syntax');
  assertFails(() => call('to_number', ['-Inf']), 'type', 'operand 1 must be valid number string but got string');
  assertFails(() => call('to_number', [v([])]), 'type', 'operand 1 must be one of {null, boolean, number, string} but got array');
});

test('v0 casts pass their own type through and convert arrays and sets', () => {
  assertValue(call('cast_array', [set(2, 1)]), v([1, 2]));
  assertValue(call('cast_set', [v([1, 1, 2])]), set(1, 2));
  assert.equal(call('cast_string', ['s']), 's');
  assert.equal(call('cast_null', [null]), null);
  assertValue(call('cast_object', [obj({ a: 1 })]), obj({ a: 1 }));
  assertFails(() => call('cast_boolean', ['true']), 'type', 'operand 1 must be boolean but got string');
  assertFails(() => call('cast_array', ['x']), 'type', 'operand 1 must be one of {array, set} but got string');
});
