// Executors (§6): resolving an `executor:` reference in its scope and merging it into the job, the
// job's own keys winning and `environment` maps merged (R6.4, R6.5).

import type { JsonObject, JsonValue } from './json.js';
import { isObject, setKey } from './json.js';
import { bindParameters, substitute } from './parameters.js';
import { reporter, varsFor } from './context.js';
import type { Env } from './context.js';
import { lookup } from './scope.js';

/** Keys of an executor definition that describe it rather than the environment it provides. */
const EXECUTOR_META = new Set(['parameters', 'description']);

/**
 * The environment keys an executor reference stands for. A reference that cannot be resolved comes
 * back as `{executor: <as written>}` so that nothing is silently dropped.
 */
export function resolveExecutor(ref: JsonValue, env: Env): JsonObject {
  const name = typeof ref === 'string' ? ref : isObject(ref) && typeof ref.name === 'string' ? ref.name : undefined;
  if (name === undefined) {
    env.comp.diag.error('bad_executor', 'executor must be a name or a map with a name', env.site, env.chain);
    return { executor: ref };
  }
  const found = lookup(env.scope, 'executors', name);
  if (found.kind !== 'found') {
    if (found.kind === 'missing')
      env.comp.diag.error('unknown_executor', `Cannot find a definition for executor named ${name}`, env.site, env.chain);
    return { executor: ref };
  }
  const args: JsonObject = isObject(ref) ? { ...ref } : {};
  delete args.name;
  const inner: Env = { ...env, scope: found.scope, chain: [...env.chain, `Error calling executor: '${name}'`], site: { source: found.scope.source, path: found.path } };
  const report = reporter(inner);
  const params = bindParameters({
    decls: found.def.parameters,
    args,
    report,
    argValue: (raw) => raw, // already substituted where the reference was written
    defaultValue: (raw, _type, self) => substitute(raw, varsFor(env.comp, found.scope, self), report),
  });
  const vars = varsFor(env.comp, found.scope, params);
  const out: JsonObject = {};
  for (const k of Object.keys(found.def)) if (!EXECUTOR_META.has(k)) setKey(out, k, substitute(found.def[k]!, vars, report));
  return out;
}

/** Job keys replace executor keys whole, except `environment`, merged with the job's values winning. */
export function mergeExecutor(executor: JsonObject, job: JsonObject): JsonObject {
  const out: JsonObject = { ...executor };
  for (const k of Object.keys(job)) {
    const both = k === 'environment' && executor.environment !== undefined;
    setKey(out, k, both ? { ...environmentMap(executor.environment!), ...environmentMap(job[k]!) } : job[k]!);
  }
  return out;
}

/** `environment` may be written as a map, or as one or a list of one-key maps or `KEY=value` strings. */
function environmentMap(v: JsonValue): JsonObject {
  if (isObject(v)) return v;
  const out: JsonObject = {};
  for (const item of Array.isArray(v) ? v : [v]) {
    if (isObject(item)) for (const k of Object.keys(item)) setKey(out, k, item[k]!);
    else if (typeof item === 'string' && item.includes('=')) setKey(out, item.slice(0, item.indexOf('=')), item.slice(item.indexOf('=') + 1));
  }
  return out;
}
