// Arithmetic (with set difference on `-`), rounding, ranges and rand.intn.

import {
  ArithmeticError,
  type Num,
  abs,
  add,
  ceil,
  div,
  floor,
  fromBigInt,
  isNum,
  mul,
  rem,
  round,
  sub,
  toBigInt,
} from '../number.js';
import { T, anySet } from '../types.js';
import { RSet, type Value } from '../value.js';
import { type BuiltinContext, type BuiltinDef, BuiltinError, int, num, operandError, str, typeError } from './registry.js';

function arith(op: (a: Num, b: Num) => Num) {
  return (args: Value[]): Value => {
    const a = num(args, 1);
    const b = num(args, 2);
    try {
      return op(a, b);
    } catch (e) {
      if (e instanceof ArithmeticError) throw new BuiltinError(e.message);
      throw e;
    }
  };
}

function unary(op: (a: Num) => Num) {
  return (args: Value[]): Value => op(num(args, 1));
}

export function setDiff(a: RSet, b: RSet): RSet {
  const out = new RSet();
  for (const x of a.values()) if (!b.has(x)) out.add(x);
  return out;
}

function minus(args: Value[]): Value {
  const [a, b] = args as [Value, Value];
  if (isNum(a) && isNum(b)) return arith(sub)(args);
  if (a instanceof RSet && b instanceof RSet) return setDiff(a, b);
  if (!isNum(a) && !(a instanceof RSet)) throw typeError(1, a, 'number', 'set');
  throw typeError(2, b, isNum(a) ? 'number' : 'set');
}

/** An integer operand of any size, with the messages OPA gives for big-integer operands. */
export function bigIntOperand(args: Value[], pos: number): bigint {
  const v = args[pos - 1]!;
  if (!isNum(v)) throw typeError(pos, v, 'integer');
  const i = toBigInt(v);
  if (i === undefined) throw operandError(pos, 'must be integer number but got floating-point number');
  return i;
}

function range(from: bigint, to: bigint, step: bigint): Value[] {
  const out: Value[] = [];
  if (from <= to) for (let i = from; i <= to; i += step) out.push(fromBigInt(i));
  else for (let i = from; i >= to; i -= step) out.push(fromBigInt(i));
  return out;
}

function rangeStep(args: Value[]): Value {
  const from = bigIntOperand(args, 1);
  const to = bigIntOperand(args, 2);
  const step = bigIntOperand(args, 3);
  // OPA's own message repeats the name the evaluator puts in front of it.
  if (step <= 0n) throw new BuiltinError('numbers.range_step: step must be a positive integer');
  return range(from, to, step);
}

function randIntn(args: Value[], ctx: BuiltinContext): Value {
  const seed = str(args, 1);
  const n = Math.abs(int(args, 2));
  if (n === 0) return 0;
  // Within one query the same (seed, bound) must give the same number.
  const key = `rand.intn\u0000${seed}\u0000${n}`;
  const hit = ctx.cache.get(key);
  if (hit !== undefined) return hit as Value;
  const r = Math.floor(Math.random() * n);
  ctx.cache.set(key, r);
  return r;
}

const nn = T.fn([T.number, T.number], T.number);
const n1 = T.fn([T.number], T.number);
const numOrSet = T.anyOf(T.number, anySet);

export const builtins: BuiltinDef[] = [
  { name: 'plus', infix: '+', decl: nn, fn: arith(add) },
  { name: 'minus', infix: '-', decl: T.fn([numOrSet, numOrSet], numOrSet), fn: minus },
  { name: 'mul', infix: '*', decl: nn, fn: arith(mul) },
  { name: 'div', infix: '/', decl: nn, fn: arith(div) },
  { name: 'rem', infix: '%', decl: nn, fn: arith(rem) },
  { name: 'abs', decl: n1, fn: unary(abs) },
  { name: 'round', decl: n1, fn: unary(round) },
  { name: 'ceil', decl: n1, fn: unary(ceil) },
  { name: 'floor', decl: n1, fn: unary(floor) },
  {
    name: 'numbers.range',
    decl: T.fn([T.number, T.number], T.array(T.number)),
    fn: (args) => range(bigIntOperand(args, 1), bigIntOperand(args, 2), 1n),
  },
  {
    name: 'numbers.range_step',
    decl: T.fn([T.number, T.number, T.number], T.array(T.number)),
    fn: rangeStep,
  },
  {
    name: 'rand.intn',
    decl: T.fn([T.string, T.number], T.number),
    fn: randIntn,
    nondeterministic: true,
  },
];

