import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { main } from '../../src/cli/main.js';

const orbs = fileURLToPath(new URL('../../../../shared/corpus/orbs/', import.meta.url));
const configs = fileURLToPath(new URL('../../../../shared/corpus/configs/', import.meta.url));

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (t) => (out += t), stderr: (t) => (err += t), isTTY: false });
  return { code, out, err };
}

function write(text: string | Uint8Array): string {
  const file = join(mkdtempSync(join(tmpdir(), 'cfg-')), 'config.yml');
  writeFileSync(file, text);
  return file;
}

const config = `version: 2.1
parameters: { tag: { type: string, default: "3.11" } }
jobs: { build: { docker: [ { image: "cimg/python:<< pipeline.parameters.tag >>" } ], steps: [ { run: "echo << pipeline.git.branch >>" } ] } }
workflows: { main: { jobs: [ build ] } }
`;

test('config compile prints the compiled config as YAML or JSON', async () => {
  const file = write(config);
  const yaml = await run('config', 'compile', file, '--pipeline-parameters', '{"tag": "3.12"}', '--pipeline-values', '{"git": {"branch": "main"}}');
  assert.equal(yaml.code, 0, yaml.err);
  assert.deepEqual(parse(yaml.out).jobs.build, { docker: [{ image: 'cimg/python:3.12' }], steps: [{ run: { command: 'echo main' } }] });
  const json = await run('config', 'compile', file, '--output', 'json');
  assert.equal(JSON.parse(json.out).jobs.build.steps[0].run.command, 'echo << pipeline.git.branch >>');
});

test('config input prints the whole input document; parameters can come from a file', async () => {
  const file = write(config);
  const params = join(mkdtempSync(join(tmpdir(), 'p-')), 'params.json');
  writeFileSync(params, '{"tag": "3.9"}');
  const r = await run('config', 'input', file, '--pipeline-parameters', '@' + params);
  assert.equal(r.code, 0, r.err);
  const doc = JSON.parse(r.out);
  assert.equal(doc.version, 2.1);
  assert.equal(doc.jobs.build.docker[0].image, 'cimg/python:<< pipeline.parameters.tag >>');
  assert.equal(doc._compiled_.jobs.build.docker[0].image, 'cimg/python:3.9');
});

test('config input inlines orbs from --orb-dir', async () => {
  const r = await run('config', 'input', configs + 'auth0__auth0.js.yml', '--orb-dir', orbs);
  assert.equal(r.code, 0);
  const doc = JSON.parse(r.out);
  assert.deepEqual(doc._policygate_.unresolved_orbs, ['ship: auth0/ship@0.2.0']);
  assert.match(r.err, /warning: orb auth0\/ship@0\.2\.0/);
  assert.ok(JSON.stringify(doc._compiled_.jobs.build).includes('curl -Os'));
});

test('config validate reports located problems with exit 2', async () => {
  const ok = await run('config', 'validate', write(config));
  assert.deepEqual([ok.code, ok.err], [0, '']);
  const bad = await run('config', 'validate', write('version: 2.1\njobs: { build: { steps: [ checkout ] } }\n'));
  assert.equal(bad.code, 2);
  assert.match(bad.err, /config\.yml:2:16: jobs\.build: needs an executor/);
});

test('hostile and broken input exits 2 with file:line:col and no stack trace', async () => {
  const cases: [string | Uint8Array, RegExp][] = [
    ['a: ' + '['.repeat(100_000), /config\.yml:1:\d+: nesting deeper than/],
    [new Uint8Array(50 * 1024 * 1024).fill(0x20), /config\.yml:1:1: file is 50\.0 MB/],
    [Buffer.from([0x61, 0x3a, 0x20, 0xff, 0x0a]), /config\.yml:1:4: invalid UTF-8/],
    ['x: &a [1]\n' + 'y: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n'.repeat(1) + Array.from({ length: 8 }, (_, i) => `z${i}: &${'c' + i} [${Array(10).fill(i === 0 ? '*b' : `*c${i - 1}`).join(', ')}]`).join('\n') + '\n', /config\.yml:\d+:\d+: aliases expand/],
    ['version: 2.1\ncommands: { a: { steps: [ a ] } }\njobs: { j: { docker: [ { image: x } ], steps: [ a ] } }\nworkflows: { w: { jobs: [ j ] } }\n', /config\.yml:2:\d+: command a calls itself: a -> a/],
  ];
  for (const [text, expected] of cases) {
    const r = await run('config', 'compile', write(text));
    assert.equal(r.code, 2);
    assert.match(r.err, expected);
    assert.doesNotMatch(r.err, /\n\s+at /);
  }
  const missing = await run('config', 'compile', '/nonexistent/config.yml');
  assert.deepEqual([missing.code, missing.err], [2, '/nonexistent/config.yml: cannot read file: no such file\n']);
  const usage = await run('config', 'frobnicate');
  assert.equal(usage.code, 2);
});
