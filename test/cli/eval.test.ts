import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { dir, run, seed } from './policy-support.js';

const invalid = seed + 'test/fixtures/invalid_config.yml';

test('eval prints data with sorted keys, sets as sorted arrays, and data.meta (null without metadata)', async () => {
  const r = await run(['eval', seed + 'policies', '--input', invalid]);
  assert.equal(r.code, 0, r.err);
  const doc = JSON.parse(r.out);
  assert.deepEqual(Object.keys(doc), ['lib', 'meta', 'org']);
  assert.equal(doc.meta, null);
  assert.deepEqual(doc.org.allowed_resource_classes, ['medium', 'medium+', 'small']);
  const keys = Object.keys(doc.org);
  assert.deepEqual(keys, [...keys].sort());
  assert.equal(doc.org.hard_fail.length, 4);
});

test('eval --query: a value, several solutions as an array, undefined as null', async () => {
  const policy = dir({ 'p.rego': 'package org\nimport rego.v1\nxs := ["<a>", "b"]\n' });
  const input = join(dir({ 'c.yml': 'version: 2.1\n' }), 'c.yml');
  assert.equal((await run(['eval', policy, '--input', input, '--query', 'data.org.xs'])).out, '[\n  "\\u003ca\\u003e",\n  "b"\n]\n');
  assert.equal((await run(['eval', policy, '--input', input, '--query', 'data.org.xs[_]'])).out, '[\n  "\\u003ca\\u003e",\n  "b"\n]\n');
  assert.equal((await run(['eval', policy, '--input', input, '--query', 'data.org.nothing'])).out, 'null\n');
  assert.equal((await run(['eval', policy, '--input', input, '--query', 'input.version', '--no-compile'])).out, '2.1\n');
  const meta = await run(['eval', policy, '--input', input, '--query', 'data.meta', '--meta', '{"b": 1, "a": {"y": 2, "x": 1}}']);
  assert.equal(meta.out, '{\n  "a": {\n    "x": 1,\n    "y": 2\n  },\n  "b": 1\n}\n');
});

test('eval: a bad query or an evaluation error is reported, exit 2', async () => {
  const policy = dir({ 'p.rego': 'package org\nx := 1\nx := 2 if input.version\n' });
  const input = join(dir({ 'c.yml': 'version: 2.1\n' }), 'c.yml');
  const bad = await run(['eval', policy, '--input', input, '--query', 'data.org[']);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /^--query:1:\d+: rego_parse_error: /);
  const conflict = await run(['eval', policy, '--input', input]);
  assert.equal(conflict.code, 2);
  assert.match(conflict.err, /p\.rego:3:\d+: eval_conflict_error: complete rules must not produce multiple outputs\n$/);
});
