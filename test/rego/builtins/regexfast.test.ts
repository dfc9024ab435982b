import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RE2JS } from 're2js';
import { fastRegExp } from '../../../src/rego/builtins/regexfast.js';

/** A small seeded generator, so that a failure can be replayed. */
function random(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (((t ^ (t >>> 14)) >>> 0) % n) | 0;
  };
}

test('the shortcut agrees with RE2 on random simple patterns and inputs', () => {
  const atoms = ['a', 'b', '.', '[a-c]', '[^a]', '\\d', '\\w', '\\W', '\\.', '-', 'é', '😀', '[0-9.]', '\\n', '[\\]x]', '[a-]'];
  const repeats = ['', '', '*', '+', '?', '{2}', '{1,3}', '{2,}', '+?'];
  const alphabet = ['a', 'b', 'c', '1', '.', '-', '\n', 'é', '😀', 'x', ']', '_'];
  const r = random(20240601);
  let shortcuts = 0;
  for (let t = 0; t < 3000; t++) {
    let pattern = '^';
    for (let i = 1 + r(4); i > 0; i--) pattern += atoms[r(atoms.length)]! + repeats[r(repeats.length)]!;
    if (r(2) === 1) pattern += '$';
    const js = fastRegExp(pattern);
    if (js === undefined) continue;
    shortcuts++;
    const re = RE2JS.compile(pattern).re2();
    for (let k = 0; k < 20; k++) {
      let s = '';
      for (let i = r(7); i > 0; i--) s += alphabet[r(alphabet.length)]!;
      assert.equal(js.test(s), re.match(s), `${pattern} on ${JSON.stringify(s)}`);
    }
  }
  assert.ok(shortcuts > 1000, `only ${shortcuts} patterns took the shortcut`);
});

test('typical policy patterns take the shortcut', () => {
  for (const p of ['^cimg/[a-z]+:[0-9.]+$', '^v\\d+\\.\\d+\\.\\d+$', '^[A-Z_]+=', '^release/.*', '^[a-z0-9-]{1,63}$'])
    assert.ok(fastRegExp(p) instanceof RegExp, p);
});

test('patterns that could backtrack or read differently are left to RE2', () => {
  for (const p of [
    'cimg/[a-z]+',
    '^a*a$',
    '^[a-z]+[0-9]*[a-z]$',
    '^(ab)+$',
    '^a|b$',
    '^(?i)abc',
    '^\\s+$',
    '^[[:alpha:]]+$',
    '^\\pL+$',
    '^a{,3}$',
    '^a**$',
    '^\\bword',
    '^[]a]$',
  ])
    assert.equal(fastRegExp(p), undefined, p);
});
