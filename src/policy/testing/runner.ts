// Running policy tests as `circleci policy test` does (spec §6): first the OPA-style `test_`
// rules of the first folder's bundle (group `<opa.tests>`), then, folder by folder, the YAML
// tests against the bundle of that folder and everything below it. Cases inherit from their
// parents by deep merge; a test without a decision anywhere up its chain is not run.

import { RE2JS } from 're2js';
import type { JsonObject, JsonValue } from '../../circleci/index.js';
import { testFilesIn, testFolders } from './discover.js';
import { type BundleOptions, type FolderBundle, compileTestInput, decideAsJSON, evaluation, folderBundle, ruleTests } from './engine.js';
import type { CompiledBundle } from '../index.js';
import { goYAML, type PlainValue } from './goyaml.js';
import { TestFileError, type TestSpec, loadTestFile } from './load.js';
import { isMap, merge, mergeMaps } from './merge.js';
import { unifiedDiff } from './diff.js';

export const OPA_GROUP = '<opa.tests>';

export interface TestResult {
  group: string;
  /** Absent for a group's own entry (skipped or failed as a whole). */
  name?: string;
  passed: boolean;
  /** For a failed test: the diff or the error. For a group entry: why (`no tests`, …). */
  err?: string;
  /** Group entries only: `no-tests` and `no-policies` are skips, `error` fails the run. */
  skip?: 'no-tests' | 'no-policies';
  /** Time spent deciding (tests) or evaluating (rule tests), in nanoseconds. */
  elapsedNs: bigint;
  /** With debug: the decision, the evaluated `data` and the input (or what failed to compile). */
  ctx?: unknown;
}

export interface RunOptions extends BundleOptions {
  /** `DIR` or `DIR/...`. */
  path: string;
  /** Go RE2 syntax, unanchored: which tests (by full name) run and are reported. */
  run?: string;
  /** Packed orbs for tests that compile their input. */
  orbDirs?: string[];
  /** Collect each test's context (costs an extra evaluation per test). */
  debug?: boolean;
  /**
   * Compare only the top-level keys the expected decision lists, so a test need not repeat
   * `enabled_rules` (which changes whenever any policy of the bundle adds a rule). CircleCI
   * always compares the whole decision.
   */
  partial?: boolean;
}

/** A `--run` pattern that does not compile. */
export class RunPatternError extends Error {}

export function compileRunPattern(pattern: string): (name: string) => boolean {
  try {
    const re = RE2JS.compile(pattern).re2();
    return (name) => re.match(name);
  } catch (err) {
    throw new RunPatternError(`invalid --run pattern: ${(err as Error).message}`);
  }
}

/** Every result, in CircleCI's order. Throws TestPathError / RunPatternError for bad arguments. */
export function runTests(opts: RunOptions): TestResult[] {
  const include = opts.run === undefined ? () => true : compileRunPattern(opts.run);
  const folders = testFolders(opts.path);
  const out: TestResult[] = [];
  // The first folder's bundle serves both its Rego tests and its YAML tests: compile it once.
  const first = folderBundle(folders[0]!, opts);
  runRuleTests(first, include, out);
  for (const folder of folders) runFolder(folder, folder === folders[0] ? first : folderBundle(folder, opts), opts, include, out);
  return out;
}

function runRuleTests(b: FolderBundle, include: (n: string) => boolean, out: TestResult[]): void {
  if (b.kind === 'no-policies') return;
  if (b.kind === 'error') {
    out.push({ group: OPA_GROUP, passed: false, err: b.message, elapsedNs: 0n });
    return;
  }
  for (const t of ruleTests(b.compiled)) {
    if (!include(t.name)) continue;
    const r = t.run();
    out.push({ group: OPA_GROUP, name: t.name, passed: r.passed, ...(r.error === undefined ? {} : { err: r.error }), elapsedNs: r.elapsedNs });
  }
}

function runFolder(folder: string, b: FolderBundle, opts: RunOptions, include: (n: string) => boolean, out: TestResult[]): void {
  const group = (fields: Omit<TestResult, 'group' | 'elapsedNs'>): void => void out.push({ group: folder, elapsedNs: 0n, ...fields });
  if (b.kind === 'no-policies') return group({ passed: true, err: 'no policies', skip: 'no-policies' });
  if (b.kind === 'error') return group({ passed: false, err: b.message });
  const tests: { spec: TestSpec; file: string }[] = [];
  const names = new Set<string>();
  for (const file of testFilesIn(folder)) {
    let specs: TestSpec[];
    try {
      specs = loadTestFile(file);
    } catch (err) {
      if (err instanceof TestFileError) return group({ passed: false, err: err.format() });
      throw err;
    }
    for (const spec of specs) {
      if (names.has(spec.name)) return group({ passed: false, err: `test name conflict: ${JSON.stringify(spec.name)}` });
      names.add(spec.name);
      tests.push({ spec, file });
    }
  }
  if (tests.length === 0) return group({ passed: true, err: 'no tests', skip: 'no-tests' });
  tests.sort((a, b) => Buffer.compare(Buffer.from(a.spec.name), Buffer.from(b.spec.name)));
  const ctx: FolderContext = { folder, compiled: b.compiled, opts, include, out };
  for (const t of tests) runTest(ctx, t.spec, t.file, ROOT);
}

