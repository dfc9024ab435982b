import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { goDuration, jsonReport, junitReport, runTests, tabwrite, textReport, type TestResult } from '../../../src/policy/testing/index.js';

const fixtures = fileURLToPath(new URL('../../../../test/policy/testing/fixtures/', import.meta.url));

const ms = (n: number) => BigInt(n) * 1_000_000n;

/** A run with every kind of entry, with fixed times. */
const RESULTS: TestResult[] = [
  { group: '<opa.tests>', name: 'data.org.test_a', passed: true, elapsedNs: ms(1) },
  { group: 'p', passed: true, err: 'no tests', skip: 'no-tests', elapsedNs: 0n },
  { group: 'p/bad', passed: false, err: 'test name conflict: "test_x"', elapsedNs: 0n },
  { group: 'p/base', name: 'test_ok', passed: true, elapsedNs: ms(2) },
  { group: 'p/base', name: 'test_ok/case', passed: false, err: '--- Expected\n+++ Actual\n@@ -1 +1 @@\n-status: PASS\n+status: ERROR\n', elapsedNs: ms(1500) },
  { group: 'p/empty', passed: true, err: 'no policies', skip: 'no-policies', elapsedNs: 0n },
];

test('text: tab-aligned lines (aligned until a diff is printed), failures with their diff, the count', () => {
  assert.equal(
    textReport(RESULTS),
    [
      'ok      <opa.tests>     0.001s                          ',
      '?       p               no tests                        ',
      'fail    p/bad           test name conflict: "test_x"    ',
      'FAIL    test_ok/case    1.500s                          ',
      '',
      '    --- Expected',
      '    +++ Actual',
      '    @@ -1 +1 @@',
      '    -status: PASS',
      '    +status: ERROR',
      '    ',
      'fail    p/base     1.502s         ',
      '?       p/empty    no policies    ',
      '',
      '2/3 tests passed (1.503s)',
      '',
    ].join('\n'),
  );
});

test('text -v lists passed tests; --debug adds each context as YAML', () => {
  const verbose = textReport(RESULTS, { verbose: true }).split('\n');
  assert.deepEqual(verbose.slice(0, 2), ['ok      data.org.test_a    0.001s                          ', 'ok      <opa.tests>        0.001s                          ']);
  assert.equal(verbose[4], 'ok      test_ok            0.002s                          ');
  const debug = textReport([{ group: 'g', name: 't', passed: true, elapsedNs: 0n, ctx: { input: { b: 1, a: [2] } } }], { debug: true });
  assert.equal(debug, 'ok    t    0.000s    \n---- Debug Test Context ----\ninput:\n    a:\n        - 2\n    b: 1\n---- End of Test Context ---\n\nok    g    0.000s    \n\n1/1 tests passed (0.000s)\n');
});

