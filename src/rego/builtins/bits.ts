// Bitwise operations on integers of any size (two's complement, as Go's big.Int).

import { fromBigInt } from '../number.js';
import { T } from '../types.js';
import type { Value } from '../value.js';
import { type BuiltinDef, operandError } from './registry.js';
import { bigIntOperand } from './numbers.js';

function binary(op: (a: bigint, b: bigint) => bigint) {
  return (args: Value[]): Value => fromBigInt(op(bigIntOperand(args, 1), bigIntOperand(args, 2)));
}

function shift(op: (a: bigint, s: bigint) => bigint) {
  return (args: Value[]): Value => {
    const x = bigIntOperand(args, 1);
    const s = bigIntOperand(args, 2);
    if (s < 0n) throw operandError(2, 'must be an unsigned integer number but got a negative integer');
    return fromBigInt(op(x, s));
  };
}

const nn = T.fn([T.number, T.number], T.number);

export const builtins: BuiltinDef[] = [
  { name: 'bits.or', decl: nn, fn: binary((a, b) => a | b) },
  { name: 'bits.and', decl: nn, fn: binary((a, b) => a & b) },
  { name: 'bits.xor', decl: nn, fn: binary((a, b) => a ^ b) },
  { name: 'bits.negate', decl: T.fn([T.number], T.number), fn: (args) => fromBigInt(~bigIntOperand(args, 1)) },
  { name: 'bits.lsh', decl: nn, fn: shift((a, s) => a << s) },
  { name: 'bits.rsh', decl: nn, fn: shift((a, s) => a >> s) },
];
