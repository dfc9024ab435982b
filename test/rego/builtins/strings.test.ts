import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtins } from '../../../src/rego/builtins/strings.js';
import { parseNumber } from '../../../src/rego/number.js';
import { assertFails, assertValue, caller, obj, set, v } from './helpers.js';

const call = caller(builtins);

test('positions count code points, not UTF-16 units', () => {
  assert.equal(call('indexof', ['ab😀cd', 'c']), 3);
  assert.equal(call('indexof', ['abc', 'z']), -1);
  assertValue(call('indexof_n', ['aaa', 'aa']), v([0, 1]));
  assertValue(call('indexof_n', ['😀x😀x', 'x']), v([1, 3]));
  assert.equal(call('substring', ['h😀llo', 1, 2]), '😀l');
  assert.equal(call('substring', ['hello', 3, -1]), 'lo');
  assert.equal(call('substring', ['hello', 9, 2]), '');
  assert.equal(call('strings.reverse', ['a😀b']), 'b😀a');
  assertFails(() => call('indexof', ['abc', '']), 'builtin', 'empty search character');
  assertFails(() => call('substring', ['abc', -1, 1]), 'builtin', 'negative offset');
});

test('case mapping is per code point like Go, without special casing', () => {
  assert.equal(call('upper', ['straße']), 'STRAßE');
  assert.equal(call('lower', ['ΟΔΟΣ']), 'οδοσ');
  assert.equal(call('lower', ['İ']), 'i');
  assert.equal(call('upper', ['abc']), 'ABC');
});

test('concat joins arrays and sets, checking members', () => {
  assert.equal(call('concat', ['-', v(['a', 'b'])]), 'a-b');
  assert.equal(call('concat', [', ', set('z', 'a')]), 'a, z');
  assertFails(() => call('concat', ['', v(['a', 1])]), 'type', 'operand 2 must be array of strings but got array containing number');
  assertFails(() => call('concat', ['', 'ab']), 'type', 'operand 2 must be one of {set, array} but got string');
});

test('split, replace and strings.count follow Go for empty separators', () => {
  assertValue(call('split', ['a.b..c', '.']), v(['a', 'b', '', 'c']));
  assertValue(call('split', ['a😀', '']), v(['a', '😀']));
  assert.equal(call('replace', ['ab', '', '-']), '-a-b-');
  assert.equal(call('replace', ['aaaa', 'aa', 'b']), 'bb');
  assert.equal(call('strings.count', ['cheese', 'e']), 3);
  assert.equal(call('strings.count', ['aaaa', 'aa']), 2);
  assert.equal(call('strings.count', ['a😀', '']), 3);
});

test('strings.replace_n applies pairs in key order without overlap', () => {
  assert.equal(call('strings.replace_n', [obj({ cat: 'dog', ca: 'X' }), 'cat call']), 'Xt Xll');
  assert.equal(call('strings.replace_n', [obj({ a: 'b', b: 'a' }), 'abba']), 'baab');
  assertFails(() => call('strings.replace_n', [obj({ a: 1 }), 'x']), 'type', 'operand 1 non-string value found in pattern object');
});

test('trimming works on sets of code points', () => {
  assert.equal(call('trim', ['¡¡hi!!', '!¡']), 'hi');
  assert.equal(call('trim_left', ['xxaxx', 'x']), 'axx');
  assert.equal(call('trim_right', ['xxaxx', 'x']), 'xxa');
  assert.equal(call('trim_prefix', ['prefix-x', 'prefix-']), 'x');
  assert.equal(call('trim_suffix', ['x.rego', '.rego']), 'x');
  assert.equal(call('trim_space', ['\u0085 \t x \u3000\n']), 'x');
  assert.equal(call('trim_space', ['\ufeffx']), '\ufeffx');
});

test('prefix and suffix predicates', () => {
  assert.equal(call('startswith', ['hello', 'he']), true);
  assert.equal(call('endswith', ['hello', 'he']), false);
  assert.equal(call('contains', ['hello', 'll']), true);
  assert.equal(call('strings.any_prefix_match', [v(['a/b', 'c/d']), set('x', 'c/')]), true);
  assert.equal(call('strings.any_suffix_match', ['a/b', v([])]), false);
  assertFails(() => call('strings.any_prefix_match', ['a', 1]), 'type', 'operand 2 must be one of {string, set, array} but got number');
  assertFails(() => call('strings.any_suffix_match', [v([1]), 'a']), 'type', 'operand 1 must be array of strings but got array containing number');
});

test('format_int truncates toward zero and supports four bases', () => {
  assert.equal(call('format_int', [15.5, 16]), 'f');
  assert.equal(call('format_int', [-3.9, 10]), '-3');
  assert.equal(call('format_int', [5, 2]), '101');
  assert.equal(call('format_int', [parseNumber('18446744073709551616')!, 8]), '2000000000000000000000');
  assertFails(() => call('format_int', [1, 3]), 'type', 'operand 2 must be one of {2, 8, 10, 16}');
});

test('sprintf formats Rego values as OPA hands them to Go', () => {
  const f = (format: string, ...args: unknown[]) => call('sprintf', [format, v(args)]);
  assert.equal(f('%s-%d-%v', 'a', 7, 2.5), 'a-7-2.5');
  assert.equal(f('%v', [1, 'a', { b: null }]), '[1, "a", {"b": null}]');
  assert.equal(f('%v %s', true, null), 'true null');
  assert.equal(f('%t', true), '%!t(string=true)');
  assert.equal(f('%d', 'x'), '%!d(string=x)');
  assert.equal(f('%d %s'), '%!d(MISSING) %!s(MISSING)');
  assert.equal(f('%d', 1, 'z'), '1%!(EXTRA string=z)');
  assert.equal(f('%T %T %T', 1, 'a', 0.5), 'int string float64');
  assert.equal(call('sprintf', ['%d|%x|%T', v([parseNumber('99999999999999999999')!, parseNumber('99999999999999999999')!, parseNumber('99999999999999999999')!])]), '99999999999999999999|56bc75e2d630fffff|*big.Int');
  assertFails(() => call('sprintf', ['%s', 'x']), 'type', 'operand 2 must be array but got string');
});

test('sprintf widths, flags and float formats match Go', () => {
  const f = (format: string, ...args: unknown[]) => call('sprintf', [format, v(args)]);
  assert.equal(f('[%5s][%-5s][%05d][%+d][% d]', 'ab', 'ab', -42, 3, 3), '[   ab][ab   ][-0042][+3][ 3]');
  assert.equal(f('%.2f %.0f %.0f %e %g', 3.14159, 0.5, 1.5, 1234.5678, 0.0001), '3.14 0 2 1.234568e+03 0.0001');
  assert.equal(f('%v %v %v', 1e-7, 1234567.5, 100000.5), '1e-07 1.2345675e+06 100000.5');
  assert.equal(f('%x %X %o %b %#x', 255, 255, 8, 5, 255), 'ff FF 10 101 0xff');
  assert.equal(f('%q %x %c %U', 'a"b', 'hi', 9731, 9731), '"a\\"b" 6869 ☃ U+2603');
  assert.equal(f('%[2]s %[1]s', 'a', 'b'), 'b a');
  assert.equal(f('%*d|%-*d', 4, 1, 3, 2), '   1|2  ');
  assert.equal(f('%.3s|%5.1f', 'abcdef', 2.25), 'abc|  2.2');
  assert.equal(f('100%%'), '100%');
  assert.equal(f('%!', 1), '%!!(int=1)');
  assert.equal(f('trailing %'), 'trailing %!(NOVERB)');
});
