import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtins } from '../../../src/rego/builtins/units.js';
import { parseNumber } from '../../../src/rego/number.js';
import { assertFails, assertValue, caller } from './helpers.js';

const call = caller(builtins);

test('units.parse is exact and tells milli from mega', () => {
  assert.equal(call('units.parse', ['250m']), 0.25);
  assert.equal(call('units.parse', ['2.5M']), 2500000);
  assert.equal(call('units.parse', ['1.5Ki']), 1536);
  assert.equal(call('units.parse', ['1.1ki']), 1126.4);
  assert.equal(call('units.parse', ['"2e3k"']), 2000000);
  assert.equal(call('units.parse', ['1m']), 0.001);
  assertValue(call('units.parse', ['3Ei']), parseNumber('3458764513820540928')!);
});

test('units.parse errors', () => {
  assertFails(() => call('units.parse', ['10 K']), 'builtin', 'units.parse: spaces not allowed in resource strings');
  assertFails(() => call('units.parse', ['K']), 'builtin', 'units.parse: no amount provided');
  assertFails(() => call('units.parse', ['1.2.3K']), 'builtin', 'units.parse: could not parse amount to a number');
  assertFails(() => call('units.parse', ['5Q']), 'builtin', 'units.parse: unit Q not recognized');
  assertFails(() => call('units.parse', ['5mB']), 'builtin', 'units.parse: unit mb not recognized');
});

test('units.parse_bytes truncates to whole bytes, case-insensitively', () => {
  assert.equal(call('units.parse_bytes', ['1.5KiB']), 1536);
  assert.equal(call('units.parse_bytes', ['1.1kib']), 1126);
  assert.equal(call('units.parse_bytes', ['0.3MB']), 300000);
  assert.equal(call('units.parse_bytes', ['2G']), 2000000000);
  assert.equal(call('units.parse_bytes', ['5e-1kb']), 500);
  assert.equal(call('units.parse_bytes', ['-1.9']), -1);
  assertFails(() => call('units.parse_bytes', ['1xb']), 'builtin', 'units.parse_bytes: byte unit xb not recognized');
  assertFails(() => call('units.parse_bytes', ['b']), 'builtin', 'units.parse_bytes: no byte amount provided');
});
