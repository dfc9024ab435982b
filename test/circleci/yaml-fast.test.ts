// The fast path (js-yaml, src/circleci/fastyaml.ts) against the careful path (the `yaml` package):
// the same documents, the same errors, and every place where the two parsers differ handed to the
// careful path.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { ConfigError, toJsonText } from '../../src/circleci/index.js';
import type { JsonValue, LoadedConfig, PathSegment } from '../../src/circleci/index.js';
import { FastPositions } from '../../src/circleci/fastpositions.js';
import { loadFast } from '../../src/circleci/fastyaml.js';
import { estimateDepth, loadConfig, loadConfigCareful } from '../../src/circleci/yaml.js';
import { configsDir } from './corpus.js';

const LIMITS = { maxDepth: 500, maxAliasNodes: 1_000_000 };
const NO_CORPUS = existsSync(configsDir) ? false : `the shared corpus (${configsDir}) is not on this machine`;

/** Whether js-yaml answered for this text (true) or handed it to the careful path (false). */
function servedFast(text: string): boolean {
  return 'doc' in loadFast(text, LIMITS);
}

type Outcome = { doc: JsonValue; order: string } | { error: ReturnType<ConfigError['toJSON']> };

function outcome(load: (text: string, file: string) => LoadedConfig, text: string): Outcome {
  try {
    const { doc } = load(text, 'c.yml');
    return { doc, order: toJsonText(doc) };
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return { error: err.toJSON() };
  }
}

/** Same document (types, -0, NaN, bigint and key order included) or the same located error. */
function assertSameAsCareful(text: string, label = JSON.stringify(text)): Outcome {
  const fast = outcome(loadConfig, text);
  const careful = outcome(loadConfigCareful, text);
  assert.deepStrictEqual(fast, careful, label);
  return fast;
}

function show(o: Outcome): string {
  return 'doc' in o ? o.order : JSON.stringify(o.error);
}

function docOf(text: string): JsonValue {
  const o = assertSameAsCareful(text);
  assert.ok('doc' in o, `${JSON.stringify(text)} should load: ${show(o)}`);
  return o.doc;
}

test('every corpus config loads to the same document on both paths, nearly all on the fast one', { skip: NO_CORPUS }, () => {
  const files = readdirSync(configsDir).filter((f) => /\.ya?ml$/.test(f));
  assert.ok(files.length >= 280);
  let fast = 0;
  for (const f of files) {
    const bytes = readFileSync(configsDir + f);
    const careful = loadConfigCareful(bytes, f).doc;
    const loaded = loadConfig(bytes, f).doc;
    assert.deepStrictEqual(loaded, careful, f);
    assert.equal(toJsonText(loaded), toJsonText(careful), `${f}: key order`);
    if (servedFast(bytes.toString('utf8').replace(/^\uFEFF/, ''))) fast++;
  }
  assert.ok(fast >= files.length * 0.95, `served by js-yaml: ${fast} of ${files.length}`);
});

test('merge keys: lists of maps, several `<<` in one map, written keys win, merged keys where `<<` was', () => {
  const text = [
    'base: &b {a: 1, b: 2}',
    'more: &m {b: 3, c: 4}',
    'list: &l [*b, {d: 5}]',
    'j1:',
    '  x: 0',
    '  <<: [*b, *m]',
    '  c: 5',
    'j2:',
    '  <<: *b',
    '  <<: *m',
    'j3: {<<: *l, a: 9}',
    'j4:',
    '  - <<: *m',
    '    e: 6',
    '',
  ].join('\n');
  assert.ok(servedFast(text));
  const doc = docOf(text) as Record<string, JsonValue>;
  assert.equal(toJsonText(doc.j1!), '{"x":0,"a":1,"b":2,"c":5}');
  assert.equal(toJsonText(doc.j2!), '{"a":1,"b":2,"c":4}');
  assert.equal(toJsonText(doc.j3!), '{"a":9,"b":2,"d":5}');
  assert.deepStrictEqual(doc.j4, [{ b: 3, c: 4, e: 6 }]);
});

