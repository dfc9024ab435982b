// `--format json`: CircleCI's array of results, encoded as Go encodes them (field order
// Passed, Group, Name, Elapsed, ElapsedMS, Err, Ctx; empty Name, Err and Ctx left out; `<>&`
// escaped; two-space indent). Ctx only with --debug.

import { goJSON } from '../../index.js';
import { sortedKeys } from '../engine.js';
import type { TestResult } from '../runner.js';
import { goDuration, milliseconds } from './format.js';

export function jsonReport(results: TestResult[], opts: { debug?: boolean } = {}): string {
  const rows = results.map((r) => {
    const row: Record<string, unknown> = { Passed: r.passed, Group: r.group };
    if (r.name !== undefined && r.name !== '') row.Name = r.name;
    row.Elapsed = goDuration(r.elapsedNs);
    row.ElapsedMS = milliseconds(r.elapsedNs);
    if (r.err !== undefined && r.err !== '') row.Err = r.err;
    if (opts.debug && r.ctx !== undefined && r.ctx !== null) row.Ctx = sortedKeys(r.ctx);
    return row;
  });
  return goJSON(rows) + '\n';
}

/** Whether the run succeeded: every result passed (skips pass). */
export function allPassed(results: TestResult[]): boolean {
  return results.every((r) => r.passed);
}
