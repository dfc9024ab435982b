import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { buildInput, compileConfig, ConfigError, loadConfig } from '../../src/circleci/index.js';
import type { JsonObject, JsonValue } from '../../src/circleci/index.js';
import { configsDir, loadCorpusConfig, orbsDir } from './corpus.js';

const options = { orbDirs: [orbsDir] };

function compiledOf(name: string): JsonObject {
  const r = compileConfig(loadCorpusConfig(name), options);
  assert.ok(r.compiled, `${name} should compile`);
  return r.compiled;
}

function job(compiled: JsonObject, name: string): JsonObject {
  const j = (compiled.jobs as JsonObject)[name];
  assert.ok(j !== undefined, `job ${name} in ${Object.keys(compiled.jobs as JsonObject).join(', ')}`);
  return j as JsonObject;
}

function commands(j: JsonObject): string[] {
  return (j.steps as JsonValue[]).flatMap((s) => {
    const run = (s as JsonObject)?.run as JsonObject | undefined;
    return typeof run?.command === 'string' ? [run.command] : [];
  });
}

test('every corpus config loads and compiles without an exception', () => {
  const files = readdirSync(configsDir).filter((f) => /\.ya?ml$/.test(f));
  assert.ok(files.length >= 280);
  let withOrbs = 0;
  for (const file of files) {
    const loaded = loadConfig(readFileSync(configsDir + file), file);
    const { input, result } = buildInput(loaded, options);
    assert.ok(result.compiled !== undefined, `${file}: ${result.errors.map((e) => e.format()).join('; ')}`);
    assert.equal(input._compiled_, result.compiled);
    for (const e of result.errors) assert.ok(e instanceof ConfigError && e.file === file && e.line >= 1, e.format());
    if (result.compiled.version !== 2) assert.fail(`${file}: compiled version ${String(result.compiled.version)}`);
    if (loaded.doc.orbs !== undefined && result.unresolvedOrbs.length < Object.keys(loaded.doc.orbs as JsonObject).length) withOrbs++;
  }
  assert.ok(withOrbs > 20, `configs with at least one orb resolved: ${withOrbs}`);
});

test('orb steps are inlined: codecov@3 resolves to 3.3.0 and its curl appears in the job', () => {
  const r = compileConfig(loadCorpusConfig('auth0__auth0.js.yml'), options);
  const build = job(r.compiled!, 'build');
  assert.ok(commands(build).some((c) => c.includes('curl -Os $codecov_url')));
  assert.ok(!(build.steps as JsonValue[]).includes('codecov/upload'));
  assert.deepEqual(r.unresolvedOrbs, ['ship: auth0/ship@0.2.0']);
  const entries = ((r.compiled!.workflows as JsonObject)['build-and-test'] as JsonObject).jobs as JsonValue[];
  assert.ok(entries.some((e) => typeof e === 'object' && e !== null && 'ship/node-publish' in e), 'unresolved orb job stays as written');
});

test('a matrix expands with generated names (plotly.py)', () => {
  const c = compiledOf('plotly__plotly.py.yml');
  const names = Object.keys(c.jobs as JsonObject);
  for (const n of ['test_core_py-3.8', 'test_core_py-3.13', 'test_optional_py-3.9_pandas-1.2.4']) assert.ok(names.includes(n), n);
  assert.ok(!names.includes('test_core_py'));
});

test('an executor-typed argument and a matrix name resolve (mozilla fx-private-relay)', () => {
  const c = compiledOf('mozilla__fx-private-relay.yml');
  const j = job(c, 'pytest with postgres 17.5');
  const images = (j.docker as JsonObject[]).map((d) => d.image);
  assert.deepEqual(images, ['cimg/python:3.11.8', 'cimg/postgres:17.5']);
  assert.equal(j.executor, undefined);
  assert.deepEqual((job(c, 'build_frontend').docker as JsonObject[])[0]!.image, 'cimg/base:current');
});

test('parameters substitute and when steps resolve through nested commands (emscripten)', () => {
  const c = compiledOf('0o001__emscripten.yml');
  const frozen = (name: string) => (job(c, name).steps as JsonObject[]).some((s) => (s.run as JsonObject | undefined)?.name === 'Add EM_FROZEN_CACHE to bash env');
  assert.equal(frozen('test-core0'), true, 'frozen_cache defaults to true');
  assert.equal(frozen('test-sanity'), false, 'frozen_cache: false drops the when step');
  const core0 = JSON.stringify(job(c, 'test-core0'));
  assert.ok(!core0.includes('<< parameters.'), 'no parameter reference is left');
  assert.ok(commands(job(c, 'test-core0')).some((cmd) => cmd.includes('core0')));
  assert.ok(Array.isArray(job(c, 'test-core0').docker), 'the bionic executor is inlined');
});
