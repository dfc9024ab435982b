// The engine's public API: compile modules into a Policy, prepare a query once, evaluate it
// many times with different input and data. Everything else in src/rego is internal.

import type { Module, RegoVersion } from './ast.js';
import { BUILTINS } from './builtins/index.js';
import type { BuiltinDef } from './builtins/registry.js';
import { type CompiledPolicy, Compiler } from './compiler/index.js';
import { RegoError, RegoErrors } from './errors.js';
import { Engine, type EvalOptions, PlannedQuery, type QueryResult } from './eval/query.js';
import { parseModule, parseQuery } from './parser.js';
import type { Value } from './value.js';

export type * from './ast.js';
export { refName, refPath, isFunction, isMultiValue } from './ast.js';
export { moduleJSON, termJSON } from './astjson.js';
export { RegoError, RegoErrors, renderErrors } from './errors.js';
export type { ErrorCode } from './errors.js';
export type { EvalOptions, QueryResult } from './eval/query.js';
export type { Limits } from './eval/context.js';
export { parseModule, parseQuery, parseTerm } from './parser.js';
export * from './value.js';
export { BigNum, parseNumber, numText } from './number.js';
export type { Num } from './number.js';
export type { BuiltinDef, BuiltinContext, BuiltinFn } from './builtins/registry.js';
export { BuiltinError, BuiltinHalt } from './builtins/registry.js';
export { BUILTINS } from './builtins/index.js';
export { T } from './types.js';
export type { Type, FunctionType } from './types.js';

export interface ModuleSource {
  file: string;
  source: string;
  /** Overrides the policy-wide default for this module. */
  regoVersion?: RegoVersion;
}

export interface PolicyOptions {
  /** Syntax of modules that do not say otherwise (default 1). */
  regoVersion?: RegoVersion;
  /** OPA's strict mode (unused vars and imports, deprecated built-ins). */
  strict?: boolean;
  /** Allow built-ins that reach the network (`http.send`, `net.lookup_ip_addr`). Off by default. */
  allowNetwork?: boolean;
  /** Built-ins to leave out, by name. */
  exclude?: string[];
  /** Extra built-ins (they replace standard ones of the same name). */
  builtins?: BuiltinDef[];
}

/** The built-ins a policy compiled with these options may call. */
export function availableBuiltins(opts: PolicyOptions = {}): Map<string, BuiltinDef> {
  const out = new Map<string, BuiltinDef>();
  const exclude = new Set(opts.exclude ?? []);
  for (const [name, b] of BUILTINS) {
    if (exclude.has(name) || (b.network && !opts.allowNetwork)) continue;
    out.set(name, b);
  }
  for (const b of opts.builtins ?? []) out.set(b.name, b);
  return out;
}

export class Policy {
  private readonly engine: Engine;

  private constructor(
    readonly compiled: CompiledPolicy,
    private readonly builtins: Map<string, BuiltinDef>,
    private readonly opts: PolicyOptions,
  ) {
    this.engine = new Engine(compiled, builtins);
  }

  /** Parses and compiles modules; throws RegoErrors listing every problem found. */
  static compile(sources: ModuleSource[], opts: PolicyOptions = {}): Policy {
    const modules: Module[] = [];
    const errors: RegoError[] = [];
    for (const s of sources) {
      try {
        modules.push(parseModule(s.file, s.source, { regoVersion: s.regoVersion ?? opts.regoVersion ?? 1 }));
      } catch (e) {
        if (e instanceof RegoErrors) errors.push(...e.errors);
        else if (e instanceof RegoError) errors.push(e);
        else throw e;
      }
    }
    if (errors.length > 0) throw new RegoErrors(errors);
    return Policy.fromModules(modules, opts);
  }

  static fromModules(modules: Module[], opts: PolicyOptions = {}): Policy {
    const builtins = availableBuiltins(opts);
    const compiler = new Compiler({ builtins, strict: opts.strict ?? false, queryVersion: opts.regoVersion ?? 1 });
    return new Policy(compiler.compile(modules), builtins, opts);
  }

  get modules(): Module[] {
    return this.compiled.modules;
  }

  /** Compiles and plans a query such as `data.org.hard_fail` or `x := data.p[_]`. */
  prepare(query: string, opts: { file?: string } = {}): PreparedQuery {
    const body = parseQuery(query, { regoVersion: this.opts.regoVersion ?? 1, file: opts.file ?? 'query' });
    const compiler = new Compiler({ builtins: this.builtins, strict: false, queryVersion: this.opts.regoVersion ?? 1 });
    const compiled = compiler.compileQuery(this.compiled, body);
    return new PreparedQuery(new PlannedQuery(this.engine, compiled));
  }
}

export class PreparedQuery {
  constructor(private readonly planned: PlannedQuery) {}

  get variables(): string[] {
    return this.planned.variables;
  }

  /** All solutions of the query; an evaluation error comes back in `error`, never thrown. */
  eval(opts: EvalOptions = {}): QueryResult {
    return this.planned.eval(opts);
  }

  /**
   * The value of a single-term query (`data.org.hard_fail`): evaluates `__result__ = <query>`
   * style queries prepared with `Policy.prepareValue`. Returns undefined when undefined.
   */
  value(opts: EvalOptions = {}): Value | undefined {
    const r = this.planned.eval(opts);
    if (r.error) throw r.error;
    const first = r.results[0];
    return first === undefined ? undefined : first.get(RESULT_VAR);
  }
}

/** The variable `Policy.prepareValue` binds the query's value to. */
export const RESULT_VAR = '__result__';


/** Prepares `ref` (a ref or term) so that `value()` returns its value. */
export function prepareValue(policy: Policy, ref: string): PreparedQuery {
  return policy.prepare(`${RESULT_VAR} = ${ref}`);
}