test('aliases share the anchored value; an anchor defined again wins from there on', () => {
  const text = 'a: &x 1\nb: *x\nc: &x [2]\nd: *x\ne: *x\n';
  assert.ok(servedFast(text));
  const doc = docOf(text) as Record<string, JsonValue>;
  assert.deepStrictEqual(doc, { a: 1, b: 1, c: [2], d: [2], e: [2] });
  assert.equal(doc.d, doc.e);
});

test('scalars resolve as the YAML 1.2 core schema: numbers, big integers, booleans, null, strings', () => {
  const numbers = [
    'a: "1"', "b: '2.0'", 'c: 3', 'd: 2.0', 'e: 1e3', 'f: 1_000', 'g: .5', 'h: 1.', 'i: .inf', 'j: -.Inf', 'k: .nan',
    'l: 0b101', 'm: 1:30', 'n: 0o17', 'o: 0x1F', 'p: +12', 'q: 007', 'r: -0', 's: -0.0', 't: 1.0e20',
    'u: 0x20000000000001', 'v: 0x1FFFFFFFFFFFFF', 'w: 12e', 'x: 1.2.3', 'y: 123456789012345678901', 'z: -9007199254740993',
    'version: 2.1', '',
  ].join('\n');
  assert.ok(servedFast(numbers));
  assert.deepStrictEqual(docOf(numbers), {
    a: '1', b: '2.0', c: 3, d: 2, e: 1000, f: '1_000', g: 0.5, h: 1, i: Infinity, j: -Infinity, k: NaN,
    l: '0b101', m: '1:30', n: 15, o: 31, p: 12, q: 7, r: 0, s: -0, t: 1e20,
    u: 9007199254740993n, v: 9007199254740991, w: '12e', x: '1.2.3', y: 123456789012345678901n, z: -9007199254740993n,
    version: 2.1,
  });
  const words = 'a: yes\nb: No\nc: on\nd: off\ne: y\nf: True\ng: FALSE\nh: tRUE\ni: ~\nj: Null\nk: NULL\nl: nULL\nm:\n';
  assert.ok(servedFast(words));
  assert.deepStrictEqual(docOf(words), { a: 'yes', b: 'No', c: 'on', d: 'off', e: 'y', f: true, g: false, h: 'tRUE', i: null, j: null, k: null, l: 'nULL', m: null });
  const strings = 'd: 2001-12-14\nt: 2001-12-14t21:59:43.10-05:00\nb64: R0lGODlhDAAMAIQAAP\nlt: <<\nlist: [<<, "<<", a]\n';
  assert.ok(servedFast(strings));
  assert.deepStrictEqual(docOf(strings), { d: '2001-12-14', t: '2001-12-14t21:59:43.10-05:00', b64: 'R0lGODlhDAAMAIQAAP', lt: '<<', list: ['<<', '<<', 'a'] });
});

test('keys that are not strings are written as text, in the order JavaScript keeps them', () => {
  const text = '1: a\ntrue: b\n1.5: c\n0x10: d\nFalse: e\n-0: f\n.inf: g\n123456789012345678901: h\n"2": i\n__proto__: j\n';
  assert.ok(servedFast(text));
  const doc = docOf(text) as Record<string, JsonValue>;
  assert.deepStrictEqual(Object.keys(doc), ['0', '1', '2', '16', 'true', '1.5', 'false', 'Infinity', '123456789012345678901', '__proto__']);
  assert.equal(Object.getPrototypeOf(doc), Object.prototype);
  assert.equal(doc['__proto__'], 'j');
  // A null key is '<nil>' (as Go prints it); js-yaml would say 'null', so such a text goes to the careful path.
  for (const t of ['null: x\n', '~: x\n', '{: x}\n']) {
    assert.ok(!servedFast(t), t);
    assert.deepStrictEqual(docOf(t), { '<nil>': 'x' });
  }
});

