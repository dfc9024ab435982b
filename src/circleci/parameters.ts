// Parameters of jobs, commands, executors and the pipeline: binding arguments to declarations with
// types and defaults checked, and substituting `<< … >>` references into values.

import type { JsonObject, JsonValue } from './json.js';
import { hasKey, isObject, isTruthy, scalarText, setKey } from './json.js';

/** The values a `<< … >>` reference can read at one place in the config. */
export interface Vars {
  /** `<< parameters.x >>`: the enclosing job, command or executor; absent at workflow level. */
  params?: ParamValues;
  /** `<< pipeline.parameters.x >>`; absent inside orbs, which cannot see them (R3.5). */
  pipelineParams?: ParamValues;
  /** `<< pipeline.git.branch >>` and the other pipeline values, keyed without the `pipeline.` prefix. */
  pipelineValues: ReadonlyMap<string, JsonValue>;
  /** `<< matrix.x >>` in a matrix job invocation. */
  matrix?: ReadonlyMap<string, JsonValue>;
}

export type Report = (code: string, message: string) => void;

export interface ParamValues {
  declared(name: string): boolean;
  /** The bound value; undefined when it could not be bound (the problem has been reported). */
  get(name: string): JsonValue | undefined;
  typeOf(name: string): string | undefined;
  /** Whether the value came from an argument (written by the caller) rather than a default. */
  fromArgument(name: string): boolean;
}

const REF_NAME = String.raw`(?:parameters|pipeline|matrix)(?:\.[A-Za-z0-9_-]+)+`;
const REF = new RegExp(String.raw`\\<<|<<\s*([#^/]?)\s*(${REF_NAME})\s*>>`, 'g');
const WHOLE_REF = new RegExp(String.raw`^\s*<<\s*(${REF_NAME})\s*>>\s*$`);
const UNRESOLVED_REF = new RegExp(String.raw`<<\s*[#^/]?\s*${REF_NAME}\s*>>`);

/** The parameter name when `text` is nothing but one `<< parameters.x >>` reference. */
export function wholeParameterRef(text: JsonValue | undefined): string | undefined {
  if (typeof text !== 'string') return undefined;
  const m = WHOLE_REF.exec(text);
  return m !== null && m[1]!.startsWith('parameters.') && m[1]!.split('.').length === 2 ? m[1]!.slice(11) : undefined;
}

/** A value still holding a reference nobody could resolve (e.g. a pipeline value not supplied). */
export function hasUnresolvedRef(v: JsonValue): boolean {
  if (typeof v === 'string') return v.includes('<<') && UNRESOLVED_REF.test(v);
  if (Array.isArray(v)) return v.some(hasUnresolvedRef);
  if (isObject(v)) return Object.values(v).some(hasUnresolvedRef);
  return false;
}

const mayHoldRef = new WeakMap<object, boolean>();

function containsRef(v: JsonValue): boolean {
  if (typeof v === 'string') return v.includes('<<');
  if (v === null || typeof v !== 'object') return false;
  let known = mayHoldRef.get(v);
  if (known === undefined) {
    known = Array.isArray(v) ? v.some(containsRef) : Object.keys(v).some((k) => k.includes('<<') || containsRef(v[k]!));
    mayHoldRef.set(v, known);
  }
  return known;
}

/**
 * Substitutes every reference in `value`. Parts without references are returned as they are (not
 * copied), so the result may share structure with the source; neither is ever mutated.
 */
export function substitute(value: JsonValue, vars: Vars, report: Report): JsonValue {
  if (typeof value === 'string') return substituteString(value, vars, report);
  if (value === null || typeof value !== 'object' || !containsRef(value)) return value;
  if (Array.isArray(value)) return value.map((v) => substitute(v, vars, report));
  const out: JsonObject = {};
  for (const k of Object.keys(value)) {
    const key = k.includes('<<') ? scalarText(substituteString(k, vars, report)) : k;
    setKey(out, key, substitute(value[k]!, vars, report));
  }
  return out;
}

/**
 * A string that is one reference keeps the value's type (R5.7); otherwise values are interpolated as
 * text, `<<# x >>…<</ x >>` and `<<^ x >>…<</ x >>` sections shown when x is truthy (resp. falsy),
 * and `\<<` written as `<<` (R5.10, R5.11). References that cannot be resolved stay as written.
 */
function substituteString(s: string, vars: Vars, report: Report): JsonValue {
  if (!s.includes('<<')) return s;
  const whole = WHOLE_REF.exec(s);
  if (whole !== null) return resolveRef(whole[1]!, vars, report) ?? s;
  let out = '';
  let last = 0;
  let hidden = 0;
  const open: { show: boolean; literal: boolean }[] = [];
  const emit = (t: string) => {
    if (hidden === 0) out += t;
  };
  for (const m of s.matchAll(REF)) {
    emit(s.slice(last, m.index));
    last = m.index + m[0].length;
    if (m[0] === '\\<<') {
      emit('<<');
      continue;
    }
    const mark = m[1]!;
    if (mark === '/') {
      const top = open.pop();
      if (top === undefined || top.literal) emit(m[0]);
      else if (!top.show) hidden--;
      continue;
    }
    const v = hidden === 0 ? resolveRef(m[2]!, vars, report) : null;
    if (mark === '') emit(v === undefined ? m[0] : scalarText(v!));
    else if (v === undefined) {
      open.push({ show: true, literal: true });
      emit(m[0]);
    } else {
      const show = isTruthy(v) === (mark === '#');
      open.push({ show, literal: false });
      if (!show) hidden++;
    }
  }
  emit(s.slice(last));
  return out;
}

