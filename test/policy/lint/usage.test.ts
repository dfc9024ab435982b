import { test } from 'node:test';
import assert from 'node:assert/strict';
import { found, org, where } from './helpers.js';

const policy = org(`approved := {"cimg/"}
leftover := {"circleci/"}

approved_image(image) if {
	some p in approved
	startswith(image, p)
}
old_approved_image(image) if startswith(image, "cimg/")

hard_fail contains {"rule": "images", "reason": sprintf("Job %s uses image %s, which is not approved", [n, d.image])} if {
	some n, job in input._compiled_.jobs
	some d in job.docker
	not approved_image(d.image)
}

test_images if count(hard_fail) == 0 with input as {}`);

test('unused-rule and unused-function in a policy package', () => {
  assert.deepEqual(where(found('unused-rule', { 'p.rego': policy })), ['p.rego:6:1']);
  const fns = found('unused-function', { 'p.rego': policy });
  assert.deepEqual(where(fns), ['p.rego:12:1']);
  assert.match(fns[0]!.message, /function old_approved_image is never used/);
});

test('unused-rule: rules read from another package, through data, or enabled in CircleCI\'s format are quiet', () => {
  const lib = `package lib\n\nimport rego.v1\n\nunused_library_rule := 1\n`;
  const reader = `package report\n\nimport rego.v1\n\nx := data.org.leftover\ny := data.org.old_approved_image("a")\n`;
  assert.deepEqual(found('unused-rule', { 'p.rego': policy, 'r.rego': reader, 'lib.rego': lib }), []);
  assert.deepEqual(found('unused-function', { 'p.rego': policy, 'r.rego': reader }), []);
  const circle = 'package org\n\nimport future.keywords\n\npolicy_name["p"]\nenable_rule["r"]\nr = "a reason of some length here" { input.x }\n';
  assert.deepEqual(found('unused-rule', { 'c.rego': circle }), []);
});

test('unused-import', () => {
  const src = 'package org\n\nimport rego.v1\nimport data.lib.helpers\nimport data.lib.other as o\nimport input.jobs\n\nx := o.y\n';
  const fs = found('unused-import', { 'p.rego': src });
  assert.deepEqual(where(fs), ['p.rego:4:1', 'p.rego:6:1']);
  assert.match(fs[0]!.message, /import data\.lib\.helpers is never used/);
});

test('unused-import: used imports and keyword imports are quiet', () => {
  const src = 'package org\n\nimport future.keywords.in\nimport data.lib.helpers\n\nx if helpers.f(1) in {1}\n';
  assert.deepEqual(found('unused-import', { 'p.rego': src }), []);
});

test('meta-branch: in a body, a head, a comprehension and through an import', () => {
  const src = `package org

import future.keywords
import data.meta

policy_name["p"]

enable_rule["main_only"]

main_only = "Deploys run only on main: use a branch filter" { data.meta.branch != "main" }
branch := data.meta.branch
names := [b | b := meta.branch]
`;
  const fs = found('meta-branch', { 'p.rego': src });
  assert.deepEqual(where(fs), ['p.rego:10:63', 'p.rego:11:11', 'p.rego:12:20']);
  assert.match(fs[0]!.message, /use data\.meta\.vcs\.branch/);
});

test('meta-branch: data.meta.vcs.branch is quiet', () => {
  const src = 'package org\n\nimport future.keywords\n\npolicy_name["p"]\nenable_rule["main_only"]\nmain_only = "Deploys run only on main: use a branch filter" { data.meta.vcs.branch != "main" }\n';
  assert.deepEqual(found('meta-branch', { 'p.rego': src }), []);
});
