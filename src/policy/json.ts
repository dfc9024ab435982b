// Decision JSON. For the circleci dialect it is byte for byte what CircleCI's CLI prints: Go's
// json.Encoder with two-space indent (struct key order, omitempty lists, `<>&` escaped as
// \u003c…, trailing newline). The seed format always lists all three arrays (the seed's example
// shows `"soft_failures": []`) and carries each violation's metadata.

import type { BundleDialect, Dialect } from './dialect.js';
import type { Decision, Violation } from './decision.js';

/** The decision as the JSON text a dialect prints (ending in a newline). */
export function decisionToJSON(decision: Decision, dialect: BundleDialect | Dialect): string {
  return goJSON(decisionObject(decision, dialect)) + '\n';
}

/** The decision as a plain object with the keys in output order (for embedding in reports). */
export function decisionObject(decision: Decision, dialect: BundleDialect | Dialect): Record<string, unknown> {
  const circle = dialect === 'circleci';
  const out: Record<string, unknown> = { status: decision.status };
  if (decision.reason !== undefined && decision.reason !== '') out.reason = decision.reason;
  const lists: [string, unknown[]][] = [
    ['enabled_rules', decision.enabled_rules],
    ['hard_failures', decision.hard_failures.map((v) => violationObject(v, circle))],
    ['soft_failures', decision.soft_failures.map((v) => violationObject(v, circle))],
  ];
  for (const [key, list] of lists) if (!circle || list.length > 0) out[key] = list;
  return out;
}

function violationObject(v: Violation, circle: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { rule: v.rule, reason: v.reason };
  if (!circle && v.metadata !== undefined) out.metadata = v.metadata;
  return out;
}

/**
 * Go's encoding/json text of a plain value with a two-space indent. Object keys keep insertion
 * order (Go prints struct fields in declaration order); `<`, `>`, `&`, U+2028 and U+2029 are
 * escaped, and a lone surrogate becomes U+FFFD as Go's UTF-8 handling makes it.
 */
export function goJSON(value: unknown, depth = 0): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return goString(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'true' : 'false';
  }
  const pad = '\n' + '  '.repeat(depth + 1);
  const end = '\n' + '  '.repeat(depth);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return '[' + value.map((x) => pad + goJSON(x, depth + 1)).join(',') + end + ']';
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  return '{' + entries.map(([k, v]) => pad + goString(k) + ': ' + goJSON(v, depth + 1)).join(',') + end + '}';
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function goString(s: string): string {
  return JSON.stringify(s.replace(LONE_SURROGATE, '\ufffd')).replace(/[<>&\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}
