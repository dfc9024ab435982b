// SARIF 2.1.0 for code-scanning tools: one result per violation, located at the config line it is
// about; rules carry the seed metadata (description, remediation as help, severity). Hard
// failures that block are errors, the rest warnings; ERROR decisions and unreadable configs are
// tool execution notifications.

import type { RuleInfo } from '../metadata.js';
import { type RunReport, failureText, locatedViolations } from './model.js';

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

export function sarifReport(run: RunReport, version: string): Record<string, unknown> {
  const ruleIds: string[] = [];
  const results: unknown[] = [];
  const notifications: unknown[] = [];
  for (const input of run.inputs) {
    const d = input.decision;
    if (d === undefined || d.status === 'ERROR') {
      const text = d === undefined ? failureText(input) : (d.reason ?? '');
      notifications.push({ level: 'error', message: { text }, locations: [location(input.file)] });
      continue;
    }
    for (const v of locatedViolations(input)) {
      if (!ruleIds.includes(v.rule)) ruleIds.push(v.rule);
      const level = v.level === 'hard' && run.mode === 'hard' ? 'error' : 'warning';
      results.push({
        ruleId: v.rule,
        ruleIndex: ruleIds.indexOf(v.rule),
        level,
        message: { text: v.reason },
        locations: [location(input.file, v.position?.line, v.position?.col)],
        properties: { enforcement: v.level },
      });
    }
  }
  return {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'policygate',
            version,
            rules: ruleIds.map((id) => rule(id, run.compiled.rules.get(id))),
          },
        },
        invocations: [{ executionSuccessful: notifications.length === 0, toolExecutionNotifications: notifications }],
        results,
      },
    ],
  };
}

function rule(id: string, info: RuleInfo | undefined): Record<string, unknown> {
  const meta = info?.metadata;
  const out: Record<string, unknown> = { id, name: id };
  if (meta?.name) out.shortDescription = { text: String(meta.name) };
  if (meta?.description) out.fullDescription = { text: String(meta.description) };
  if (meta?.remediation) out.help = { text: String(meta.remediation) };
  const props: Record<string, unknown> = {};
  if (meta?.severity) props.severity = String(meta.severity);
  if (meta?.category) props.tags = [String(meta.category)];
  if (info !== undefined) props.definedAt = `${info.file}:${info.line}`;
  if (Object.keys(props).length > 0) out.properties = props;
  return out;
}

function location(file: string, line?: number, col?: number): Record<string, unknown> {
  const physical: Record<string, unknown> = { artifactLocation: { uri: file.split('/').map(encodeURIComponent).join('/') } };
  if (line !== undefined) physical.region = col === undefined ? { startLine: line } : { startLine: line, startColumn: col };
  return { physicalLocation: physical };
}
