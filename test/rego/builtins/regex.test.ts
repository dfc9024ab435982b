import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtins, compileRegex } from '../../../src/rego/builtins/regex.js';
import { assertFails, assertValue, caller, v } from './helpers.js';

const call = caller(builtins);

test('regex.match uses RE2 syntax, unanchored, with Go error messages', () => {
  assert.equal(call('regex.match', ['(?i)^HELLO\\s+\\pL+$', 'hello wörld']), true);
  assert.equal(call('regex.match', ['b+', 'abbbc']), true);
  assert.equal(call('regex.match', ['^a.c$', 'a😀c']), true);
  assert.equal(call('re_match', ['^x', 'yx']), false);
  assertFails(() => call('regex.match', ['(?=a)', 'a']), 'builtin', 'error parsing regexp: invalid or unsupported Perl syntax: `(?=`');
  assertFails(() => call('regex.match', ['a', 1]), 'type', 'operand 2 must be string but got number');
});

test('literal patterns take the shortcut but keep regex meaning', () => {
  assert.equal(call('regex.match', ['^main$', 'main']), true);
  assert.equal(call('regex.match', ['^main$', 'main\n']), false);
  assert.equal(call('regex.match', ['^release/', 'release/1.0']), true);
  assert.equal(call('regex.match', ['-rc$', 'v1-rc1']), false);
  assert.equal(call('regex.match', ['', 'anything']), true);
  assert.equal(call('regex.match', ['a.c', 'abc']), true);
});

test('a literal every match needs is checked first without changing answers', () => {
  const secret = "(?i)api[_-]?key\\s*[:=]\\s*['\"][^'\"]+['\"]";
  assert.equal(call('regex.match', [secret, 'export API-KEY = "abc"']), true);
  assert.equal(call('regex.match', [secret, 'export apikey=x']), false);
  assert.equal(call('regex.match', ['(?i)secret', 'my \u017fecret']), true);
  assert.equal(call('regex.match', ['(?i)kubectl', '\u212aUBECTL apply']), true);
  assert.equal(call('regex.match', ['colou?r: *red', 'colr: red']), false);
  assert.equal(call('regex.match', ['colou?r: *red', 'color: red']), true);
  assert.equal(call('regex.match', ['docker{', 'docker{']), true);
});

test('compiled patterns are reused across calls', () => {
  assert.equal(compileRegex('^ci-[0-9]+$'), compileRegex('^ci-[0-9]+$'));
});

test('a pathological pattern still runs in linear time', () => {
  assert.equal(call('regex.match', ['^(a+)+$', 'a'.repeat(5000) + 'b']), false);
});

test('regex.is_valid never fails', () => {
  assert.equal(call('regex.is_valid', ['[a-z]+']), true);
  assert.equal(call('regex.is_valid', ['[a-z']), false);
  assert.equal(call('regex.is_valid', [7]), false);
});

test('regex.split, find_n and submatches follow Go for empty matches', () => {
  assertValue(call('regex.split', [',\\s*', 'a, b,c,']), v(['a', 'b', 'c', '']));
  assertValue(call('regex.split', ['y*', 'xyz']), v(['x', 'z']));
  assertValue(call('regex.split', ['a', '']), v(['']));
  assertValue(call('regex.find_n', ['o.', 'foo boo zoo', 2]), v(['oo', 'oo']));
  assertValue(call('regex.find_n', ['o*', 'xo', -1]), v(['', 'o']));
  assertValue(call('regex.find_n', ['o', 'oo', 0]), v([]));
  assertValue(call('regex.find_n', ['q', 'oo', -1]), v([]));
  assertValue(call('regex.find_all_string_submatch_n', ['(q)', 'oo', -1]), v([]));
  assertValue(call('regex.split', ['q', 'oo']), v(['oo']));
  assertValue(call('regex.find_all_string_submatch_n', ['(\\w)=(\\d)?', 'a=1 b= c=3', -1]), v([['a=1', 'a', '1'], ['b=', 'b', ''], ['c=3', 'c', '3']]));
});

test('regex.replace expands groups as Go does', () => {
  assert.equal(call('regex.replace', ['2024-01-31', '(\\d+)-(\\d+)-(\\d+)', '$3/$2/$1']), '31/01/2024');
  assert.equal(call('regex.replace', ['ab', '(?P<x>a)', '[${x}]']), '[a]b');
  assert.equal(call('regex.replace', ['ab', '(a)', '$1z|$$|$']), '|$|$b');
  assert.equal(call('regex.replace', ['abc', 'x*', '-']), '-a-b-c-');
  assert.equal(call('regex.replace', ['aaa', 'a', '']), '');
});

test('regex.template_match treats text as literal and delimited parts as regex', () => {
  assert.equal(call('regex.template_match', ['urn:foo:<[a-z]+>:v<\\d>', 'urn:foo:abc:v1', '<', '>']), true);
  assert.equal(call('regex.template_match', ['a.b{.*}', 'axbc', '{', '}']), false);
  assertFails(() => call('regex.template_match', ['a{b', 'x', '{', '}']), 'builtin', 'unbalanced braces in "a{b"');
  assertFails(() => call('regex.template_match', ['a', 'x', '{', '}}']), 'builtin', 'end delimiter has to be exactly one character long but is 1 long');
  assertFails(() => call('regex.template_match', ['{(}', 'x', '{', '}']), 'builtin', 'missing closing )');
});

test('regex.globs_match decides whether two globs share a string', () => {
  assert.equal(call('regex.globs_match', ['a.*z', '[ab]+[xyz]']), true);
  assert.equal(call('regex.globs_match', ['[0-9]+', '[a-z]*']), false);
  assert.equal(call('regex.globs_match', ['x\\.y', 'x.y']), true);
  assert.equal(call('regex.globs_match', ['x\\.y', 'xzy']), false);
  assertFails(() => call('regex.globs_match', ['*a', 'a']), 'builtin', "flag '*' must be preceded by a non-flag");
  assertFails(() => call('regex.globs_match', ['[ab', 'a']), 'builtin', 'found [ without matching ]');
});
