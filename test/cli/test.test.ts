import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';

const fixtures = fileURLToPath(new URL('../../../test/policy/testing/fixtures/', import.meta.url));

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (t) => (out += t), stderr: (t) => (err += t), isTTY: false });
  return { code, out, err };
}

const times = (s: string) => s.replace(/\d+\.\d{3}s/g, 'T');

test('passing tests exit 0 with the text report', async () => {
  const r = await run('test', fixtures + 'circleci/...');
  assert.equal(r.code, 0, r.out);
  assert.match(times(r.out), /\n\n21\/21 tests passed \(T\)\n$/);
  assert.match(r.out, /\n\? +[^\n]*circleci\/empty +no policies +\n/);
  assert.equal(r.err, '');
});

test('failures exit 1 and show the diff', async () => {
  const r = await run('test', fixtures + 'failing/wrong');
  assert.equal(r.code, 1);
  assert.match(r.out, /FAIL +test_reason_type +\d\.\d{3}s +\n\n {4}--- Expected\n {4}\+\+\+ Actual\n/);
});

test('--format json (any case) and the deprecated --json print the JSON report', async () => {
  const r = await run('test', fixtures + 'seed', '--format', 'JSON');
  assert.equal(r.code, 0);
  const rows = JSON.parse(r.out) as { Name?: string }[];
  assert.deepEqual(rows.map((x) => x.Name), ['data.org.test_medium_is_allowed', 'test_resources', 'test_resources/too_big']);
  const old = await run('test', fixtures + 'seed', '--json');
  assert.deepEqual((JSON.parse(old.out) as { Name?: string }[]).map((x) => x.Name), rows.map((x) => x.Name));
  assert.equal(old.err, 'Flag --json has been deprecated, use --format=json to print json test results\n');
});

test('--format junit prints JUnit XML with timestamps', async () => {
  const r = await run('test', fixtures + 'seed', '--format=junit');
  assert.equal(r.code, 0);
  assert.match(r.out, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="root" tests="3" failures="0" errors="0" /);
  assert.match(r.out, /timestamp="\d{4}-\d\d-\d\dT[^"]+"/);
});

test('--run, -v and --debug', async () => {
  const r = await run('test', fixtures + 'circleci/...', '--run', 'ssh_off', '-v');
  assert.match(times(r.out), /\nok +test_ssh_rerun\/ssh_off +T +\n/);
  assert.match(times(r.out), /\n1\/1 tests passed \(T\)\n$/);
  const d = await run('test', fixtures + 'circleci/yaml11', '--run', 'ssh_off', '--debug');
  assert.match(d.out, /---- Debug Test Context ----\ndecision:\n {4}enabled_rules:\n {8}- ssh_rerun\n {4}status: PASS\nevaluation:\n/);
});

test('bad paths, patterns and flags exit 2 with a message', async () => {
  const missing = await run('test', fixtures + 'nope/...');
  assert.equal(missing.code, 2);
  assert.match(missing.err, /nope: no such directory\n$/);
  const pattern = await run('test', fixtures + 'seed', '--run', '[');
  assert.equal(pattern.code, 2);
  assert.match(pattern.err, /^invalid --run pattern: error parsing regexp: missing closing \]/);
  assert.equal((await run('test', fixtures + 'seed', '--format', 'xml')).code, 2);
  assert.equal((await run('test', 'a', 'b')).code, 2);
  assert.equal((await run('test', fixtures + 'seed', '--dialect', 'opa')).code, 2);
});

test("the CircleCI example bundle passes its own tests with policygate test", async () => {
  const examples = fileURLToPath(new URL('../../../examples/circleci/', import.meta.url));
  const r = await run('test', examples + '...');
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /\n(\d+)\/\1 tests passed \(\d+\.\d{3}s\)\n$/);
});
