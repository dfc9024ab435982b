// CircleCI's file rules and their exact error texts (spec §1.2), strict compile and blocked
// built-ins (§1.4), helper linking (§1.3) and Rego v0 by default (§1.1).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PolicyError } from '../../src/policy/index.js';
import { compileFiles } from './support.js';

function compileError(files: Record<string, string>): PolicyError {
  try {
    compileFiles(files, 'circleci');
  } catch (err) {
    if (err instanceof PolicyError) return err;
    throw err;
  }
  assert.fail('expected the bundle to be rejected');
}

const PARSE = 'failed to parse policy file(s): ';

test('a syntax error is wrapped as CircleCI wraps OPA\'s parse error', () => {
  const e = compileError({ 'test.rego': 'pakage org\n' });
  assert.equal(e.message, `${PARSE}failed to parse file "test.rego": test.rego:1: rego_parse_error: package expected`);
  assert.deepEqual([e.file, e.line], ['test.rego', 1]);
});

test('policy_name must be declared, first, as a key, with a valid string name', () => {
  const cases: [string, string][] = [
    ['package org\n', 'must declare rule "policy_name" but module contains no rules'],
    ['package org\napproved_prefixes := ["cimg/"]\npolicy_name["x"]\n', 'first rule declaration must be "policy_name" but found "approved_prefixes"'],
    ['package org\ndefault allow = false\npolicy_name["x"]\n', 'first rule declaration must be "allow" but found "allow"'.replace('must be "allow"', 'must be "policy_name"')],
    ['package org\npolicy_name = "x"\n', 'invalid policy_name declaration: must declare as key'],
    ['package org\npolicy_name := "x"\n', 'invalid policy_name declaration: must declare as key'],
    ['package org\npolicy_name[1]\n', 'invalid policy_name: json: cannot unmarshal number into Go value of type string'],
    ['package org\npolicy_name[true]\n', 'invalid policy_name: json: cannot unmarshal bool into Go value of type string'],
    ['package org\npolicy_name[""]\n', 'policy_name must not be empty'],
    [`package org\npolicy_name["${'a'.repeat(81)}"]\n`, 'policy_name must be maximum 80 characters but got 81'],
    ['package org\npolicy_name["my-policy"]\n', '"policy_name" must use alphanumeric and underscore characters only'],
  ];
  for (const [source, text] of cases) {
    const e = compileError({ 'a.rego': source });
    assert.equal(e.message, `${PARSE}failed to parse file: "a.rego": ${text}`, source);
  }
  // 80 characters, digits and underscores are fine; a v1 file may use `contains`.
  compileFiles({ 'a.rego': `package org\npolicy_name["${'a_1'.repeat(26)}ab"]\n` }, 'circleci');
  compileFiles({ 'b.rego': 'package org\nimport rego.v1\npolicy_name contains "b"\n' }, 'circleci');
});

test('several problems of one phase are joined as "N error(s) occurred: e1; e2", each located', () => {
  const e = compileError({ 'a.rego': 'package org\n', 'b.rego': 'package org\nx = 1\n' });
  assert.equal(
    e.message,
    `${PARSE}2 error(s) occurred: failed to parse file: "a.rego": must declare rule "policy_name" but module contains no rules; failed to parse file: "b.rego": first rule declaration must be "policy_name" but found "x"`,
  );
  assert.deepEqual(e.problems.map((p) => [p.file, p.line]), [['a.rego', 1], ['b.rego', 2]]);
});

test('policy names are unique across the bundle', () => {
  const e = compileError({ 'a.rego': 'package org\npolicy_name["same"]\n', 'sub/b.rego': 'package org\npolicy_name["same"]\n' });
  assert.equal(e.message, 'failed to parse bundle: policy "same" declared 2 times');
  assert.equal(e.file, 'sub/b.rego');
});

