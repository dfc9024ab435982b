import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertLocated, circle, dir, run, seed } from './policy-support.js';

test('validate: a valid bundle names its format', async () => {
  const r = await run(['validate', seed + 'policies']);
  assert.deepEqual([r.code, r.out], [0, `${seed}policies: valid (10 files, seed format)\n`]);
  const c = await run(['validate', circle + 'policies']);
  assert.match(c.out, /valid \(5 files, circleci format\)/);
});

test('validate: every problem as file:line:col, exit 2', async () => {
  const d = dir({ 'a.rego': 'package org\np if { x }\n', 'sub/b.rego': 'package org\nq if { y }\n' });
  const r = await run(['validate', d]);
  assert.equal(r.code, 2);
  assert.deepEqual(assertLocated(r.err), [`${d}/a.rego:2:8: rego_unsafe_var_error: var x is unsafe`, `${d}/sub/b.rego:2:8: rego_unsafe_var_error: var y is unsafe`]);
});

test("validate --dialect circleci: CircleCI's rules and wording, located", async () => {
  const d = dir({ 'policies/a.rego': 'package org\n\nallowed := {"x"}\n' });
  const r = await run(['validate', d + '/policies', '--dialect', 'circleci']);
  assert.equal(r.code, 2);
  assert.equal(
    r.err,
    `${d}/policies/a.rego:3:1: failed to parse policy file(s): failed to parse file: "${d}/policies/a.rego": first rule declaration must be "policy_name" but found "allowed"\n`,
  );
  const json = await run(['validate', d + '/policies', '--dialect', 'circleci', '--output', 'json']);
  const doc = JSON.parse(json.out);
  assert.equal(doc.valid, false);
  assert.equal(doc.error, `failed to parse policy file(s): failed to parse file: "${d}/policies/a.rego": first rule declaration must be "policy_name" but found "allowed"`);
  assert.deepEqual([doc.problems[0].line, doc.problems[0].col], [3, 1]);
});

test('validate: a missing path or an empty directory', async () => {
  const d = dir({});
  const missing = await run(['validate', d + '/nope']);
  assert.deepEqual([missing.code, missing.err], [2, `${d}/nope: no such file or directory\n`]);
  const empty = await run(['validate', d]);
  assert.deepEqual([empty.code, empty.err], [2, `${d}: no rego policies found\n`]);
});
