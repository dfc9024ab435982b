// Loading bundles: directories walked recursively (every .rego, names as given), single files,
// and gzipped tarballs, ours or made by `tar -czf`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { PolicyError, buildArchive, loadBundle } from '../../src/policy/index.js';
import { readTarGz, writeTarGz } from '../../src/policy/tar.js';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'bundle-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

test('a directory: every .rego below it, in lexical order, named by the path as given', () => {
  const root = tree({ 'b.rego': 'package org\n', 'a/z.rego': 'package org\n', 'a/notes.txt': 'x', '.hidden/h.rego': 'package org\n' });
  const b = loadBundle(root + '/');
  assert.equal(b.kind, 'directory');
  assert.deepEqual(b.files.map((f) => f.name), [`${root}/.hidden/h.rego`, `${root}/a/z.rego`, `${root}/b.rego`]);
});

test('a single file is a bundle of one', () => {
  const root = tree({ 'one.rego': 'package org\n' });
  assert.deepEqual(loadBundle(join(root, 'one.rego')).files.map((f) => f.name), [join(root, 'one.rego')]);
});

test('missing paths and empty directories are errors, located at the path', () => {
  const root = tree({ 'x.txt': '' });
  assert.throws(() => loadBundle(join(root, 'nope')), (e: unknown) => e instanceof PolicyError && e.message === `failed to walk root: lstat ${join(root, 'nope')}: no such file or directory` && e.file === join(root, 'nope'));
  assert.throws(() => loadBundle(root), (e: unknown) => e instanceof PolicyError && e.message === 'no rego policies found');
});

test('buildArchive and loadBundle round-trip a directory through a .tar.gz, byte-identical on rebuild', () => {
  const long = 'deeply/'.repeat(20) + 'nested.rego';
  const root = tree({ 'security/a.rego': 'package org\n# ü\n', [long]: 'package org\n', 'main.rego': 'package org\n' });
  const bytes = buildArchive(loadBundle(root));
  assert.deepEqual(buildArchive(loadBundle(root)), bytes);
  const file = join(root, '..', `${root.split('/').pop()}.tar.gz`);
  writeFileSync(file, bytes);
  const b = loadBundle(file);
  assert.equal(b.kind, 'archive');
  assert.deepEqual(b.files.map((f) => f.name), [long, 'main.rego', 'security/a.rego']);
  assert.equal(b.files[2]!.source, 'package org\n# ü\n');
});

test('tar reader: GNU long names, pax paths, directories skipped, corrupt archives rejected', () => {
  const entries = readTarGz(writeTarGz([{ name: 'a.rego', data: new TextEncoder().encode('x') }]));
  assert.deepEqual(entries.map((e) => e.name), ['a.rego']);
  assert.throws(() => readTarGz(gzipSync(Buffer.alloc(512, 7))), /not a tar archive/);
  assert.throws(() => readTarGz(new Uint8Array([1, 2, 3])), /not a gzip file/);
});

test('a tarball made by tar -czf -C policies . loads (when tar is installed)', (t) => {
  const probe = spawnSync('tar', ['--version']);
  if (probe.error || probe.status !== 0) return t.skip('no tar program on this machine');
  const root = tree({ 'policies/security/a.rego': 'package org\n', ['policies/' + 'x'.repeat(120) + '.rego']: 'package org\n' });
  const out = join(root, 'policy-bundle.tar.gz');
  const r = spawnSync('tar', ['-czf', out, '-C', join(root, 'policies'), '.']);
  assert.equal(r.status, 0, String(r.stderr));
  assert.deepEqual(loadBundle(out).files.map((f) => f.name), ['security/a.rego', 'x'.repeat(120) + '.rego']);
});
