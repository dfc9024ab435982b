// Recognising the format of a bundle, and a bundle that mixes both formats.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decide, decisionToJSON, declaresPolicyName, PolicyError } from '../../src/policy/index.js';
import { compileFiles } from './support.js';

const circle = 'package org\npolicy_name["img"]\nenable_hard["images"]\nimages[msg] { msg := "circle violation" }\n';
const seed = 'package org\nimport rego.v1\nhard_fail contains {"rule": "seed_rule", "reason": "seed violation"} if input.bad\n';

test('a file declares policy_name when a line starts with the declaration', () => {
  assert.equal(declaresPolicyName('package org\npolicy_name["x"]\n'), true);
  assert.equal(declaresPolicyName('package org\n  policy_name contains "x" if true\n'), true);
  assert.equal(declaresPolicyName('package org\n# policy_name["x"]\npolicy_names := 1\n'), false);
});

test('auto: CircleCI when every file declares policy_name, seed when none does, mixed otherwise', () => {
  assert.equal(compileFiles({ 'a.rego': circle }).dialect, 'circleci');
  assert.equal(compileFiles({ 'a.rego': seed }).dialect, 'seed');
  assert.equal(compileFiles({ 'a.rego': circle, 'b.rego': seed }).dialect, 'mixed');
  assert.equal(compileFiles({}, 'auto').dialect, 'seed');
});

test('a mixed bundle reports both kinds; hard_fail holds rule names and violation objects side by side', () => {
  const c = compileFiles({ 'a.rego': circle, 'b.rego': seed });
  const d = decide(c, { bad: true });
  assert.equal(d.status, 'HARD_FAIL');
  assert.deepEqual(d.hard_failures, [
    { rule: 'images', reason: 'circle violation' },
    { rule: 'seed_rule', reason: 'seed violation' },
  ]);
  assert.deepEqual(d.enabled_rules, ['images']);
  assert.deepEqual(d.notes ?? [], []);
  // CircleCI's file rules still hold for the CircleCI files of a mixed bundle.
  assert.throws(
    () => compileFiles({ 'a.rego': 'package org\npolicy_name["a-b"]\n', 'b.rego': seed }),
    (e: unknown) => e instanceof PolicyError && /"policy_name" must use alphanumeric/.test(e.message) && e.file === 'a.rego',
  );
});

test('forcing a dialect: seed ignores enable_rule; circleci rejects seed files and ignores hard_fail objects', () => {
  const seedView = decide(compileFiles({ 'a.rego': 'package org\nimport rego.v1\npolicy_name contains "a"\nenable_hard contains "r"\nr := "x"\n' }, 'seed'), {});
  assert.equal(seedView.status, 'PASS');
  assert.throws(() => compileFiles({ 'b.rego': seed }, 'circleci'), /first rule declaration must be "policy_name" but found "hard_fail"/);
  const blogStyle = 'package org\nimport rego.v1\npolicy_name contains "blog"\nhard_fail contains {"rule": "x", "reason": "y"}\n';
  assert.equal(decisionToJSON(decide(compileFiles({ 'a.rego': blogStyle }, 'circleci'), {}), 'circleci'), '{\n  "status": "PASS"\n}\n');
});

test('a seed-format evaluation error is an ERROR decision with a located reason', () => {
  const d = decide(compileFiles({ 'policies/x.rego': 'package org\nimport rego.v1\nhard_fail contains v if { some v in input.items }\nmsg := "a"\nmsg := "b" if input.b\n' }), { items: [], b: true });
  assert.equal(d.status, 'PASS', 'rules the seed query does not read are not evaluated');
  const e = decide(compileFiles({ 'policies/x.rego': 'package org\nimport rego.v1\nhard_fail contains {"rule": "r", "reason": m} if m := msg\nmsg := "a"\nmsg := "b" if input.b\n' }), { b: true });
  assert.equal(e.status, 'ERROR');
  assert.match(e.reason!, /^policies\/x\.rego:\d+: eval_conflict_error: complete rules must not produce multiple outputs$/);
  assert.equal(e.error?.file, 'policies/x.rego');
});
