// The bundle as the lint rules see it: parsed modules grouped by package, every rule by name, and
// the resolution of a reference (`data.lib.helpers.f`, an import alias, a bare rule name) to the
// rules it names. Built once per lint run; rules only read it.

import { parseModule, RegoError, RegoErrors } from '../../rego/index.js';
import type { Location, Module, RegoVersion, Rule, Term } from '../../rego/index.js';

/** The decision format a bundle is judged by; `mixed` has files of both (policygate decides both). */
export type Dialect = 'seed' | 'circleci' | 'mixed';

export interface LintSource {
  file: string;
  source: string;
}

export interface RuleEntry {
  name: string;
  rule: Rule;
  module: Module;
  pkg: PackageInfo;
}

export interface PackageInfo {
  /** Dotted path without `data.`, e.g. `org` or `lib.helpers`. */
  path: string;
  modules: Module[];
  rules: Map<string, RuleEntry[]>;
}

export interface ParseProblem {
  file: string;
  line: number;
  col: number;
  message: string;
}

/** Where a reference points: a rule of a package, and the keys after the rule's name. */
export interface RuleTarget {
  pkg: PackageInfo;
  name: string;
  rest: Term[];
}

export interface ModelOptions {
  /** Parse every file with this version; by default v0 (CircleCI's default) with a v1 fallback. */
  regoVersion?: RegoVersion;
  dialect?: Dialect;
}

export class LintModel {
  readonly packages = new Map<string, PackageInfo>();
  readonly dialect: Dialect;

  constructor(
    readonly modules: Module[],
    dialect?: Dialect,
  ) {
    for (const m of modules) this.add(m);
    this.dialect = dialect ?? detectDialect(this);
  }

  private add(m: Module): void {
    const path = packagePath(m);
    let pkg = this.packages.get(path);
    if (pkg === undefined) {
      pkg = { path, modules: [], rules: new Map() };
      this.packages.set(path, pkg);
    }
    pkg.modules.push(m);
    for (const rule of m.rules) {
      const name = ruleName(rule);
      const list = pkg.rules.get(name) ?? [];
      list.push({ name, rule, module: m, pkg });
      pkg.rules.set(name, list);
    }
  }

  packageOf(m: Module): PackageInfo {
    return this.packages.get(packagePath(m))!;
  }

  /** The rules a reference written in module `m` names, if it names any statically. */
  resolve(ref: Term, m: Module): RuleTarget | undefined {
    if (ref.kind === 'var') return this.resolveTerms([ref], m);
    if (ref.kind !== 'ref') return undefined;
    return this.resolveTerms(ref.terms, m);
  }

  private resolveTerms(terms: Term[], m: Module): RuleTarget | undefined {
    const head = terms[0];
    if (head === undefined || head.kind !== 'var') return undefined;
    if (head.name === 'data') return this.resolveData(stringKeys(terms.slice(1)), terms.slice(1));
    const imp = importFor(m, head.name);
    if (imp !== undefined) {
      const base = imp.path.terms;
      if (base[0]?.kind !== 'var' || base[0].name !== 'data') return undefined;
      const all = [...base.slice(1), ...terms.slice(1)];
      return this.resolveData(stringKeys(all), all);
    }
    const pkg = this.packageOf(m);
    if (pkg.rules.has(head.name)) return { pkg, name: head.name, rest: terms.slice(1) };
    return undefined;
  }

  /** `keys` are the leading string keys of `all` (the keys after `data`). */
  private resolveData(keys: string[], all: Term[]): RuleTarget | undefined {
    for (let i = keys.length - 1; i >= 1; i--) {
      const pkg = this.packages.get(keys.slice(0, i).join('.'));
      const name = keys[i]!;
      if (pkg !== undefined && pkg.rules.has(name)) return { pkg, name, rest: all.slice(i + 1) };
    }
    return undefined;
  }

  /** Every definition of the rule a target names. */
  entries(t: RuleTarget): RuleEntry[] {
    return t.pkg.rules.get(t.name) ?? [];
  }
}

export function packagePath(m: Module): string {
  return stringKeys(m.package.path.terms.slice(1)).join('.');
}

export function ruleName(rule: Rule): string {
  const head = rule.head.ref[0];
  return head !== undefined && head.kind === 'var' ? head.name : '';
}

/** The leading run of string keys, e.g. `["a", "b", x, "c"]` → a, b. */
export function stringKeys(terms: Term[]): string[] {
  const out: string[] = [];
  for (const t of terms) {
    if (t.kind !== 'scalar' || typeof t.value !== 'string') break;
    out.push(t.value);
  }
  return out;
}

function importFor(m: Module, name: string): Module['imports'][number] | undefined {
  return m.imports.find((i) => importName(i) === name);
}

/** The name an import binds: its alias, or the last key of its path. */
export function importName(i: Module['imports'][number]): string | undefined {
  if (i.alias !== undefined) return i.alias;
  const last = i.path.terms[i.path.terms.length - 1];
  if (last === undefined) return undefined;
  if (last.kind === 'var') return last.name;
  return last.kind === 'scalar' && typeof last.value === 'string' ? last.value : undefined;
}

/**
 * A file is in CircleCI's format when it declares `policy_name` (CircleCI requires it in every
 * file; policygate's decide recognises the format by it) or enables rules with `enable_rule` /
 * `enable_hard` in package org; otherwise it is in the seed's format.
 */
export function moduleFormat(m: Module): 'seed' | 'circleci' {
  const names = new Set(m.rules.map(ruleName));
  if (names.has('policy_name')) return 'circleci';
  if (packagePath(m) === 'org' && (names.has('enable_rule') || names.has('enable_hard'))) return 'circleci';
  return 'seed';
}

export function detectDialect(model: LintModel): Dialect {
  const formats = new Set(model.modules.filter((m) => packagePath(m) === 'org').map(moduleFormat));
  if (formats.size === 2) return 'mixed';
  return formats.has('circleci') ? 'circleci' : 'seed';
}

/** Parses sources, keeping what parses; problems come back located. */
export function parseSources(sources: LintSource[], opts: ModelOptions = {}): { modules: Module[]; problems: ParseProblem[] } {
  const modules: Module[] = [];
  const problems: ParseProblem[] = [];
  for (const s of sources) {
    const r = parseOne(s, opts.regoVersion);
    if ('module' in r) modules.push(r.module);
    else problems.push(...r.problems);
  }
  return { modules, problems };
}

function parseOne(s: LintSource, version: RegoVersion | undefined): { module: Module } | { problems: ParseProblem[] } {
  const versions: RegoVersion[] = version === undefined ? [0, 1] : [version];
  let first: ParseProblem[] | undefined;
  for (const v of versions) {
    try {
      return { module: parseModule(s.file, s.source, { regoVersion: v }) };
    } catch (err) {
      // The v0 error is the one to show: v0 is what CircleCI and the seed's files are parsed as.
      first ??= toProblems(err, s.file);
    }
  }
  return { problems: first ?? [] };
}

function toProblems(err: unknown, file: string): ParseProblem[] {
  const errors = err instanceof RegoErrors ? err.errors : err instanceof RegoError ? [err] : undefined;
  if (errors === undefined) throw err;
  return errors.map((e) => ({ ...at(e.location, file), message: e.message }));
}

function at(loc: Location | undefined, file: string): { file: string; line: number; col: number } {
  return { file: loc?.file ?? file, line: loc?.row ?? 1, col: loc?.col ?? 1 };
}
