import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goYAML } from '../../../src/policy/testing/index.js';

test('decisions print as go-yaml v3 prints them: sorted keys, 4-space indent, compact lists', () => {
  const d = {
    status: 'HARD_FAIL',
    enabled_rules: ['a', 'b'],
    hard_failures: [{ rule: 'a', reason: "Job 'build' uses image 'x:latest'." }],
  };
  assert.equal(
    goYAML(d),
    ['enabled_rules:', '    - a', '    - b', 'hard_failures:', "    - reason: Job 'build' uses image 'x:latest'.", '      rule: a', 'status: HARD_FAIL', ''].join('\n'),
  );
});

test('strings that would read back as something else are double-quoted', () => {
  for (const s of ['123', '1.5', '1e3', 'true', 'False', 'null', '~', '', 'yes', 'off', 'Y', '0x1F', '2024-01-02', '.inf', '1:30']) {
    assert.equal(goYAML(s), JSON.stringify(s) + '\n', s);
  }
  assert.equal(goYAML(123), '123\n');
  assert.equal(goYAML(true), 'true\n');
  assert.equal(goYAML(null), 'null\n');
});

test('strings plain YAML cannot hold are single-quoted; control characters are escaped; <<x>> is plain', () => {
  assert.equal(goYAML('a: b'), "'a: b'\n");
  assert.equal(goYAML('- x'), "'- x'\n");
  assert.equal(goYAML("it's # here"), "'it''s # here'\n");
  assert.equal(goYAML(' lead'), "' lead'\n");
  assert.equal(goYAML('<<pipeline.parameters.x>>'), '<<pipeline.parameters.x>>\n');
  assert.equal(goYAML('<<'), '"<<"\n');
  assert.equal(goYAML('tab\there'), '"tab\\there"\n');
  assert.equal(goYAML('plain: no-space:here'), "'plain: no-space:here'\n");
  assert.equal(goYAML('a:b'), 'a:b\n');
});

test('multi-line strings are literal blocks', () => {
  assert.equal(goYAML({ reason: 'one\ntwo' }), 'reason: |-\n    one\n    two\n');
  assert.equal(goYAML({ reason: 'one\n' }), 'reason: |\n    one\n');
});

test('empty collections are inline; nested lists of lists use "- - "', () => {
  assert.equal(goYAML({ a: [], b: {} }), 'a: []\nb: {}\n');
  assert.equal(goYAML([[1, 2], [3]]), '- - 1\n  - 2\n- - 3\n');
  assert.equal(goYAML({ a: [{ b: [{ c: 1 }] }] }), 'a:\n    - b:\n          - c: 1\n');
});

test('keys sort as go-yaml sorts them: numbers by value, letters before other characters', () => {
  assert.equal(goYAML({ job10: 1, job2: 2, job1: 3 }), 'job1: 3\njob2: 2\njob10: 1\n');
  assert.equal(goYAML({ b: 1, _a: 2, a: 3 }), '_a: 2\na: 3\nb: 1\n');
});
