import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../src/circleci/index.js';

function loadError(input: string | Uint8Array): ConfigError {
  try {
    loadConfig(input, 'bad.yml');
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`);
    assert.match(err.format(), /^bad\.yml:\d+:\d+: \S/);
    return err;
  }
  assert.fail('loading should have failed');
}

test('version 2.1 is a number and merges, aliases and redefined anchors resolve', () => {
  const { doc } = loadConfig(
    'version: 2.1\nimg: &img cimg/base:stable\nimg2: *img\ndefaults: &d {a: 1, b: 2}\nj: {<<: *d, b: 3}\nimg3: &img other\nuse: *img\n',
    'c.yml',
  );
  assert.equal(doc.version, 2.1);
  assert.equal(doc.img2, 'cimg/base:stable');
  assert.deepEqual(doc.j, { a: 1, b: 3 });
  assert.equal(doc.use, 'other');
});

test('a merge of a list-valued anchor merges each map', () => {
  const { doc } = loadConfig('x: &x [{a: 1}, {b: 2}]\ny:\n  <<: *x\n  c: 3\n', 'c.yml');
  assert.deepEqual(doc.y, { a: 1, b: 2, c: 3 });
});

test('integers beyond 2^53 stay exact as bigint', () => {
  const { doc } = loadConfig('n: 123456789012345678901\nm: 42\n', 'c.yml');
  assert.equal(doc.n, 123456789012345678901n);
  assert.equal(doc.m, 42);
});

test('positionOf finds nodes through aliases and merges', () => {
  const loaded = loadConfig('version: 2.1\nref: &r\n  image: cimg/base\njobs:\n  build:\n    docker:\n      - <<: *r\n        tag: x\n', 'c.yml');
  assert.deepEqual(loaded.positionOf(['jobs', 'build', 'docker', 0, 'tag']), { line: 8, col: 14 });
  assert.deepEqual(loaded.positionOf(['jobs', 'build', 'docker', 0, 'image']), { line: 3, col: 10 });
  assert.equal(loaded.positionOf(['jobs', 'deploy']), undefined);
});

test('top-level keys CircleCI ignores load', () => {
  const { doc } = loadConfig('version: 2.1\naliases: [&a 1]\nreferences: {r: &r 2}\nx-anchors: {s: *a}\n', 'c.yml');
  assert.deepEqual(doc['x-anchors'], { s: 1 });
});

test('an alias bomb is refused', () => {
  const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 10; i++) {
    const prev = String.fromCharCode(96 + i);
    const name = String.fromCharCode(97 + i);
    levels.push(`${name}: &${name} [${Array(10).fill('*' + prev).join(', ')}]`);
  }
  const err = loadError(levels.join('\n'));
  assert.equal(err.code, 'alias_limit');
  assert.ok(err.line > 1);
});

test('100,000-deep nesting is refused, flow and block', () => {
  assert.equal(loadError('a: ' + '['.repeat(100_000)).code, 'too_deep');
  assert.equal(loadError('- '.repeat(100_000) + 'x').code, 'too_deep');
  assert.equal(loadError('{a: '.repeat(100_000)).code, 'too_deep');
});

test('a 50 MB file is refused before parsing', () => {
  const err = loadError(new Uint8Array(50 * 1024 * 1024).fill(0x61));
  assert.equal(err.code, 'too_large');
  assert.match(err.message, /50\.0 MB/);
});

test('invalid UTF-8 is located', () => {
  const bytes = Buffer.concat([Buffer.from('version: 2.1\njobs:\n  a: "x'), Buffer.from([0xc3, 0x28]), Buffer.from('"\n')]);
  const err = loadError(bytes);
  assert.equal(err.code, 'invalid_utf8');
  assert.deepEqual([err.line, err.col], [3, 8]);
});

test('binary junk is refused', () => {
  const junk = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256);
  assert.ok(['invalid_utf8', 'invalid_character'].includes(loadError(junk).code));
  assert.equal(loadError('version: 2.1\x00\x01\n').code, 'invalid_character');
});

test('duplicate keys, tabs and a non-map top level are located errors', () => {
  const dup = loadError('version: 2.1\njobs: {}\njobs: {}\n');
  assert.deepEqual([dup.code, dup.line, dup.col], ['duplicate_key', 3, 1]);
  const tabs = loadError('version: 2.1\njobs:\n\tbuild: {}\n');
  assert.deepEqual([tabs.code, tabs.line], ['tab_indentation', 3]);
  assert.equal(loadError('- a\n- b\n').code, 'not_a_map');
  assert.equal(loadError('just text').code, 'not_a_map');
  assert.equal(loadError('').code, 'not_a_map');
});

test('more documents than allowed are refused', () => {
  assert.equal(loadError('a: 1\n---\nb: 2\n').code, 'too_many_documents');
});