test('block scalars keep their chomping and indentation; `\\<<` stays as written', () => {
  const blocks = 'lit: |\n  a\n  b\n\nkeep: |+\n  a\n\n\nstrip: |-\n  a\n\nfold: >\n  a\n  b\n\n  c\n   d\n  e\nfoldstrip: >-\n  a\n  b\nindent: |2\n    x\n   y\nlast: |\n  end';
  assert.ok(servedFast(blocks));
  assert.deepStrictEqual(docOf(blocks), { lit: 'a\nb\n', keep: 'a\n\n\n', strip: 'a', fold: 'a b\nc\n d\ne\n', foldstrip: 'a b', indent: '  x\n y\n', last: 'end\n' });
  const escapes = 'a: echo \\<< pipeline.id >>\nb: \'x \\<< y\'\nc: |\n  echo \\<< x >>\nd: "\\\\<< y"\ne: "tab\\tand \\u00e9"\n';
  assert.ok(servedFast(escapes));
  assert.deepStrictEqual(docOf(escapes), { a: 'echo \\<< pipeline.id >>', b: 'x \\<< y', c: 'echo \\<< x >>\n', d: '\\<< y', e: 'tab\tand é' });
  // In double quotes `\<` is no escape: both paths refuse it, at the same place.
  const bad = assertSameAsCareful('a: "\\<< y"\n');
  assert.ok('error' in bad && bad.error.line === 1);
});

test('errors come from the careful path with their code, message, line and column', () => {
  const cases: [string, string][] = [
    ['version: 2.1\njobs: {}\njobs: {}\n', 'duplicate_key'],
    ['a: {b: 1, b: 2}\n', 'duplicate_key'],
    ['"a": 1\na: 2\n', 'duplicate_key'],
    ['version: 2.1\njobs:\n\tbuild: {}\n', 'tab_indentation'],
    ['- a\n- b\n', 'not_a_map'],
    ['just text', 'not_a_map'],
    ['', 'not_a_map'],
    ['# only a comment\n', 'not_a_map'],
    ['a: 1\n---\nb: 2\n', 'too_many_documents'],
    ['a: &a [*a]\n', 'recursive_alias'],
    ['a: &a {b: 1, <<: *a}\n', 'recursive_alias'],
    ['x: &a\n {k: *a}\n', 'recursive_alias'],
    ['a: *nope\n', 'unknown_alias'],
    ['a:\n  <<: [[1]]\n', 'bad_merge'],
    ['a: {<<: 1}\n', 'bad_merge'],
    ['[a]: 1\n', 'complex_key'],
    ['? [a]\n: 1\n', 'complex_key'],
    ['{a: 1}: 2\n', 'complex_key'],
    ['x: &x [a]\n*x : 2\n', 'complex_key'],
    ['- &a key: v\n- *a\n', 'unknown_alias'],
    ['a: "x\n  y\n', 'yaml_syntax'],
    ['a: [1, 2\n', 'yaml_syntax'],
    ['a: b: c\n', 'yaml_syntax'],
  ];
  for (const [text, code] of cases) {
    assert.ok(!servedFast(text), `${JSON.stringify(text)} must not be answered by js-yaml`);
    const o = assertSameAsCareful(text);
    assert.ok('error' in o && o.error.code === code, `${JSON.stringify(text)}: ${show(o)}`);
  }
});

