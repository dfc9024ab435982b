// The compilation pipeline (§1): a list of named stages, each a small function over one state,
// turning a loaded 2.1 config into the config CircleCI would run.

import type { JsonObject, JsonValue } from './json.js';
import { hasKey, isObject, setKey } from './json.js';
import type { ConfigError, ConfigWarning } from './errors.js';
import { DEFAULT_COMPILE_LIMITS, Diagnostics } from './context.js';
import type { Compilation, CompileLimits, Env } from './context.js';
import { bindParameters, substitute } from './parameters.js';
import { defaultOrbDirs, resolveImports } from './orbs.js';
import { newScope } from './scope.js';
import type { Scope } from './scope.js';
import { compileWorkflows } from './workflows.js';
import type { CompiledWorkflows } from './workflows.js';
import { compileJob } from './jobs.js';
import type { LoadedConfig } from './yaml.js';

export interface CompileOptions {
  /** Directories of packed orbs, searched in order; default: `defaultOrbDirs(file)`. */
  orbDirs?: string[];
  /** Values for the config's pipeline parameters (`<< pipeline.parameters.x >>`). */
  pipelineParameters?: JsonObject;
  /** Pipeline values, as `{"git": {"branch": "main"}}` or `{"pipeline.git.branch": "main"}`. */
  pipelineValues?: JsonObject;
  limits?: Partial<CompileLimits>;
}

export interface CompileResult {
  /** The compiled config; absent only when the config cannot be compiled at all (e.g. its version). */
  compiled?: JsonObject;
  errors: ConfigError[];
  warnings: ConfigWarning[];
  /** `alias: namespace/name@version` of every orb no directory could provide. */
  unresolvedOrbs: string[];
}

interface State {
  loaded: LoadedConfig;
  options: CompileOptions;
  comp: Compilation;
  scope: Scope;
  unresolvedOrbs: string[];
  workflows?: CompiledWorkflows;
  compiled?: JsonObject;
  /** Set by a stage that has finished the compilation early (a 2.0 config, an unknown version). */
  done: boolean;
}

type Stage = (s: State) => void;

const STAGES: Stage[] = [versionGate, bindPipelineParameters, resolveOrbs, compileAllWorkflows, emit];

export function compileConfig(loaded: LoadedConfig, options: CompileOptions = {}): CompileResult {
  const comp: Compilation = {
    diag: new Diagnostics(),
    limits: { ...DEFAULT_COMPILE_LIMITS, ...options.limits },
    pipelineValues: flattenPipelineValues(options.pipelineValues ?? {}),
    pipelineParams: undefined,
  };
  const state: State = { loaded, options, comp, scope: newScope('config', false, loaded, [], loaded.doc), unresolvedOrbs: [], done: false };
  for (const stage of STAGES) {
    if (state.done) break;
    stage(state);
  }
  const diag = comp.diag;
  return {
    compiled: state.compiled,
    errors: diag.errors,
    // Read lazily: locating warnings is work that decisions do not need.
    get warnings() {
      return diag.warnings;
    },
    unresolvedOrbs: state.unresolvedOrbs,
  };
}

/** `version: 2` / `2.0` pass through unchanged (R12.1); only 2.1 is compiled. */
function versionGate(s: State): void {
  const v = s.loaded.doc.version;
  if (v === 2 || v === '2' || v === '2.0') {
    s.compiled = s.loaded.doc;
    s.done = true;
  } else if (v !== 2.1 && v !== '2.1') {
    const shown = v === undefined ? 'missing' : JSON.stringify(v);
    s.comp.diag.error('unsupported_version', `config version is ${shown}; CircleCI reads version 2, 2.0 or 2.1`, { source: s.loaded, path: ['version'] });
    s.done = true;
  }
}

/** Declared pipeline parameters with the supplied values or their defaults (R5.1). */
function bindPipelineParameters(s: State): void {
  const report = (code: string, message: string) => s.comp.diag.error(code, message, { source: s.loaded, path: ['parameters'] });
  s.comp.pipelineParams = bindParameters({
    decls: s.loaded.doc.parameters,
    args: s.options.pipelineParameters ?? {},
    report,
    argValue: (raw) => raw,
    defaultValue: (raw, _type, self) => substitute(raw, { pipelineValues: s.comp.pipelineValues, pipelineParams: self }, report),
  });
}

function resolveOrbs(s: State): void {
  resolveImports(s.scope, s.loaded.doc.orbs, {
    dirs: s.options.orbDirs ?? defaultOrbDirs(s.loaded.file),
    rewriteRef: (ref) => String(substitute(ref, { pipelineValues: s.comp.pipelineValues, pipelineParams: s.comp.pipelineParams }, () => {})),
    unresolved: (orb, why, site) => {
      s.unresolvedOrbs.push(`${orb.alias}: ${orb.ref}`);
      s.comp.diag.warn('unresolved_orb', `orb ${orb.ref} (imported as ${orb.alias}) ${why}; what it provides stays as written`, site);
    },
    error: (err) => s.comp.diag.adopt(err),
  });
}

function compileAllWorkflows(s: State): void {
  const env: Env = {
    comp: s.comp,
    scope: s.scope,
    vars: { pipelineValues: s.comp.pipelineValues, pipelineParams: s.comp.pipelineParams },
    chain: [],
    site: { source: s.loaded, path: [] },
    calls: [],
    budget: { steps: s.comp.limits.maxStepsPerJob },
  };
  const workflows = s.loaded.doc.workflows;
  s.workflows = isObject(workflows) ? compileWorkflows(workflows, env) : { workflows: { version: 2 }, jobs: implicitJobs(s.scope, env) };
}

/**
 * A 2.1 config without workflows (inferred): every job is compiled as if invoked once without
 * arguments, so that a policy sees each job CircleCI could be asked to run.
 */
function implicitJobs(scope: Scope, env: Env): JsonObject {
  const jobs: JsonObject = {};
  for (const name of Object.keys(scope.jobs)) {
    const def = scope.jobs[name]!;
    if (!isObject(def)) continue;
    setKey(jobs, name, compileJob({ ref: name, def, scope, path: ['jobs', name], args: {} }, env));
  }
  return jobs;
}

/** Top-level keys consumed by compilation (R2.2); every other key passes through (R2.7, inferred). */
const CONSUMED_TOP_LEVEL = new Set(['orbs', 'commands', 'executors', 'parameters']);

function emit(s: State): void {
  const doc = s.loaded.doc;
  const out: JsonObject = {};
  for (const k of Object.keys(doc)) {
    if (CONSUMED_TOP_LEVEL.has(k)) continue;
    if (k === 'version') out.version = 2;
    else if (k === 'jobs') out.jobs = s.workflows!.jobs;
    else if (k === 'workflows') out.workflows = s.workflows!.workflows;
    else setKey(out, k, doc[k]!);
  }
  if (!hasKey(out, 'jobs')) out.jobs = s.workflows!.jobs;
  if (!hasKey(out, 'workflows')) out.workflows = s.workflows!.workflows;
  s.compiled = out;
}

/** Keys without the `pipeline.` prefix; nested maps flattened (`{git: {branch}}` → `git.branch`). */
function flattenPipelineValues(values: JsonObject): Map<string, JsonValue> {
  const out = new Map<string, JsonValue>();
  const walk = (prefix: string, v: JsonValue) => {
    if (isObject(v)) for (const k of Object.keys(v)) walk(prefix === '' ? k : `${prefix}.${k}`, v[k]!);
    else out.set(prefix.startsWith('pipeline.') ? prefix.slice(9) : prefix, v);
  };
  walk('', values);
  return out;
}
