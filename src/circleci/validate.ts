// Structural checks of a config against the shape CircleCI accepts, each message located where the
// offending key was written. Compilation does not need these to pass; a user wants to know early.

import type { JsonObject, JsonValue, PathSegment } from './json.js';
import { isObject } from './json.js';
import { ConfigError } from './errors.js';
import { locate } from './context.js';
import type { LoadedConfig } from './yaml.js';

const PARAMETER_TYPES = new Set(['string', 'boolean', 'integer', 'enum', 'executor', 'steps', 'env_var_name']);
const PIPELINE_PARAMETER_TYPES = new Set(['string', 'boolean', 'integer', 'enum']);
const ENVIRONMENT_KINDS = ['docker', 'machine', 'macos', 'windows'];

type Check = (v: JsonValue, path: PathSegment[], out: Problems) => void;

class Problems {
  readonly list: { path: PathSegment[]; message: string }[] = [];
  add(path: PathSegment[], message: string): void {
    this.list.push({ path, message });
  }
}

export function validateConfig(loaded: LoadedConfig): ConfigError[] {
  const out = new Problems();
  checkTop(loaded.doc, out);
  return out.list.map(({ path, message }) => {
    const p = locate({ source: loaded, path });
    const where = path.length === 0 ? '' : `${path.join('.')}: `;
    return new ConfigError('invalid_config', where + message, loaded.file, p.line, p.col);
  });
}

function checkTop(doc: JsonObject, out: Problems): void {
  const v = doc.version;
  const is21 = v === 2.1 || v === '2.1';
  if (v === undefined) out.add([], 'version is required (2, 2.0 or 2.1)');
  else if (!is21 && v !== 2 && v !== '2' && v !== '2.0') out.add(['version'], `unsupported version ${JSON.stringify(v)} (expected 2, 2.0 or 2.1)`);
  if (doc.setup !== undefined && typeof doc.setup !== 'boolean') out.add(['setup'], 'must be true or false');
  mapOf(checkJob, 'a job')(doc.jobs ?? {}, ['jobs'], out);
  if (doc.workflows !== undefined) checkWorkflows(doc.workflows, ['workflows'], out);
  for (const k of ['orbs', 'commands', 'executors', 'parameters']) {
    if (doc[k] === undefined) continue;
    if (!is21) out.add([k], 'needs version 2.1');
    else SECTIONS[k]!(doc[k]!, [k], out);
  }
  if (doc.jobs === undefined && doc.workflows === undefined) out.add([], 'a config needs jobs or workflows');
}

