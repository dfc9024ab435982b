import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { RunPatternError, TestPathError, runTests, type TestResult } from '../../../src/policy/testing/index.js';

const fixtures = fileURLToPath(new URL('../../../../test/policy/testing/fixtures/', import.meta.url));

function run(path: string, extra: { run?: string; debug?: boolean } = {}): TestResult[] {
  return runTests({ path: fixtures + path, dialect: 'auto', ...extra });
}

/** `group name status` lines with the fixtures' location left out. */
function summary(results: TestResult[]): string[] {
  return results.map((r) => `${r.group.replace(fixtures, '')} ${r.name ?? '-'} ${r.passed ? 'ok' : 'FAIL'}${r.skip ? ' ' + r.err : ''}`);
}

test('a /... run covers every folder in walk order: Rego tests first, skips, cases after parents', () => {
  assert.deepEqual(summary(run('circleci/...')), [
    '<opa.tests> data.org.test_branch_is_main_fires ok',
    '<opa.tests> data.org.test_no_latest_is_quiet_without_jobs ok',
    'circleci - ok no tests',
    'circleci/common - ok no tests',
    'circleci/common/arrays test_arrays ok',
    'circleci/common/arrays test_arrays/index_wise ok',
    'circleci/common/arrays test_arrays/longer ok',
    'circleci/common/arrays test_arrays/null_element ok',
    'circleci/common/base test_main ok',
    'circleci/common/base test_main/latest ok',
    'circleci/common/base test_main/latest/feature_branch ok',
    'circleci/common/base test_main/no_jobs ok',
    'circleci/common/base test_without_decision/on_main ok',
    'circleci/compile test_executor ok',
    'circleci/compile test_executor/small_executor ok',
    'circleci/compile test_no_compile ok',
    'circleci/compile test_orb_job ok',
    'circleci/compile test_pipeline_parameters ok',
    'circleci/compile test_pipeline_parameters/default_size ok',
    'circleci/empty - ok no policies',
    'circleci/multi test_whole_bundle ok',
    'circleci/multi/sub test_sub_only ok',
    'circleci/multi/sub/deeper - ok no tests',
    'circleci/notests - ok no tests',
    'circleci/yaml11 test_ssh_rerun ok',
    'circleci/yaml11 test_ssh_rerun/ssh_off ok',
  ]);
});

test('without /... only the folder itself runs (its bundle still includes the folders below)', () => {
  assert.deepEqual(summary(run('circleci/multi')), ['circleci/multi test_whole_bundle ok']);
});

test('--run filters by full name; cases of a filtered-out parent still run', () => {
  assert.deepEqual(summary(run('circleci/...', { run: 'feature' })).filter((l) => !l.includes(' - ')), ['circleci/common/base test_main/latest/feature_branch ok']);
  // The parent is not run, so its input is not compiled for the case: the case compiles it.
  assert.deepEqual(summary(run('circleci/compile', { run: 'small_executor$' })), ['circleci/compile test_executor/small_executor ok']);
  assert.deepEqual(summary(run('circleci/common/base', { run: '^data\\.org\\.test_branch' })), ['<opa.tests> data.org.test_branch_is_main_fires ok']);
});

test('a test that does not match its expected decision fails with the YAML diff', () => {
  const r = run('failing/wrong').find((x) => x.name === 'test_reason_type')!;
  assert.equal(r.passed, false);
  assert.equal(
    r.err,
    ['--- Expected', '+++ Actual', '@@ -3,3 +3,3 @@', ' soft_failures:', '-    - reason: 123', '+    - reason: branch is not main', '       rule: fail_if_not_main', ''].join('\n'),
  );
});

