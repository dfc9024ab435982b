// One job invocation compiled into the job CircleCI runs: arguments bound, body substituted, executor
// inlined, and steps expanded between the invocation's pre-steps and post-steps (§4, §6, §7, §10).

import type { JsonObject, JsonValue, PathSegment } from './json.js';
import { isObject, setKey } from './json.js';
import { substitute, wholeParameterRef } from './parameters.js';
import { reporter, varsFor } from './context.js';
import type { Env } from './context.js';
import { mergeExecutor, resolveExecutor } from './executors.js';
import { bindElement, expandStepsValue } from './steps.js';
import type { Scope } from './scope.js';

/** Keys of a job definition that are consumed by compilation (R2.4). */
const JOB_META = new Set(['parameters', 'description', 'executor', 'steps']);

export interface JobCall {
  /** The job as invoked, e.g. `build` or `node/test`. */
  ref: string;
  def: JsonObject;
  scope: Scope;
  path: PathSegment[];
  /** Arguments as written in the workflow. */
  args: JsonObject;
  preSteps?: JsonValue;
  postSteps?: JsonValue;
}

/** Compiles a job called from `caller` (the workflow, in the user's scope). */
export function compileJob(call: JobCall, caller: Env): JsonObject {
  const budget = { steps: caller.comp.limits.maxStepsPerJob };
  const from: Env = { ...caller, budget };
  const inner: Env = { ...from, scope: call.scope, chain: [...caller.chain, `Error calling job: '${call.ref}'`], site: { source: call.scope.source, path: call.path }, calls: [] };
  const params = bindElement(call.def, call.args, from, inner, call.scope);
  const env: Env = { ...inner, vars: varsFor(caller.comp, call.scope, params) };
  const report = reporter(env);

  const body: JsonObject = {};
  for (const k of Object.keys(call.def)) if (!JOB_META.has(k)) setKey(body, k, substitute(call.def[k]!, env.vars, report));
  const steps: JsonValue[] = [
    ...expandStepsValue(call.preSteps, from),
    ...expandStepsValue(call.def.steps, { ...env, site: { source: call.scope.source, path: [...call.path, 'steps'] } }),
    ...expandStepsValue(call.postSteps, from),
  ];
  const executor = call.def.executor === undefined ? {} : executorOf(call.def.executor, env, from);
  const job = mergeExecutor(executor, body);
  if (call.def.steps !== undefined || steps.length > 0) job.steps = steps;
  return job;
}

/**
 * An `executor:` naming an executor-typed parameter is looked up where its value was written: the
 * caller's scope for an argument, the job's own scope for a default (§4.2).
 */
function executorOf(raw: JsonValue, env: Env, caller: Env): JsonObject {
  const param = wholeParameterRef(raw);
  const site = { source: env.site.source, path: [...env.site.path, 'executor'] };
  const ref = substitute(raw, env.vars, reporter(env, site));
  const where = param !== undefined && env.vars.params?.fromArgument(param) ? caller.scope : env.scope;
  return resolveExecutor(isObject(ref) || typeof ref === 'string' ? ref : raw, { ...env, scope: where, site });
}
