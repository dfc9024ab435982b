import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { compileBundle, decide, decisionToJSON, loadBundle, loadInput } from '../../src/policy/index.js';
import { assertLocated, circle, dir, run, seed } from './policy-support.js';

const policies = seed + 'policies';
const invalid = seed + 'test/fixtures/invalid_config.yml';
const valid = seed + 'test/fixtures/valid_config.yml';

test('decide: text for people — grouped by rule, config lines, metadata, exit 1 on HARD_FAIL', async () => {
  const r = await run(['decide', policies, '--input', invalid]);
  assert.equal(r.code, 1, r.err);
  assert.match(r.out, /invalid_config\.yml: HARD_FAIL \(4 hard failures, 0 soft failures; the pipeline is blocked\)/);
  assert.match(r.out, /HARD {2}approved_docker_images {2}\(.*policies\/security\/docker_images\.rego:\d+\)\n {8}.*invalid_config\.yml:9:16: Job 'build' uses unapproved image/);
  assert.match(r.out, /invalid_config\.yml:13:14: Job 'build' contains a blocked command pattern/);
  assert.match(r.out, /enabled rules: approved_docker_images, approved_orbs, blocked_commands/);
  const ok = await run(['decide', policies, '--input', valid]);
  assert.deepEqual([ok.code, ok.out.split('\n')[0]], [0, `${valid}: PASS`]);
});

test('decide: metadata is shown with its rule — severity, category, description, remediation', async () => {
  const d = dir({ 'config.yml': 'version: 2.1\njobs:\n  build:\n    docker: [{image: cimg/base:2024.01}]\n    steps:\n      - run: export PASSWORD="hunter2"\nworkflows: {main: {jobs: [build]}}\n' });
  const r = await run(['decide', policies, '--input', join(d, 'config.yml')]);
  assert.equal(r.code, 1);
  assert.match(r.out, /HARD {2}no_hardcoded_secrets {2}\[No Hardcoded Secrets, severity critical, category security\]/);
  assert.match(r.out, /Prevents hardcoded secrets in pipeline configuration\n.*config\.yml:4:5: Job 'build' may contain hardcoded secrets/);
  assert.match(r.out, /remediation: Use CircleCI contexts or project environment variables/);
});

test('decide --output json prints exactly the decision JSON', async () => {
  const r = await run(['decide', policies, '--input', invalid, '--output', 'json']);
  const compiled = compileBundle(loadBundle(policies), { dialect: 'auto' });
  assert.equal(r.out, decisionToJSON(decide(compiled, loadInput(invalid).doc), 'seed'));
  assert.equal(r.code, 1);
});

test('decide --mode soft: HARD_FAIL is reported as would block and exits 0', async () => {
  const r = await run(['decide', policies, '--input', invalid, '--mode', 'soft']);
  assert.equal(r.code, 0);
  assert.match(r.out, /HARD_FAIL \(4 hard failures, 0 soft failures; would block the pipeline in hard mode, not enforced in soft mode\)/);
});

