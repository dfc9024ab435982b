// Compiling a bundle: parse every file with the syntax its format uses, apply the format's file
// rules, link CircleCI's helper library when imported, and compile with the engine. The result
// keeps its prepared queries, so deciding many inputs compiles nothing again.

import { Policy, type Module, type PreparedQuery, type RegoError, type RegoVersion, parseModule, prepareValue, renderErrors } from '../rego/index.js';
import type { Bundle } from './bundle.js';
import { linkHelpers } from './circleci/helpers/index.js';
import { duplicateNames, lintPolicy, policyName } from './circleci/rules.js';
import type { NamedModule } from './circleci/rules.js';
import { type BundleDialect, type Dialect, type FileFormat, bundleDialect, defaultRegoVersion, fileFormat } from './dialect.js';
import { PolicyError, type Problem, formatProblem, problemOf, regoErrorsOf } from './errors.js';
import { type RuleInfo, type RuleMetadata, reportedRules, takeMetadata } from './metadata.js';

export interface CompileOptions {
  dialect: Dialect;
  /** Syntax of seed-format files that do not choose one (default 1). CircleCI files are always v0. */
  regoVersion?: RegoVersion;
}

/** Built-ins that reach the network: never available, as in CircleCI (spec §1.4). */
export const NETWORK_BUILTINS = ['http.send', 'net.lookup_ip_addr'];

/** The query a seed-format decision evaluates: only the three documents it reads, each optional. */
const SEED_QUERY = 'hard := [x | x := data.org.hard_fail]; soft := [x | x := data.org.soft_fail]; enabled := [x | x := data.org.enabled_rules]';

export class CompiledBundle {
  private readonly queries = new Map<string, PreparedQuery>();

  constructor(
    readonly bundle: Bundle,
    readonly dialect: BundleDialect,
    /** Undefined for a bundle without files (it decides PASS, as CircleCI's agent does). */
    readonly policy: Policy | undefined,
    /** CircleCI policy names → the file declaring each. */
    readonly policyNames: ReadonlyMap<string, string>,
    /** Rule names → where their violations come from and the file's metadata. */
    readonly rules: ReadonlyMap<string, RuleInfo>,
    /** The syntax version of each file (for `fmt` and reports). */
    readonly regoVersions: ReadonlyMap<string, RegoVersion>,
  ) {}

  /** A term query (`data`, `data.org.x`) prepared once; `value()` gives its value. */
  valueQuery(ref: string): PreparedQuery {
    return this.cached(`value:${ref}`, (p) => prepareValue(p, ref));
  }

  /** Any query, prepared once; `file` names it in error locations. */
  query(text: string, file = 'query'): PreparedQuery {
    return this.cached(`query:${file}:${text}`, (p) => p.prepare(text, { file }));
  }

  /** The seed format's query (hard, soft, enabled as zero- or one-element arrays). */
  seedQuery(): PreparedQuery {
    return this.query(SEED_QUERY);
  }

  private cached(key: string, make: (p: Policy) => PreparedQuery): PreparedQuery {
    let q = this.queries.get(key);
    if (q === undefined) {
      if (this.policy === undefined) throw new PolicyError('the bundle has no policies to query');
      q = make(this.policy);
      this.queries.set(key, q);
    }
    return q;
  }
}

interface ParsedFile {
  format: FileFormat;
  module: Module;
}

