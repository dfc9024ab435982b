import { test } from 'node:test';
import { builtins } from '../../../src/rego/builtins/bits.js';
import { parseNumber } from '../../../src/rego/number.js';
import { assertFails, assertValue, caller } from './helpers.js';

const call = caller(builtins);

test('bitwise operations work on any size of integer', () => {
  assertValue(call('bits.or', [12, 3]), 15);
  assertValue(call('bits.and', [-1, 255]), 255);
  assertValue(call('bits.xor', [6, 3]), 5);
  assertValue(call('bits.negate', [0]), -1);
  assertValue(call('bits.lsh', [1, 64]), parseNumber('18446744073709551616')!);
  assertValue(call('bits.rsh', [-9, 1]), -5);
});

test('bit operands must be integers and shifts unsigned', () => {
  assertFails(() => call('bits.and', [1.5, 1]), 'type', 'operand 1 must be integer number but got floating-point number');
  assertFails(() => call('bits.or', [1, 'a']), 'type', 'operand 2 must be integer but got string');
  assertFails(() => call('bits.lsh', [1, -2]), 'type', 'operand 2 must be an unsigned integer number but got a negative integer');
});
