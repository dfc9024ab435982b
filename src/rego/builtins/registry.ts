// What a built-in function is, how it reports errors, and helpers to read its operands.
// Each family file (strings.ts, regex.ts, ...) exports a list of BuiltinDefs; index.ts
// collects them into the registry the compiler and evaluator look names up in.

import { type Num, BigNum, isIntegerText, isNum } from '../number.js';
import type { FunctionType } from '../types.js';
import { RObject, RSet, type Value, typeName } from '../value.js';

export interface BuiltinContext {
  /** Nanoseconds since the epoch, fixed for one query so `time.now_ns` is stable within it. */
  readonly nowNs: bigint;
  /** Per-query memory for built-ins that must answer the same within a query (`rand.intn`). */
  readonly cache: Map<string, unknown>;
  /** Receives `print` output when printing is enabled. */
  print(message: string): void;
  /** The value of `opa.runtime()`. */
  readonly runtime: Value;
  /** Whether the query runs with strict built-in errors. */
  readonly strict: boolean;
}

/** A function implementing a built-in. Returns undefined when the call has no value. */
export type BuiltinFn = (args: Value[], ctx: BuiltinContext) => Value | undefined;

export interface BuiltinDef {
  /** The name as called from Rego, e.g. `regex.match`. */
  name: string;
  /** Argument and result types as OPA declares them. */
  decl: FunctionType;
  fn: BuiltinFn;
  /** Infix operator spelling, e.g. `+` for `plus`. */
  infix?: string;
  /** Only in Rego v0 (and reported by strict mode). */
  deprecated?: boolean;
  /** The answer may differ between calls with the same arguments. */
  nondeterministic?: boolean;
  /** A relation yields any number of results: fn then returns an array of them. */
  relation?: boolean;
  /** Not offered unless explicitly allowed (network access). */
  network?: boolean;
  /**
   * Answers even for operands outside its declared types (`regex.is_valid(1)` is false).
   * Other built-ins fail on such operands, so the evaluator may skip calling them.
   */
  lenient?: boolean;
}

/**
 * A failing built-in call. `type` errors are OPA's `eval_type_error` (bad operands),
 * the rest `eval_builtin_error`. The evaluator prefixes the message with the built-in's name.
 *
 * Deliberately not an Error: policies routinely pass wrong types (an object `run` step to
 * regex.match) and such a call is simply undefined, so failing must be cheap; building an Error
 * costs several times more than the rest of a typical call.
 */
export class BuiltinError {
  readonly name = 'BuiltinError';

  constructor(
    private readonly text: string,
    readonly kind: 'type' | 'builtin' = 'builtin',
  ) {}

  get message(): string {
    return this.text;
  }

  toString(): string {
    return this.message;
  }
}

/** A wrong operand type; its message is only built if someone reads it (strict mode). */
class OperandTypeError extends BuiltinError {
  constructor(
    private readonly pos: number,
    private readonly got: Value,
    private readonly expected: string[],
  ) {
    super('', 'type');
  }

  override get message(): string {
    const got = typeName(this.got);
    if (this.expected.length === 1) return `operand ${this.pos} must be ${this.expected[0]} but got ${got}`;
    return `operand ${this.pos} must be one of {${this.expected.join(', ')}} but got ${got}`;
  }
}

/** An error that always ends evaluation, even without strict built-in errors. */
export class BuiltinHalt extends Error {
  constructor(
    message: string,
    readonly kind: 'type' | 'builtin' = 'builtin',
  ) {
    super(message);
  }
}

export function operandError(pos: number, message: string): BuiltinError {
  return new BuiltinError(`operand ${pos} ${message}`, 'type');
}

export function typeError(pos: number, got: Value, ...expected: string[]): BuiltinError {
  return new OperandTypeError(pos, got, expected);
}

export function elementError(pos: number, composite: Value, got: Value, ...expected: string[]): BuiltinError {
  const t = typeName(composite);
  if (expected.length === 1)
    return operandError(pos, `must be ${t} of ${expected[0]}s but got ${t} containing ${typeName(got)}`);
  return operandError(pos, `must be ${t} of (any of) {${expected.join(', ')}} but got ${t} containing ${typeName(got)}`);
}

// ---- operand readers: `pos` is 1-based as in OPA's messages --------------------------------

export function str(args: Value[], pos: number): string {
  const v = args[pos - 1]!;
  if (typeof v !== 'string') throw typeError(pos, v, 'string');
  return v;
}

export function num(args: Value[], pos: number): Num {
  const v = args[pos - 1]!;
  if (!isNum(v)) throw typeError(pos, v, 'number');
  return v;
}

/** A number that must be an integer, as a JS number (rejecting values beyond the safe range). */
export function int(args: Value[], pos: number): number {
  const v = num(args, pos);
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  // Go reads `1.0` or `1e3` as floats, so OPA rejects them where it wants an integer.
  if (v instanceof BigNum && isIntegerText(v)) return Number(v.mant);
  throw operandError(pos, 'must be integer number but got floating-point number');
}

export function bool(args: Value[], pos: number): boolean {
  const v = args[pos - 1]!;
  if (typeof v !== 'boolean') throw typeError(pos, v, 'boolean');
  return v;
}

export function arr(args: Value[], pos: number): Value[] {
  const v = args[pos - 1]!;
  if (!Array.isArray(v)) throw typeError(pos, v, 'array');
  return v;
}

export function obj(args: Value[], pos: number): RObject {
  const v = args[pos - 1]!;
  if (!(v instanceof RObject)) throw typeError(pos, v, 'object');
  return v;
}

export function set(args: Value[], pos: number): RSet {
  const v = args[pos - 1]!;
  if (!(v instanceof RSet)) throw typeError(pos, v, 'set');
  return v;
}

/** The members of an array or set, in order. */
export function members(v: Value): Value[] | undefined {
  if (Array.isArray(v)) return v;
  if (v instanceof RSet) return v.values();
  return undefined;
}

/** An array or set of strings. */
export function strList(args: Value[], pos: number): string[] {
  const v = args[pos - 1]!;
  const items = members(v);
  if (items === undefined) throw typeError(pos, v, 'array', 'set');
  for (const x of items) if (typeof x !== 'string') throw elementError(pos, v, x, 'string');
  return items as string[];
}