test('folder problems fail the folder: a bad test file, a name used twice, a policy that does not parse', () => {
  const results = run('failing/...');
  const group = (suffix: string) => results.find((r) => r.group.endsWith(suffix) && r.name === undefined)!;
  assert.match(group('failing/badyaml').err!, /failing\/badyaml\/bad_test\.yaml:5:1: /);
  assert.equal(group('failing/conflict').err, 'test name conflict: "test_same"');
  assert.ok(!group('failing/badyaml').passed && !group('failing/conflict').passed);
  const broken = run('broken');
  assert.deepEqual(summary(broken), ['<opa.tests> - FAIL', 'broken - FAIL']);
  assert.match(broken[1]!.err!, /^failed to parse policy file\(s\): failed to parse file ".*broken\/policy\.rego": .*policy\.rego:6: rego_parse_error: /);
});

test('Rego test rules: undefined fails without an error, an evaluation error is reported', () => {
  const opa = run('failing/...').filter((r) => r.group === '<opa.tests>');
  assert.deepEqual(
    opa.map((r) => [r.name, r.passed, r.err === undefined ? undefined : r.err.replace(fixtures, '')]),
    [
      ['data.org.test_always_false', false, undefined],
      ['data.org.test_conflict', false, 'failing/opa/policy.rego:14: eval_conflict_error: functions must not produce multiple outputs for same inputs'],
      ['data.org.test_passes', true, undefined],
    ],
  );
});

test('a test that cannot compile its input fails with the reason; debug keeps what was compiled', () => {
  const r = run('failing/wrong', { debug: true }).find((x) => x.name === 'test_unknown_orb')!;
  assert.equal(r.passed, false);
  assert.equal(r.err, 'failed to compile test input: orb nowhere: acme/nowhere@9.9.9 was not found in the orb directories (give --orb-dir)');
  assert.deepEqual(Object.keys(r.ctx as object), ['input', 'pipeline-parameters']);
});

test('compiled input: _compiled_ is added beside the source keys, executors and orbs expanded', () => {
  const [r] = run('circleci/compile', { run: '^test_orb_job$', debug: true });
  const input = (r!.ctx as { input: Record<string, any> }).input;
  assert.deepEqual(Object.keys(input), ['version', 'orbs', 'workflows', '_compiled_']);
  assert.equal(input._compiled_.jobs['tools/lint'].resource_class, 'xlarge');
  assert.deepEqual(input._compiled_.jobs['tools/lint'].docker, [{ image: 'cimg/base:current' }]);
});

test('debug context: the decision, the evaluated data document and the input', () => {
  const [r] = run('circleci/yaml11', { run: 'ssh_off', debug: true });
  assert.deepEqual(r!.ctx, {
    decision: { status: 'PASS', enabled_rules: ['ssh_rerun'] },
    evaluation: { meta: { ssh_rerun: false }, org: { enable_rule: ['ssh_rerun'], policy_name: ['yaml11'] } },
    input: null,
  });
});

test("the seed's policy format is tested the same way (its decisions list every array)", () => {
  assert.deepEqual(summary(run('seed')), ['<opa.tests> data.org.test_medium_is_allowed ok', 'seed test_resources ok', 'seed test_resources/too_big ok']);
});

test('bad paths and patterns are errors before anything runs', () => {
  assert.throws(() => run('nope/...'), (e: unknown) => e instanceof TestPathError && e.message === 'no such directory');
  assert.throws(() => run('seed/seed_test.yaml'), (e: unknown) => e instanceof TestPathError && /not a directory/.test(e.message));
  assert.throws(() => run('seed', { run: '(' }), (e: unknown) => e instanceof RunPatternError && /missing closing \)/.test(e.message));
});

test('--partial compares only the keys the expected decision lists', () => {
  const strict = run('partial');
  assert.equal(strict[0]!.passed, false);
  assert.match(strict[0]!.err!, /\n\+enabled_rules:\n\+    - always\n\+    - other_rule_someone_added\n/);
  assert.deepEqual(summary(runTests({ path: fixtures + 'partial', dialect: 'auto', partial: true })), ['partial test_status_and_failures ok']);
});