/** Compiles a bundle; throws PolicyError listing every problem of the first failing phase. */
export function compileBundle(bundle: Bundle, opts: CompileOptions): CompiledBundle {
  const formats = bundle.files.map((f) => fileFormat(f.source, opts.dialect));
  const dialect = bundleDialect(formats, opts.dialect);
  const circle = dialect === 'circleci';
  const versions = new Map<string, RegoVersion>();

  // Phase 1: parse, and check the policy_name declarations of CircleCI files.
  const parsed: ParsedFile[] = [];
  const parseProblems: Problem[] = [];
  const named: NamedModule[] = [];
  bundle.files.forEach((f, i) => {
    const format = formats[i]!;
    const version = defaultRegoVersion(format, opts.regoVersion);
    let module: Module;
    try {
      module = parseModule(f.name, f.source, { regoVersion: version });
    } catch (err) {
      const errors = regoErrorsOf(err);
      if (errors === undefined) throw err;
      parseProblems.push(...parseErrorProblems(f.name, errors, format === 'circleci'));
      return;
    }
    versions.set(f.name, module.regoVersion);
    parsed.push({ format, module });
    if (format !== 'circleci') return;
    const r = policyName(module);
    if ('problem' in r) parseProblems.push(r.problem);
    else named.push({ module, name: r.name });
  });
  fail(parseProblems, circle ? 'failed to parse policy file(s): ' : '');

  // Phase 2: unique names; phase 3: CircleCI's lint.
  // Both concern CircleCI files only, so they keep CircleCI's wording in a mixed bundle too.
  fail(duplicateNames(named), 'failed to parse bundle: ');
  fail(named.flatMap((n) => lintPolicy(n.module, n.name!)), 'failed policy linting: ');

  // Seed files: metadata is per file (see metadata.ts).
  const metaProblems: Problem[] = [];
  const rules = new Map<string, RuleInfo>();
  for (const p of parsed) {
    if (p.format !== 'seed') continue;
    const { metadata, problems } = takeMetadata(p.module);
    metaProblems.push(...problems);
    for (const r of reportedRules(p.module)) addRule(rules, { rule: r.rule, file: p.module.file, line: r.line, col: r.col, metadata });
  }
  fail(metaProblems, '');
  for (const n of named) for (const info of circleciRules(n.module)) addRule(rules, info);

  // Phase 4: compile, with CircleCI's helpers when imported.
  const modules = parsed.map((p) => p.module);
  const all = [...modules, ...linkHelpers(modules)];
  let policy: Policy | undefined;
  if (all.length > 0) {
    try {
      policy = Policy.fromModules(all, { regoVersion: circle ? 0 : 1, strict: circle, allowNetwork: false, exclude: NETWORK_BUILTINS });
    } catch (err) {
      const errors = regoErrorsOf(err);
      if (errors === undefined) throw err;
      if (circle) throw new PolicyError(`failed to compile policy: ${renderErrors(errors)}`, errors.map(problemOf));
      throw new PolicyError(errors.map(problemOf).map(formatProblem).join('\n'), errors.map(problemOf));
    }
  }
  const policyNames = new Map(named.map((n) => [n.name!, n.module.file]));
  return new CompiledBundle(bundle, dialect, policy, policyNames, rules, versions);
}

/**
 * Throws when there are problems. In the circleci dialect the message is CircleCI's: the phase's
 * prefix, then one error bare or several as `N error(s) occurred: e1; e2`; each problem keeps
 * the prefix too, so that a single located line reads exactly as CircleCI's message.
 */
function fail(problems: Problem[], prefix: string): void {
  if (problems.length === 0) return;
  const texts = problems.map((p) => p.message);
  const joined = texts.length === 1 ? texts[0]! : `${texts.length} error(s) occurred: ${texts.join('; ')}`;
  const located = problems.map((p) => ({ ...p, message: prefix + p.message }));
  throw new PolicyError(prefix === '' ? located.map(formatProblem).join('\n') : prefix + joined, located);
}

function parseErrorProblems(file: string, errors: RegoError[], circleciFile: boolean): Problem[] {
  if (!circleciFile) return errors.map(problemOf);
  // cpa wraps OPA's parse error: `failed to parse file "<file>": <file>:<row>: <code>: <message>`.
  const text = errors.length === 1 ? errors[0]!.toString() : renderErrors(errors);
  const first = problemOf(errors[0]!);
  return [{ ...first, file: first.file || file, message: `failed to parse file ${JSON.stringify(file)}: ${text}` }];
}

function addRule(rules: Map<string, RuleInfo>, info: RuleInfo): void {
  const prev = rules.get(info.rule);
  // The first file that reports a rule owns it; a later file's metadata fills a gap.
  if (prev === undefined) rules.set(info.rule, info);
  else if (prev.metadata === undefined && info.metadata !== undefined) rules.set(info.rule, { ...prev, metadata: info.metadata });
}

/** CircleCI files: every rule defined in the file, by name, at its first definition. */
function circleciRules(m: Module): RuleInfo[] {
  const out: RuleInfo[] = [];
  const seen = new Set<string>();
  for (const r of m.rules) {
    const head = r.head.ref[0];
    if (head?.kind !== 'var' || seen.has(head.name)) continue;
    seen.add(head.name);
    out.push({ rule: head.name, file: m.file, line: r.loc.row, col: r.loc.col });
  }
  return out;
}

export type { RuleInfo, RuleMetadata };
