// CircleCI's decisions (spec §2): evaluation of all of data, enable_rule / hard_fail /
// enable_hard, the violation table, statuses, ERROR decisions and the exact decision JSON.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PolicyError, decide, decisionToJSON, makeDecision } from '../../src/policy/index.js';
import { circleciJSON, compileFiles, decideFiles } from './support.js';

test('enable_hard enables and hardens; a rule enabled twice is listed and reported once (§2.4 enable_hard)', () => {
  const files = {
    'policy.rego': `package org
policy_name["enable_hard"]
enable_rule["d"]
enable_hard["d"]
enable_hard["s"]
d = "d failed"
s = "s failed"
`,
  };
  assert.equal(
    circleciJSON(files, {}),
    `{
  "status": "HARD_FAIL",
  "enabled_rules": [
    "d",
    "s"
  ],
  "hard_failures": [
    {
      "rule": "d",
      "reason": "d failed"
    },
    {
      "rule": "s",
      "reason": "s failed"
    }
  ]
}
`,
  );
});

test('hard_fail without enable_rule does nothing: the minimal decision is {"status":"PASS"} (§2.4 no_enabled_rules)', () => {
  const files = { 'policy.rego': 'package org\npolicy_name["none"]\nhard_fail["r"]\nr = "always"\n' };
  assert.equal(circleciJSON(files, {}), '{\n  "status": "PASS"\n}\n');
});

test('soft and hard failures together: HARD_FAIL with both lists (§2.4 soft_and_hard_fail_together)', () => {
  const files = {
    'policy.rego': `package org
policy_name["both"]
enable_rule["soft"]
enable_rule["hard"]
hard_fail["hard"]
soft = "a soft one"
hard = "a hard one"
`,
  };
  const d = decideFiles(files, {}, undefined, 'circleci');
  assert.equal(d.status, 'HARD_FAIL');
  assert.deepEqual(d.hard_failures, [{ rule: 'hard', reason: 'a hard one' }]);
  assert.deepEqual(d.soft_failures, [{ rule: 'soft', reason: 'a soft one' }]);
});

test('reason types: strings, string members of sets and arrays, string values of objects; nothing else (§2.2)', () => {
  const files = {
    'policy.rego': `package org
import future.keywords
policy_name["reason_types"]
enable_rule[r] { some r in ["str", "arr", "map", "set", "bool", "num", "objs", "empty", "undef", "fn", "mixed"] }
str = "reason"
arr = ["reason one", "reason two", "reason one"]
map = {"k1": "r1", "k2": "r2", "k3": 3}
set contains "s1"
bool { true }
num = 1
objs contains {"rule": "x", "reason": "y"}
empty = ""
undef { false }
fn(x) = x
mixed = [1, "m", null, {"a": "b"}]
`,
  };
  const d = decideFiles(files, {}, undefined, 'circleci');
  assert.equal(d.status, 'SOFT_FAIL');
  assert.deepEqual(
    d.soft_failures.map((v) => [v.rule, v.reason]),
    [
      ['arr', 'reason one'],
      ['arr', 'reason one'],
      ['arr', 'reason two'],
      ['empty', ''],
      ['map', 'r1'],
      ['map', 'r2'],
      ['mixed', 'm'],
      ['set', 's1'],
      ['str', 'reason'],
    ],
  );
  assert.deepEqual(d.enabled_rules, ['arr', 'bool', 'empty', 'fn', 'map', 'mixed', 'num', 'objs', 'set', 'str', 'undef']);
});

test('an object-valued complete rule yields one violation per string value (§2.2)', () => {
  const files = { 'policy.rego': 'package org\npolicy_name["p"]\nenable_rule["r"]\nr = {"rule": "x", "reason": "y"}\n' };
  assert.deepEqual(decideFiles(files, {}, undefined, 'circleci').soft_failures, [
    { rule: 'r', reason: 'x' },
    { rule: 'r', reason: 'y' },
  ]);
});

test('enablement can depend on data.meta; without metadata data.meta is null (§2.4 structure)', () => {
  const files = {
    'policy.rego': 'package org\npolicy_name["structure"]\nenable_rule["rule"] { data.meta.project_id == "A" }\nrule = "fired"\n',
  };
  assert.equal(circleciJSON(files, {}), '{\n  "status": "PASS"\n}\n');
  assert.equal(decideFiles(files, {}, { project_id: 'B' }, 'circleci').status, 'PASS');
  const d = decideFiles(files, {}, { project_id: 'A' }, 'circleci');
  assert.deepEqual([d.status, d.soft_failures], ['SOFT_FAIL', [{ rule: 'rule', reason: 'fired' }]]);
});

test('a runtime conflict anywhere in data is an ERROR decision with OPA\'s located message (§2.4 error)', () => {
  const files = {
    'policies/common/error/policy.rego': `package org

policy_name["error"]

enable_rule["rule"]
rule = "yes"
rule = "no"
`,
  };
  const compiled = compileFiles(files, 'circleci');
  const d = decide(compiled, {});
  assert.equal(d.status, 'ERROR');
  assert.match(d.reason!, /^policies\/common\/error\/policy\.rego:[67]: eval_conflict_error: complete rules must not produce multiple outputs$/);
  assert.equal(decisionToJSON(d, 'circleci'), `{\n  "status": "ERROR",\n  "reason": ${JSON.stringify(d.reason)}\n}\n`);
  // A conflict in a rule nobody enables still poisons the decision: all of data is evaluated.
  const unused = { 'a.rego': 'package org\npolicy_name["a"]\nhelper = 1\nhelper = 2\n' };
  assert.equal(decideFiles(unused, {}, undefined, 'circleci').status, 'ERROR');
});