function resolveRef(name: string, vars: Vars, report: Report): JsonValue | undefined {
  const parts = name.split('.');
  if (parts[0] === 'parameters') {
    const p = parts.slice(1).join('.');
    if (parts.length === 2 && vars.params?.declared(p)) return vars.params.get(p);
    report('undeclared_parameter', `Arguments referenced without declared parameters: ${p}`);
    return undefined;
  }
  if (parts[0] === 'matrix') return vars.matrix?.get(parts.slice(1).join('.'));
  if (parts[1] === 'parameters') {
    const p = parts.slice(2).join('.');
    if (parts.length === 3 && vars.pipelineParams?.declared(p)) return vars.pipelineParams.get(p);
    report('unknown_variable', `Unknown variable(s): ${name}`);
    return undefined;
  }
  // Pipeline values nobody supplied stay as written, so a policy sees the reference itself.
  return vars.pipelineValues.get(parts.slice(1).join('.'));
}

export interface BindRequest {
  decls: JsonValue | undefined;
  args: JsonObject;
  /** Turns an argument as written by the caller into its value (substituted in the caller's scope). */
  argValue(raw: JsonValue, type: string): JsonValue;
  /** Turns a declared default into its value; defaults may refer to the element's other parameters. */
  defaultValue(raw: JsonValue, type: string, self: ParamValues): JsonValue;
  report: Report;
}

/** Binds arguments to declared parameters (R4.1–R4.6); every value is computed and type-checked once. */
export function bindParameters(req: BindRequest): ParamValues {
  const decls = isObject(req.decls) ? req.decls : {};
  const names = Object.keys(decls);
  const unexpected = Object.keys(req.args).filter((k) => !hasKey(decls, k));
  if (unexpected.length > 0) req.report('unexpected_argument', `Unexpected argument(s): ${unexpected.join(', ')}`);
  const declOf = (name: string): JsonObject => {
    const d = decls[name];
    return isObject(d) ? d : {};
  };
  const missing = names.filter((n) => !hasKey(req.args, n) && !hasKey(declOf(n), 'default'));
  if (missing.length > 0) req.report('missing_argument', `Missing required argument(s): ${missing.join(', ')}`);

  const values = new Map<string, JsonValue | undefined>();
  const visiting: string[] = [];
  const self: ParamValues = {
    declared: (name) => hasKey(decls, name),
    typeOf: (name) => (hasKey(decls, name) ? String(declOf(name).type ?? '') : undefined),
    fromArgument: (name) => hasKey(req.args, name),
    get(name) {
      if (values.has(name)) return values.get(name);
      if (!hasKey(decls, name)) return undefined;
      const at = visiting.indexOf(name);
      if (at >= 0) {
        req.report('parameter_cycle', `parameters refer to each other: ${[...visiting.slice(at), name].join(' -> ')}`);
        values.set(name, undefined);
        return undefined;
      }
      visiting.push(name);
      const decl = declOf(name);
      const type = String(decl.type ?? '');
      let v: JsonValue | undefined;
      if (hasKey(req.args, name)) v = req.argValue(req.args[name]!, type);
      else if (hasKey(decl, 'default')) v = req.defaultValue(decl.default!, type, self);
      visiting.pop();
      if (!values.has(name)) values.set(name, v === undefined ? undefined : checkType(name, v, decl, req.report));
      return values.get(name);
    },
  };
  for (const n of names) self.get(n);
  return self;
}

const YAML11_BOOLEANS = new Map([
  ['y', true], ['yes', true], ['on', true], ['true', true],
  ['n', false], ['no', false], ['off', false], ['false', false],
]);
const POSIX_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * Checks one value against its declared type (§4.2) and returns it in its canonical form. Each entry
 * returns the value, or undefined when the type does not accept it.
 */
const TYPES: Record<string, (v: JsonValue, decl: JsonObject) => JsonValue | undefined> = {
  string: (v) => (typeof v === 'string' ? v : undefined),
  // YAML 1.1 booleans (yes/on/…) reach us as strings because configs load as YAML 1.2, like go-yaml v3.
  boolean: (v) => (typeof v === 'boolean' ? v : typeof v === 'string' ? YAML11_BOOLEANS.get(v.toLowerCase()) : undefined),
  integer: (v) => (typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v)) ? v : undefined),
  enum: (v, decl) => (Array.isArray(decl.enum) && decl.enum.some((e) => scalarText(e) === scalarText(v)) && typeof v !== 'object' ? v : undefined),
  executor: (v) => (typeof v === 'string' || (isObject(v) && typeof v.name === 'string') ? v : undefined),
  steps: (v) => (Array.isArray(v) ? v : v === null ? [] : undefined),
  env_var_name: (v) => (typeof v === 'string' && POSIX_NAME.test(v) ? v : undefined),
};

function checkType(name: string, v: JsonValue, decl: JsonObject, report: Report): JsonValue | undefined {
  const type = decl.type;
  const check = typeof type === 'string' ? TYPES[type] : undefined;
  if (check === undefined) {
    report('unknown_parameter_type', `parameter ${name} has unknown type ${scalarText(type ?? null) || '(none)'}`);
    return v;
  }
  // A value still waiting for a pipeline value cannot be judged yet; a null default means "empty".
  if (v === null || hasUnresolvedRef(v)) return v;
  const ok = check(v, decl);
  if (ok !== undefined) return ok;
  const expected = type === 'enum' && Array.isArray(decl.enum) ? `enum (one of ${decl.enum.map(scalarText).join(', ')})` : type;
  report('type_error', `Type error for argument ${name}: expected type: ${expected}, actual value: ${JSON.stringify(scalarText(v))} (type ${typeName(v)})`);
  return undefined;
}

function typeName(v: JsonValue): string {
  if (Array.isArray(v)) return 'list';
  if (isObject(v)) return 'map';
  if (typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v))) return 'integer';
  return typeof v;
}