interface FolderContext {
  folder: string;
  compiled: CompiledBundle;
  opts: RunOptions;
  include: (name: string) => boolean;
  out: TestResult[];
}

/** What a case inherits: the parent's merged values (and its input after compilation). */
interface Inherited {
  name: string;
  input?: JsonValue;
  meta?: JsonValue;
  decision?: JsonValue;
  compile: boolean;
  pipelineParameters?: JsonObject;
}

const ROOT: Inherited = { name: '', compile: false };

function runTest(ctx: FolderContext, spec: TestSpec, file: string, parent: Inherited): void {
  const t: Inherited = {
    name: parent.name === '' ? spec.name : `${parent.name}/${spec.name}`,
    input: inherit(parent.input, spec.input),
    meta: inherit(parent.meta, spec.meta),
    decision: inherit(parent.decision, spec.decision),
    compile: spec.compile ?? parent.compile,
    ...(spec.pipelineParameters === undefined ? (parent.pipelineParameters === undefined ? {} : { pipelineParameters: parent.pipelineParameters }) : { pipelineParameters: mergeMaps(parent.pipelineParameters, spec.pipelineParameters) }),
  };
  if (t.decision !== undefined && ctx.include(t.name)) {
    const compiled = t.compile || t.pipelineParameters !== undefined ? compileInput(ctx, t, file) : true;
    if (compiled) ctx.out.push(judge(ctx, t));
  }
  for (const c of spec.cases) runTest(ctx, c, file, t);
}

function inherit(parent: JsonValue | undefined, child: JsonValue | undefined): JsonValue | undefined {
  return child === undefined ? parent : merge(parent, child);
}

/** Replaces `t.input` by the input with `_compiled_`; on failure records the failed test. */
function compileInput(ctx: FolderContext, t: Inherited, file: string): boolean {
  const fail = (message: string): false => {
    const debug = { input: t.input ?? null, 'pipeline-parameters': t.pipelineParameters ?? null };
    ctx.out.push({ group: ctx.folder, name: t.name, passed: false, err: message, elapsedNs: 0n, ...(ctx.opts.debug ? { ctx: debug } : {}) });
    return false;
  };
  if (!isMap(t.input)) return fail('failed to compile test input: the input must be a map (a config)');
  const r = compileTestInput(t.input, t.pipelineParameters, ctx.opts.orbDirs ?? [], `${file}#${t.name}`, file);
  if (r.kind === 'error') return fail(r.message);
  t.input = { ...t.input, _compiled_: r.compiled };
  return true;
}

/** Decides and compares with the expected decision as CircleCI does: YAML text, unified diff. */
function judge(ctx: FolderContext, t: Inherited): TestResult {
  const d = decideAsJSON(ctx.compiled, t.input, t.meta);
  const base = { group: ctx.folder, name: t.name, elapsedNs: d.elapsedNs };
  if (d.kind === 'error') return { ...base, passed: false, err: d.message };
  const actual = ctx.opts.partial ? onlyKeysOf(d.decision, t.decision!) : d.decision;
  const diff = unifiedDiff(goYAML(t.decision as PlainValue), goYAML(actual as PlainValue), { fromFile: 'Expected', toFile: 'Actual', context: 1 });
  const result: TestResult = { ...base, passed: diff === '', ...(diff === '' ? {} : { err: diff }) };
  if (ctx.opts.debug) result.ctx = { decision: d.decision, evaluation: evaluation(ctx.compiled, t.input, t.meta), input: t.input ?? null };
  return result;
}

/** `actual` without the top-level keys `expected` does not have (both maps), else `actual`. */
function onlyKeysOf(actual: JsonValue, expected: JsonValue): JsonValue {
  if (!isMap(actual) || !isMap(expected)) return actual;
  return Object.fromEntries(Object.entries(actual).filter(([k]) => Object.prototype.hasOwnProperty.call(expected, k)));
}
