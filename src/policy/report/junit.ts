// JUnit XML: one test case per config, failed by hard failures that block, in error when the
// policies failed to evaluate or the config could not be read. Soft failures (and, in soft mode,
// hard ones) are listed in the case's output without failing it.

import { type DecidedInput, type RunReport, failureText, locatedViolations } from './model.js';

export function junitReport(run: RunReport, now = new Date()): string {
  const cases = run.inputs.map((i) => testCase(run, i));
  const failures = cases.filter((c) => c.kind === 'failure').length;
  const errors = cases.filter((c) => c.kind === 'error').length;
  const counts = `tests="${cases.length}" failures="${failures}" errors="${errors}"`;
  const stamp = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="policygate decide" ${counts}>`,
    `\t<testsuite name="policygate decide" ${counts} skipped="0" timestamp="${stamp}">`,
    ...cases.map((c) => c.xml),
    '\t</testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

function testCase(run: RunReport, input: DecidedInput): { kind: 'pass' | 'failure' | 'error'; xml: string } {
  const open = `\t\t<testcase classname="policygate.decide" name="${attr(input.file)}" file="${attr(input.file)}">`;
  const d = input.decision;
  if (d === undefined || d.status === 'ERROR') {
    const text = d === undefined ? failureText(input) : (d.reason ?? '');
    const type = d === undefined ? 'unreadable' : 'ERROR';
    return { kind: 'error', xml: `${open}\n\t\t\t<error message="${attr(firstLine(text))}" type="${type}">${body(text)}</error>\n\t\t</testcase>` };
  }
  const lines = locatedViolations(input).map((v) => {
    const where = v.position === undefined ? input.file : `${input.file}:${v.position.line}:${v.position.col}`;
    return `${v.level === 'hard' ? 'HARD' : 'soft'} ${v.rule}: ${v.reason} (${where})`;
  });
  const blocking = d.status === 'HARD_FAIL' && run.mode === 'hard';
  if (blocking) {
    const msg = `HARD_FAIL: ${d.hard_failures.length} hard failure(s)`;
    return { kind: 'failure', xml: `${open}\n\t\t\t<failure message="${attr(msg)}" type="HARD_FAIL">${body(lines.join('\n'))}</failure>\n\t\t</testcase>` };
  }
  if (lines.length === 0) return { kind: 'pass', xml: open.replace(/>$/, '/>') };
  const note = d.status === 'HARD_FAIL' ? 'HARD_FAIL (would block in hard mode)' : d.status;
  return { kind: 'pass', xml: `${open}\n\t\t\t<system-out>${body([note, ...lines].join('\n'))}</system-out>\n\t\t</testcase>` };
}

function firstLine(s: string): string {
  const i = s.indexOf('\n');
  return i < 0 ? s : s.slice(0, i);
}

function attr(s: string): string {
  return escapeXML(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;');
}

function body(s: string): string {
  return escapeXML(s);
}

/** XML 1.0 text: the three special characters escaped, characters XML cannot hold replaced. */
function escapeXML(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/g, '\ufffd');
}
