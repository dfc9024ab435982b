import assert from 'node:assert/strict';
import { test } from 'node:test';
import { builtins } from '../../../src/rego/builtins/time.js';
import { parseNumber } from '../../../src/rego/number.js';
import { assertFails, assertValue, caller, fakeContext } from './helpers.js';

const call = caller(builtins);
const n = (text: string) => parseNumber(text)!;

// 2021-03-14T09:26:53.589793238Z, a Sunday.
const PI_DAY = n('1615714013589793238');

test('time.now_ns is the query time', () => {
  const ctx = { ...fakeContext(), nowNs: 1234567890123456789n };
  assertValue(call('time.now_ns', [], ctx), n('1234567890123456789'));
});

test('time.parse_rfc3339_ns reads offsets and fractions', () => {
  assertValue(call('time.parse_rfc3339_ns', ['2021-03-14T09:26:53.589793238Z']), PI_DAY);
  assertValue(call('time.parse_rfc3339_ns', ['2021-03-14T10:26:53.589793238+01:00']), PI_DAY);
  assertValue(call('time.parse_rfc3339_ns', ['1969-12-31T23:59:59Z']), -1000000000);
  assertFails(() => call('time.parse_rfc3339_ns', ['2021-03-14 09:26:53Z']), 'builtin',
    'parsing time "2021-03-14 09:26:53Z" as "2006-01-02T15:04:05Z07:00": cannot parse " 09:26:53Z" as "T"');
  assertFails(() => call('time.parse_rfc3339_ns', ['9999-12-31T23:59:59Z']), 'builtin', 'time outside of valid range');
  assertFails(() => call('time.parse_rfc3339_ns', [5]), 'type', 'operand 1 must be string but got number');
});

test('time.parse_ns follows Go layouts and named layouts', () => {
  assertValue(call('time.parse_ns', ['Jan _2 2006 3:04PM MST', 'Mar 14 2021 9:26AM UTC']), n('1615713960000000000'));
  assertValue(call('time.parse_ns', ['Monday, 02-Jan-06 15:04:05 -07:00', 'sunday, 14-mar-21 09:26:53 +00:00']), n('1615714013000000000'));
  assertValue(call('time.parse_ns', ['RFC1123Z', 'Sun, 14 Mar 2021 09:26:53 +0000']), n('1615714013000000000'));
  assertValue(call('time.parse_ns', ['2006.002', '2020.060']), n('1582934400000000000')); // day 60 of a leap year: Feb 29
  assertValue(call('time.parse_ns', ['2006-01-02 15:04:05', '2021-03-14 09:26:53.5']), n('1615714013500000000'));
  assertValue(call('time.parse_ns', ['2006-01-02', '2021-03-14']), n('1615680000000000000'));
});

test('time.parse_ns reports Go parse errors', () => {
  assertFails(() => call('time.parse_ns', ['2006-01-02', '2021-02-29']), 'builtin', 'parsing time "2021-02-29": day out of range');
  assertFails(() => call('time.parse_ns', ['2006-01-02', '2021-13-01']), 'builtin', 'parsing time "2021-13-01": month out of range');
  assertFails(() => call('time.parse_ns', ['15:04', '25:00']), 'builtin', 'parsing time "25:00": hour out of range');
  assertFails(() => call('time.parse_ns', ['2006', '2021 and more']), 'builtin', 'parsing time "2021 and more": extra text: " and more"');
  assertFails(() => call('time.parse_ns', ['Jan 2006', 'Foo 2021']), 'builtin',
    'parsing time "Foo 2021" as "Jan 2006": cannot parse "Foo 2021" as "Jan"');
});

test('time.parse_duration_ns reads Go durations', () => {
  assertValue(call('time.parse_duration_ns', ['1h30m']), n('5400000000000'));
  assertValue(call('time.parse_duration_ns', ['-2.5s']), -2500000000);
  assertValue(call('time.parse_duration_ns', ['1µs1ns']), 1001);
  assertValue(call('time.parse_duration_ns', ['0']), 0);
  assertValue(call('time.parse_duration_ns', ['2562047h47m16.854775807s']), n('9223372036854775807'));
  assertFails(() => call('time.parse_duration_ns', ['2562047h47m16.854775808s']), 'builtin', 'time: invalid duration "2562047h47m16.854775808s"');
  assertFails(() => call('time.parse_duration_ns', ['12']), 'builtin', 'time: missing unit in duration "12"');
  assertFails(() => call('time.parse_duration_ns', ['3d']), 'builtin', 'time: unknown unit "d" in duration "3d"');
  assertFails(() => call('time.parse_duration_ns', ['']), 'builtin', 'time: invalid duration ""');
});

