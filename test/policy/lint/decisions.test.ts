import { test } from 'node:test';
import assert from 'node:assert/strict';
import { found, lint, org, where } from './helpers.js';

const images = org(`hard_fail contains decision if {
	some name, job in input._compiled_.jobs
	some d in job.docker
	endswith(d.image, ":latest")
	decision := {"rule": "no_latest", "reason": sprintf("Job '%s' uses '%s'; pin a version tag instead", [name, d.image])}
}

soft_fail contains {"rule": "no_sudo", "reason": sprintf("Job '%s' runs sudo; use an image with the tools installed", [name])} if {
	some name, job in input._compiled_.jobs
	some step in job.steps
	contains(step.run.command, "sudo")
}`);

// ---- seed format ----

test('rule-not-enabled: a violation whose rule enabled_rules leaves out', () => {
  const fs = found('rule-not-enabled', { 'images.rego': images, 'main.rego': org('enabled_rules := {"no_latest"}') });
  assert.deepEqual(where(fs), ['images.rego:12:29']);
  assert.match(fs[0]!.message, /rule "no_sudo" is added to soft_fail but enabled_rules \(main\.rego:5\) leaves it out/);
});

test('rule-not-enabled: every rule enabled, or no enabled_rules at all, is quiet', () => {
  assert.deepEqual(found('rule-not-enabled', { 'images.rego': images, 'main.rego': org('enabled_rules := {"no_latest", "no_sudo"}') }), []);
  assert.deepEqual(found('rule-not-enabled', { 'images.rego': images }), []);
  assert.deepEqual(found('rule-not-enabled', { 'images.rego': images, 'main.rego': org('enabled_rules contains "no_latest"\nenabled_rules contains "no_sudo"') }), []);
});

test('rule-enabled-undefined: seed enabled_rules names a rule no violation has', () => {
  const fs = found('rule-enabled-undefined', { 'images.rego': images, 'main.rego': org('enabled_rules := {"no_latest", "no_sudo", "no_sodu"}') });
  assert.deepEqual(where(fs), ['main.rego:5:43']);
  assert.match(fs[0]!.message, /"no_sodu"/);
});

test('rule-enabled-undefined: quiet when a violation computes its rule name', () => {
  const dynamic = org(`hard_fail contains {"rule": name, "reason": sprintf("Check %s failed for this config", [name])} if {
	some name in input.failed
}`);
  assert.deepEqual(found('rule-enabled-undefined', { 'a.rego': dynamic, 'main.rego': org('enabled_rules := {"anything"}') }), []);
});

test('violation-missing-field: "msg" instead of "reason", and a bare string member', () => {
  const src = org(`hard_fail contains {"rule": "x", "msg": sprintf("Job %s is wrong in some way", [n])} if some n, _ in input.jobs
soft_fail contains "just a string" if input.x`);
  const fs = found('violation-missing-field', { 'p.rego': src });
  assert.deepEqual(where(fs), ['p.rego:5:20', 'p.rego:6:20']);
  assert.match(fs[0]!.message, /no "reason" field \(it has "rule", "msg"\)/);
});

test('violation-missing-field: complete violations are quiet', () => {
  assert.deepEqual(found('violation-missing-field', { 'images.rego': images }), []);
});

test('vague-reason: a constant short reason, directly or through a variable', () => {
  const src = org(`hard_fail contains {"rule": "image_check", "reason": "Invalid image"} if input.x

hard_fail contains d if {
	input.y
	msg := "Bad config"
	d := {"rule": "y", "reason": msg}
}`);
  const fs = found('vague-reason', { 'p.rego': src });
  assert.deepEqual(where(fs), ['p.rego:5:54', 'p.rego:9:9']);
});

test('vague-reason: reasons with details, or constant and explicit, are quiet', () => {
  const src = org(`hard_fail contains {"rule": "version", "reason": "The config must declare version 2.1: set version: 2.1 at its top."} if input.version != 2.1`);
  assert.deepEqual(found('vague-reason', { 'p.rego': src, 'images.rego': images }), []);
});

// ---- CircleCI's format ----

const circle = (body: string) => `package org\n\nimport future.keywords\n\npolicy_name["p"]\n\n${body}\n`;

test('rule-enabled-undefined: CircleCI enable_rule / enable_hard of a rule that does not exist', () => {
  const fs = found('rule-enabled-undefined', { 'p.rego': circle('enable_rule["check_versoin"]\nenable_hard["missing"]\ncheck_version = "Use version 2.1 of the config format" { input.version != 2.1 }') });
  assert.deepEqual(where(fs), ['p.rego:7:13', 'p.rego:8:13']);
  assert.match(fs[0]!.message, /enable_rule names "check_versoin" but package org has no rule of that name/);
});

