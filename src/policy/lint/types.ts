// What the linter reports and what a lint rule is. A rule sees the whole bundle (a LintModel) and
// reports findings through a callback; it never throws for a policy it does not understand.

import type { Location } from '../../rego/index.js';
import type { LintModel } from './model.js';

export type Severity = 'error' | 'warning' | 'info';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** Higher is more severe; `--fail-level` compares with this. */
export function severityRank(s: Severity): number {
  return s === 'error' ? 3 : s === 'warning' ? 2 : 1;
}

export interface Finding {
  id: string;
  severity: Severity;
  file: string;
  line: number;
  col: number;
  /** One line: what is wrong here, with the names involved. */
  message: string;
}

export interface RuleDoc {
  id: string;
  severity: Severity;
  /** One line shown in listings. */
  summary: string;
  /** Why it matters and how to fix it, shown by `policygate lint --explain ID`. */
  explanation: string;
}

export type Report = (loc: Location, message: string) => void;

export interface LintRule extends RuleDoc {
  check(model: LintModel, report: Report): void;
}
