// Small helpers for engine tests: compile modules, run a query, get plain JS results.

import { Policy, RegoErrors, type RegoVersion, fromJS, toJS } from '../../src/rego/index.js';

export interface Run {
  input?: unknown;
  data?: unknown;
  regoVersion?: RegoVersion;
  strict?: boolean;
  strictBuiltinErrors?: boolean;
}

export function compile(modules: string[], opts: Run = {}): Policy {
  return Policy.compile(
    modules.map((source, i) => ({ file: `m${i}.rego`, source })),
    { regoVersion: opts.regoVersion ?? 1, strict: opts.strict ?? false },
  );
}

/** All solutions of a query as plain JS objects (sets as sorted arrays). */
export function query(modules: string[], q: string, opts: Run = {}): Record<string, unknown>[] {
  const r = compile(modules, opts)
    .prepare(q)
    .eval({
      input: opts.input === undefined ? undefined : fromJS(opts.input),
      data: opts.data === undefined ? undefined : fromJS(opts.data),
      strictBuiltinErrors: opts.strictBuiltinErrors ?? false,
    });
  if (r.error) throw r.error;
  return r.results.map((row) => Object.fromEntries([...row].map(([k, v]) => [k, toJS(v)])));
}

/** The value bound to `x` by the query `x := <expr>` (undefined when there is no solution). */
export function value(modules: string[], expr: string, opts: Run = {}): unknown {
  const rows = query(modules, `x := ${expr}`, opts);
  return rows.length === 0 ? undefined : rows[0]!.x;
}

/** The compile errors of modules as `file:row: code: message` lines. */
export function compileErrors(modules: string[], opts: Run = {}): string[] {
  try {
    compile(modules, opts);
    return [];
  } catch (e) {
    if (e instanceof RegoErrors) return e.errors.map((x) => x.toString());
    throw e;
  }
}