test('where js-yaml reads a text differently, the careful path answers', () => {
  // Each of these loads (or fails) differently with js-yaml alone.
  const cases = [
    '%YAML 1.1\n---\na: yes\n', // YAML 1.1 booleans
    'a: !!binary aGVsbG8=\n', // explicit tags keep the careful path's meaning
    'a: !!int "12"\n',
    'a: !!str 12\n',
    'a: [! , 1]\n', // a non-specific tag on an empty node is ''
    'a: !<!> x\n',
    'a:\n  -\t! 1\n', // a tab before a tag
    '&a k: v\nb: *a\n', // an anchor on a key
    'c: &a v: 1\n', // a map nested on the line of its key
    '"<<":\n- - \n- - "q"\n', // an empty entry, then a less indented `-`
    'a: |\n  x\n\t\nb: 1\n', // a tab where a block scalar's indentation would be
    'a: x\rb: y\n', // a lone carriage return
    'a: |+\n  x\n  ', // a last line of spaces in a kept block scalar
    '--- a: 1\n',
    'a: "x"#c\n', // comments without a space before them
    'a: [b]#c\n',
    'a: [b,#c\n ]\n',
    'a: {"b":#c\n 1}\n',
    'a: "x\\\n\n  y"\n', // an escaped line break before an empty line
    'a:\n  b: "x\n y"\n', // a quoted line indented less than its key
    '&&x a: 1\n', // an anchor whose name starts with `&`
    'a:\n    - [a,&a #c\n ]\n', // a line inside a flow collection, indented too little, after an anchor
    'x: &x 1\na:\n  - [*x\n ]\n', // … or after an alias
    '? a\n: 1\n',
    'k: [a]\n*k : 1\n',
  ];
  for (const text of cases) {
    assert.ok(!servedFast(text), `${JSON.stringify(text)} must go to the careful path`);
    assertSameAsCareful(text);
  }
  assert.deepStrictEqual(docOf('%YAML 1.1\n---\na: yes\n'), { a: true });
  assert.deepStrictEqual(docOf('a: [! , 1]\n'), { a: ['', 1] });
});

test('what only looks like those constructs stays on the fast path', () => {
  const text = [
    'version: 2.1',
    '# **Note**: a comment that looks like an alias key, [x]: and ? too',
    'jobs:',
    '  build:',
    '    steps:',
    '      - run: |',
    '          echo "####" && echo "time: $(date)"',
    '          [ -f x ] && echo "[{site}#{env}]"',
    '          curl -sSL https://example.com/install.sh | sh -',
    '          cmd --flag \\',
    '',
    '          done',
    '      - run: ls *.txt',
    '',
  ].join('\n');
  assert.ok(servedFast(text));
  const doc = docOf(text) as { jobs: { build: { steps: { run: string }[] } } };
  assert.match(doc.jobs.build.steps[0]!.run, /echo "####" && echo "time: \$\(date\)"\n/);
});

