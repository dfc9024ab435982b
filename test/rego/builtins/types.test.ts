import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtins } from '../../../src/rego/builtins/types.js';
import { parseNumber } from '../../../src/rego/number.js';
import type { Value } from '../../../src/rego/value.js';
import { caller, obj, set, v } from './helpers.js';

const call = caller(builtins);

const samples: [string, Value][] = [
  ['null', null],
  ['boolean', false],
  ['number', parseNumber('1e400')!],
  ['string', ''],
  ['array', v([])],
  ['object', obj({})],
  ['set', set()],
];

test('each predicate accepts exactly its own type', () => {
  for (const [name] of samples)
    for (const [other, value] of samples) assert.equal(call(`is_${name}`, [value]), name === other, `is_${name}(${other})`);
});

test('type_name names every type', () => {
  for (const [name, value] of samples) assert.equal(call('type_name', [value]), name);
});
