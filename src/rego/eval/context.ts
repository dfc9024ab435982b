// The state of one evaluation: input and data, the cache of rule values, `with` overrides,
// built-in errors, and the limits that stop a runaway policy.

import type { Location } from '../ast.js';
import type { BuiltinContext } from '../builtins/registry.js';
import { type ErrorCode, RegoError } from '../errors.js';
import type { RuleNode } from '../compiler/ruletree.js';
import type { Value } from '../value.js';

/** Marks a cached rule whose value is undefined. */
export const UNDEF = Symbol('undefined');

export interface Limits {
  /** Evaluation steps (expressions tried) before giving up. */
  maxSteps: number;
  /** Wall-clock milliseconds before giving up. */
  timeoutMs: number;
}

export const DEFAULT_LIMITS: Limits = { maxSteps: 50_000_000, timeoutMs: 30_000 };

/** A function or built-in replaced by `with f as g`: by another function or by a value. */
export type Mock = { kind: 'value'; value: Value } | { kind: 'function'; name: string };

/** A `with data.x as v` replacement of part of data. */
export interface DataOverride {
  path: Value[];
  value: Value;
}

/** State shared by the whole query, including nested `with` scopes. */
export class QueryState {
  steps = 0;
  readonly deadline: number;
  /** The first built-in error (reported at the end in strict mode). */
  builtinError: RegoError | undefined;
  readonly printed: string[] = [];

  constructor(
    readonly limits: Limits,
    readonly strict: boolean,
    readonly bctx: BuiltinContext,
  ) {
    this.deadline = Date.now() + limits.timeoutMs;
  }

  /** Counts a step; checks the clock now and then so a hostile policy cannot run forever. */
  tick(): void {
    const n = ++this.steps;
    if (n > this.limits.maxSteps) throw new RegoError('eval_cancel_error', `evaluation exceeded ${this.limits.maxSteps} steps`);
    if ((n & 0xfff) === 0 && Date.now() > this.deadline) {
      throw new RegoError('eval_cancel_error', `evaluation timed out after ${this.limits.timeoutMs} ms`);
    }
  }
}

export class EvalContext {
  /** Rule values computed so far in this scope. */
  readonly cache = new Map<RuleNode, Value | typeof UNDEF>();

  constructor(
    readonly input: Value | undefined,
    /** The base document (`data` without rules). */
    readonly data: Value,
    readonly state: QueryState,
    /** Functions and built-ins replaced by `with`, or null. */
    readonly mocks: Map<string, Mock> | null,
    /** Parts of data replaced by `with`, or null. */
    readonly overrides: DataOverride[] | null,
    /** The scope a `with` expression returns to. */
    readonly parent: EvalContext | undefined,
  ) {}
}

export function evalError(code: ErrorCode, message: string, loc: Location | undefined): RegoError {
  return new RegoError(code, message, loc);
}
