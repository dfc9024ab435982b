import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (t) => (out += t), stderr: (t) => (err += t), isTTY: false });
  return { code, out, err };
}

const MESSY = 'package org\nimport future.keywords\ndeny[msg]{\nmsg:="x"   # why\n}\n';
const CLEAN = 'package org\n\nimport future.keywords\n\ndeny contains msg if {\n\tmsg := "x" # why\n}\n';

function tree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fmt-'));
  mkdirSync(join(dir, 'sub'));
  mkdirSync(join(dir, '.hidden'));
  writeFileSync(join(dir, 'a.rego'), MESSY);
  writeFileSync(join(dir, 'sub', 'b.rego'), CLEAN);
  writeFileSync(join(dir, '.hidden', 'c.rego'), MESSY);
  writeFileSync(join(dir, 'notes.txt'), MESSY);
  return dir;
}

test('fmt FILE prints the formatted text', async () => {
  const dir = tree();
  const r = await run('fmt', join(dir, 'a.rego'));
  assert.deepEqual([r.code, r.out, r.err], [0, CLEAN, '']);
});

test('fmt --check lists unformatted files of a directory and exits 1; hidden directories are skipped', async () => {
  const dir = tree();
  const r = await run('fmt', '--check', dir);
  assert.equal(r.code, 1);
  assert.equal(r.out, join(dir, 'a.rego') + '\n');
  const ok = await run('fmt', '--check', join(dir, 'sub'));
  assert.deepEqual([ok.code, ok.out], [0, '']);
});

test('fmt --write rewrites only what needs it, then --check passes', async () => {
  const dir = tree();
  const r = await run('fmt', '-w', '-l', dir);
  assert.deepEqual([r.code, r.out], [0, join(dir, 'a.rego') + '\n']);
  assert.equal(readFileSync(join(dir, 'a.rego'), 'utf8'), CLEAN);
  assert.equal(readFileSync(join(dir, '.hidden', 'c.rego'), 'utf8'), MESSY);
  assert.equal((await run('fmt', '--check', dir)).code, 0);
});

test('fmt --diff shows a unified diff', async () => {
  const dir = tree();
  const r = await run('fmt', '--diff', join(dir, 'a.rego'));
  assert.equal(r.code, 0);
  assert.match(r.out, /^--- .*a\.rego \(original\)\n\+\+\+ .*a\.rego \(formatted\)\n@@ -1,5 \+1,7 @@\n/);
  assert.match(r.out, /\n-deny\[msg\]\{\n/);
  assert.match(r.out, /\n\+deny contains msg if \{\n/);
});

test('fmt --rego-v1 converts a v0 file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fmt-'));
  writeFileSync(join(dir, 'p.rego'), 'package org\npolicy_name["p"]\nr = "no" { input.x }\n');
  const r = await run('fmt', '--rego-v1', join(dir, 'p.rego'));
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out, 'package org\n\nimport rego.v1\n\npolicy_name contains "p"\nr := "no" if input.x\n');
});

test('syntax errors are located, other files still handled, exit 2', async () => {
  const dir = tree();
  writeFileSync(join(dir, 'bad.rego'), 'package org\n\np if {\n  x :=\n}\n');
  const r = await run('fmt', '--check', dir);
  assert.equal(r.code, 2);
  assert.match(r.err, /bad\.rego:5:1: rego_parse_error: /);
  assert.equal(r.out, join(dir, 'a.rego') + '\n');
  assert.doesNotMatch(r.err, /at .*\.js/);
});

test('usage errors exit 2', async () => {
  const dir = tree();
  assert.equal((await run('fmt')).code, 2);
  const several = await run('fmt', dir);
  assert.equal(several.code, 2);
  assert.match(several.err, /--write, --check, --list or --diff/);
  const missing = await run('fmt', join(dir, 'nope.rego'));
  assert.equal(missing.code, 2);
  assert.match(missing.err, /nope\.rego: cannot read: no such file/);
});
