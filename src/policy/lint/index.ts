// `policygate lint`: finds the mistakes that make a CI policy never fire, fire on everything, or
// fail the whole decision — in the seed's format and in CircleCI's — from the syntax tree alone.
//
//   lintSources(sources, options) → LintResult   findings sorted by file, line, column
//   lintPath(path, options)       → LintResult   every .rego file under a directory (or one file)
//   RULES, ruleDoc(id)                           the rules and their explanations
//   formatFindings(result, format)               text, json, sarif or github annotations

import { lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Location, Module, RegoVersion } from '../../rego/index.js';
import { LintModel, parseSources, type Dialect, type LintSource, type ParseProblem } from './model.js';
import { RULES } from './rules/index.js';
import type { Finding, LintRule, RuleDoc } from './types.js';

export { RULES } from './rules/index.js';
export type { Finding, RuleDoc, Severity } from './types.js';
export { SEVERITIES, severityRank } from './types.js';
export type { Dialect, LintSource, ParseProblem } from './model.js';
export { formatFindings, FORMATS } from './format.js';
export type { OutputFormat } from './format.js';

export interface LintOptions {
  /** The decision format to judge by; detected from package org when absent. */
  dialect?: Dialect;
  regoVersion?: RegoVersion;
  /** Rule ids to leave out. */
  disable?: string[];
}

export interface LintResult {
  findings: Finding[];
  /** Files that do not parse (their rules are not checked). */
  problems: ParseProblem[];
  dialect: Dialect;
  files: number;
}

export function lintSources(sources: LintSource[], opts: LintOptions = {}): LintResult {
  const { modules, problems } = parseSources(sources, { regoVersion: opts.regoVersion });
  const model = new LintModel(modules, opts.dialect);
  const disabled = new Set(opts.disable ?? []);
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const suppressed = suppressions(modules);
  for (const rule of RULES) {
    if (disabled.has(rule.id)) continue;
    rule.check(model, (loc, message) => {
      const f = finding(rule, loc, message);
      const key = `${f.id}\u0000${f.file}\u0000${f.line}\u0000${f.col}\u0000${f.message}`;
      if (seen.has(key) || isSuppressed(suppressed, f)) return;
      seen.add(key);
      findings.push(f);
    });
  }
  findings.sort(byPosition);
  return { findings, problems, dialect: model.dialect, files: sources.length };
}

function finding(rule: LintRule, loc: Location, message: string): Finding {
  return { id: rule.id, severity: rule.severity, file: loc.file, line: loc.row, col: loc.col, message };
}

function byPosition(a: Finding, b: Finding): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.col - b.col || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** `# policygate-lint: ignore[id, …]` on the line of a finding or the line above it. */
function suppressions(modules: Module[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const m of modules) {
    for (const c of m.comments) {
      const match = /policygate-lint:\s*ignore\[([^\]]*)\]/.exec(c.text);
      if (match === null) continue;
      const ids = match[1]!.split(',').map((s) => s.trim()).filter(Boolean);
      for (const row of [c.loc.row, c.loc.row + 1]) {
        const key = `${m.file}:${row}`;
        const set = out.get(key) ?? new Set<string>();
        for (const id of ids) set.add(id);
        out.set(key, set);
      }
    }
  }
  return out;
}

function isSuppressed(s: Map<string, Set<string>>, f: Finding): boolean {
  const ids = s.get(`${f.file}:${f.line}`);
  return ids !== undefined && (ids.has(f.id) || ids.has('all'));
}

/** Lints every `.rego` file under `path` (recursively), or the one file it names. */
export function lintPath(path: string, opts: LintOptions = {}): LintResult {
  return lintSources(regoFiles(path).map((file) => ({ file, source: readFileSync(file, 'utf8') })), opts);
}

/** `.rego` files in lexical order; hidden directories and node_modules are skipped. */
export function regoFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  const out: string[] = [];
  for (const name of readdirSync(path).sort()) {
    const p = join(path, name);
    if (lstatSync(p).isDirectory()) {
      if (!name.startsWith('.') && name !== 'node_modules') out.push(...regoFiles(p));
    } else if (name.endsWith('.rego')) out.push(p);
  }
  return out;
}

export function ruleDoc(id: string): RuleDoc | undefined {
  const r = RULES.find((x) => x.id === id);
  return r === undefined ? undefined : { id: r.id, severity: r.severity, summary: r.summary, explanation: r.explanation };
}
