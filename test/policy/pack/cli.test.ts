// `policygate decide --pack circleci`: the pack alone, with a bundle, and with settings.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main.js';
import { packDir } from '../../../src/policy/pack/index.js';

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (t) => (out += t), stderr: (t) => (err += t), isTTY: false });
  return { code, out, err };
}

const fires = (rule: string) => `${packDir('circleci')}fixtures/${rule}/fires.yml`;

test('decide --pack circleci without a bundle', async () => {
  const r = await run('decide', '--pack', 'circleci', '--input', fires('no_curl_pipe_shell'), '-o', 'json');
  assert.equal(r.code, 1, r.err);
  const d = JSON.parse(r.out);
  assert.equal(d.status, 'HARD_FAIL');
  assert.ok(d.hard_failures.some((v: { rule: string }) => v.rule === 'no_curl_pipe_shell'));
});

test('decide BUNDLE --pack circleci: the bundle\'s rules and the pack\'s', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'own-'));
  writeFileSync(join(dir, 'own.rego'), 'package org\n\nimport rego.v1\n\nsoft_fail contains {"rule": "own_rule", "reason": "The config has a build job: this is only a test rule"} if input.jobs.build\n');
  const r = await run('decide', dir, '--pack', 'circleci', '--input', fires('no_curl_pipe_shell'), '-o', 'json');
  const d = JSON.parse(r.out);
  assert.ok(d.soft_failures.some((v: { rule: string }) => v.rule === 'own_rule'));
  assert.ok(d.hard_failures.some((v: { rule: string }) => v.rule === 'no_curl_pipe_shell'));
});

test('decide --pack-settings: a YAML file of settings', async () => {
  const settings = join(mkdtempSync(join(tmpdir(), 'settings-')), 'pack.yml');
  writeFileSync(settings, 'rules:\n  no_curl_pipe_shell: {level: soft}\n');
  const r = await run('decide', '--pack', 'circleci', '--pack-settings', settings, '--input', fires('no_curl_pipe_shell'), '-o', 'json');
  const d = JSON.parse(r.out);
  assert.ok(d.soft_failures.some((v: { rule: string }) => v.rule === 'no_curl_pipe_shell'));
  assert.ok(!(d.hard_failures ?? []).some((v: { rule: string }) => v.rule === 'no_curl_pipe_shell'));
});

test('decide --pack: unknown packs and bad settings are usage errors; no bundle means the pack', async () => {
  const unknown = await run('decide', '--pack', 'nope', '--input', fires('no_sudo'));
  assert.deepEqual([unknown.code, unknown.err], [2, "unknown pack 'nope' (available: circleci)\n"]);
  const settings = join(mkdtempSync(join(tmpdir(), 'settings-')), 'pack.yml');
  writeFileSync(settings, 'allowed_orb: []\n');
  const bad = await run('decide', '--pack', 'circleci', '--pack-settings', settings, '--input', fires('no_sudo'));
  assert.equal(bad.code, 2);
  assert.match(bad.err, /unknown setting "allowed_orb"/);
  assert.equal((await run('decide', '--pack-settings', settings, '.', '--input', fires('no_sudo'))).code, 2);
  // Without a bundle of one's own the built-in pack decides (no_sudo is a soft rule).
  const byDefault = await run('decide', '--input', fires('no_sudo'));
  assert.equal(byDefault.code, 0);
  assert.match(byDefault.out, /SOFT_FAIL[\s\S]*no_sudo/);
});