test('lint: package org only; data.meta.branch is rejected where CircleCI looks for it', () => {
  const pkg = compileError({ 'a.rego': 'package bad\npolicy_name["p"]\n' });
  assert.equal(pkg.message, 'failed policy linting: "p": invalid package name: expected one of packages [org] but got "package bad"');
  const sub = compileError({ 'a.rego': 'package org.sub\npolicy_name["p"]\n' });
  assert.match(sub.message, /but got "package org\.sub"$/);
  const branch = compileError({ 'a.rego': 'package org\npolicy_name["p"]\nr = 1 {\n  data.meta.branch == "main"\n}\n' });
  assert.equal(branch.message, 'failed policy linting: "p": a.rego:4: invalid use of data.meta.branch use data.meta.vcs.branch instead');
  assert.deepEqual([branch.line, branch.col], [4, 3]);
  // Only top-level terms of body expressions are looked at (nested calls are not), as in CircleCI.
  compileFiles({ 'a.rego': 'package org\npolicy_name["p"]\nr = 1 { count(data.meta.branch) > 0 }\n' }, 'circleci');
});

test('strict compile: unused imports and variables are errors, worded as CircleCI prints them', () => {
  const e = compileError({ 'test.rego': 'package org\n\npolicy_name["x"]\n\np { ba }\n' });
  assert.equal(e.message, 'failed to compile policy: 1 error occurred: test.rego:5: rego_unsafe_var_error: var ba is unsafe');
  const unused = compileError({ 'a.rego': 'package org\nimport data.circleci.config\npolicy_name["x"]\n' });
  assert.match(unused.message, /^failed to compile policy: 1 error occurred: a\.rego:2: rego_compile_error: import data\.circleci\.config unused$/);
  const assigned = compileError({ 'a.rego': 'package org\npolicy_name["x"]\np { x := 1 }\n' });
  assert.match(assigned.message, /rego_compile_error: assigned var x unused/);
});

test('network built-ins are not available: undefined function http.send / net.lookup_ip_addr', () => {
  const http = compileError({ 'a.rego': 'package org\npolicy_name["x"]\np { http.send({"method": "get", "url": "http://x"}) }\n' });
  assert.match(http.message, /a\.rego:3: rego_type_error: undefined function http\.send$/);
  const dns = compileError({ 'a.rego': 'package org\npolicy_name["x"]\np { net.lookup_ip_addr("example.com") }\n' });
  assert.match(dns.message, /undefined function net\.lookup_ip_addr$/);
});

test('Rego v0 by default: `contains` needs an import; rego.v1 switches one file to v1', () => {
  const v0 = compileError({ 'a.rego': 'package org\npolicy_name contains "x"\n' });
  assert.match(v0.message, /^failed to parse policy file\(s\): failed to parse file "a\.rego": a\.rego:2: rego_parse_error/);
  const v1 = compileError({ 'a.rego': 'package org\nimport rego.v1\npolicy_name["x"]\n' });
  assert.match(v1.message, /`contains` keyword is required for partial set rules/);
});

test('helpers are linked only by an exact import of data.circleci.config or data.circleci.utils', () => {
  const linked = compileFiles({ 'a.rego': 'package org\nimport data.circleci.config as cfg\npolicy_name["x"]\nr = cfg.orbs\n' }, 'circleci');
  assert.ok(linked.policy!.modules.some((m) => m.file === 'circleci/utils/utils.rego'), 'config pulls in utils');
  const utilsOnly = compileFiles({ 'a.rego': 'package org\nimport data.circleci.utils\npolicy_name["x"]\nr = utils.to_set(1)\n' }, 'circleci');
  assert.deepEqual(utilsOnly.policy!.modules.map((m) => m.file), ['a.rego', 'circleci/utils/utils.rego']);
  // A sub-path import links nothing: the ref is then undefined, a helper function unknown.
  const sub = compileFiles({ 'a.rego': 'package org\nimport data.circleci.config.orbs\npolicy_name["x"]\nr = orbs\n' }, 'circleci');
  assert.deepEqual(sub.policy!.modules.map((m) => m.file), ['a.rego']);
  const e = compileError({ 'a.rego': 'package org\nimport data.circleci.config.orbs\npolicy_name["x"]\nr = orbs.ban_orbs(["a"])\n' });
  assert.match(e.message, /undefined function data\.circleci\.config\.orbs\.ban_orbs$/);
  const none = compileFiles({ 'a.rego': 'package org\npolicy_name["x"]\n' }, 'circleci');
  assert.deepEqual(none.policy!.modules.map((m) => m.file), ['a.rego']);
});
