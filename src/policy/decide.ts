// Deciding one input with a compiled bundle: evaluate, extract violations as the bundle's dialect
// says, and build the decision. Evaluation errors become ERROR decisions; only a result that
// cannot be read at all (spec §2.6) throws.

import { RObject, type RegoError, type Value, fromJS } from '../rego/index.js';
import type { JsonValue } from '../circleci/index.js';
import type { CompiledBundle } from './compile.js';
import { type Decision, type Violation, errorDecision, makeDecision } from './decision.js';
import { PolicyError } from './errors.js';
import { circleciViolations, seedViolations } from './extract.js';

export interface DecideOptions {
  /** `data.meta` (null when absent, as in CircleCI). */
  meta?: JsonValue;
  /** Put at `input._project_slug` (the seed's convention; CircleCI has no such key). */
  projectSlug?: string;
  /** Evaluation limits; the default stops a runaway policy after 5 s. */
  limits?: { timeoutMs?: number; maxSteps?: number };
}

export const DEFAULT_TIMEOUT_MS = 5000;

/** The input document a policy sees: the config plus `_project_slug` when given. */
export function inputDocument(input: JsonValue, projectSlug: string | undefined): Value {
  if (projectSlug === undefined || typeof input !== 'object' || input === null || Array.isArray(input)) return fromJS(input);
  return fromJS({ ...input, _project_slug: projectSlug });
}

/** `data` beside the rules: `{"meta": <metadata or null>}`. */
export function dataDocument(meta: JsonValue | undefined): Value {
  return RObject.fromEntries([['meta', meta === undefined ? null : fromJS(meta)]]);
}

export function decide(compiled: CompiledBundle, input: JsonValue, opts: DecideOptions = {}): Decision {
  if (compiled.policy === undefined) return makeDecision([], [], []);
  const evalOpts = {
    input: inputDocument(input, opts.projectSlug),
    data: dataDocument(opts.meta),
    strictBuiltinErrors: false,
    limits: { timeoutMs: opts.limits?.timeoutMs ?? DEFAULT_TIMEOUT_MS, ...(opts.limits?.maxSteps ? { maxSteps: opts.limits.maxSteps } : {}) },
  };
  if (compiled.dialect === 'seed') {
    const r = compiled.seedQuery().eval(evalOpts);
    if (r.error) return fromError(r.error);
    const row = r.results[0];
    const first = (name: string) => (row?.get(name) as Value[] | undefined)?.[0];
    const seed = seedViolations(first('hard'), first('soft'), first('enabled'), false);
    return withMetadata(compiled, makeDecision(seed.enabled ?? [], seed.hard, seed.soft, seed.notes));
  }
  const r = compiled.valueQuery('data').eval(evalOpts);
  if (r.error) return fromError(r.error);
  const data = r.results[0]?.get('__result__');
  const org = data instanceof RObject ? data.get('org') : undefined;
  if (!(org instanceof RObject)) throw new PolicyError('no org policy evaluations found');
  const circle = circleciViolations(org);
  if (compiled.dialect === 'circleci') return makeDecision(circle.enabled, circle.hard, circle.soft);
  const seed = seedViolations(org.get('hard_fail'), org.get('soft_fail'), org.get('enabled_rules'), true);
  const enabled = [...circle.enabled, ...(seed.enabled ?? []).filter((r) => !circle.enabled.includes(r))];
  return withMetadata(compiled, makeDecision(enabled, [...circle.hard, ...seed.hard], [...circle.soft, ...seed.soft], seed.notes));
}

function fromError(err: RegoError): Decision {
  const loc = err.location;
  return errorDecision(err.toString(), loc === undefined ? undefined : { file: loc.file, line: loc.row, col: loc.col });
}

function withMetadata(compiled: CompiledBundle, d: Decision): Decision {
  const attach = (v: Violation): Violation => {
    const metadata = compiled.rules.get(v.rule)?.metadata;
    return metadata === undefined ? v : { ...v, metadata };
  };
  d.hard_failures = d.hard_failures.map(attach);
  d.soft_failures = d.soft_failures.map(attach);
  return d;
}
