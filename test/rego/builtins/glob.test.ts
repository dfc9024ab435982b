import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtins } from '../../../src/rego/builtins/glob.js';
import { assertFails, caller, v } from './helpers.js';

const call = caller(builtins);
const glob = (pattern: string, delims: unknown, s: string) => call('glob.match', [pattern, v(delims), s]);

test('* and ? stop at delimiters, ** does not', () => {
  assert.equal(glob('*.example.com', ['.'], 'www.example.com'), true);
  assert.equal(glob('*.example.com', ['.'], 'a.b.example.com'), false);
  assert.equal(glob('**.example.com', ['.'], 'a.b.example.com'), true);
  assert.equal(glob('a?c', ['/'], 'a/c'), false);
  assert.equal(glob('a?c', null, 'a/c'), true);
  assert.equal(glob('*', [':', '/'], 'a:b'), false);
  assert.equal(glob('*', [], 'a.b'), false, 'an empty list means the default "."');
  assert.equal(glob('*', null, 'a\nb'), true);
});

test('lists, ranges, alternatives and escapes', () => {
  assert.equal(glob('[!x-z]og', null, 'dog'), true);
  assert.equal(glob('[!x-z]og', null, 'yog'), false);
  assert.equal(glob('[.]x', ['.'], '.x'), true, 'lists ignore delimiters');
  assert.equal(glob('file.{yml,yaml,{json,toml}}', null, 'file.toml'), true);
  assert.equal(glob('file.{yml,yaml}', null, 'file.json'), false);
  assert.equal(glob('\\*literal\\?', null, '*literal?'), true);
  assert.equal(glob('a,b}', null, 'a,b}'), true);
  assert.equal(glob('(x|y)+', null, '(x|y)+'), true, 'regex syntax is literal in globs');
});

test('bad patterns and delimiters', () => {
  assertFails(() => glob('[abc', null, 'a'), 'builtin', 'unexpected end of input');
  assertFails(() => glob('[z-a]', null, 'a'), 'builtin', "hi character 'a' should be greater than lo 'z'");
  assertFails(() => glob('[]', null, 'a'), 'builtin', 'could not parse range');
  assertFails(() => glob('*', ['::'], 'a'), 'type', 'operand 2 must be array of runes but got array containing string');
  assertFails(() => glob('*', '.', 'a'), 'type', 'operand 2 must be one of {array, null} but got string');
});

test('glob.quote_meta escapes what glob.match treats specially', () => {
  const quoted = call('glob.quote_meta', ['*.{a,b}[c]?\\']) as string;
  assert.equal(quoted, '\\*.\\{a,b\\}\\[c\\]\\?\\\\');
  assert.equal(glob(quoted, null, '*.{a,b}[c]?\\'), true);
});
