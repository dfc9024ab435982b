// Workflows (§8.3, §9, §11): workflow conditions decided, job invocations expanded (matrix included)
// and compiled, `requires` rewritten to the final job names, and the consumed keys dropped (R2.6).

import type { JsonObject, JsonValue } from './json.js';
import { deepEqual, hasKey, isObject, scalarText, setKey } from './json.js';
import { substitute } from './parameters.js';
import { ConditionError, evaluate, not } from './conditions.js';
import type { Truth } from './conditions.js';
import { reporter, varsFor } from './context.js';
import type { Env } from './context.js';
import { combinations, matrixJobName, MatrixError } from './matrix.js';
import type { Combination } from './matrix.js';
import { compileJob } from './jobs.js';
import { lookup } from './scope.js';

/** Keys of a workflow job entry that stay in the compiled workflow (inferred from R4.1). */
const ENTRY_KEYS = new Set(['requires', 'context', 'filters', 'type', 'serial-group', 'override-with']);
/** Keys consumed by compilation; everything else is an argument of the job. */
const CONSUMED_KEYS = new Set(['name', 'matrix', 'pre-steps', 'post-steps']);

interface Invocation {
  name: string;
  ref: string;
  keys: JsonObject;
  /** The compiled job, or undefined when no job is emitted (approval, unknown or unresolved job). */
  job?: JsonObject;
  /** The entry as written, kept when the job could not be compiled. */
  asWritten?: JsonValue;
  alias?: string;
}

export interface CompiledWorkflows {
  workflows: JsonObject;
  jobs: JsonObject;
}

export function compileWorkflows(workflows: JsonObject, env: Env): CompiledWorkflows {
  const out: JsonObject = {};
  const perWorkflow = new Map<string, Invocation[]>();
  for (const wfName of Object.keys(workflows)) {
    const wf = workflows[wfName]!;
    if (wfName === 'version' || !isObject(wf)) {
      setKey(out, wfName, wf);
      continue;
    }
    const wfEnv: Env = { ...env, chain: [`Error calling workflow: '${wfName}'`], site: { source: env.site.source, path: ['workflows', wfName] } };
    const kept = decideWorkflow(wf, wfEnv);
    if (kept === undefined) continue;
    setKey(out, wfName, kept);
    perWorkflow.set(wfName, invocations(wf.jobs, wfEnv));
  }
  const jobs = nameJobs([...perWorkflow.values()].flat());
  for (const [wfName, invs] of perWorkflow) (out[wfName] as JsonObject).jobs = invs.map(entryOf);
  if (!hasKey(out, 'version')) out.version = 2;
  return { workflows: out, jobs };
}

/** The workflow without its decided `when`/`unless`, or undefined when it does not run (R8.4, R8.5). */
function decideWorkflow(wf: JsonObject, env: Env): JsonObject | undefined {
  const kept: JsonObject = {};
  const vars = varsFor(env.comp, env.scope);
  for (const k of Object.keys(wf)) {
    if (k === 'jobs') continue;
    const v = substitute(wf[k]!, vars, reporter(env, { source: env.site.source, path: [...env.site.path, k] }));
    if (k !== 'when' && k !== 'unless') {
      setKey(kept, k, v);
      continue;
    }
    let t: Truth;
    try {
      t = evaluate(v);
    } catch (err) {
      if (!(err instanceof ConditionError)) throw err;
      env.comp.diag.error('bad_condition', err.message, { source: env.site.source, path: [...env.site.path, k] }, env.chain);
      t = 'unknown';
    }
    if (k === 'unless') t = not(t);
    if (t === false) return undefined;
    if (t === 'unknown') setKey(kept, k, v);
  }
  kept.jobs = [];
  return kept;
}

function invocations(list: JsonValue | undefined, env: Env): Invocation[] {
  if (!Array.isArray(list)) {
    env.comp.diag.error('bad_workflow', 'a workflow needs a list of jobs', env.site, env.chain);
    return [];
  }
  const invs = list.flatMap((entry, i) => expandEntry(entry, { ...env, site: { source: env.site.source, path: [...env.site.path, 'jobs', i] } }));
  rewriteRequires(invs);
  return invs;
}