test("json: CircleCI's fields in order, Go durations, <> escaped, Ctx only with debug", () => {
  const text = jsonReport(RESULTS);
  assert.match(text, /^\[\n {2}\{\n {4}"Passed": true,\n {4}"Group": "\\u003copa.tests\\u003e",\n {4}"Name": "data.org.test_a",\n {4}"Elapsed": "1ms",\n {4}"ElapsedMS": 1\n {2}\},/);
  const rows = JSON.parse(text) as Record<string, unknown>[];
  assert.deepEqual(Object.keys(rows[1]!), ['Passed', 'Group', 'Elapsed', 'ElapsedMS', 'Err']);
  assert.deepEqual(rows[1], { Passed: true, Group: 'p', Elapsed: '0s', ElapsedMS: 0, Err: 'no tests' });
  assert.deepEqual(rows[4], { Passed: false, Group: 'p/base', Name: 'test_ok/case', Elapsed: '1.5s', ElapsedMS: 1500, Err: RESULTS[4]!.err });
  const withCtx = JSON.parse(jsonReport([{ ...RESULTS[3]!, ctx: { z: 1, a: 2 } }], { debug: true })) as Record<string, unknown>[];
  assert.deepEqual(withCtx[0]!.Ctx, { a: 2, z: 1 });
  assert.equal(JSON.parse(jsonReport([{ ...RESULTS[3]!, ctx: { z: 1 } }]))[0].Ctx, undefined);
});

test('Go durations', () => {
  const cases: [bigint, string][] = [
    [0n, '0s'],
    [850n, '850ns'],
    [306_467n, '306.467µs'],
    [1_500_000n, '1.5ms'],
    [2_000_001_000n, '2.000001s'],
    [63_000_000_000n, '1m3s'],
    [3_600_000_000_000n, '1h0m0s'],
  ];
  for (const [ns, want] of cases) assert.equal(goDuration(ns), want);
});

test("tabwrite aligns columns per block of lines, like Go's text/tabwriter", () => {
  assert.equal(tabwrite('a\tbb\t\nccc\td\t\nno tabs here\nx\ty\t\n'), 'a      bb    \nccc    d     \nno tabs here\nx    y    \n');
});

/** A small XML reader for the report: elements with attributes, children and text. */
interface El {
  name: string;
  attrs: Record<string, string>;
  children: El[];
  text: string;
}

function parseXML(xml: string): El {
  const decode = (s: string) => s.replace(/&#x([0-9A-F]+);|&#(\d+);|&(lt|gt|amp|quot|apos);/g, (_, h, d, n) => (h ? String.fromCharCode(parseInt(h, 16)) : d ? String.fromCharCode(Number(d)) : { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }[n as string]!));
  const stack: El[] = [{ name: '#root', attrs: {}, children: [], text: '' }];
  const re = /<\?[^>]*\?>|<(\/?)([\w:]+)((?:\s+[\w:]+="[^"]*")*)\s*(\/?)>|([^<]+)/g;
  for (let m = re.exec(xml); m !== null; m = re.exec(xml)) {
    if (m[5] !== undefined) stack[stack.length - 1]!.text += decode(m[5]);
    else if (m[2] === undefined) continue;
    else if (m[1] === '/') stack.pop();
    else {
      const attrs: Record<string, string> = {};
      for (const a of m[3]!.matchAll(/([\w:]+)="([^"]*)"/g)) attrs[a[1]!] = decode(a[2]!);
      const el: El = { name: m[2], attrs, children: [], text: '' };
      stack[stack.length - 1]!.children.push(el);
      if (m[4] !== '/') stack.push(el);
    }
  }
  assert.equal(stack.length, 1, 'unbalanced XML');
  return stack[0]!.children[0]!;
}

test('junit: suites per group with an RFC 3339 timestamp, skips as properties, failures with the diff', () => {
  const xml = junitReport(RESULTS, new Date(Date.UTC(2024, 2, 4, 10, 50, 5)));
  assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="root" tests="3" failures="1" errors="1" time="1.503">'));
  const root = parseXML(xml);
  assert.deepEqual(root.attrs, { name: 'root', tests: '3', failures: '1', errors: '1', time: '1.503' });
  assert.deepEqual(
    root.children.map((s) => [s.attrs.name, s.attrs.tests, s.attrs.failures, s.attrs.time]),
    [
      ['<opa.tests>', '1', '0', '0.001'],
      ['p', '0', '0', '0.000'],
      ['p/bad', '0', '0', '0.000'],
      ['p/base', '2', '1', '1.502'],
      ['p/empty', '0', '0', '0.000'],
    ],
  );
  for (const s of root.children) assert.match(s.attrs.timestamp!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/);
  const skipped = root.children[1]!.children[0]!;
  assert.deepEqual([skipped.name, skipped.children[0]!.attrs], ['properties', { name: 'skipped', value: 'no tests' }]);
  const base = root.children[3]!;
  const failed = base.children.find((c) => c.attrs.name === 'test_ok/case')!;
  assert.deepEqual(failed.attrs, { classname: 'p/base', name: 'test_ok/case', time: '1.500' });
  assert.deepEqual(failed.children[0]!.attrs, { message: 'failed', type: '' });
  assert.equal(failed.children[0]!.text, RESULTS[4]!.err);
});

test('reports of a real run parse and agree with each other', () => {
  const results = runTests({ path: fixtures + 'failing/...', dialect: 'auto' });
  const rows = JSON.parse(jsonReport(results)) as { Passed: boolean; Group: string; Name?: string }[];
  assert.equal(rows.length, results.length);
  assert.deepEqual(
    rows.filter((r) => !r.Passed).map((r) => r.Name ?? r.Group.replace(fixtures, '')),
    ['data.org.test_always_false', 'data.org.test_conflict', 'failing/badyaml', 'failing/conflict', 'test_expects_hard_fail', 'test_reason_type', 'test_unknown_orb'],
  );
  const root = parseXML(junitReport(results));
  assert.deepEqual([root.attrs.tests, root.attrs.failures, root.attrs.errors], ['7', '5', '2']);
  const text = textReport(results).replace(/\d+\.\d{3}s/g, 'T');
  assert.match(text, /\n2\/7 tests passed \(T\)\n$/);
  assert.match(text, /\nfail {4}<opa\.tests> +T +\n/);
});
