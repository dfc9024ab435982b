// Running a compiled query: plan it once, then evaluate it many times with different input and
// data, collecting every solution as bindings of the query's variables.

import type { BuiltinContext, BuiltinDef } from '../builtins/registry.js';
import type { CompiledPolicy, CompiledQuery } from '../compiler/index.js';
import { RegoError } from '../errors.js';
import { RObject, type Value } from '../value.js';
import { DEFAULT_LIMITS, EvalContext, type Limits, QueryState } from './context.js';
import { type Frame, Planner, Scope, type Step } from './planner.js';
import { RuleEvaluator } from './rules.js';

export interface EvalOptions {
  input?: Value;
  /** The base document; rules are layered over it. */
  data?: Value;
  /** Report the first failing built-in call as the query's error (OPA's strict-builtin-errors). */
  strictBuiltinErrors?: boolean;
  limits?: Partial<Limits>;
  /** Time of evaluation in ns since the epoch (defaults to now). */
  nowNs?: bigint;
  /** Receives `print` output. */
  print?: (message: string) => void;
  /** The value of `opa.runtime()`. */
  runtime?: Value;
}

export interface QueryResult {
  /** One map per solution: query variable (as written) → value. */
  results: Map<string, Value>[];
  /** An evaluation error; solutions found before it may still be listed. */
  error?: RegoError;
  printed: string[];
}

/** Planner and rule evaluator shared by all queries prepared against one policy. */
export class Engine {
  readonly planner: Planner;
  readonly rules: RuleEvaluator;

  constructor(
    readonly policy: CompiledPolicy,
    readonly builtins: ReadonlyMap<string, BuiltinDef>,
  ) {
    this.planner = new Planner(policy, builtins);
    this.rules = new RuleEvaluator(policy, this.planner);
  }
}

export class PlannedQuery {
  private readonly step: Step;
  private readonly size: number;
  private readonly outputs: [number, string][];

  constructor(engine: Engine, query: CompiledQuery) {
    const sc = new Scope(undefined, 1);
    const outputs: [number, string][] = [];
    this.step = engine.planner.body(query.body, sc, () => {
      for (const [name, user] of query.outputs) outputs.push([sc.slot(name), user]);
      return (_ctx, f) => {
        const row = new Map<string, Value>();
        for (const [slot, user] of outputs) {
          const v = f[slot] as Value | undefined;
          if (v !== undefined) row.set(user, v);
        }
        (f[0] as Map<string, Value>[]).push(row);
        return false;
      };
    });
    this.size = sc.size;
    this.outputs = outputs;
  }

  /** Names of the variables each result binds. */
  get variables(): string[] {
    return this.outputs.map(([, n]) => n);
  }

  eval(opts: EvalOptions = {}): QueryResult {
    const limits = { ...DEFAULT_LIMITS, ...opts.limits };
    const printed: string[] = [];
    const bctx: BuiltinContext = {
      nowNs: opts.nowNs ?? BigInt(Date.now()) * 1_000_000n,
      cache: new Map(),
      print: opts.print ?? ((m) => void printed.push(m)),
      runtime: opts.runtime ?? new RObject(),
      strict: opts.strictBuiltinErrors ?? false,
    };
    const state = new QueryState(limits, opts.strictBuiltinErrors ?? false, bctx);
    const ctx = new EvalContext(opts.input, opts.data ?? new RObject(), state, null, null, undefined);
    const results: Map<string, Value>[] = [];
    const f: Frame = new Array(this.size);
    f[0] = results;
    try {
      this.step(ctx, f);
    } catch (e) {
      if (e instanceof RegoError) return { results, error: e, printed };
      if (e instanceof RangeError && /call stack/.test(e.message) && !process.env.POLICYGATE_DEBUG) {
        return { results, error: new RegoError('eval_cancel_error', 'evaluation exceeded the maximum depth'), printed };
      }
      throw e;
    }
    if (state.strict && state.builtinError !== undefined) return { results, error: state.builtinError, printed };
    return { results, printed };
  }
}