function expandEntry(entry: JsonValue, env: Env): Invocation[] {
  const ref = typeof entry === 'string' ? entry : isObject(entry) && Object.keys(entry).length === 1 ? Object.keys(entry)[0]! : undefined;
  if (ref === undefined) {
    env.comp.diag.error('bad_workflow', 'a workflow job is a name or a one-key map of a name to its settings', env.site, env.chain);
    return [];
  }
  const raw = typeof entry === 'string' ? null : (entry as JsonObject)[ref]!;
  const body = isObject(raw) ? raw : {};
  let combos: (Combination | undefined)[] = [undefined];
  if (body.matrix !== undefined) {
    try {
      combos = combinations(substitute(body.matrix, varsFor(env.comp, env.scope), reporter(env)), env.comp.limits.maxMatrixJobs);
    } catch (err) {
      if (!(err instanceof MatrixError)) throw err;
      env.comp.diag.error('bad_matrix', err.message, env.site, env.chain);
    }
  }
  const alias = isObject(body.matrix) ? scalarText(body.matrix.alias ?? ref) : undefined;
  return combos.map((combo) => invoke(ref, body, combo, alias, env));
}

function invoke(ref: string, body: JsonObject, combo: Combination | undefined, alias: string | undefined, env: Env): Invocation {
  const vars = varsFor(env.comp, env.scope, undefined, combo);
  const report = reporter(env);
  const name = body.name !== undefined ? scalarText(substitute(body.name, vars, report)) : combo !== undefined ? matrixJobName(ref, combo) : ref;
  const keys: JsonObject = {};
  const args: JsonObject = {};
  for (const k of Object.keys(body)) {
    if (ENTRY_KEYS.has(k)) setKey(keys, k, substitute(body[k]!, vars, report));
    else if (!CONSUMED_KEYS.has(k)) setKey(args, k, body[k]!);
  }
  for (const [p, v] of combo ?? []) setKey(args, p, v);
  const inv: Invocation = { name, ref, keys, alias };
  if (keys.type === 'approval') return inv;
  const found = lookup(env.scope, 'jobs', ref);
  const jobEnv: Env = { ...env, vars };
  if (found.kind === 'found') {
    inv.job = compileJob({ ref: name, def: found.def, scope: found.scope, path: found.path, args, preSteps: body['pre-steps'], postSteps: body['post-steps'] }, jobEnv);
    return inv;
  }
  if (found.kind === 'missing') env.comp.diag.error('unknown_job', `Cannot find a definition for job named ${ref}`, env.site, env.chain);
  inv.asWritten = Object.keys(body).length === 0 ? ref : { [ref]: substitute(body, vars, report) };
  return inv;
}

/** A `requires` entry naming a matrix alias stands for every job of that matrix (R9.5). */
function rewriteRequires(invs: Invocation[]): void {
  const byAlias = new Map<string, string[]>();
  for (const inv of invs) if (inv.alias !== undefined) byAlias.set(inv.alias, [...(byAlias.get(inv.alias) ?? []), inv.name]);
  if (byAlias.size === 0) return;
  const expand = (e: JsonValue): JsonValue[] => {
    if (typeof e === 'string') return byAlias.get(e) ?? [e];
    if (isObject(e) && Object.keys(e).length === 1) {
      const k = Object.keys(e)[0]!;
      return (byAlias.get(k) ?? [k]).map((n) => ({ [n]: e[k]! }));
    }
    return [e];
  };
  for (const inv of invs) if (Array.isArray(inv.keys.requires)) inv.keys.requires = inv.keys.requires.flatMap(expand);
}

/**
 * Emits each compiled job under its final name. Invocations with the same name and the same body
 * share one job (R11.2); different bodies under one name are numbered `name-1`, `name-2`, … in the
 * order first met (R11.3, inferred: the docs show `sayhello-1`, `sayhello-2`).
 */
function nameJobs(invs: Invocation[]): JsonObject {
  const bodies = new Map<string, JsonObject[]>();
  for (const inv of invs) {
    if (inv.job === undefined) continue;
    const list = bodies.get(inv.name) ?? [];
    if (!list.some((b) => deepEqual(b, inv.job!))) list.push(inv.job);
    bodies.set(inv.name, list);
  }
  const jobs: JsonObject = {};
  for (const inv of invs) {
    if (inv.job === undefined) continue;
    const list = bodies.get(inv.name)!;
    if (list.length > 1) inv.name = `${inv.name}-${list.findIndex((b) => deepEqual(b, inv.job!)) + 1}`;
    if (!hasKey(jobs, inv.name)) setKey(jobs, inv.name, inv.job);
  }
  return jobs;
}

function entryOf(inv: Invocation): JsonValue {
  if (inv.asWritten !== undefined) return inv.asWritten;
  return Object.keys(inv.keys).length === 0 ? inv.name : { [inv.name]: inv.keys };
}