test('rule-enabled-undefined: CircleCI names of existing rules are quiet', () => {
  assert.deepEqual(found('rule-enabled-undefined', { 'p.rego': circle('enable_rule["check_version"]\ncheck_version = "Use version 2.1 of the config format" { input.version != 2.1 }') }), []);
});

test('rule-hard-not-enabled: hard_fail of a rule that is never enabled', () => {
  const fs = found('rule-hard-not-enabled', { 'p.rego': circle('hard_fail["check_version"]\ncheck_version = "Use version 2.1 of the config format" { input.version != 2.1 }') });
  assert.deepEqual(where(fs), ['p.rego:7:11']);
});

test('rule-hard-not-enabled: enabled in another file, or with enable_hard, is quiet', () => {
  const rule = circle('hard_fail["check_version"]\ncheck_version = "Use version 2.1 of the config format" { input.version != 2.1 }');
  assert.deepEqual(found('rule-hard-not-enabled', { 'p.rego': rule, 'q.rego': circle('enable_rule["check_version"]').replace('["p"]', '["q"]') }), []);
  assert.deepEqual(found('rule-hard-not-enabled', { 'p.rego': circle('enable_hard["check_version"]\ncheck_version = "Use version 2.1 of the config format" { input.version != 2.1 }') }), []);
});

test('rule-boolean-enabled: an enabled boolean rule and an enabled function', () => {
  const fs = found('rule-boolean-enabled', { 'p.rego': circle('enable_hard["old_version"]\nenable_rule["f"]\nold_version { input.version != 2.1 }\nf(x) = "a reason for a function" { x }') });
  assert.deepEqual(where(fs), ['p.rego:7:13', 'p.rego:8:13']);
  assert.match(fs[0]!.message, /boolean-valued/);
  assert.match(fs[1]!.message, /it is a function/);
});

test('rule-boolean-enabled: rules with reasons are quiet', () => {
  const src = circle('enable_hard["old_version"]\nold_version[msg] { input.version != 2.1; msg := sprintf("version %v is not 2.1", [input.version]) }');
  assert.deepEqual(found('rule-boolean-enabled', { 'p.rego': src }), []);
});

test('circleci-ignored-key: soft_fail and enabled_rules in CircleCI\'s format', () => {
  const fs = found('circleci-ignored-key', { 'p.rego': circle('enable_rule["r"]\nsoft_fail["r"]\nenabled_rules := {"r"}\nr = "a reason of some length here" { input.x }') });
  assert.deepEqual(fs.map((f) => f.message.split(':')[0]), ['soft_fail', 'enabled_rules']);
});

test('circleci-ignored-key: quiet in seed bundles, and for soft_fail in a mixed bundle\'s seed files', () => {
  assert.deepEqual(found('circleci-ignored-key', { 'images.rego': images }), []);
  const r = lint({ 'p.rego': circle('enable_rule["r"]\nr = "a reason of some length here" { input.x }'), 'images.rego': images });
  assert.equal(r.dialect, 'mixed');
  assert.deepEqual(r.findings.filter((f) => f.id === 'circleci-ignored-key'), []);
});

test('circleci-object-violation: seed-style objects in a CircleCI bundle', () => {
  const src = circle(`enable_hard["images"]
hard_fail contains {"rule": "images", "reason": "x is not a good image to use"} if input.x
images contains {"reason": msg} if { msg := sprintf("%v", [input.y]) }`);
  const fs = found('circleci-object-violation', { 'p.rego': src });
  assert.deepEqual(where(fs), ['p.rego:8:20', 'p.rego:9:17']);
});

test('circleci-object-violation: string reasons are quiet', () => {
  const src = circle(`enable_hard["images"]
images contains msg if { some i in input.images; msg := sprintf("image %v is not allowed", [i]) }`);
  assert.deepEqual(found('circleci-object-violation', { 'p.rego': src }), []);
});

test('vague-reason: CircleCI reasons', () => {
  const src = circle('enable_hard["r"]\nr[msg] { input.x; msg := "Not allowed" }');
  assert.deepEqual(where(found('vague-reason', { 'p.rego': src })), ['p.rego:8:26']);
});

test('the dialect is CircleCI\'s when package org declares policy_name, the seed\'s otherwise', () => {
  assert.equal(lint({ 'p.rego': circle('') }).dialect, 'circleci');
  assert.equal(lint({ 'images.rego': images }).dialect, 'seed');
  assert.equal(lint({ 'images.rego': images }, { dialect: 'circleci' }).dialect, 'circleci');
});
