import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dir, run, seed } from './policy-support.js';

test('bundle build writes a deterministic .tar.gz that decide, eval and validate accept', async () => {
  const out = dir({});
  const a = join(out, 'a.tar.gz');
  const b = join(out, 'b.tar.gz');
  const r = await run(['bundle', 'build', seed + 'policies', '-o', a]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.err, /a\.tar\.gz: 10 policy files, \d+ bytes/);
  await run(['bundle', 'build', seed + 'policies', '--output', b]);
  assert.deepEqual(readFileSync(a), readFileSync(b));
  assert.match((await run(['validate', a])).out, /valid \(10 files, seed format\)/);
  const e = await run(['eval', a, '--input', seed + 'test/fixtures/valid_config.yml', '--query', 'data.org.hard_fail']);
  assert.equal(e.out, '[]\n');
});

test('bundle build checks the bundle first and reports problems located inside DIR', async () => {
  const d = dir({ 'x/a.rego': 'package org\np if { y }\n' });
  const r = await run(['bundle', 'build', d + '/x', '-o', join(d, 'out.tar.gz')]);
  assert.deepEqual([r.code, r.err], [2, `${d}/x/a.rego:2:8: rego_unsafe_var_error: var y is unsafe\n`]);
  assert.equal((await run(['bundle', 'build', d + '/x', '-o', join(d, 'out.tar.gz'), '--no-check'])).code, 0);
});

test('bundle: usage errors', async () => {
  assert.match((await run(['bundle', 'pack', seed])).err, /unknown sub-command 'bundle pack'/);
  assert.match((await run(['bundle', 'build', seed + 'policies'])).err, /required flag -o\/--output not set/);
  assert.equal((await run(['bundle', 'build', seed + 'policies'])).code, 2);
});
