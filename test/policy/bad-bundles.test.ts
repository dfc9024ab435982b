// Bundles that cannot be compiled are rejected with every problem located at file:line:col.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PolicyError, formatProblem } from '../../src/policy/index.js';
import { compileFiles } from './support.js';

function problems(files: Record<string, string>): string[] {
  try {
    compileFiles(files);
  } catch (err) {
    if (err instanceof PolicyError) return err.problems.map(formatProblem);
    throw err;
  }
  return assert.fail('expected the bundle to be rejected');
}

test('a syntax error', () => {
  assert.deepEqual(problems({ 'p/a.rego': 'package org\n\nhard_fail contains x if {\n  x := \n}\n' }), ['p/a.rego:5:1: rego_parse_error: unexpected } token']);
});

test('an unknown built-in', () => {
  assert.deepEqual(problems({ 'a.rego': 'package org\n\nhard_fail contains x if {\n  x := strings.reverse_words("a b")\n}\n' }), [
    'a.rego:4:8: rego_type_error: undefined function strings.reverse_words',
  ]);
});

test('conflicting rules: a complete rule and a partial set of one name', () => {
  const out = problems({ 'a.rego': 'package org\nhard_fail := {}\n', 'b.rego': 'package org\nhard_fail contains 1\n' });
  assert.equal(out.length, 1);
  assert.match(out[0]!, /^(a|b)\.rego:2:1: rego_type_error: conflicting rules data\.org\.hard_fail found$/);
});

test('a missing import: calling a function of a package that does not exist', () => {
  assert.deepEqual(problems({ 'a.rego': 'package org\nimport data.lib.helpers\n\nhard_fail contains x if {\n  x := helpers.job_name("a")\n}\n' }), [
    'a.rego:5:8: rego_type_error: undefined function data.lib.helpers.job_name',
  ]);
});

test('problems in several files are all reported', () => {
  const out = problems({ 'a.rego': 'package org\np if { x }\n', 'b.rego': 'package org\nq if { y }\n' });
  assert.deepEqual(out, ['a.rego:2:8: rego_unsafe_var_error: var x is unsafe', 'b.rego:2:8: rego_unsafe_var_error: var y is unsafe']);
});
