// A decision: the verdict on one input, the rules that were enabled and the violations, in the
// order CircleCI's agent reports them (spec §2.3).

import { compareStrings } from '../rego/index.js';
import type { RuleMetadata } from './metadata.js';

export type Status = 'PASS' | 'SOFT_FAIL' | 'HARD_FAIL' | 'ERROR';

export interface Violation {
  rule: string;
  reason: string;
  /** The seed format's `__policy_metadata__` of the file reporting the rule. */
  metadata?: RuleMetadata;
}

export interface Decision {
  status: Status;
  /** Only for ERROR: OPA's `<file>:<row>: <code>: <message>`. */
  reason?: string;
  enabled_rules: string[];
  hard_failures: Violation[];
  soft_failures: Violation[];
  /** Only for ERROR: where the error happened (not part of the JSON). */
  error?: { file: string; line?: number; col?: number };
  /** Things a policy author should know, e.g. members of `hard_fail` that were ignored (not part of the JSON). */
  notes?: string[];
}

/** Status from the violations; lists sorted as CircleCI sorts them. */
export function makeDecision(enabled: string[], hard: Violation[], soft: Violation[], notes: string[] = []): Decision {
  const status: Status = hard.length > 0 ? 'HARD_FAIL' : soft.length > 0 ? 'SOFT_FAIL' : 'PASS';
  const d: Decision = {
    status,
    enabled_rules: [...enabled].sort(compareStrings),
    hard_failures: sortViolations(hard),
    soft_failures: sortViolations(soft),
  };
  if (notes.length > 0) d.notes = notes;
  return d;
}

export function errorDecision(reason: string, where?: Decision['error']): Decision {
  const d: Decision = { status: 'ERROR', reason, enabled_rules: [], hard_failures: [], soft_failures: [] };
  if (where !== undefined) d.error = where;
  return d;
}

/**
 * Stable sort by the concatenation rule+reason, byte-wise (code points), exactly as CircleCI:
 * ("a", "bc") sorts after ("ab", "a") because "abc" > "aba".
 */
export function sortViolations(vs: Violation[]): Violation[] {
  return vs
    .map((v, i) => ({ v, i, key: v.rule + v.reason }))
    .sort((a, b) => compareStrings(a.key, b.key) || a.i - b.i)
    .map((x) => x.v);
}

/** Whether the verdict blocks a pipeline under the organization's mode. */
export function blocks(d: Decision, mode: 'soft' | 'hard'): boolean {
  return d.status === 'HARD_FAIL' && mode === 'hard';
}
