import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unifiedDiff } from '../../../src/policy/testing/index.js';

const opts = { fromFile: 'Expected', toFile: 'Actual', context: 1 };

test('equal texts give no diff', () => {
  assert.equal(unifiedDiff('status: PASS\n', 'status: PASS\n', opts), '');
});

test("CircleCI's documented example: a wrong expected status", () => {
  const diff = unifiedDiff('status: HARD_FAIL\n', 'enabled_rules:\n    - fail_if_not_main\nstatus: PASS\n', opts);
  assert.equal(diff, ['--- Expected', '+++ Actual', '@@ -1,2 +1,4 @@', '-status: HARD_FAIL', '+enabled_rules:', '+    - fail_if_not_main', '+status: PASS', ' ', ''].join('\n'));
});

test('separate changes give separate hunks with one line of context', () => {
  const a = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].join('\n') + '\n';
  const b = ['a', 'B', 'c', 'd', 'e', 'f', 'G', 'h'].join('\n') + '\n';
  assert.equal(
    unifiedDiff(a, b, opts),
    ['--- Expected', '+++ Actual', '@@ -1,3 +1,3 @@', ' a', '-b', '+B', ' c', '@@ -6,3 +6,3 @@', ' f', '-g', '+G', ' h', ''].join('\n'),
  );
});

test('hunk ranges for pure insertions and deletions', () => {
  assert.equal(unifiedDiff('x\n', 'x\ny\n', opts), ['--- Expected', '+++ Actual', '@@ -1,2 +1,3 @@', ' x', '+y', ' ', ''].join('\n'));
  assert.equal(unifiedDiff('', 'y\n', opts), ['--- Expected', '+++ Actual', '@@ -1 +1,2 @@', '+y', ' ', ''].join('\n'));
});

test('a long file with popular lines still diffs like difflib', () => {
  const a = Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? 'same' : `line ${i}`)).join('\n') + '\n';
  const b = a.replace('line 151\n', 'changed\n');
  assert.equal(unifiedDiff(a, b, opts), ['--- Expected', '+++ Actual', '@@ -151,3 +151,3 @@', ' same', '-line 151', '+changed', ' line 152', ''].join('\n'));
});
