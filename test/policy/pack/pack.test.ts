import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildInput, loadConfig } from '../../../src/circleci/index.js';
import type { JsonObject } from '../../../src/circleci/index.js';
import { bundleOf, compileBundle, decide, PolicyError } from '../../../src/policy/index.js';
import type { CompiledBundle, Decision, Violation } from '../../../src/policy/index.js';
import { lintSources } from '../../../src/policy/lint/index.js';
import { loadPack, packDefaults, packDir, packRules, withPack } from '../../../src/policy/pack/index.js';

const compiled = compileBundle(loadPack('circleci'), { dialect: 'auto' });
const fixtures = packDir('circleci') + 'fixtures/';

function decideText(c: CompiledBundle, text: string, file = 'config.yml', orbDirs: string[] = []): Decision {
  const { input } = buildInput(loadConfig(text, file), { orbDirs });
  return decide(c, input);
}

function violations(d: Decision, rule?: string): Violation[] {
  return [...d.hard_failures, ...d.soft_failures].filter((v) => rule === undefined || v.rule === rule);
}

test('the pack has at least 20 rules, each with metadata, remediation and a default level', () => {
  const rules = packRules('circleci');
  assert.ok(rules.length >= 20, `${rules.length} rules`);
  for (const r of rules) {
    for (const key of ['name', 'category', 'severity', 'description', 'remediation']) assert.equal(typeof r.metadata[key], 'string', `${r.id}: metadata.${key}`);
    assert.ok(r.level === 'hard' || r.level === 'soft', r.id);
  }
  // settings.rules lists every rule: pack.rego reads the rules through it.
  assert.deepEqual(Object.keys(packDefaults('circleci').rules as JsonObject).sort(), rules.map((r) => r.id).sort());
});

for (const rule of packRules('circleci')) {
  test(`${rule.id}: its fixtures fire and stay quiet`, () => {
    const dir = fixtures + rule.id + '/';
    const files = existsSync(dir) ? readdirSync(dir) : [];
    const fires = files.filter((f) => f.startsWith('fires'));
    const quiet = files.filter((f) => f.startsWith('quiet'));
    assert.ok(fires.length > 0 && quiet.length > 0, `fixtures/${rule.id}/ needs fires*.yml and quiet*.yml`);
    for (const f of fires) {
      const d = decideText(compiled, readFileSync(dir + f, 'utf8'), f);
      const vs = violations(d, rule.id);
      assert.ok(vs.length > 0, `${rule.id}/${f} should fire`);
      const list = rule.level === 'hard' ? d.hard_failures : d.soft_failures;
      assert.ok(list.some((v) => v.rule === rule.id), `${rule.id} reports at its default level, ${rule.level}`);
    }
    for (const f of quiet) {
      const vs = violations(decideText(compiled, readFileSync(dir + f, 'utf8'), f), rule.id);
      assert.deepEqual(vs.map((v) => v.reason), [], `${rule.id}/${f} should stay quiet`);
    }
  });
}

test('reasons name the job, the value and the fix', () => {
  const text = readFileSync(fixtures + 'no_curl_pipe_shell/fires.yml', 'utf8');
  const reasons = violations(decideText(compiled, text), 'no_curl_pipe_shell').map((v) => v.reason);
  assert.ok(reasons.includes("Job 'build' step #1 pipes a download into a shell: curl -fsSL https://example.com/install.sh | bash. Download to a file and verify its checksum before running it."), reasons.join('\n'));
  // The reusable command's curl is found in the compiled job.
  assert.ok(reasons.some((r) => r.includes('wget -qO- https://example.com/get-tool.sh | sh')));
  const secrets = violations(decideText(compiled, readFileSync(fixtures + 'no_hardcoded_secrets/fires.yml', 'utf8')), 'no_hardcoded_secrets');
  assert.ok(secrets.every((v) => !v.reason.includes('FAKEfakeFAKE')), 'a token is never repeated in full');
});

test('violations carry the rule file\'s metadata', () => {
  const d = decideText(compiled, readFileSync(fixtures + 'no_sudo/fires.yml', 'utf8'));
  const v = violations(d, 'no_sudo')[0]!;
  assert.equal(v.metadata?.name, 'No sudo in run steps');
  assert.match(String(v.metadata?.remediation), /image/);
});