test('time.date, time.clock and time.weekday use the given zone', () => {
  assertValue(call('time.date', [PI_DAY]), [2021, 3, 14]);
  assertValue(call('time.clock', [PI_DAY]), [9, 26, 53]);
  assertValue(call('time.weekday', [PI_DAY]), 'Sunday');
  assertValue(call('time.date', [[PI_DAY, 'Pacific/Honolulu']]), [2021, 3, 13]);
  assertValue(call('time.clock', [[PI_DAY, 'Pacific/Honolulu']]), [23, 26, 53]);
  assertValue(call('time.weekday', [[PI_DAY, 'Asia/Tokyo']]), 'Sunday');
  assertValue(call('time.clock', [[PI_DAY, 'UTC']]), [9, 26, 53]);
  assertValue(call('time.date', [-1]), [1969, 12, 31]);
});

test('time built-ins reject bad timestamps and zones', () => {
  assertFails(() => call('time.date', [n('1e20')]), 'builtin', 'timestamp too big');
  assertFails(() => call('time.clock', [0.5]), 'builtin', 'timestamp too big');
  assertFails(() => call('time.weekday', [[1, 'Mars/Olympus']]), 'builtin', 'unknown time zone Mars/Olympus');
  assertFails(() => call('time.date', [[]]), 'type', 'operand 1 must be either number (ns) or [number (ns), string (tz)] but got array');
  assertFails(() => call('time.date', ['x']), 'type', 'operand 1 must be either number (ns) or [number (ns), string (tz)] but got string');
  assertFails(() => call('time.date', [['x']]), 'type', 'operand 1 must be number but got string');
});

test('time.add_date normalises like Go', () => {
  // 2021-01-31 + 1 month = "2021-02-31" = 2021-03-03
  const jan31 = n('1612051200000000000');
  assertValue(call('time.date', [call('time.add_date', [jan31, 0, 1, 0])!]), [2021, 3, 3]);
  assertValue(call('time.add_date', [0, 1, 0, 0]), n('31536000000000000'));
  assertFails(() => call('time.add_date', [0, 1.5, 0, 0]), 'type', 'operand 2 must be integer number but got floating-point number');
  assertFails(() => call('time.add_date', [0, -300, 0, 0]), 'builtin', 'time outside of valid range');
});

test('time.diff counts calendar units', () => {
  const a = n('1612051200000000000'); // 2021-01-31T00:00:00Z
  assertValue(call('time.diff', [a, PI_DAY]), [0, 1, 14, 9, 26, 53]);
  assertValue(call('time.diff', [PI_DAY, a]), [0, 1, 14, 9, 26, 53]);
  assertValue(call('time.diff', [[a, 'UTC'], [a, 'Asia/Tokyo']]), [0, 0, 0, 0, 0, 0]);
});

test('time.format renders Go layouts in a zone', () => {
  assertValue(call('time.format', [PI_DAY]), '2021-03-14T09:26:53.589793238Z');
  assertValue(call('time.format', [[PI_DAY, 'America/New_York']]), '2021-03-14T05:26:53.589793238-04:00');
  assertValue(call('time.format', [[PI_DAY, 'America/Los_Angeles', 'RFC1123']]), 'Sun, 14 Mar 2021 01:26:53 PST');
  assertValue(call('time.format', [[PI_DAY, '', 'Jan _2 3:04:05.000pm 06']]), 'Mar 14 9:26:53.589am 21');
  assertValue(call('time.format', [[PI_DAY, 'UTC', '002 __2 Z07 -07:00:00']]), '073  73 Z +00:00:00');
  assertValue(call('time.format', [[n('1615714013000000000'), 'UTC', 'RFC3339Nano']]), '2021-03-14T09:26:53Z');
});

test('time.format names zones with the tz database abbreviations', () => {
  assertValue(call('time.format', [[PI_DAY, 'Europe/Paris', 'RFC1123']]), 'Sun, 14 Mar 2021 10:26:53 CET');
  assertValue(call('time.format', [[n('1626254813000000000'), 'Europe/London', 'UnixDate']]), 'Wed Jul 14 10:26:53 BST 2021');
  assertValue(call('time.format', [[PI_DAY, 'Asia/Kolkata', 'MST -0700']]), 'IST +0530');
  assertValue(call('time.format', [[PI_DAY, 'America/Sao_Paulo', 'MST']]), '-03');
});

test('time.format is typed as OPA declares it', () => {
  const def = builtins.find((b) => b.name === 'time.format')!;
  assert.equal(def.decl.args.length, 1);
  assert.deepEqual(def.decl.result, { type: 'string' });
});
