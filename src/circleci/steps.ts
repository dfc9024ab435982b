// Expanding a list of steps (§7, §8.2): commands inlined in place, `steps` parameters spliced,
// `when`/`unless` resolved where their condition is known, and `- run: cmd` normalised.

import type { JsonObject, JsonValue } from './json.js';
import { hasKey, isObject } from './json.js';
import { bindParameters, substitute } from './parameters.js';
import type { ParamValues } from './parameters.js';
import { ConditionError, evaluate, not } from './conditions.js';
import { at, reporter, varsFor } from './context.js';
import type { Env } from './context.js';
import { lookup } from './scope.js';
import type { Scope } from './scope.js';

/** Steps CircleCI runs itself; a command of the same name in scope takes precedence (R7.3). */
const BUILTIN_STEPS = new Set([
  'run', 'checkout', 'setup_remote_docker', 'save_cache', 'restore_cache', 'store_artifacts', 'store_test_results',
  'persist_to_workspace', 'attach_workspace', 'add_ssh_keys', 'deploy',
]);

/** Lists that are already expanded: spliced as they are when a `steps` parameter brings them in. */
const expanded = new WeakSet<JsonValue[]>();

/** Expands steps written as a list, or as a reference to a `steps` parameter. */
export function expandStepsValue(raw: JsonValue | undefined, env: Env): JsonValue[] {
  const out: JsonValue[] = [];
  expandInto(raw, env, out);
  expanded.add(out);
  return out;
}

function expandInto(raw: JsonValue | undefined, env: Env, out: JsonValue[]): void {
  if (raw === undefined || raw === null) return;
  if (typeof raw === 'string') {
    const v = substitute(raw, env.vars, reporter(env));
    if (Array.isArray(v)) return expandInto(v, env, out);
    out.push(v);
    return;
  }
  if (!Array.isArray(raw)) {
    env.comp.diag.error('bad_steps', 'steps must be a list', env.site, env.chain);
    return;
  }
  if (expanded.has(raw)) return spliceExpanded(raw, env, out);
  raw.forEach((step, i) => expandStep(step, { ...env, site: at(env, i) }, out));
}

function spliceExpanded(list: JsonValue[], env: Env, out: JsonValue[]): void {
  if (!spend(env, list.length)) return;
  for (const s of list) out.push(s);
}

function spend(env: Env, n: number): boolean {
  if (env.budget.steps < 0) return false;
  env.budget.steps -= n;
  if (env.budget.steps >= 0) return true;
  env.comp.diag.error('too_many_steps', `a job expands to more than ${env.comp.limits.maxStepsPerJob} steps`, env.site, env.chain);
  return false;
}

function expandStep(step: JsonValue, env: Env, out: JsonValue[]): void {
  if (!spend(env, 1)) return;
  if (typeof step === 'string') {
    const v = substitute(step, env.vars, reporter(env));
    if (Array.isArray(v)) return expandInto(v, env, out);
    if (typeof v === 'string') return invoke(v, undefined, env, out);
    out.push(v);
    return;
  }
  const keys = isObject(step) ? Object.keys(step) : [];
  if (keys.length !== 1) {
    // Not a step CircleCI would accept; kept (substituted) so that validation and policies see it.
    out.push(substitute(step, env.vars, reporter(env)));
    return;
  }
  const name = keys[0]!;
  const body = (step as JsonObject)[name]!;
  if (name === 'steps' && !hasKey(env.scope.commands, name)) return expandInto(body, { ...env, site: at(env, name) }, out);
  if ((name === 'when' || name === 'unless') && !hasKey(env.scope.commands, name)) return conditional(name, body, { ...env, site: at(env, name) }, out);
  invoke(name, body, env, out);
}

/** A step naming a command, a built-in step, or something from an orb nobody could load. */
function invoke(name: string, body: JsonValue | undefined, env: Env, out: JsonValue[]): void {
  const found = lookup(env.scope, 'commands', name);
  if (found.kind === 'found') return callCommand(name, found.def, found.scope, found.path, body, env, out);
  const value = body === undefined ? undefined : substitute(body, env.vars, reporter(env));
  if (found.kind === 'missing' && !BUILTIN_STEPS.has(name))
    env.comp.diag.error('unknown_command', `Cannot find a definition for command named ${name}`, env.site, env.chain);
  if (value === undefined) out.push(name);
  else out.push({ [name]: name === 'run' && typeof value === 'string' ? { command: value } : value });
}

function callCommand(name: string, def: JsonObject, scope: Scope, path: (string | number)[], body: JsonValue | undefined, env: Env, out: JsonValue[]): void {
  const id = `${scope.id}:${name.slice(name.indexOf('/') + 1)}`;
  if (env.calls.includes(id) || env.calls.length >= env.comp.limits.maxCallDepth) {
    const cycle = [...env.calls.slice(env.calls.indexOf(id)), id].map((c) => c.slice(c.lastIndexOf(':') + 1));
    const msg = env.calls.includes(id) ? `command ${name} calls itself: ${cycle.join(' -> ')}` : `commands nest deeper than ${env.comp.limits.maxCallDepth} calls`;
    env.comp.diag.error('recursive_command', msg, env.site, env.chain);
    return;
  }
  const calleeSite = { source: scope.source, path };
  const inner: Env = { ...env, scope, chain: [...env.chain, `Error calling command: '${name}'`], site: calleeSite, calls: [...env.calls, id] };
  const params = bindElement(def, body, env, inner, scope);
  expandInto(def.steps, { ...inner, vars: varsFor(env.comp, scope, params), site: { source: scope.source, path: [...path, 'steps'] } }, out);
}

/**
 * Binds a job's or command's parameters: arguments are read in the caller's scope (a `steps` argument
 * is expanded there, R7.8), defaults in the definition's scope.
 */
export function bindElement(def: JsonObject, body: JsonValue | undefined, caller: Env, inner: Env, scope: Scope): ParamValues {
  const args = isObject(body) ? body : {};
  if (body !== undefined && body !== null && !isObject(body))
    caller.comp.diag.error('bad_arguments', 'arguments must be a map of parameter names to values', caller.site, caller.chain);
  const report = reporter(inner);
  return bindParameters({
    decls: def.parameters,
    args,
    report,
    argValue: (raw, type) => (type === 'steps' ? expandStepsValue(raw, caller) : substitute(raw, caller.vars, reporter(caller))),
    defaultValue: (raw, type, self) => {
      const defEnv: Env = { ...inner, vars: varsFor(caller.comp, scope, self) };
      return type === 'steps' ? expandStepsValue(raw, defEnv) : substitute(raw, defEnv.vars, report);
    },
  });
}

/** `when`/`unless` steps (R8.2, R8.3); an unknown condition keeps the step, its steps expanded. */
function conditional(kind: 'when' | 'unless', body: JsonValue, env: Env, out: JsonValue[]): void {
  if (!isObject(body)) {
    env.comp.diag.error('bad_condition', `a ${kind} step needs condition and steps`, env.site, env.chain);
    return;
  }
  const condition = substitute(body.condition ?? null, env.vars, reporter(env));
  let truth;
  try {
    truth = evaluate(condition);
  } catch (err) {
    if (!(err instanceof ConditionError)) throw err;
    env.comp.diag.error('bad_condition', err.message, at(env, 'condition'), env.chain);
    truth = 'unknown' as const;
  }
  if (kind === 'unless') truth = not(truth);
  if (truth === false) return;
  const steps = expandStepsValue(body.steps, { ...env, site: at(env, 'steps') });
  if (truth === true) for (const s of steps) out.push(s);
  else out.push({ [kind]: { ...body, condition, steps } });
}