test('built-in errors make an expression undefined instead of an ERROR (§2.5)', () => {
  const files = {
    'policy.rego': 'package org\nimport future.keywords\npolicy_name["p"]\nenable_rule["r"]\nr contains "split failed silently" if { not split(input.n, ",") }\n',
  };
  const d = decideFiles(files, { n: 5 }, undefined, 'circleci');
  assert.deepEqual(d.soft_failures, [{ rule: 'r', reason: 'split failed silently' }]);
});

test('enable_rule of the wrong type is an error, not a decision (§2.6)', () => {
  for (const [key, value] of [['enable_rule', '{"a": "b"}'], ['hard_fail', '"x"'], ['enable_hard', '1']]) {
    const files = { 'policy.rego': `package org\npolicy_name["p"]\n${key} = ${value}\n` };
    assert.throws(() => decideFiles(files, {}, undefined, 'circleci'), (e: unknown) => e instanceof PolicyError && e.message === `invalid ${key}: value is not a slice`);
  }
  // Arrays work, and non-string members are dropped silently.
  const ok = { 'policy.rego': 'package org\npolicy_name["p"]\nenable_rule = ["r", 1]\nr = "x"\n' };
  assert.deepEqual(decideFiles(ok, {}, undefined, 'circleci').enabled_rules, ['r']);
});

test('violations sort by the concatenation rule+reason, byte-wise (§2.3)', () => {
  const d = makeDecision(['a', 'ab'], [], [
    { rule: 'a', reason: 'bc' },
    { rule: 'ab', reason: 'a' },
    { rule: 'b', reason: '\u{1F600}' },
    { rule: 'b', reason: '\uFFFD' },
  ]);
  assert.deepEqual(
    d.soft_failures.map((v) => v.rule + v.reason),
    ['aba', 'abc', 'b\uFFFD', 'b\u{1F600}'],
  );
});

test('decision JSON escapes <, > and & as Go does', () => {
  const files = { 'policy.rego': 'package org\npolicy_name["p"]\nenable_hard["r"]\nr = "<<pipeline.parameters.x>> & more"\n' };
  assert.match(circleciJSON(files, {}), /"reason": "\\u003c\\u003cpipeline\.parameters\.x\\u003e\\u003e \\u0026 more"/);
});

test('the blog example rewritten for CircleCI decides as the spec shows (§12)', () => {
  const policy = `package org

import future.keywords

policy_name["docker_images"]

approved_prefixes := ["cimg/", "circleci/", "docker.io/library/", "gcr.io/my-org/"]

image_approved(image) if {
	some prefix in approved_prefixes
	startswith(image, prefix)
}

approved_docker_images contains reason if {
	some job_name, job in input._compiled_.jobs
	some executor in job.docker
	not image_approved(executor.image)
	reason := sprintf("Job '%s' uses unapproved image '%s'.", [job_name, executor.image])
}

enable_hard["approved_docker_images"]
`;
  const input = {
    jobs: { build: { docker: [{ image: 'random-registry/untrusted:latest' }] } },
    _compiled_: { jobs: { build: { docker: [{ image: 'random-registry/untrusted:latest' }] } } },
  };
  assert.equal(
    circleciJSON({ 'docker_images.rego': policy }, input),
    `{
  "status": "HARD_FAIL",
  "enabled_rules": [
    "approved_docker_images"
  ],
  "hard_failures": [
    {
      "rule": "approved_docker_images",
      "reason": "Job 'build' uses unapproved image 'random-registry/untrusted:latest'."
    }
  ]
}
`,
  );
});

test('the CLI fixtures of the spec: a branch rule passes with its rule enabled; a hard rule fails (§8)', () => {
  const branch = {
    'policy.rego': `package org
import future.keywords
policy_name["test0"]
enable_rule["branch_is_main"]
branch_is_main = "branch must be main" { data.meta.vcs.branch != "main" }
`,
  };
  assert.equal(circleciJSON(branch, { version: 2.1 }), '{\n  "status": "PASS",\n  "enabled_rules": [\n    "branch_is_main"\n  ]\n}\n');
  const hard = {
    'hard_fail_policy.rego': `package org
policy_name["hard_fail_test"]
enable_hard["always_fails"]
always_fails = "0 is not equals 1" { 0 != 1 }
`,
  };
  const d = decideFiles(hard, {}, undefined, 'circleci');
  assert.deepEqual([d.status, d.hard_failures], ['HARD_FAIL', [{ rule: 'always_fails', reason: '0 is not equals 1' }]]);
});

test('rules of package org from several files merge (§1.3, §2.1)', () => {
  const files = {
    'a.rego': 'package org\npolicy_name["a"]\nenable_rule["shared"]\nshared[msg] { msg := "from a" }\n',
    'sub/b.rego': 'package org\npolicy_name["b"]\nenable_rule["shared"]\nhard_fail["shared"]\nshared[msg] { msg := "from b" }\n',
  };
  const d = decideFiles(files, {}, undefined, 'circleci');
  // Partial sets union across files: one enabled name, one violation per distinct reason.
  assert.deepEqual(d.enabled_rules, ['shared']);
  assert.deepEqual(d.hard_failures.map((v) => v.reason), ['from a', 'from b']);
});
