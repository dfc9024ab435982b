import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BigNum, add, compareNum, div, mul, numText, parseNumber, rem, sub } from '../../src/rego/number.js';

test('integers beyond 2^53 stay exact', () => {
  const big = parseNumber('9223372036854775807')!;
  assert.ok(big instanceof BigNum);
  assert.equal(numText(add(big, 1)), '9223372036854775808');
  assert.equal(numText(sub(parseNumber('-9223372036854775808')!, 1)), '-9223372036854775809');
  assert.equal(numText(mul(big, 2)), '18446744073709551614');
});

test('decimals keep their digits', () => {
  const pi = parseNumber('3.14159265358979323846264338327950288')!;
  assert.ok(pi instanceof BigNum);
  assert.equal(numText(pi), '3.14159265358979323846264338327950288');
  assert.equal(numText(parseNumber('0.1')!), '0.1');
  assert.equal(typeof parseNumber('2.1'), 'number');
});

test('float arithmetic rounds like Go big.Float at 64 bits', () => {
  // 1/3 at a 64-bit mantissa has 20 significant digits, more than a double holds.
  assert.equal(numText(div(1, 3)), '0.33333333333333333334');
  assert.equal(numText(div(4, 2)), '2');
  assert.equal(numText(div(1, 4)), '0.25');
  assert.equal(numText(add(0.5, 0.25)), '0.75');
});

test('comparison is numeric across representations', () => {
  assert.equal(compareNum(parseNumber('1.0')!, 1), 0);
  assert.equal(compareNum(parseNumber('9007199254740993')!, 9007199254740992), 1);
  assert.equal(compareNum(parseNumber('0.30000000000000000001')!, 0.3), 1);
});

test('modulo and division errors', () => {
  assert.throws(() => div(1, 0), /divide by zero/);
  assert.throws(() => rem(1, 0), /modulo by zero/);
  assert.throws(() => rem(1.5, 1), /modulo on floating-point number/);
  assert.equal(numText(rem(-7, 3)), '-1');
});
