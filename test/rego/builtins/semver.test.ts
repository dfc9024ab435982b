import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtins } from '../../../src/rego/builtins/semver.js';
import { assertFails, caller, v } from './helpers.js';

const call = caller(builtins);

test('semver.is_valid wants three integers and well-formed identifiers', () => {
  for (const ok of ['1.2.3', '0.0.0-alpha.1+build.5', '10.20.30-rc-1', '01.2.3']) assert.equal(call('semver.is_valid', [ok]), true, ok);
  for (const bad of ['1.2', '1.2.3.4', 'v1.2.3', '1.2.x', '1.2.3-alpha..1', '1.2.3+', 99, '1.2.99999999999999999999']) assert.equal(call('semver.is_valid', [v(bad)]), bad === '1.2.3+', String(bad));
});

test('semver.compare orders by core, then pre-release identifiers', () => {
  const cmp = (a: string, b: string) => call('semver.compare', [a, b]);
  assert.equal(cmp('1.10.0', '1.9.9'), 1);
  assert.equal(cmp('1.0.0-alpha', '1.0.0'), -1);
  assert.equal(cmp('1.0.0-alpha.1', '1.0.0-alpha'), 1);
  assert.equal(cmp('1.0.0-2', '1.0.0-10'), -1);
  assert.equal(cmp('1.0.0-rc', '1.0.0-10'), 1);
  assert.equal(cmp('1.0.0+a', '1.0.0+b'), 0);
  assertFails(() => cmp('1.0', '1.0.0'), 'builtin', 'operand 1: string "1.0" is not a valid SemVer');
  assertFails(() => cmp('1.0.0', 'x'), 'builtin', 'operand 2: string "x" is not a valid SemVer');
});
