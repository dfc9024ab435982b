// Lints policies written inline in a test, and picks out the findings of one rule.

import { lintSources } from '../../../src/policy/lint/index.js';
import type { Finding, LintOptions, LintResult } from '../../../src/policy/lint/index.js';

export function lint(files: Record<string, string>, opts: LintOptions = {}): LintResult {
  return lintSources(
    Object.entries(files).map(([file, source]) => ({ file, source })),
    opts,
  );
}

/** Findings of rule `id`, as `file:line:col message` for readable assertion failures. */
export function found(id: string, files: Record<string, string>, opts: LintOptions = {}): Finding[] {
  const r = lint(files, opts);
  if (r.problems.length > 0) throw new Error(`fixture does not parse: ${r.problems.map((p) => `${p.file}:${p.line}:${p.col}: ${p.message}`).join('; ')}`);
  return r.findings.filter((f) => f.id === id);
}

export function where(fs: Finding[]): string[] {
  return fs.map((f) => `${f.file}:${f.line}:${f.col}`);
}

/** A seed-format policy file of package org with the given rules. */
export function org(body: string): string {
  return `package org\n\nimport rego.v1\n\n${body}\n`;
}
