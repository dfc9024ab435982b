import { test } from 'node:test';
import { builtins } from '../../../src/rego/builtins/sets.js';
import { assertFails, assertValue, caller, set, v } from './helpers.js';

const call = caller(builtins);

test('binary set operators', () => {
  assertValue(call('and', [set(1, 2, 3), set(2, 3, 4)]), set(2, 3));
  assertValue(call('or', [set(1, v([1])), set(2)]), set(1, 2, v([1])));
  assertValue(call('set_diff', [set(1, 2), set(2)]), set(1));
  assertFails(() => call('and', [set(), v([])]), 'type', 'operand 2 must be set but got array');
});

test('intersection and union of a set of sets', () => {
  assertValue(call('intersection', [set(set(1, 2, 3), set(2, 3), set(3, 2, 9))]), set(2, 3));
  assertValue(call('intersection', [set()]), set());
  assertValue(call('union', [set(set(1), set(2, 3), set())]), set(1, 2, 3));
  assertFails(() => call('union', [set(set(1), 5)]), 'type', 'operand 1 must be set but got number');
});