const SECTIONS: Record<string, Check> = {
  orbs: mapOf((v, path, out) => {
    if (typeof v !== 'string' && !isObject(v)) out.add(path, 'an orb is a reference (namespace/name@version) or an inline orb map');
    else if (typeof v === 'string' && !/^[\w-]+\/[\w.-]+@\S+$/.test(v) && !/^https:\/\//.test(v)) out.add(path, `'${v}' is not an orb reference (namespace/name@version)`);
  }, 'an orb'),
  commands: mapOf((v, path, out) => {
    if (!isObject(v)) return out.add(path, 'a command must be a map');
    checkParameters(v.parameters, [...path, 'parameters'], PARAMETER_TYPES, out);
    checkSteps(v.steps, [...path, 'steps'], out);
  }, 'a command'),
  executors: mapOf((v, path, out) => {
    if (!isObject(v)) return out.add(path, 'an executor must be a map');
    checkParameters(v.parameters, [...path, 'parameters'], PARAMETER_TYPES, out);
    checkEnvironment(v, path, out, true);
  }, 'an executor'),
  parameters: (v, path, out) => checkParameters(v, path, PIPELINE_PARAMETER_TYPES, out, true),
};

function mapOf(check: Check, what: string): Check {
  return (v, path, out) => {
    if (!isObject(v)) return out.add(path, `must be a map of names to ${what}`);
    for (const k of Object.keys(v)) check(v[k]!, [...path, k], out);
  };
}

function checkJob(v: JsonValue, path: PathSegment[], out: Problems): void {
  if (!isObject(v)) return out.add(path, 'a job must be a map');
  checkParameters(v.parameters, [...path, 'parameters'], PARAMETER_TYPES, out);
  checkEnvironment(v, path, out, v.executor !== undefined);
  if (v.steps === undefined) out.add(path, 'a job needs steps');
  else checkSteps(v.steps, [...path, 'steps'], out);
  if (v.parallelism !== undefined && !Number.isInteger(v.parallelism) && typeof v.parallelism !== 'string')
    out.add([...path, 'parallelism'], 'must be an integer');
}

function checkEnvironment(v: JsonObject, path: PathSegment[], out: Problems, hasExecutor: boolean): void {
  const kinds = ENVIRONMENT_KINDS.filter((k) => v[k] !== undefined);
  if (kinds.length > 1) out.add(path, `only one of ${kinds.join(', ')} may be given`);
  if (kinds.length === 0 && !hasExecutor) out.add(path, 'needs an executor: docker, machine, macos or executor');
  if (v.docker !== undefined) {
    if (!Array.isArray(v.docker) || v.docker.length === 0) out.add([...path, 'docker'], 'must be a list of images');
    else v.docker.forEach((d, i) => {
      if (!isObject(d) || typeof d.image !== 'string') out.add([...path, 'docker', i], 'each docker entry needs an image');
    });
  }
  if (v.resource_class !== undefined && typeof v.resource_class !== 'string') out.add([...path, 'resource_class'], 'must be a string');
  const env = v.environment;
  if (env !== undefined && !isObject(env) && !Array.isArray(env) && !(typeof env === 'string' && env.includes('=')))
    out.add([...path, 'environment'], 'must be a map of names to values');
}

function checkSteps(v: JsonValue | undefined, path: PathSegment[], out: Problems): void {
  if (typeof v === 'string' && v.includes('<<')) return;
  if (!Array.isArray(v)) return out.add(path, 'must be a list of steps');
  v.forEach((s, i) => {
    if (typeof s === 'string') return;
    if (!isObject(s) || Object.keys(s).length !== 1) return out.add([...path, i], 'a step is a name or a map with exactly one key');
    const [name] = Object.keys(s);
    const body = s[name!]!;
    if ((name === 'when' || name === 'unless') && isObject(body)) {
      if (body.condition === undefined) out.add([...path, i, name], 'needs a condition');
      checkSteps(body.steps, [...path, i, name, 'steps'], out);
    }
    if (name === 'run' && !(typeof body === 'string' || (isObject(body) && body.command !== undefined)))
      out.add([...path, i, 'run'], 'a run step needs a command');
  });
}

function checkParameters(v: JsonValue | undefined, path: PathSegment[], types: Set<string>, out: Problems, needDefault = false): void {
  if (v === undefined || v === null) return;
  if (!isObject(v)) return out.add(path, 'must be a map of parameter names to declarations');
  for (const name of Object.keys(v)) {
    const decl = v[name]!;
    const at = [...path, name];
    if (!/^[A-Za-z][\w-]*$/.test(name)) out.add(at, `'${name}' is not a valid parameter name`);
    if (!isObject(decl)) {
      out.add(at, 'a parameter declaration must be a map with a type');
      continue;
    }
    if (typeof decl.type !== 'string' || !types.has(decl.type)) out.add([...at, 'type'], `type must be one of ${[...types].join(', ')}`);
    if (decl.type === 'enum' && !Array.isArray(decl.enum)) out.add(at, 'an enum parameter needs an enum list');
    if (needDefault && decl.default === undefined) out.add(at, 'a pipeline parameter needs a default');
  }
}

function checkWorkflows(v: JsonValue, path: PathSegment[], out: Problems): void {
  if (!isObject(v)) return out.add(path, 'must be a map of workflow names to workflows');
  for (const name of Object.keys(v)) {
    const wf = v[name]!;
    if (name === 'version') continue;
    if (!isObject(wf)) {
      out.add([...path, name], 'a workflow must be a map');
      continue;
    }
    if (!Array.isArray(wf.jobs)) {
      out.add([...path, name], 'a workflow needs a list of jobs');
      continue;
    }
    wf.jobs.forEach((j, i) => {
      if (typeof j !== 'string' && !(isObject(j) && Object.keys(j).length === 1))
        out.add([...path, name, 'jobs', i], 'a workflow job is a name or a one-key map of a name to its settings');
    });
  }
}
