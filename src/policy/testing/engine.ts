// The test runner's only contact with the layers below: loading and compiling a folder's bundle,
// deciding, evaluating `data`, running OPA-style `test_` rules, and compiling a test's input with
// the offline config compiler. Keeping it here keeps the runner independent of their details.

import {
  type CompiledBundle,
  type Dialect,
  PolicyError,
  compileBundle,
  decide,
  decisionToJSON,
  evaluateData,
  loadBundle,
} from '../index.js';
import { buildInput, defaultOrbDirs, loadConfig, toJsonText, ConfigError } from '../../circleci/index.js';
import type { JsonObject, JsonValue } from '../../circleci/index.js';
import { type RegoVersion, compareStrings, toJS } from '../../rego/index.js';

export interface BundleOptions {
  dialect: Dialect;
  /** Syntax of seed-format files (CircleCI files are always v0). */
  regoVersion?: RegoVersion;
}

export type FolderBundle = { kind: 'ok'; compiled: CompiledBundle } | { kind: 'no-policies' } | { kind: 'error'; message: string };

/** The bundle of a folder: every `.rego` file in it and below. */
export function folderBundle(folder: string, opts: BundleOptions): FolderBundle {
  try {
    const bundle = loadBundle(folder);
    return { kind: 'ok', compiled: compileBundle(bundle, { dialect: opts.dialect, ...(opts.regoVersion === undefined ? {} : { regoVersion: opts.regoVersion }) }) };
  } catch (err) {
    if (!(err instanceof PolicyError)) throw err;
    if (err.message === 'no rego policies found') return { kind: 'no-policies' };
    return { kind: 'error', message: err.message };
  }
}

export type Decided = { kind: 'ok'; decision: JsonValue; elapsedNs: bigint } | { kind: 'error'; message: string; elapsedNs: bigint };

/** The decision as its JSON reads back (CircleCI round-trips it, so empty lists vanish). */
export function decideAsJSON(compiled: CompiledBundle, input: JsonValue | undefined, meta: JsonValue | undefined): Decided {
  const start = process.hrtime.bigint();
  try {
    const d = decide(compiled, input ?? null, meta === undefined ? {} : { meta });
    const elapsedNs = process.hrtime.bigint() - start;
    return { kind: 'ok', decision: JSON.parse(decisionToJSON(d, compiled.dialect)) as JsonValue, elapsedNs };
  } catch (err) {
    // CircleCI's runner crashes here (spec §2.6); one failing test is more useful.
    if (!(err instanceof PolicyError)) throw err;
    return { kind: 'error', message: err.message, elapsedNs: process.hrtime.bigint() - start };
  }
}

/** The `data` document for `--debug`, as plain data (sets as sorted arrays); null if it fails. */
export function evaluation(compiled: CompiledBundle, input: JsonValue | undefined, meta: JsonValue | undefined): unknown {
  try {
    return toJS(evaluateData(compiled, input ?? null, meta === undefined ? {} : { meta }));
  } catch (err) {
    if (err instanceof PolicyError) return null;
    throw err;
  }
}

export interface RuleTest {
  /** `data.org.test_x`: package path and rule name. */
  name: string;
  run(): { passed: boolean; error?: string; elapsedNs: bigint };
}

/**
 * OPA unit tests: every rule named `test_*` (not functions), in module order, each evaluated on
 * its own with no input and no data; it passes when it is defined and true.
 */
export function ruleTests(compiled: CompiledBundle): RuleTest[] {
  const policy = compiled.policy;
  if (policy === undefined) return [];
  const seen = new Set<string>();
  const out: RuleTest[] = [];
  for (const mod of policy.modules) {
    const pkg = refText(mod.package.path.terms.map((t) => (t.kind === 'var' ? t.name : String((t as { value: unknown }).value))));
    for (const rule of mod.rules) {
      const head = rule.head.ref[0];
      if (head?.kind !== 'var' || !head.name.startsWith('test_') || rule.head.ref.length !== 1 || rule.head.args !== undefined) continue;
      const name = `${pkg}.${head.name}`;
      if (seen.has(name)) continue;
      seen.add(name);
      out.push({ name, run: () => runRuleTest(compiled, name) });
    }
  }
  return out;
}

function runRuleTest(compiled: CompiledBundle, ref: string): { passed: boolean; error?: string; elapsedNs: bigint } {
  const start = process.hrtime.bigint();
  const r = compiled.valueQuery(ref).eval({ limits: { timeoutMs: 5000 } });
  const elapsedNs = process.hrtime.bigint() - start;
  if (r.error) return { passed: false, error: r.error.toString(), elapsedNs };
  return { passed: r.results[0]?.get('__result__') === true, elapsedNs };
}

/** `data.a["b-c"]` from path segments. */
function refText(segments: string[]): string {
  const [head, ...rest] = segments;
  return head + rest.map((s) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(s) ? '.' + s : `[${JSON.stringify(s)}]`)).join('');
}

export type Compiled = { kind: 'ok'; compiled: JsonObject } | { kind: 'error'; message: string };

/**
 * Compiles a test's input offline, as CircleCI's compile API would: `pipeline_parameters.parameters`
 * are the pipeline parameters (the only part CircleCI's CLI passes on); other keys of
 * `pipeline_parameters` are pipeline values (`git: {branch: main}`), an extension. An orb that no
 * orb directory provides is an error: a half-compiled config would let policies pass unseen.
 */
export function compileTestInput(input: JsonObject, pipelineParameters: JsonObject | undefined, orbDirs: string[], label: string, testFile: string): Compiled {
  const source: JsonObject = { ...input };
  delete source._compiled_;
  let loaded;
  try {
    loaded = loadConfig(toJsonText(source, 2), label);
  } catch (err) {
    if (err instanceof ConfigError) return { kind: 'error', message: `failed to compile test input: ${err.message}` };
    throw err;
  }
  const { parameters, ...values } = pipelineParameters ?? {};
  const { input: doc, result } = buildInput(loaded, {
    orbDirs: [...orbDirs, ...defaultOrbDirs(testFile)],
    ...(isObject(parameters) ? { pipelineParameters: parameters } : {}),
    ...(Object.keys(values).length > 0 ? { pipelineValues: values } : {}),
  });
  const problems = [
    ...result.errors.map((e) => e.message),
    ...result.unresolvedOrbs.map((o) => `orb ${o} was not found in the orb directories (give --orb-dir)`),
  ];
  if (problems.length > 0 || !isObject(doc._compiled_)) {
    return { kind: 'error', message: `failed to compile test input: ${problems.length > 0 ? problems.join('; ') : 'no compiled config'}` };
  }
  return { kind: 'ok', compiled: doc._compiled_ };
}

function isObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Map keys sorted as Go's encoders sort them (for JSON and YAML dumps of contexts). */
export function sortedKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedKeys);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).sort(compareStrings)) {
    Object.defineProperty(out, k, { value: sortedKeys((v as Record<string, unknown>)[k]), enumerable: true, writable: true, configurable: true });
  }
  return out;
}