test('alias expansion is measured on the loaded graph: bombs go to the careful path and are refused', () => {
  const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 10; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill('*' + String.fromCharCode(96 + i)).join(', ')}]`);
  const bomb = levels.join('\n') + '\n';
  assert.deepStrictEqual(loadFast(bomb, LIMITS), { fallback: 'alias_limit' });
  const o = assertSameAsCareful(bomb);
  assert.ok('error' in o && o.error.code === 'alias_limit' && o.error.line > 1);
  // Merges count too: one map of 2,000 keys merged into 600 maps adds 1.2 million nodes.
  const big = 'd: &d\n' + Array.from({ length: 2000 }, (_, i) => `  k${i}: ${i}\n`).join('');
  const merges = big + Array.from({ length: 600 }, (_, i) => `m${i}: {<<: *d}`).join('\n') + '\n';
  assert.deepStrictEqual(loadFast(merges, LIMITS), { fallback: 'alias_limit' });
  const m = assertSameAsCareful(merges);
  assert.ok('error' in m && m.error.code === 'alias_limit');
  // Below the limit the same shapes load, sharing what aliases point at.
  const small = levels.slice(0, 4).join('\n') + '\n';
  assert.ok(servedFast(small));
  const doc = docOf(small) as Record<string, JsonValue[]>;
  assert.equal(doc.d![0], doc.d![1]);
});

test('positionOf after a fast load finds what the careful path finds, through aliases and merges', () => {
  const text = 'version: 2.1\nref: &r\n  image: cimg/base\n  tag: a\njobs:\n  build:\n    docker:\n      - <<: *r\n        tag: x\n    steps: [checkout, {run: make}]\n';
  assert.ok(servedFast(text));
  const fast = loadConfig(text, 'c.yml');
  const careful = loadConfigCareful(text, 'c.yml');
  const paths: PathSegment[][] = [[], ['version'], ['ref', 'image'], ['jobs', 'build', 'docker', 0], ['jobs', 'build', 'docker', 0, 'tag'], ['jobs', 'build', 'docker', 0, 'image'], ['jobs', 'build', 'steps', 1, 'run'], ['jobs', 'nope'], ['version', 'x']];
  for (const p of paths) assert.deepStrictEqual(fast.positionOf(p), careful.positionOf(p), p.join('.'));
  assert.deepStrictEqual(fast.positionOf(['jobs', 'build', 'docker', 0, 'image']), { line: 3, col: 10 });
});

test('positions in corpus configs are the same after a fast load, on every path', { skip: NO_CORPUS }, () => {
  let indexed = 0;
  const files = readdirSync(configsDir).filter((f) => /\.ya?ml$/.test(f));
  for (const f of files) {
    const text = readFileSync(configsDir + f, 'utf8').replace(/^\uFEFF/, '');
    if (FastPositions.build(text, LIMITS.maxDepth) !== undefined) indexed++;
    const fast = loadConfig(text, f);
    const careful = loadConfigCareful(text, f);
    for (const p of everyPath(careful.doc, [], 0)) assert.deepStrictEqual(fast.positionOf(p), careful.positionOf(p), `${f}: ${p.join('.')}`);
  }
  assert.ok(indexed >= files.length * 0.95, `positions read by js-yaml in ${indexed} of ${files.length}`);
});

/** Every path into `v` (to a depth), and one past each collection's end, which does not exist. */
function* everyPath(v: JsonValue, at: PathSegment[], depth: number): Generator<PathSegment[]> {
  yield at;
  if (depth > 10 || typeof v !== 'object' || v === null) return;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) yield* everyPath(v[i]!, [...at, i], depth + 1);
    yield [...at, v.length];
  } else {
    for (const k of Object.keys(v)) yield* everyPath(v[k]!, [...at, k], depth + 1);
    yield [...at, 'no such key'];
  }
}

/** A small deterministic generator (xorshift32), so that the tests below see the same texts every run. */
function random(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296;
  };
}

test('on generated documents, whatever js-yaml answers, the careful path answers the same, positions too', () => {
  const rnd = random(20240611);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
  const scalars = [
    'a', 'x y', '"q"', "'s'", '"a: b"', 'null', '~', 'true', 'False', 'yes', '0x1F', '0o17', '012', '1e3', '1.5', '.5', '-.inf', '.NaN',
    '123456789012345678901', '-0', '<<', '"<<"', '1_000', '"multi\n  line"', "'it''s'", '"esc \\t \\u00e9"', 'a#b', 'a #c', 'http://x',
    '|-\n  lit\n', '>+\n  fold\n\n', '|2\n   x\n', '*a', '*b', '&a v', '&b v', '[a, b]', '{a: 1}', '[]', '{}', '[a: 1]', '[&a x, *a]',
    '{<<: {k: 1}}', '!', '! x', '"x"#c', '[a,#c\n ]', '"x\\\n\n  y"', '"echo ####"', '|+\n  x\n  ', '&a [*a]', '- x', '"\\U0001F600"',
  ];
  const keys = ['a', 'b', 'c', '"a"', "'b'", '1', '1.0', 'true', 'null', '~', '<<', '"<<"', '&a a', '*a', '? a', '[x]', '{x: 1}', 'a b', '__proto__', ''];
  const gen = (depth: number, indent: number): string => {
    if (depth > 3 || rnd() < 0.3) return ' ' + pick(scalars);
    let s = rnd() < 0.2 ? ' ' + pick(['&a', '&b', '!!map', '&c']) : '';
    const ind = Math.max(0, indent + pick([1, 2, 2, 2, 3, 4, 0, -1]));
    const n = 1 + Math.floor(rnd() * 3);
    const seq = rnd() < 0.5;
    for (let i = 0; i < n; i++)
      s += '\n' + ' '.repeat(ind) + (seq ? pick(['- ', '-', '-  ', '- - ']) + gen(depth + 1, ind + 2).replace(/^ /, '') : pick(keys) + pick([':', ': ', ' :', ':\t']) + gen(depth + 1, ind));
    return s;
  };
  let served = 0;
  for (let n = 0; n < 4000; n++) {
    let text = '';
    for (let i = 1 + Math.floor(rnd() * 4); i > 0; i--) text += pick(keys.slice(0, 12)) + ':' + gen(0, 0) + '\n';
    if (rnd() < 0.2) {
      const i = Math.floor(rnd() * text.length);
      text = text.slice(0, i) + pick([' ', '\n', '- ', ': ', '\t', '#', '"', '[', '{', ']', '}', ',', '&a ', '*a', '? ', '\n  ', '\r']) + text.slice(i);
    }
    if (rnd() < 0.1) text = text.replace(/\n/g, '\r\n');
    if (!servedFast(text)) continue;
    served++;
    const o = assertSameAsCareful(text);
    assert.ok('doc' in o, `js-yaml loaded a text the careful path refuses: ${JSON.stringify(text)}: ${show(o)}`);
    const fast = loadConfig(text, 'c.yml');
    const careful = loadConfigCareful(text, 'c.yml');
    for (const p of everyPath(o.doc, [], 0)) assert.deepStrictEqual(fast.positionOf(p), careful.positionOf(p), `${JSON.stringify(text)}: ${p.join('.')}`);
  }
  assert.ok(served > 200, `js-yaml answered ${served} texts`);
});

/** The nesting pre-scan as first written, character by character: the definition the fast scan keeps. */
function estimateDepthPlainly(text: string, limit: number): number | undefined {
  let flow = 0;
  let lineMarkers = 0;
  let atLineStart = true;
  let prev = '\n';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') {
      atLineStart = true;
      lineMarkers = 0;
      prev = '\n';
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') continue;
    if (atLineStart && (c === '-' || c === '?') && (text[i + 1] === ' ' || text[i + 1] === '\n')) {
      if (++lineMarkers + flow > limit) return i;
      continue;
    }
    atLineStart = false;
    if (flow > 0 && (c === '"' || c === "'")) {
      const q = c;
      let j = i + 1;
      for (; j < text.length; j++) {
        if (q === '"' && text[j] === '\\') j++;
        else if (text[j] === q) {
          if (q === "'" && text[j + 1] === "'") j++;
          else break;
        }
      }
      i = Math.min(j, text.length);
    } else if (c === '#' && /\s/.test(text[i - 1] ?? ' ')) {
      const end = text.indexOf('\n', i);
      i = (end < 0 ? text.length : end) - 1;
    } else if ((c === '[' || c === '{') && (flow > 0 || prev === '\n' || prev === ':' || prev === '-' || prev === '?')) {
      if (++flow + lineMarkers > limit) return i;
    } else if ((c === ']' || c === '}') && flow > 0) flow--;
    prev = c;
  }
  return undefined;
}

test('the nesting pre-scan finds exactly what the plain character-by-character rule finds', () => {
  const rnd = random(7);
  const alphabet = ['[', ']', '{', '}', '-', '?', ' ', '\n', '#', '"', "'", '\\', ':', 'a', '\t', '\r', '\u00a0', '- ', '\n  ', '? '];
  for (let n = 0; n < 50_000; n++) {
    let s = '';
    for (let j = Math.floor(rnd() * 40); j > 0; j--) s += alphabet[Math.floor(rnd() * alphabet.length)];
    for (const limit of [0, 1, 2, 3]) assert.equal(estimateDepth(s, limit), estimateDepthPlainly(s, limit), `${JSON.stringify(s)} limit ${limit}`);
  }
  const deep = ['a: ' + '['.repeat(1000), '- '.repeat(1000) + 'x', '{a: '.repeat(1000), 'a: "[[[[["\nb: [' + '['.repeat(600)];
  for (const s of deep) assert.equal(estimateDepth(s, 500), estimateDepthPlainly(s, 500));
});

test('the nesting pre-scan agrees with the plain rule on every corpus config', { skip: NO_CORPUS }, () => {
  for (const f of readdirSync(configsDir)) {
    const text = readFileSync(configsDir + f, 'utf8');
    for (const limit of [500, 4, 6]) assert.equal(estimateDepth(text, limit), estimateDepthPlainly(text, limit), `${f} limit ${limit}`);
  }
});
