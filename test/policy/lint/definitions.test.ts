import { test } from 'node:test';
import assert from 'node:assert/strict';
import { found, org, where } from './helpers.js';

const blocked = org(`get_command(step) := step.run if is_object(step)
get_command(step) := step if is_string(step)`);

test('conflicting-definitions: get_command in two files of package org with different bodies', () => {
  const secrets = org(`get_command(step) := step.run.command if is_object(step.run)
get_command(step) := step.run if is_string(step.run)`);
  const fs = found('conflicting-definitions', { 'blocked.rego': blocked, 'secrets.rego': secrets });
  assert.deepEqual(where(fs), ['secrets.rego:5:1']);
  assert.match(fs[0]!.message, /function get_command is also defined in blocked\.rego:5 with a different body/);
});

test('conflicting-definitions: a complete rule with different values in two files', () => {
  const fs = found('conflicting-definitions', { 'a.rego': org('max_parallelism := 4'), 'b.rego': org('max_parallelism := 8') });
  assert.deepEqual(where(fs), ['b.rego:5:1']);
});

test('conflicting-definitions: identical copies, other packages, one file, partial sets are quiet', () => {
  const lib = blocked.replace('package org', 'package lib.helpers');
  assert.deepEqual(found('conflicting-definitions', { 'a.rego': blocked, 'b.rego': blocked }), []);
  assert.deepEqual(found('conflicting-definitions', { 'a.rego': blocked, 'lib.rego': lib }), []);
  assert.deepEqual(found('conflicting-definitions', { 'a.rego': org('allowed contains "a"'), 'b.rego': org('allowed contains "b"') }), []);
});

test('duplicate-policy-metadata: two files of one package', () => {
  const meta = (name: string) => org(`__policy_metadata__ := {"name": "${name}", "severity": "high"}`);
  const fs = found('duplicate-policy-metadata', { 'a.rego': meta('A'), 'b.rego': meta('B') });
  assert.deepEqual(where(fs), ['b.rego:5:1']);
  assert.match(fs[0]!.message, /already declared in package org at a\.rego:5/);
});

test('duplicate-policy-metadata: one per package is quiet', () => {
  const meta = org('__policy_metadata__ := {"name": "A"}');
  assert.deepEqual(found('duplicate-policy-metadata', { 'a.rego': meta, 'b.rego': meta.replace('package org', 'package org.secrets') }), []);
});