test('settings: change a level, switch a rule off, extend an allowlist, through data', () => {
  const text = readFileSync(fixtures + 'image_registry_allowed/fires.yml', 'utf8');
  const hard = compileBundle(loadPack('circleci', { settings: { rules: { image_registry_allowed: { level: 'hard' } } } }), { dialect: 'auto' });
  assert.equal(decideText(hard, text).hard_failures.filter((v) => v.rule === 'image_registry_allowed').length, 2);
  const off = compileBundle(loadPack('circleci', { settings: { rules: { image_registry_allowed: { enabled: false } } } }), { dialect: 'auto' });
  assert.deepEqual(violations(decideText(off, text), 'image_registry_allowed'), []);
  const quay = compileBundle(loadPack('circleci', { settings: { allowed_registries: ['quay.io'], allowed_image_prefixes: ['randomuser/'] } }), { dialect: 'auto' });
  assert.deepEqual(violations(decideText(quay, text), 'image_registry_allowed'), []);
  // Lists replace the default, maps merge: other rules keep their defaults.
  assert.ok(violations(decideText(quay, readFileSync(fixtures + 'no_sudo/fires.yml', 'utf8')), 'no_sudo').length > 0);
});

test('settings: unknown keys and rule ids are errors, not silently ignored', () => {
  assert.throws(() => loadPack('circleci', { settings: { alowed_registries: [] } }), (e: unknown) => e instanceof PolicyError && /unknown setting "alowed_registries"/.test(e.message));
  assert.throws(() => loadPack('circleci', { settings: { rules: { no_sodu: { enabled: false } } } }), /unknown rule "no_sodu"/);
  assert.throws(() => loadPack('circleci', { settings: { rules: { no_sudo: { level: 'fatal' } } } }), /must be "hard" or "soft"/);
  assert.throws(() => loadPack('nope'), /unknown pack 'nope'/);
});

test('a bundle of the user\'s own package org rules and the pack: both report, nothing collides', () => {
  const user = bundleOf([
    {
      name: 'policies/own.rego',
      source: `package org

import rego.v1

# Names the pack also uses in its own packages.
get_command(step) := step.run.command
violations := {"mine"}

hard_fail contains {"rule": "no_deploy_on_friday", "reason": sprintf("Job %s deploys on a Friday", [name])} if {
	some name, job in input._compiled_.jobs
	some step in job.steps
	contains(get_command(step), "deploy")
}
`,
    },
  ]);
  const both = compileBundle(withPack(user, loadPack('circleci')), { dialect: 'auto' });
  const d = decideText(both, readFileSync(fixtures + 'ssh_keys_scoped/fires.yml', 'utf8'));
  assert.ok(violations(d, 'no_deploy_on_friday').length > 0);
  assert.ok(violations(d, 'ssh_keys_scoped').length > 0);
});

test('without _compiled_ (decide --no-compile) the pack reads the config as written', () => {
  const { input } = buildInput(loadConfig(readFileSync(fixtures + 'no_sudo/fires.yml', 'utf8'), 'c.yml'));
  delete (input as JsonObject)._compiled_;
  assert.equal(violations(decide(compiled, input), 'no_sudo').length, 1);
});

test('the pack\'s own Rego passes policygate lint', () => {
  const dir = packDir('circleci');
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const f of readdirSync(d, { withFileTypes: true })) {
      if (f.isDirectory()) walk(`${d}${f.name}/`);
      else if (f.name.endsWith('.rego')) files.push(d + f.name);
    }
  };
  walk(dir);
  const r = lintSources(files.map((f) => ({ file: f.slice(dir.length), source: readFileSync(f, 'utf8') })));
  assert.deepEqual([...r.problems, ...r.findings], []);
});

const corpus = fileURLToPath(new URL('../../../../../shared/corpus/', import.meta.url));

test('the pack decides every corpus config without an error', (t) => {
  if (!existsSync(corpus + 'configs/')) {
    t.skip('../shared/corpus/ is not beside this checkout: the corpus is shared by the project, not part of the repository');
    return;
  }
  const files = readdirSync(corpus + 'configs/').filter((f) => /\.ya?ml$/.test(f));
  assert.ok(files.length >= 280);
  const statuses = new Map<string, number>();
  for (const f of files) {
    const d = decideText(compiled, readFileSync(corpus + 'configs/' + f, 'utf8'), f, [corpus + 'orbs/']);
    assert.notEqual(d.status, 'ERROR', `${f}: ${d.reason}`);
    statuses.set(d.status, (statuses.get(d.status) ?? 0) + 1);
  }
  assert.ok((statuses.get('PASS') ?? 0) > 0 && (statuses.get('HARD_FAIL') ?? 0) > 0, JSON.stringify([...statuses]));
});
