import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (t) => (out += t), stderr: (t) => (err += t), isTTY: false });
  return { code, out, err };
}

function bundle(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'lint-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const header = 'package org\n\nimport rego.v1\n\n';
const pipe = header + 'patterns := ["curl.*|.*sh"]\n\nhard_fail contains {"rule": "r", "reason": sprintf("Command %q pipes a download into a shell", [c])} if {\n\tsome c in input.commands\n\tsome p in patterns\n\tregex.match(p, c)\n}\n';
const clean = header + 'hard_fail contains {"rule": "r", "reason": sprintf("Command %q runs sudo; install tools in the image", [c])} if {\n\tsome c in input.commands\n\tcontains(c, "sudo")\n}\n';
const vague = header + 'hard_fail contains {"rule": "r", "reason": "Bad command"} if {\n\tsome c in input.commands\n\tcontains(c, "sudo")\n}\n';

test('lint: findings as file:line:col, exit 1', async () => {
  const dir = bundle({ 'security/p.rego': pipe });
  const r = await run('lint', dir);
  assert.equal(r.code, 1);
  assert.equal(r.err, '');
  assert.ok(r.out.startsWith(`${join(dir, 'security/p.rego')}:5:14: error: "curl.*|.*sh"`), r.out);
  assert.match(r.out, /\[regex-pipe-alternation\]\n1 problem \(1 error, 0 warnings, 0 info\) in 1 file/);
});

test('lint: a clean bundle exits 0', async () => {
  const r = await run('lint', bundle({ 'p.rego': clean }));
  assert.deepEqual([r.code, r.out], [0, '1 file checked, no problems found\n']);
});

test('lint: --fail-level decides which severities fail; --disable leaves a rule out', async () => {
  const dir = bundle({ 'p.rego': vague });
  assert.equal((await run('lint', dir)).code, 1);
  assert.equal((await run('lint', dir, '--fail-level', 'error')).code, 0);
  assert.equal((await run('lint', bundle({ 'p.rego': pipe }), '--fail-level', 'none')).code, 0);
  const off = await run('lint', dir, '--disable', 'vague-reason');
  assert.deepEqual([off.code, off.out], [0, '1 file checked, no problems found\n']);
});

test('lint: a comment silences a finding on its line or the next', async () => {
  const src = pipe.replace('patterns :=', '# policygate-lint: ignore[regex-pipe-alternation]\npatterns :=');
  assert.equal((await run('lint', bundle({ 'p.rego': src }))).code, 0);
});

test('lint: --output json and github', async () => {
  const dir = bundle({ 'p.rego': pipe });
  const json = await run('lint', dir, '--output', 'json');
  assert.equal(JSON.parse(json.out).findings[0].id, 'regex-pipe-alternation');
  const gh = await run('lint', dir, '-o', 'github');
  assert.match(gh.out, /^::error file=.*p\.rego,line=5,col=14,title=regex-pipe-alternation::/);
});

test('lint: each path is its own bundle', async () => {
  const a = bundle({ 'main.rego': header + 'enabled_rules := {"other"}\n' });
  const b = bundle({ 'p.rego': clean });
  assert.equal((await run('lint', a, b)).code, 1, 'enabled_rules of a names a rule no file of a produces');
  assert.equal((await run('lint', b)).code, 0, 'b alone is clean: a\'s enabled_rules does not filter it');
});

test('lint --explain and --list-rules', async () => {
  const r = await run('lint', '--explain', 'not-never-false');
  assert.equal(r.code, 0);
  assert.match(r.out, /^not-never-false \(error\): `not` applied to an expression that is never false\n\n/);
  assert.match(r.out, /not job_config\.filters/);
  const list = await run('lint', '--list-rules');
  assert.equal(list.code, 0);
  assert.ok(list.out.split('\n').length > 20);
});

test('lint: usage errors, missing paths and unparsable files exit 2 without a stack trace', async () => {
  assert.equal((await run('lint')).code, 2);
  const unknown = await run('lint', '--explain', 'no-such-rule');
  assert.deepEqual([unknown.code, unknown.err.startsWith("unknown rule id 'no-such-rule'")], [2, true]);
  assert.equal((await run('lint', bundle({ 'p.rego': clean }), '--disable', 'nope')).code, 2);
  const missing = await run('lint', '/nonexistent/policies');
  assert.deepEqual([missing.code, missing.err], [2, '/nonexistent/policies: no such file or directory\n']);
  const empty = await run('lint', bundle({ 'README.md': '# no policies' }));
  assert.match(empty.err, /: no \.rego files found\n$/);
  const dir = bundle({ 'bad.rego': 'package org\n\nx := {\n', 'p.rego': pipe });
  const bad = await run('lint', dir);
  assert.equal(bad.code, 2);
  assert.match(bad.err, new RegExp(`^${join(dir, 'bad.rego').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\d+:\\d+: `));
  assert.doesNotMatch(bad.err, /\n\s+at /);
  assert.match(bad.out, /regex-pipe-alternation/, 'the files that parse are still checked');
  assert.match(bad.out, /\(1 parse error: those files were not checked\)\n$/);
});
