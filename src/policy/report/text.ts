// The report for people: per config its verdict, then the violations grouped by rule with the
// rule's metadata (severity, remediation) and the config line each one is about; with several
// configs, a summary table at the end.

import type { Decision } from '../decision.js';
import type { RuleMetadata } from '../metadata.js';
import { type DecidedInput, type LocatedViolation, type Mode, type RunReport, locatedViolations, showMessages, totals } from './model.js';

export function textReport(run: RunReport): string {
  const many = run.inputs.length > 1;
  const parts: string[] = [];
  for (const input of run.inputs) {
    // With many configs only those that need attention get a section; the table lists the rest.
    if (many && input.decision?.status === 'PASS' && !(showMessages(run) && input.messages.length > 0)) continue;
    const section = inputSection(run, input);
    if (section !== '') parts.push(section);
  }
  if (many) parts.push(summaryTable(run));
  return parts.join('\n');
}

function inputSection(run: RunReport, input: DecidedInput): string {
  const lines: string[] = [];
  if (showMessages(run)) for (const m of input.messages) lines.push(m);
  const d = input.decision;
  if (d === undefined) return lines.length === 0 ? '' : lines.join('\n') + '\n'; // the problem itself goes to stderr
  lines.push(`${input.file}: ${verdict(d, run.mode)}`);
  if (d.status === 'ERROR') {
    lines.push(`  ${d.reason ?? ''}`);
    return lines.join('\n') + '\n';
  }
  const groups = new Map<string, LocatedViolation[]>();
  for (const v of locatedViolations(input)) {
    const key = `${v.level}\0${v.rule}`;
    groups.set(key, [...(groups.get(key) ?? []), v]);
  }
  for (const vs of groups.values()) lines.push('', ...ruleGroup(run, input.file, vs));
  if (d.enabled_rules.length > 0) lines.push('', `enabled rules: ${d.enabled_rules.join(', ')}`);
  for (const n of d.notes ?? []) lines.push(`note: ${n}`);
  return lines.join('\n') + '\n';
}

export function verdict(d: Decision, mode: Mode): string {
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  const detail = `${count(d.hard_failures.length, 'hard failure')}, ${count(d.soft_failures.length, 'soft failure')}`;
  switch (d.status) {
    case 'PASS':
      return 'PASS';
    case 'SOFT_FAIL':
      return `SOFT_FAIL (${detail}; the pipeline runs)`;
    case 'HARD_FAIL':
      return mode === 'hard' ? `HARD_FAIL (${detail}; the pipeline is blocked)` : `HARD_FAIL (${detail}; would block the pipeline in hard mode, not enforced in soft mode)`;
    case 'ERROR':
      return 'ERROR (the policies failed to evaluate)';
  }
}

function ruleGroup(run: RunReport, file: string, vs: LocatedViolation[]): string[] {
  const first = vs[0]!;
  const info = run.compiled.rules.get(first.rule);
  const meta = first.metadata ?? info?.metadata;
  let head = `  ${first.level === 'hard' ? 'HARD' : 'soft'}  ${first.rule}`;
  const facts = metadataFacts(meta);
  if (facts !== '') head += `  [${facts}]`;
  if (info !== undefined) head += `  (${info.file}:${info.line})`;
  const lines = [head];
  if (meta?.description) lines.push(`        ${String(meta.description)}`);
  for (const v of vs) {
    const where = v.position === undefined ? file : `${file}:${v.position.line}:${v.position.col}`;
    lines.push(`        ${where}: ${v.reason}`);
  }
  if (meta?.remediation) lines.push(`        remediation: ${String(meta.remediation)}`);
  return lines;
}

function metadataFacts(meta: RuleMetadata | undefined): string {
  if (meta === undefined) return '';
  const facts: string[] = [];
  if (meta.name) facts.push(String(meta.name));
  if (meta.severity) facts.push(`severity ${String(meta.severity)}`);
  if (meta.category) facts.push(`category ${String(meta.category)}`);
  return facts.join(', ');
}

function summaryTable(run: RunReport): string {
  const rows = run.inputs.map((i) => {
    const d = i.decision;
    const status = d === undefined ? 'UNREADABLE' : d.status === 'HARD_FAIL' && run.mode === 'soft' ? 'HARD_FAIL*' : d.status;
    const hard = d === undefined || d.status === 'ERROR' ? '-' : String(d.hard_failures.length);
    const soft = d === undefined || d.status === 'ERROR' ? '-' : String(d.soft_failures.length);
    return [status, hard, soft, i.file];
  });
  const header = ['STATUS', 'HARD', 'SOFT', 'CONFIG'];
  const widths = [0, 1, 2].map((c) => Math.max(header[c]!.length, ...rows.map((r) => r[c]!.length)));
  const fmt = (r: string[]) => `${r[0]!.padEnd(widths[0]!)}  ${r[1]!.padStart(widths[1]!)}  ${r[2]!.padStart(widths[2]!)}  ${r[3]}`;
  const t = totals(run.inputs);
  const summary = [
    `${run.inputs.length} configs: ${t.PASS} PASS, ${t.SOFT_FAIL} SOFT_FAIL, ${t.HARD_FAIL} HARD_FAIL, ${t.ERROR} ERROR, ${t.unreadable} unreadable`,
  ];
  if (run.mode === 'soft' && t.HARD_FAIL > 0) summary.push('* would block in hard mode; not enforced (--mode soft)');
  const noisy = run.inputs.filter((i) => i.messages.length > 0).length;
  if (noisy > 0 && !showMessages(run)) summary.push(`${noisy} config${noisy === 1 ? ' has' : 's have'} compile warnings or errors (--verbose lists them)`);
  return ['', fmt(header), ...rows.map(fmt), '', ...summary].join('\n') + '\n';
}
