import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtins } from '../../../src/rego/builtins/comparison.js';
import { parseNumber } from '../../../src/rego/number.js';
import { caller, obj, set, v } from './helpers.js';

const call = caller(builtins);

test('equality is by value across number representations', () => {
  assert.equal(call('equal', [1, parseNumber('1.0')!]), true);
  assert.equal(call('equal', [set(1, 2), set(2, 1)]), true);
  assert.equal(call('neq', [obj({ a: 1 }), obj({ a: 2 })]), true);
  assert.equal(call('equal', ['1', 1]), false);
});

test('ordering follows types first, then values', () => {
  assert.equal(call('lt', [null, false]), true);
  assert.equal(call('lt', [100, 'a']), true);
  assert.equal(call('gt', [v([1, 2]), v([1])]), true);
  assert.equal(call('lte', [set(), obj({})]), false);
  assert.equal(call('gte', ['b', 'a']), true);
  assert.equal(call('lt', ['Z', 'a']), true);
});
