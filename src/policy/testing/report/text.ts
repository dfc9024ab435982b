// The default report, as `circleci policy test` prints it: a tab-aligned table with a line per
// group (`ok`, `fail`, or `?` for skips), failed tests with their diffs indented, passed tests
// with -v, each test's context with --debug, and `passed/total tests passed (secs)` at the end.

import { goYAML, type PlainValue } from '../goyaml.js';
import type { TestResult } from '../runner.js';
import { sortedKeys } from '../engine.js';
import { seconds, tabwrite } from './format.js';

export interface TextOptions {
  verbose?: boolean;
  /** Implies verbose. */
  debug?: boolean;
}

export function textReport(results: TestResult[], opts: TextOptions = {}): string {
  const verbose = opts.verbose === true || opts.debug === true;
  let out = '';
  let table = '';
  const row = (...cells: string[]) => (table += cells.map((c) => c + '\t').join('') + '\n');
  const text = (s: string) => {
    out += tabwrite(table) + s;
    table = '';
  };
  let group: { name: string; status: string; ns: bigint } | undefined;
  let passed = 0;
  let failed = 0;
  let total = 0n;
  for (const r of results) {
    total += r.elapsedNs;
    if (r.group !== group?.name) {
      if (group !== undefined) row(group.status, group.name, seconds(group.ns) + 's');
      group = { name: r.group, status: 'ok', ns: 0n };
    }
    if (r.name === undefined) {
      row(r.skip === undefined ? 'fail' : '?', r.group, r.err ?? '');
      group = undefined;
      continue;
    }
    group.ns += r.elapsedNs;
    if (r.passed) {
      passed++;
      if (verbose) row('ok', r.name, seconds(r.elapsedNs) + 's');
    } else {
      group.status = 'fail';
      failed++;
      row('FAIL', r.name, seconds(r.elapsedNs) + 's');
      if (r.err !== undefined) text('\n' + indent(r.err, '    ') + '\n');
    }
    if (opts.debug) text('---- Debug Test Context ----\n' + goYAML(sortedKeys(r.ctx ?? null) as PlainValue) + '---- End of Test Context ---\n\n');
  }
  if (group !== undefined) row(group.status, group.name, seconds(group.ns) + 's');
  text(`\n${passed}/${passed + failed} tests passed (${seconds(total)}s)\n`);
  return out;
}

function indent(value: string, pad: string): string {
  return value
    .split('\n')
    .map((l) => pad + l)
    .join('\n');
}
