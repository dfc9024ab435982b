// `--format junit`: one <testsuite> per group with an RFC 3339 timestamp (CircleCI's report had
// an empty one until 2024, which broke consumers), skipped groups as a `skipped` property,
// failed groups counted as errors, failures carrying the diff. Tab-indented as Go's encoder
// writes it, with Go's escaping (newlines in text become &#xA;).

import type { TestResult } from '../runner.js';
import { seconds } from './format.js';

interface Suite {
  name: string;
  tests: number;
  failures: number;
  ns: bigint;
  properties: [string, string][];
  cases: string[];
  timestamp: string;
}

export function junitReport(results: TestResult[], now: Date = new Date()): string {
  const timestamp = rfc3339(now);
  const suites: Suite[] = [];
  let suite: Suite | undefined;
  let tests = 0;
  let failures = 0;
  let errors = 0;
  let total = 0n;
  const finish = () => {
    if (suite !== undefined && suite.name !== '') suites.push(suite);
    suite = undefined;
  };
  for (const r of results) {
    if (suite?.name !== r.group) {
      finish();
      suite = { name: r.group, tests: 0, failures: 0, ns: 0n, properties: [], cases: [], timestamp };
    }
    if (r.name === undefined) {
      if (r.skip === 'no-policies') suite.properties = [['skipped', 'no policies']];
      else if (r.skip === 'no-tests') suite.properties = [['skipped', 'no tests']];
      else errors++;
      finish();
      continue;
    }
    total += r.elapsedNs;
    suite.ns += r.elapsedNs;
    suite.tests++;
    tests++;
    if (!r.passed) {
      suite.failures++;
      failures++;
    }
    suite.cases.push(testCase(r));
  }
  finish();
  const body = suites.map(suiteXML).join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<testsuites name="root" tests="${tests}" failures="${failures}" errors="${errors}" time="${seconds(total)}">` +
    body +
    '\n</testsuites>\n'
  );
}

function testCase(r: TestResult): string {
  const open = `\n\t\t<testcase classname="${esc(r.group)}" name="${esc(r.name ?? '')}" time="${seconds(r.elapsedNs)}">`;
  if (r.passed) return open + '</testcase>';
  return open + `\n\t\t\t<failure message="failed" type="">${esc(r.err ?? '')}</failure>\n\t\t</testcase>`;
}

function suiteXML(s: Suite): string {
  const props =
    s.properties.length === 0
      ? '\n\t\t<properties></properties>'
      : '\n\t\t<properties>' + s.properties.map(([n, v]) => `\n\t\t\t<property name="${esc(n)}" value="${esc(v)}"></property>`).join('') + '\n\t\t</properties>';
  return (
    `\n\t<testsuite tests="${s.tests}" failures="${s.failures}" time="${seconds(s.ns)}" name="${esc(s.name)}" timestamp="${s.timestamp}">` +
    props +
    s.cases.join('') +
    '\n\t</testsuite>'
  );
}

/** Go's xml.EscapeText: the five specials, tab, newline and carriage return as references. */
function esc(s: string): string {
  return s.replace(/[&<>"'\t\n\r]/g, (c) => XML_ESCAPES[c]!);
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;', '\t': '&#x9;', '\n': '&#xA;', '\r': '&#xD;' };

/** RFC 3339 in local time with its offset, as Go's time.Now().Format(time.RFC3339). */
export function rfc3339(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const off = -d.getTimezoneOffset();
  const zone = off === 0 ? 'Z' : `${off > 0 ? '+' : '-'}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}${zone}`;
}
