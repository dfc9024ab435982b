// Raw evaluation, as `circleci policy eval` prints it: the value of a query (default `data`) with
// the input and `data.meta`, serialised as Go's encoder serialises OPA results (map keys sorted,
// sets as sorted arrays, `<>&` escaped, two-space indent).

import { RObject, type Value, parseQuery, toJSONText } from '../rego/index.js';
import type { JsonValue } from '../circleci/index.js';
import type { CompiledBundle } from './compile.js';
import { DEFAULT_TIMEOUT_MS, type DecideOptions, dataDocument, inputDocument } from './decide.js';
import { PolicyError, problemOf, regoErrorsOf } from './errors.js';

/** The whole `data` document for an input (throws PolicyError on an evaluation error). */
export function evaluateData(compiled: CompiledBundle, input: JsonValue, opts: DecideOptions = {}): Value {
  return evaluateQuery(compiled, input, 'data', opts) ?? dataDocument(opts.meta);
}

/**
 * The value of a query. A single term (`data.org.x`) gives its value, or several values as an
 * array when it has several solutions; any other query gives an array of its solutions'
 * bindings. Undefined gives undefined.
 */
export function evaluateQuery(compiled: CompiledBundle, input: JsonValue, query: string, opts: DecideOptions = {}): Value | undefined {
  const evalOpts = {
    input: inputDocument(input, opts.projectSlug),
    data: dataDocument(opts.meta),
    limits: { timeoutMs: opts.limits?.timeoutMs ?? DEFAULT_TIMEOUT_MS },
  };
  if (compiled.policy === undefined) return query === 'data' ? evalOpts.data : undefined;
  const term = isSingleTerm(query, compiled.dialect === 'circleci' ? 0 : 1);
  let prepared;
  try {
    prepared = term ? compiled.valueQuery(query) : compiled.query(query, '--query');
  } catch (err) {
    const errors = regoErrorsOf(err);
    if (errors === undefined) throw err;
    throw new PolicyError(`invalid query: ${errors.map((e) => e.toString()).join('; ')}`, errors.map(problemOf).map((p) => ({ ...p, file: p.file || '--query' })));
  }
  const r = prepared.eval(evalOpts);
  if (r.error) throw new PolicyError(r.error.toString(), [problemOf(r.error)]);
  if (term) {
    const values = r.results.map((row) => row.get('__result__')).filter((v): v is Value => v !== undefined);
    if (values.length === 0) return undefined;
    return values.length === 1 ? values[0] : values;
  }
  if (r.results.length === 0) return undefined;
  return r.results.map((row) => RObject.fromEntries([...row.entries()]));
}

function isSingleTerm(query: string, version: 0 | 1): boolean {
  try {
    const body = parseQuery(query, { regoVersion: version, file: '--query' });
    return body.length === 1 && body[0]!.terms.kind === 'term' && !body[0]!.negated && body[0]!.with.length === 0;
  } catch {
    return false; // preparing the query reports the syntax error with its location
  }
}

/** JSON text as `circleci policy eval` prints a value (undefined prints `null`). */
export function evalJSON(value: Value | undefined): string {
  return toJSONText(value ?? null, { indent: '  ', escapeHTML: true, sortKeysAsText: true }) + '\n';
}
