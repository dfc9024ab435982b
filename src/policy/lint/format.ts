// Findings as text for people, JSON for scripts, SARIF 2.1.0 for code-scanning dashboards, and
// GitHub Actions workflow commands for annotations on a pull request.

import { readFileSync } from 'node:fs';
import type { Finding, LintRule, Severity } from './types.js';
import { RULES } from './rules/index.js';

export const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type OutputFormat = (typeof FORMATS)[number];

export interface Formattable {
  findings: Finding[];
  files: number;
  dialect: string;
  /** Files that did not parse (reported separately, as errors). */
  problems?: unknown[];
}

export function formatFindings(result: Formattable, format: OutputFormat): string {
  switch (format) {
    case 'text':
      return text(result);
    case 'json':
      return JSON.stringify({ dialect: result.dialect, files: result.files, findings: result.findings, summary: counts(result.findings) }, null, 2) + '\n';
    case 'sarif':
      return JSON.stringify(sarif(result.findings), null, 2) + '\n';
    case 'github':
      return result.findings.map(github).join('');
  }
}

function counts(findings: Finding[]): Record<Severity, number> {
  const out: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) out[f.severity]++;
  return out;
}

function text(result: Formattable): string {
  const lines = result.findings.map((f) => `${f.file}:${f.line}:${f.col}: ${f.severity}: ${f.message} [${f.id}]`);
  const c = counts(result.findings);
  const n = result.findings.length;
  const summary =
    n === 0
      ? `${result.files} file${result.files === 1 ? '' : 's'} checked, no problems found`
      : `${n} problem${n === 1 ? '' : 's'} (${c.error} error${c.error === 1 ? '' : 's'}, ${c.warning} warning${c.warning === 1 ? '' : 's'}, ${c.info} info) in ${result.files} file${result.files === 1 ? '' : 's'}; explain one with: policygate lint --explain ID`;
  const unparsed = result.problems?.length ?? 0;
  const note = unparsed === 0 ? '' : ` (${unparsed} parse error${unparsed === 1 ? '' : 's'}: those files were not checked)`;
  return [...lines, summary + note].join('\n') + '\n';
}

// ---- SARIF 2.1.0 ------------------------------------------------------------------------------

const SARIF_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note' };

function sarif(findings: Finding[]): unknown {
  const index = new Map(RULES.map((r, i) => [r.id, i]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'policygate', version: packageVersion(), rules: RULES.map(sarifRule) } },
        results: findings.map((f) => ({
          ruleId: f.id,
          ruleIndex: index.get(f.id),
          level: SARIF_LEVEL[f.severity],
          message: { text: f.message },
          locations: [{ physicalLocation: { artifactLocation: { uri: uri(f.file) }, region: { startLine: f.line, startColumn: f.col } } }],
        })),
      },
    ],
  };
}

function sarifRule(r: LintRule): unknown {
  return {
    id: r.id,
    name: r.id.replace(/(^|-)([a-z0-9])/g, (_m, _d: string, c: string) => c.toUpperCase()),
    shortDescription: { text: r.summary },
    fullDescription: { text: r.explanation.split('\n\n')[0]!.replace(/\n/g, ' ') },
    help: { text: r.explanation },
    defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
  };
}

/** A relative file path as a URI reference: forward slashes, percent-encoded, no leading `./`. */
function uri(file: string): string {
  return file
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '')
    .split('/')
    .map(encodeURIComponent)
    .join('/');
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

// ---- GitHub Actions ---------------------------------------------------------------------------

const GITHUB_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

function github(f: Finding): string {
  const props = [`file=${prop(f.file)}`, `line=${f.line}`, `col=${f.col}`, `title=${prop(f.id)}`].join(',');
  return `::${GITHUB_LEVEL[f.severity]} ${props}::${data(f.message)}\n`;
}

/** Workflow-command escaping: `%`, CR and LF in the message; also `:` and `,` in properties. */
function data(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function prop(s: string): string {
  return data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