test('decide on many configs: one process, a summary table, a progress bar on a terminal', async () => {
  const r = await run(['decide', policies, '--input', seed + 'test/fixtures', '--input', seed + '.circleci/config.yml'], { tty: true });
  assert.equal(r.code, 1);
  assert.match(r.out, /STATUS {5}HARD {2}SOFT {2}CONFIG\nHARD_FAIL {5}4 {5}0 {2}.*invalid_config\.yml\nPASS {10}0 {5}0 {2}.*valid_config\.yml\nPASS .*config\.yml/);
  assert.match(r.out, /3 configs: 2 PASS, 0 SOFT_FAIL, 1 HARD_FAIL, 0 ERROR, 0 unreadable/);
  assert.match(r.err, /\r\[#+\.*\] +33% 1\/3 configs/);
  const quiet = await run(['decide', policies, '--input', seed + 'test/fixtures']);
  assert.equal(quiet.err, '');
  const json = await run(['decide', policies, '--input', seed + 'test/fixtures', '--output', 'json']);
  assert.deepEqual(JSON.parse(json.out).map((x: { file: string; decision: { status: string } }) => [x.file.split('/').pop(), x.decision.status]), [
    ['invalid_config.yml', 'HARD_FAIL'],
    ['valid_config.yml', 'PASS'],
  ]);
});

test("decide --dialect circleci prints CircleCI's decision JSON; --no-compile keeps a hand-written _compiled_", async () => {
  const policy = join(circle, 'policies', 'docker_images.rego');
  const d = dir({ 'in.yml': 'jobs: {}\n_compiled_:\n  jobs:\n    build:\n      docker: [{image: "evil/<img>"}]\n' });
  const r = await run(['decide', policy, '--input', join(d, 'in.yml'), '--no-compile', '--dialect', 'circleci', '--output', 'json']);
  assert.equal(r.code, 1, r.err);
  assert.equal(
    r.out,
    '{\n  "status": "HARD_FAIL",\n  "enabled_rules": [\n    "approved_docker_images"\n  ],\n  "hard_failures": [\n    {\n      "rule": "approved_docker_images",\n      "reason": "Job \'build\' uses unapproved image \'evil/\\u003cimg\\u003e\'."\n    }\n  ]\n}\n',
  );
  // Compiling replaces the hand-written key with the real compiled config (which has no such job).
  const compiled = await run(['decide', policy, '--input', join(d, 'in.yml'), '--dialect', 'circleci', '--output', 'json']);
  assert.equal(compiled.out, '{\n  "status": "PASS",\n  "enabled_rules": [\n    "approved_docker_images"\n  ]\n}\n');
});

test('decide --meta / --metafile set data.meta; both at once is an error', async () => {
  const policy = dir({ 'p.rego': 'package org\npolicy_name["p"]\nenable_hard["main_only"]\nmain_only = "not on main" { data.meta.vcs.branch != "main" }\n' });
  const cfg = dir({ 'c.yml': 'version: 2.1\n' });
  const input = join(cfg, 'c.yml');
  assert.equal((await run(['decide', policy, '--input', input, '--meta', '{"vcs": {"branch": "dev"}}'])).code, 1);
  assert.equal((await run(['decide', policy, '--input', input, '--meta', '{"vcs": {"branch": "main"}}'])).code, 0);
  const metafile = join(dir({ 'm.yml': 'vcs:\n  branch: dev\n' }), 'm.yml');
  assert.equal((await run(['decide', policy, '--input', input, '--metafile', metafile])).code, 1);
  const both = await run(['decide', policy, '--input', input, '--meta', '{}', '--metafile', metafile]);
  assert.deepEqual([both.code, both.err], [2, 'use either --meta or --metafile flag, but not both\n']);
});

test('decide --project-slug sets input._project_slug', async () => {
  const policy = dir({ 'p.rego': 'package org\nimport rego.v1\nhard_fail contains {"rule": "slug", "reason": input._project_slug} if input._project_slug\n' });
  const input = join(dir({ 'c.yml': 'version: 2.1\n' }), 'c.yml');
  const r = await run(['decide', policy, '--input', input, '--project-slug', 'gh/my-org/payment-service', '--output', 'json']);
  assert.deepEqual(JSON.parse(r.out).hard_failures, [{ rule: 'slug', reason: 'gh/my-org/payment-service' }]);
});

test('decide: bad bundles and bad inputs give located messages and exit 2, never a stack trace', async () => {
  const syntax = dir({ 'policies/a.rego': 'package org\n\nhard_fail contains x if {\n' });
  const r1 = await run(['decide', join(syntax, 'policies'), '--input', valid]);
  assert.equal(r1.code, 2);
  assert.match(assertLocated(r1.err)[0]!, /^.*policies\/a\.rego:\d+:\d+: rego_parse_error: /);
  const unknown = dir({ 'a.rego': 'package org\np if { foo.bar(1) }\n' });
  const r2 = await run(['decide', unknown, '--input', valid]);
  assert.deepEqual([r2.code, r2.err], [2, `${unknown}/a.rego:2:8: rego_type_error: undefined function foo.bar\n`]);
  const yaml = dir({ 'bad.yml': 'version: 2.1\njobs:\n  build: [\n' });
  const r3 = await run(['decide', policies, '--input', join(yaml, 'bad.yml')]);
  assert.equal(r3.code, 2);
  assert.match(assertLocated(r3.err).join('\n') + r3.out, new RegExp(`${join(yaml, 'bad.yml')}:\\d+:\\d+: `));
  const missing = await run(['decide', policies, '--input', join(yaml, 'nope.yml')]);
  assert.equal(missing.code, 2);
  assert.match(missing.out + missing.err, /nope\.yml: failed to read input file: no such file or directory/);
  const usage = await run(['decide', policies]);
  assert.equal(usage.code, 2);
  assert.match(usage.err, /required flag --input not set/);
  const globbed = await run(['decide', '--input', valid, valid, valid]);
  assert.equal(globbed.code, 2);
  assert.match(globbed.err, /got 2; pass each config with its own --input, or --input DIR/);
  const flagErr = await run(['decide', policies, '--input', valid, '--mode', 'loud']);
  assert.deepEqual([flagErr.code, flagErr.err.split('\n')[0]], [2, "invalid value for --mode: 'loud' (expected one of hard, soft)"]);
});

test('decide: an ERROR decision exits 2 (1 with --strict); the reason is located', async () => {
  const policy = dir({ 'p.rego': 'package org\npolicy_name["p"]\nx = 1\nx = 2\n' });
  const r = await run(['decide', policy, '--input', valid, '--output', 'json']);
  assert.equal(r.code, 2);
  assert.match(JSON.parse(r.out).reason, /p\.rego:\d: eval_conflict_error: complete rules must not produce multiple outputs$/);
  assert.equal((await run(['decide', policy, '--input', valid, '--strict'])).code, 1);
});

test('decide --output junit, sarif and github', async () => {
  const junit = await run(['decide', policies, '--input', invalid, '--input', valid, '--output', 'junit']);
  assert.match(junit.out, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="policygate decide" tests="2" failures="1" errors="0">/);
  assert.match(junit.out, /<failure message="HARD_FAIL: 4 hard failure\(s\)" type="HARD_FAIL">HARD approved_docker_images: Job 'build' uses unapproved image/);
  assert.match(junit.out, /Allowed classes: \{&quot;medium&quot;|Allowed classes: \{"medium"/);
  const sarif = JSON.parse((await run(['decide', policies, '--input', invalid, '--output', 'sarif'])).out);
  assert.equal(sarif.version, '2.1.0');
  const results = sarif.runs[0].results;
  assert.equal(results.length, 4);
  assert.deepEqual(results[0].locations[0].physicalLocation.region, { startLine: 9, startColumn: 16 });
  assert.equal(results[0].level, 'error');
  const github = await run(['decide', policies, '--input', invalid, '--output', 'github', '--mode', 'soft']);
  const first = github.out.split('\n')[0]!;
  assert.match(first, /^::warning file=.*invalid_config\.yml,line=9,col=16,title=policygate%3A approved_docker_images \(would block in hard mode\)::Job 'build' uses/);
  assert.equal(github.code, 0);
});

test('decide accepts a .tar.gz bundle', async () => {
  const out = join(dir({}), 'bundle.tar.gz');
  assert.equal((await run(['bundle', 'build', policies, '-o', out])).code, 0);
  const a = await run(['decide', out, '--input', invalid, '--output', 'json']);
  const b = await run(['decide', policies, '--input', invalid, '--output', 'json']);
  assert.equal(a.out, b.out);
});

test('decide --jobs N decides on worker threads with the same results, in input order', async () => {
  const inputs = ['--input', seed + 'test/fixtures', '--input', seed + '.circleci/config.yml', '--input', invalid];
  const one = await run(['decide', policies, ...inputs, '--output', 'json']);
  const two = await run(['decide', policies, ...inputs, '--output', 'json', '--jobs', '2']);
  assert.equal(two.out, one.out);
  assert.equal(two.code, 1);
  const sarif1 = await run(['decide', policies, ...inputs, '--output', 'sarif']);
  const sarif2 = await run(['decide', policies, ...inputs, '--output', 'sarif', '-j', '2']);
  assert.equal(sarif2.out, sarif1.out, 'violations are located on the worker');
  assert.match((await run(['decide', policies, ...inputs, '--jobs', 'many'])).err, /invalid value for --jobs/);
});

test('decide without a bundle uses the built-in circleci pack', async () => {
  const withPack = await run(['decide', '--pack', 'circleci', '--input', invalid, '--output', 'json']);
  const byDefault = await run(['decide', '--input', invalid, '--output', 'json']);
  assert.equal(byDefault.out, withPack.out);
  assert.equal(byDefault.code, 1);
  assert.match(byDefault.out, /no_curl_pipe_shell/);
});
