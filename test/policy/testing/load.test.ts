import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TestFileError, parseTests } from '../../../src/policy/testing/index.js';

test('only top-level test_ entries are tests; tests and cases are sorted by name', () => {
  const specs = parseTests('test_b: {decision: {status: PASS}}\nhelper: {decision: {}}\ntest_a:\n  cases: {z: {}, a: {}}\n', 'x_test.yaml');
  assert.deepEqual(
    specs.map((s) => [s.name, s.cases.map((c) => c.name)]),
    [
      ['test_a', ['a', 'z']],
      ['test_b', []],
    ],
  );
});

test('YAML 1.1 as go-yaml v2 reads it: yes/on/off are booleans, timestamps stay strings, << merges', () => {
  const [t] = parseTests('test_x:\n  meta: {a: yes, b: on, c: off, d: 2024-01-02, e: "yes"}\n  input:\n    base: &b {k: 1}\n    merged: {<<: *b, j: 2}\n', 'x_test.yaml');
  assert.deepEqual(t!.meta, { a: true, b: true, c: false, d: '2024-01-02', e: 'yes' });
  assert.deepEqual(t!.input, { base: { k: 1 }, merged: { k: 1, j: 2 } });
});

test('null and absent values are both "inherit"; unknown keys are ignored', () => {
  const [t] = parseTests('test_x:\n  input: null\n  decison: {status: PASS}\n  compile: ~\n', 'x_test.yaml');
  assert.deepEqual(t, { name: 'test_x', cases: [] });
});

test('big integers keep their digits; non-string keys become strings', () => {
  const [t] = parseTests('test_x:\n  input: {big: 12345678901234567890, 1: one, true: yes, n: 1}\n', 'x_test.yaml');
  // `n` is YAML 1.1's false, so that key reads as "false".
  assert.deepEqual(t!.input, { big: 12345678901234567890n, 1: 'one', true: true, false: 1 });
});

test('mistakes are located in the file', () => {
  const cases: [string, RegExp][] = [
    ['test_x:\n  compile: maybe\n', /^x_test\.yaml:2:12: test_x\.compile: must be true or false$/],
    ['test_x:\n  cases: [a]\n', /^x_test\.yaml:2:10: test_x\.cases: must be a map of named cases$/],
    ['test_x:\n  cases:\n    c:\n      pipeline_parameters: 3\n', /^x_test\.yaml:4:28: test_x\.cases\.c\.pipeline_parameters: must be a map$/],
    ['test_x: 3\n', /^x_test\.yaml:1:9: test_x: a test must be a map/],
    ['- a\n', /^x_test\.yaml:1:1: a test file must be a map/],
    ['test_x: {a: 1\n', /^x_test\.yaml:2:1: /],
    ['test_x: 1\ntest_x: 2\n', /^x_test\.yaml:2:1: Map keys must be unique/],
  ];
  for (const [text, want] of cases) {
    assert.throws(
      () => parseTests(text, 'x_test.yaml'),
      (e: unknown) => e instanceof TestFileError && want.test(e.format()),
      text,
    );
  }
});

test('an empty file has no tests', () => {
  assert.deepEqual(parseTests('', 'x_test.yaml'), []);
  assert.deepEqual(parseTests('# nothing yet\n', 'x_test.yaml'), []);
});
