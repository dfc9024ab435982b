// Go's time package as OPA's time built-ins see it: layouts (`2006-01-02T15:04:05Z07:00`),
// time.Parse and Time.Format with their exact error texts, time.ParseDuration, calendar
// arithmetic on nanosecond instants, and IANA time zones (offsets from Node's Intl).

import { existsSync, readFileSync } from 'node:fs';

const NS_PER_SEC = 1_000_000_000n;
export const MIN_INT64 = -(2n ** 63n);
export const MAX_INT64 = 2n ** 63n - 1n;

/** Go's named layouts that OPA accepts by name. */
export const NAMED_LAYOUTS: Readonly<Record<string, string>> = {
  ANSIC: 'Mon Jan _2 15:04:05 2006',
  UnixDate: 'Mon Jan _2 15:04:05 MST 2006',
  RubyDate: 'Mon Jan 02 15:04:05 -0700 2006',
  RFC822: '02 Jan 06 15:04 MST',
  RFC822Z: '02 Jan 06 15:04 -0700',
  RFC850: 'Monday, 02-Jan-06 15:04:05 MST',
  RFC1123: 'Mon, 02 Jan 2006 15:04:05 MST',
  RFC1123Z: 'Mon, 02 Jan 2006 15:04:05 -0700',
  RFC3339: '2006-01-02T15:04:05Z07:00',
  RFC3339Nano: '2006-01-02T15:04:05.999999999Z07:00',
};

export class GoTimeError extends Error {}

// ---- quoting as the time package does in its errors (byte-wise \x escapes) -----------------

function timeQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x80 || c < 0x20) {
      for (const b of Buffer.from(ch, 'utf8')) out += '\\x' + b.toString(16).padStart(2, '0');
    } else {
      if (ch === '"' || ch === '\\') out += '\\';
      out += ch;
    }
  }
  return out + '"';
}

// ---- calendar --------------------------------------------------------------------------------

const LONG_MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];
const LONG_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const SHORT_MONTHS = LONG_MONTHS.map((m) => m.slice(0, 3));
const SHORT_DAYS = LONG_DAYS.map((d) => d.slice(0, 3));

function floorDiv(a: number, b: number): number {
  return Math.floor(a / b);
}

/** Days since 1970-01-01 of a proleptic Gregorian date (month may be out of 1..12). */
function daysFromCivil(year: number, month: number, day: number): number {
  const m0 = month - 1;
  year += floorDiv(m0, 12);
  month = m0 - floorDiv(m0, 12) * 12 + 1;
  const y = month <= 2 ? year - 1 : year;
  const era = floorDiv(y, 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = floorDiv(153 * mp + 2, 5) + day - 1;
  const doe = yoe * 365 + floorDiv(yoe, 4) - floorDiv(yoe, 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = floorDiv(z, 146097);
  const doe = z - era * 146097;
  const yoe = floorDiv(doe - floorDiv(doe, 1460) + floorDiv(doe, 36524) - floorDiv(doe, 146096), 365);
  const doy = doe - (365 * yoe + floorDiv(yoe, 4) - floorDiv(yoe, 100));
  const mp = floorDiv(5 * doy + 2, 153);
  const day = doy - floorDiv(153 * mp + 2, 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function isLeap(y: number): boolean {
  return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
}

export function daysIn(month: number, year: number): number {
  if (month === 2) return isLeap(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

// ---- zones -----------------------------------------------------------------------------------

export interface Zone {
  /** The name Go reports for the location. */
  readonly name: string;
  /** Offset east of UTC in seconds, and the zone abbreviation, at a Unix second. */
  lookup(unixSec: number): { offset: number; abbr: string };
}

export const UTC: Zone = { name: 'UTC', lookup: () => ({ offset: 0, abbr: 'UTC' }) };

/** Go prints an unnamed offset zone as tzdata does: `+05`, `-0330`. */
function numericAbbr(offset: number): string {
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const h = String(Math.floor(abs / 3600)).padStart(2, '0');
  const m = Math.floor((abs % 3600) / 60);
  return sign + h + (m === 0 ? '' : String(m).padStart(2, '0'));
}

// ---- zone abbreviations from the tz database files (as Go reads them) ------------------------

const ZONEINFO = '/usr/share/zoneinfo';

interface TzNames {
  /** Transition times (Unix seconds) and the abbreviation and offset in force from each. */
  transitions: number[];
  kinds: { abbr: string; offset: number }[];
  /** The first standard-time kind, used before the first transition. */
  first: { abbr: string; offset: number } | null;
  /** Abbreviations of the footer rule (the zone's future), by offset. */
  rule: Map<number, string>;
}

/** Names and offsets in a POSIX TZ rule such as `CET-1CEST,M3.5.0,M10.5.0/3` or `<+0530>-5:30`. */
function ruleNames(rule: string): Map<number, string> {
  const out = new Map<number, string>();
  const re = /^(<[^>]*>|[A-Za-z]{3,})([+-]?\d{1,3}(?::\d{2}){0,2})?/;
  let rest = rule;
  let std: number | null = null;
  for (let i = 0; i < 2; i++) {
    const m = re.exec(rest);
    if (m === null) break;
    const name = m[1]!.replace(/^<|>$/g, '');
    let offset: number;
    if (m[2] !== undefined) {
      const [h, mi = '0', se = '0'] = m[2].replace(/^[+-]/, '').split(':');
      offset = -(m[2].startsWith('-') ? -1 : 1) * (Number(h) * 3600 + Number(mi) * 60 + Number(se));
    } else offset = (std ?? 0) + 3600;
    std ??= offset;
    if (!out.has(offset)) out.set(offset, name);
    rest = rest.slice(m[0].length);
  }
  return out;
}

function readTzif(buf: Buffer): TzNames | null {
  if (buf.toString('latin1', 0, 4) !== 'TZif') return null;
  const counts = (at: number) => [0, 1, 2, 3, 4, 5].map((i) => buf.readUInt32BE(at + 20 + i * 4));
  let at = 0;
  let [isut, isstd, leap, time, type, chars] = counts(0) as [number, number, number, number, number, number];
  let width = 4;
  if (buf[4]! >= 0x32) {
    at = 44 + time * 5 + type * 6 + chars + leap * 8 + isstd + isut;
    [isut, isstd, leap, time, type, chars] = counts(at) as [number, number, number, number, number, number];
    width = 8;
  }
  let p = at + 44;
  const transitions: number[] = [];
  for (let i = 0; i < time; i++, p += width) transitions.push(width === 8 ? Number(buf.readBigInt64BE(p)) : buf.readInt32BE(p));
  const indexes = [...buf.subarray(p, p + time)];
  p += time;
  const types: { offset: number; dst: boolean; abbrIndex: number }[] = [];
  for (let i = 0; i < type; i++, p += 6) types.push({ offset: buf.readInt32BE(p), dst: buf[p + 4] === 1, abbrIndex: buf[p + 5]! });
  const abbrs = buf.subarray(p, p + chars);
  p += chars + leap * (width + 4) + isstd + isut;
  const named = types.map((t) => ({ abbr: abbrs.toString('latin1', t.abbrIndex, abbrs.indexOf(0, t.abbrIndex)), offset: t.offset }));
  const firstStd = types.findIndex((t) => !t.dst);
  const footer = width === 8 ? buf.toString('latin1', p).trim() : '';
  return {
    transitions,
    kinds: indexes.map((i) => named[i]!),
    first: named[firstStd === -1 ? 0 : firstStd] ?? null,
    rule: ruleNames(footer),
  };
}

const tzNamesCache = new Map<string, TzNames | null>();

function tzNames(name: string): TzNames | null {
  if (!tzNamesCache.has(name)) {
    let names: TzNames | null = null;
    try {
      names = readTzif(readFileSync(`${ZONEINFO}/${name}`));
    } catch {
      // No zone file here: abbreviations come from Intl instead.
    }
    tzNamesCache.set(name, names);
  }
  return tzNamesCache.get(name)!;
}

/** The tz database's abbreviation for a zone at a time, when the offset agrees with it. */
function tzAbbr(zone: string, unixSec: number, offset: number): string | undefined {
  const names = tzNames(zone);
  if (names === null) return undefined;
  const ts = names.transitions;
  let kind = names.first;
  if (ts.length > 0 && unixSec >= ts[0]!) {
    let lo = 0;
    let hi = ts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ts[mid]! <= unixSec) lo = mid;
      else hi = mid - 1;
    }
    kind = lo === ts.length - 1 && names.rule.size > 0 ? null : names.kinds[lo]!;
  }
  if (kind !== null && kind.offset === offset) return kind.abbr;
  return names.rule.get(offset);
}

class IntlZone implements Zone {
  private readonly fmt: Intl.DateTimeFormat;
  private readonly abbrFmt: Intl.DateTimeFormat;

  constructor(
    readonly name: string,
    private readonly tz: string,
  ) {
    this.fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    this.abbrFmt = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'short' });
  }

  lookup(unixSec: number): { offset: number; abbr: string } {
    // Intl's Date range is ±8.64e15 ms; beyond it the zone rules are those at the edge anyway.
    const clamped = Math.max(-8.64e12, Math.min(8.64e12, unixSec));
    const date = new Date(clamped * 1000);
    const parts: Record<string, string> = {};
    for (const p of this.fmt.formatToParts(date)) parts[p.type] = p.value;
    let year = Number(parts.year);
    if (parts.era === 'BC' || parts.era === 'B') year = 1 - year;
    const local =
      daysFromCivil(year, Number(parts.month), Number(parts.day)) * 86400 +
      Number(parts.hour) * 3600 +
      Number(parts.minute) * 60 +
      Number(parts.second);
    const offset = local - clamped;
    return { offset, abbr: tzAbbr(this.tz, clamped, offset) ?? this.intlAbbr(date, offset) };
  }

  private intlAbbr(date: Date, offset: number): string {
    const part = this.abbrFmt.formatToParts(date).find((p) => p.type === 'timeZoneName');
    const name = part?.value ?? '';
    if (name === '' || name.startsWith('GMT')) return offset === 0 && name === 'GMT' ? 'GMT' : numericAbbr(offset);
    return name;
  }
}

const zoneCache = new Map<string, Zone>();

function knownZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
  } catch {
    return false;
  }
  // Intl accepts any letter case; Go reads zone files by exact name.
  return !existsSync(ZONEINFO) || existsSync(`${ZONEINFO}/${name}`);
}

function localZoneName(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** Go's time.LoadLocation, as OPA calls it ("" and "UTC" are UTC). */
export function loadLocation(name: string): Zone {
  if (name === '' || name === 'UTC') return UTC;
  const cached = zoneCache.get(name);
  if (cached !== undefined) return cached;
  let zone: Zone;
  if (name === 'Local') {
    const tz = localZoneName();
    zone = tz === 'UTC' || tz === 'Etc/UTC' ? { name: 'Local', lookup: UTC.lookup } : new IntlZone('Local', tz);
  } else {
    if (name.includes('..') || name.startsWith('/') || name.startsWith('\\'))
      throw new GoTimeError('time: invalid location name');
    if (!knownZone(name)) throw new GoTimeError('unknown time zone ' + name);
    zone = new IntlZone(name, name);
  }
  zoneCache.set(name, zone);
  return zone;
}

// ---- instants ----------------------------------------------------------------------------------

/** A point in time, in a zone, with its civil fields. */
export interface GoTime {
  ns: bigint;
  zone: Zone;
  year: number;
  month: number;
  day: number;
  hour: number;
  min: number;
  sec: number;
  nsec: number;
  /** 0 = Sunday */
  weekday: number;
  /** 1-based day of the year */
  yday: number;
  offset: number;
  abbr: string;
}

export function timeIn(ns: bigint, zone: Zone): GoTime {
  let unixSec = ns / NS_PER_SEC;
  let nsec = ns % NS_PER_SEC;
  if (nsec < 0n) {
    nsec += NS_PER_SEC;
    unixSec -= 1n;
  }
  const { offset, abbr } = zone.lookup(Number(unixSec));
  const local = Number(unixSec) + offset;
  const days = floorDiv(local, 86400);
  const secOfDay = local - days * 86400;
  const { year, month, day } = civilFromDays(days);
  return {
    ns,
    zone,
    year,
    month,
    day,
    hour: Math.floor(secOfDay / 3600),
    min: Math.floor((secOfDay % 3600) / 60),
    sec: secOfDay % 60,
    nsec: Number(nsec),
    weekday: (((days + 4) % 7) + 7) % 7,
    yday: days - daysFromCivil(year, 1, 1) + 1,
    offset,
    abbr,
  };
}

/** Go's time.Date: fields may be out of range and are normalised; the zone decides the offset. */
export function goDate(
  year: number,
  month: number,
  day: number,
  hour: number,
  min: number,
  sec: number,
  nsec: number,
  zone: Zone,
): bigint {
  const localSec = BigInt(daysFromCivil(year, month, 1) + day - 1) * 86400n + BigInt(hour * 3600 + min * 60 + sec);
  let unix = localSec;
  const guess = zone.lookup(Number(localSec)).offset;
  if (guess !== 0) {
    const utc = localSec - BigInt(guess);
    const actual = zone.lookup(Number(utc)).offset;
    unix = localSec - BigInt(actual === guess ? guess : actual);
  }
  return unix * NS_PER_SEC + BigInt(nsec);
}

export function weekdayName(t: GoTime): string {
  return LONG_DAYS[t.weekday]!;
}

// ---- layouts -----------------------------------------------------------------------------------

type Std =
  | 'LongMonth' | 'Month' | 'NumMonth' | 'ZeroMonth'
  | 'LongWeekDay' | 'WeekDay'
  | 'Day' | 'UnderDay' | 'ZeroDay' | 'UnderYearDay' | 'ZeroYearDay'
  | 'Hour' | 'Hour12' | 'ZeroHour12' | 'Minute' | 'ZeroMinute' | 'Second' | 'ZeroSecond'
  | 'LongYear' | 'Year' | 'PM' | 'pm' | 'TZ'
  | 'ISO8601TZ' | 'ISO8601SecondsTZ' | 'ISO8601ShortTZ' | 'ISO8601ColonTZ' | 'ISO8601ColonSecondsTZ'
  | 'NumTZ' | 'NumSecondsTz' | 'NumShortTZ' | 'NumColonTZ' | 'NumColonSecondsTZ'
  | 'FracSecond0' | 'FracSecond9';

interface Chunk {
  prefix: string;
  std: Std | null;
  /** The layout text of the element. */
  text: string;
  suffix: string;
  /** Digits of a fractional-second element, and its separator. */
  digits?: number;
  sep?: string;
}

const ZERO_X: Std[] = ['ZeroMonth', 'ZeroDay', 'ZeroHour12', 'ZeroMinute', 'ZeroSecond', 'Year'];

function isDigitAt(s: string, i: number): boolean {
  return i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57;
}

function startsWithLower(s: string): boolean {
  return s.length > 0 && s[0]! >= 'a' && s[0]! <= 'z';
}

const TZ_ELEMENTS: [string, Std][] = [
  ['-070000', 'NumSecondsTz'],
  ['-07:00:00', 'NumColonSecondsTZ'],
  ['-0700', 'NumTZ'],
  ['-07:00', 'NumColonTZ'],
  ['-07', 'NumShortTZ'],
  ['Z070000', 'ISO8601SecondsTZ'],
  ['Z07:00:00', 'ISO8601ColonSecondsTZ'],
  ['Z0700', 'ISO8601TZ'],
  ['Z07:00', 'ISO8601ColonTZ'],
  ['Z07', 'ISO8601ShortTZ'],
];

/** Finds the first layout element, as Go's nextStdChunk. */
function nextChunk(layout: string): Chunk {
  const at = (i: number, std: Std, len: number, prefixEnd = i): Chunk => ({
    prefix: layout.slice(0, prefixEnd),
    std,
    text: layout.slice(prefixEnd, i + len),
    suffix: layout.slice(i + len),
  });
  for (let i = 0; i < layout.length; i++) {
    const c = layout[i]!;
    const rest = layout.slice(i);
    switch (c) {
      case 'J':
        if (rest.startsWith('Jan')) {
          if (rest.startsWith('January')) return at(i, 'LongMonth', 7);
          if (!startsWithLower(rest.slice(3))) return at(i, 'Month', 3);
        }
        break;
      case 'M':
        if (rest.startsWith('Mon')) {
          if (rest.startsWith('Monday')) return at(i, 'LongWeekDay', 6);
          if (!startsWithLower(rest.slice(3))) return at(i, 'WeekDay', 3);
        }
        if (rest.startsWith('MST')) return at(i, 'TZ', 3);
        break;
      case '0':
        if (rest.length >= 2 && rest[1]! >= '1' && rest[1]! <= '6') return at(i, ZERO_X[rest.charCodeAt(1) - 49]!, 2);
        if (rest.startsWith('002')) return at(i, 'ZeroYearDay', 3);
        break;
      case '1':
        if (rest.startsWith('15')) return at(i, 'Hour', 2);
        return at(i, 'NumMonth', 1);
      case '2':
        if (rest.startsWith('2006')) return at(i, 'LongYear', 4);
        return at(i, 'Day', 1);
      case '_':
        if (rest.startsWith('_2')) {
          // `_2006` is a literal underscore before the year.
          if (rest.startsWith('_2006')) return at(i + 1, 'LongYear', 4, i + 1);
          return at(i, 'UnderDay', 2);
        }
        if (rest.startsWith('__2')) return at(i, 'UnderYearDay', 3);
        break;
      case '3':
        return at(i, 'Hour12', 1);
      case '4':
        return at(i, 'Minute', 1);
      case '5':
        return at(i, 'Second', 1);
      case 'P':
        if (rest.startsWith('PM')) return at(i, 'PM', 2);
        break;
      case 'p':
        if (rest.startsWith('pm')) return at(i, 'pm', 2);
        break;
      case '-':
      case 'Z':
        for (const [text, std] of TZ_ELEMENTS) if (rest.startsWith(text)) return at(i, std, text.length);
        break;
      case '.':
      case ',':
        if (rest.length > 1 && (rest[1] === '0' || rest[1] === '9')) {
          const d = rest[1]!;
          let j = 1;
          while (j < rest.length && rest[j] === d) j++;
          if (!isDigitAt(rest, j)) {
            return { ...at(i, d === '0' ? 'FracSecond0' : 'FracSecond9', j), digits: j - 1, sep: c };
          }
        }
        break;
    }
  }
  return { prefix: layout, std: null, text: '', suffix: '' };
}

// ---- formatting ----------------------------------------------------------------------------------

function pad(n: number, width: number): string {
  const neg = n < 0;
  const s = String(Math.abs(n)).padStart(width, '0');
  return neg ? '-' + s : s;
}

function formatZone(std: Std, offset: number): string {
  const iso = std.startsWith('ISO');
  if (offset === 0 && iso) return 'Z';
  let zone = Math.trunc(offset / 60);
  let abs = offset;
  let out = '+';
  if (zone < 0) {
    out = '-';
    zone = -zone;
    abs = -abs;
  }
  out += pad(Math.floor(zone / 60), 2);
  const colon = std.includes('Colon');
  if (colon) out += ':';
  if (std !== 'NumShortTZ' && std !== 'ISO8601ShortTZ') out += pad(zone % 60, 2);
  if (std.includes('Seconds')) {
    if (colon) out += ':';
    out += pad(abs % 60, 2);
  }
  return out;
}

function formatFraction(nsec: number, digits: number, sep: string, trim: boolean): string {
  if (trim && (digits === 0 || nsec === 0)) return '';
  let s = String(nsec).padStart(9, '0');
  if (digits < 9) s = s.slice(0, digits);
  if (trim) s = s.replace(/0+$/, '');
  return s === '' ? '' : sep + s;
}

function formatElement(t: GoTime, chunk: Chunk): string {
  const hr12 = t.hour % 12 === 0 ? 12 : t.hour % 12;
  switch (chunk.std!) {
    case 'Year':
      return pad(Math.abs(t.year) % 100, 2);
    case 'LongYear':
      return pad(t.year, 4);
    case 'Month':
      return SHORT_MONTHS[t.month - 1]!;
    case 'LongMonth':
      return LONG_MONTHS[t.month - 1]!;
    case 'NumMonth':
      return String(t.month);
    case 'ZeroMonth':
      return pad(t.month, 2);
    case 'WeekDay':
      return SHORT_DAYS[t.weekday]!;
    case 'LongWeekDay':
      return LONG_DAYS[t.weekday]!;
    case 'Day':
      return String(t.day);
    case 'UnderDay':
      return (t.day < 10 ? ' ' : '') + t.day;
    case 'ZeroDay':
      return pad(t.day, 2);
    case 'UnderYearDay':
      return (t.yday < 10 ? '  ' : t.yday < 100 ? ' ' : '') + t.yday;
    case 'ZeroYearDay':
      return pad(t.yday, 3);
    case 'Hour':
      return pad(t.hour, 2);
    case 'Hour12':
      return String(hr12);
    case 'ZeroHour12':
      return pad(hr12, 2);
    case 'Minute':
      return String(t.min);
    case 'ZeroMinute':
      return pad(t.min, 2);
    case 'Second':
      return String(t.sec);
    case 'ZeroSecond':
      return pad(t.sec, 2);
    case 'PM':
      return t.hour >= 12 ? 'PM' : 'AM';
    case 'pm':
      return t.hour >= 12 ? 'pm' : 'am';
    case 'TZ':
      if (t.abbr !== '') return t.abbr;
      return formatZone('NumTZ', t.offset);
    case 'FracSecond0':
      return formatFraction(t.nsec, chunk.digits!, chunk.sep!, false);
    case 'FracSecond9':
      return formatFraction(t.nsec, chunk.digits!, chunk.sep!, true);
    default:
      return formatZone(chunk.std!, t.offset);
  }
}

/** Go's Time.Format. */
export function formatTime(t: GoTime, layout: string): string {
  let out = '';
  while (layout !== '') {
    const chunk = nextChunk(layout);
    out += chunk.prefix;
    if (chunk.std === null) break;
    out += formatElement(t, chunk);
    layout = chunk.suffix;
  }
  return out;
}

// ---- parsing -------------------------------------------------------------------------------------

class Bad extends Error {}

function parseError(layout: string, value: string, layoutElem: string, valueElem: string, message = ''): GoTimeError {
  if (message !== '') return new GoTimeError('parsing time ' + timeQuote(value) + message);
  return new GoTimeError(
    `parsing time ${timeQuote(value)} as ${timeQuote(layout)}: cannot parse ${timeQuote(valueElem)} as ${timeQuote(layoutElem)}`,
  );
}

function cutSpace(s: string): string {
  let i = 0;
  while (i < s.length && s[i] === ' ') i++;
  return s.slice(i);
}

/** Matches the literal text between elements; spaces match any run of spaces. */
function skip(value: string, prefix: string): string {
  while (prefix.length > 0) {
    if (prefix[0] === ' ') {
      if (value.length > 0 && value[0] !== ' ') throw new Bad();
      prefix = cutSpace(prefix);
      value = cutSpace(value);
      continue;
    }
    if (value.length === 0 || value[0] !== prefix[0]) throw new Bad();
    prefix = prefix.slice(1);
    value = value.slice(1);
  }
  return value;
}

function getnum(s: string, fixed: boolean): [number, string] {
  if (!isDigitAt(s, 0)) throw new Bad();
  if (!isDigitAt(s, 1)) {
    if (fixed) throw new Bad();
    return [s.charCodeAt(0) - 48, s.slice(1)];
  }
  return [(s.charCodeAt(0) - 48) * 10 + s.charCodeAt(1) - 48, s.slice(2)];
}

function getnum3(s: string, fixed: boolean): [number, string] {
  let n = 0;
  let i = 0;
  for (; i < 3 && isDigitAt(s, i); i++) n = n * 10 + s.charCodeAt(i) - 48;
  if (i === 0 || (fixed && i !== 3)) throw new Bad();
  return [n, s.slice(i)];
}

/** Go's atoi: optional sign and decimal digits, nothing else. */
function atoi(s: string): number {
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (!/^[0-9]+$/.test(s) || s.length > 18) throw new Bad();
  const n = Number(s);
  return neg ? -n : n;
}

function lookupName(tab: string[], val: string): [number, string] {
  for (let i = 0; i < tab.length; i++) {
    const v = tab[i]!;
    if (val.length >= v.length && val.slice(0, v.length).toLowerCase() === v.toLowerCase()) return [i, val.slice(v.length)];
  }
  throw new Bad();
}

function isSep(c: string | undefined): boolean {
  return c === '.' || c === ',';
}

/** Parses `nbytes` characters of a fraction (separator first) to nanoseconds. */
function parseNanoseconds(value: string, nbytes: number): [number, string] {
  if (!isSep(value[0])) throw new Bad();
  if (nbytes > 10) nbytes = 10;
  const ns = atoi(value.slice(1, nbytes));
  if (ns < 0) return [0, 'fractional second'];
  return [ns * 10 ** (10 - nbytes), ''];
}

function parseSignedOffset(value: string): number {
  const sign = value[0];
  if (sign !== '-' && sign !== '+') return 0;
  const m = /^[0-9]+/.exec(value.slice(1));
  if (m === null || m[0].length > 18) return 0;
  if (Number(m[0]) > 12) return 0;
  return 1 + m[0].length;
}

/** Length of a time zone abbreviation at the start of value, or 0. */
function parseTimeZone(value: string): number {
  if (value.length < 3) return 0;
  if (value.startsWith('ChST') || value.startsWith('MeST')) return 4;
  if (value.startsWith('GMT')) return value.length === 3 ? 3 : 3 + parseSignedOffset(value.slice(3));
  if (value[0] === '+' || value[0] === '-') return parseSignedOffset(value);
  let upper = 0;
  while (upper < 6 && upper < value.length && value[upper]! >= 'A' && value[upper]! <= 'Z') upper++;
  switch (upper) {
    case 5:
      return value[4] === 'T' ? 5 : 0;
    case 4:
      return value[3] === 'T' || value.startsWith('WITA') ? 4 : 0;
    case 3:
      return 3;
    default:
      return 0;
  }
}

interface Fields {
  year: number;
  month: number;
  day: number;
  yday: number;
  hour: number;
  min: number;
  sec: number;
  nsec: number;
  utc: boolean;
  zoneOffset: number | null;
  zoneName: string;
  am: boolean;
  pm: boolean;
}

/** Parses one element; returns the rest of the value and a range error name, if any. */
function parseElement(f: Fields, chunk: Chunk, layoutRest: string, value: string): [string, string] {
  const std = chunk.std!;
  let rangeErr = '';
  switch (std) {
    case 'Year': {
      if (value.length < 2) throw new Bad();
      const y = atoi(value.slice(0, 2));
      f.year = y >= 69 ? y + 1900 : y + 2000;
      return [value.slice(2), ''];
    }
    case 'LongYear':
      if (value.length < 4 || !isDigitAt(value, 0)) throw new Bad();
      f.year = atoi(value.slice(0, 4));
      return [value.slice(4), ''];
    case 'Month':
    case 'LongMonth': {
      const [m, rest] = lookupName(std === 'Month' ? SHORT_MONTHS : LONG_MONTHS, value);
      f.month = m + 1;
      return [rest, ''];
    }
    case 'NumMonth':
    case 'ZeroMonth': {
      const [m, rest] = getnum(value, std === 'ZeroMonth');
      f.month = m;
      return [rest, m <= 0 || m > 12 ? 'month' : ''];
    }
    case 'WeekDay':
      return [lookupName(SHORT_DAYS, value)[1], ''];
    case 'LongWeekDay':
      return [lookupName(LONG_DAYS, value)[1], ''];
    case 'Day':
    case 'UnderDay':
    case 'ZeroDay': {
      if (std === 'UnderDay' && value[0] === ' ') value = value.slice(1);
      const [d, rest] = getnum(value, std === 'ZeroDay');
      f.day = d;
      return [rest, ''];
    }
    case 'UnderYearDay':
    case 'ZeroYearDay': {
      for (let i = 0; i < 2; i++) if (std === 'UnderYearDay' && value[0] === ' ') value = value.slice(1);
      const [d, rest] = getnum3(value, std === 'ZeroYearDay');
      f.yday = d;
      return [rest, ''];
    }
    case 'Hour': {
      const [h, rest] = getnum(value, false);
      f.hour = h;
      return [rest, h >= 24 ? 'hour' : ''];
    }
    case 'Hour12':
    case 'ZeroHour12': {
      const [h, rest] = getnum(value, std === 'ZeroHour12');
      f.hour = h;
      return [rest, h > 12 ? 'hour' : ''];
    }
    case 'Minute':
    case 'ZeroMinute': {
      const [m, rest] = getnum(value, std === 'ZeroMinute');
      f.min = m;
      return [rest, m >= 60 ? 'minute' : ''];
    }
    case 'Second':
    case 'ZeroSecond': {
      const [s, rest0] = getnum(value, std === 'ZeroSecond');
      let rest = rest0;
      f.sec = s;
      if (s >= 60) return [rest, 'second'];
      // A fraction in the value that the layout does not mention is still taken.
      if (rest.length >= 2 && isSep(rest[0]) && isDigitAt(rest, 1)) {
        const next = nextChunk(layoutRest).std;
        if (next === 'FracSecond0' || next === 'FracSecond9') return [rest, ''];
        let n = 2;
        while (n < rest.length && isDigitAt(rest, n)) n++;
        [f.nsec, rangeErr] = parseNanoseconds(rest, n);
        rest = rest.slice(n);
      }
      return [rest, rangeErr];
    }
    case 'PM':
    case 'pm': {
      if (value.length < 2) throw new Bad();
      const p = value.slice(0, 2);
      const [am, pm] = std === 'PM' ? ['AM', 'PM'] : ['am', 'pm'];
      if (p === pm) f.pm = true;
      else if (p === am) f.am = true;
      else throw new Bad();
      return [value.slice(2), ''];
    }
    case 'TZ': {
      if (value.startsWith('UTC')) {
        f.utc = true;
        return [value.slice(3), ''];
      }
      const n = parseTimeZone(value);
      if (n === 0) throw new Bad();
      f.zoneName = value.slice(0, n);
      return [value.slice(n), ''];
    }
    case 'FracSecond0': {
      const ndigit = 1 + chunk.digits!;
      if (value.length < ndigit) throw new Bad();
      [f.nsec, rangeErr] = parseNanoseconds(value, ndigit);
      return [value.slice(ndigit), rangeErr];
    }
    case 'FracSecond9': {
      if (value.length < 2 || !isSep(value[0]) || !isDigitAt(value, 1)) return [value, ''];
      let i = 0;
      while (i + 1 < value.length && isDigitAt(value, i + 1)) i++;
      [f.nsec, rangeErr] = parseNanoseconds(value, 1 + i);
      return [value.slice(1 + i), rangeErr];
    }
    default:
      return parseZoneOffset(f, std, value);
  }
}

function parseZoneOffset(f: Fields, std: Std, value: string): [string, string] {
  if (std.startsWith('ISO') && value[0] === 'Z') {
    f.utc = true;
    return [value.slice(1), ''];
  }
  let parts: [string, string, string, string];
  let rest: string;
  if (std === 'ISO8601ColonTZ' || std === 'NumColonTZ') {
    if (value.length < 6 || value[3] !== ':') throw new Bad();
    parts = [value[0]!, value.slice(1, 3), value.slice(4, 6), '00'];
    rest = value.slice(6);
  } else if (std === 'NumShortTZ' || std === 'ISO8601ShortTZ') {
    if (value.length < 3) throw new Bad();
    parts = [value[0]!, value.slice(1, 3), '00', '00'];
    rest = value.slice(3);
  } else if (std === 'ISO8601ColonSecondsTZ' || std === 'NumColonSecondsTZ') {
    if (value.length < 9 || value[3] !== ':' || value[6] !== ':') throw new Bad();
    parts = [value[0]!, value.slice(1, 3), value.slice(4, 6), value.slice(7, 9)];
    rest = value.slice(9);
  } else if (std === 'ISO8601SecondsTZ' || std === 'NumSecondsTz') {
    if (value.length < 7) throw new Bad();
    parts = [value[0]!, value.slice(1, 3), value.slice(3, 5), value.slice(5, 7)];
    rest = value.slice(7);
  } else {
    if (value.length < 5) throw new Bad();
    parts = [value[0]!, value.slice(1, 3), value.slice(3, 5), '00'];
    rest = value.slice(5);
  }
  const [sign, hh, mm, ss] = parts;
  const hr = getnum(hh, true)[0];
  const mi = getnum(mm, true)[0];
  const se = getnum(ss, true)[0];
  let rangeErr = '';
  if (hr > 24) rangeErr = 'time zone offset hour';
  if (mi > 60) rangeErr = 'time zone offset minute';
  if (se > 60) rangeErr = 'time zone offset second';
  const offset = (hr * 60 + mi) * 60 + se;
  if (sign === '+') f.zoneOffset = offset;
  else if (sign === '-') f.zoneOffset = -offset;
  else throw new Bad();
  return [rest, rangeErr];
}

const DAYS_BEFORE = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];

/** Go's time.Parse with the UTC default location (the local zone taken as UTC). Returns Unix ns. */
export function parseTime(layout: string, value: string): bigint {
  const f: Fields = {
    year: 0, month: -1, day: -1, yday: -1, hour: 0, min: 0, sec: 0, nsec: 0,
    utc: false, zoneOffset: null, zoneName: '', am: false, pm: false,
  };
  const origLayout = layout;
  const origValue = value;
  for (;;) {
    const chunk = nextChunk(layout);
    try {
      value = skip(value, chunk.prefix);
    } catch (e) {
      if (e instanceof Bad) throw parseError(origLayout, origValue, chunk.prefix, value);
      throw e;
    }
    if (chunk.std === null) {
      if (value.length !== 0) throw parseError(origLayout, origValue, '', value, ': extra text: ' + timeQuote(value));
      break;
    }
    layout = chunk.suffix;
    const hold = value;
    let rangeErr: string;
    try {
      [value, rangeErr] = parseElement(f, chunk, layout, value);
    } catch (e) {
      if (e instanceof Bad) throw parseError(origLayout, origValue, chunk.text, hold);
      throw e;
    }
    if (rangeErr !== '') throw parseError(origLayout, origValue, chunk.text, value, ': ' + rangeErr + ' out of range');
  }
  if (f.pm && f.hour < 12) f.hour += 12;
  else if (f.am && f.hour === 12) f.hour = 0;
  resolveYearDay(f, origLayout, origValue, value);
  if (f.day < 1 || f.day > daysIn(f.month, f.year))
    throw parseError(origLayout, origValue, '', value, ': day out of range');
  const local = goDate(f.year, f.month, f.day, f.hour, f.min, f.sec, f.nsec, UTC);
  if (f.utc) return local;
  if (f.zoneOffset !== null) return local - BigInt(f.zoneOffset) * NS_PER_SEC;
  if (f.zoneName !== '' && f.zoneName.length > 3 && f.zoneName.startsWith('GMT'))
    return local - BigInt(atoi(f.zoneName.slice(3)) * 3600) * NS_PER_SEC;
  return local;
}

function resolveYearDay(f: Fields, layout: string, value: string, rest: string): void {
  if (f.yday < 0) {
    if (f.month < 0) f.month = 1;
    if (f.day < 0) f.day = 1;
    return;
  }
  let yday = f.yday;
  let m = 0;
  let d = 0;
  if (isLeap(f.year)) {
    if (yday === 31 + 29) {
      m = 2;
      d = 29;
    } else if (yday > 31 + 29) yday--;
  }
  if (yday < 1 || yday > 365) throw parseError(layout, value, '', rest, ': day-of-year out of range');
  if (m === 0) {
    m = Math.floor((yday - 1) / 31) + 1;
    if (DAYS_BEFORE[m]! < yday) m++;
    d = yday - DAYS_BEFORE[m - 1]!;
  }
  if (f.month >= 0 && f.month !== m) throw parseError(layout, value, '', rest, ': day-of-year does not match month');
  f.month = m;
  if (f.day >= 0 && f.day !== d) throw parseError(layout, value, '', rest, ': day-of-year does not match day');
  f.day = d;
}

// ---- durations -----------------------------------------------------------------------------------

const UNITS: Record<string, bigint> = {
  ns: 1n,
  us: 1000n,
  'µs': 1000n,
  'μs': 1000n,
  ms: 1_000_000n,
  s: NS_PER_SEC,
  m: 60n * NS_PER_SEC,
  h: 3600n * NS_PER_SEC,
};

const TWO63 = 2n ** 63n;

/** Go's time.ParseDuration, in nanoseconds. */
export function parseDuration(orig: string): bigint {
  const invalid = () => new GoTimeError('time: invalid duration ' + timeQuote(orig));
  let s = orig;
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') throw invalid();
  let total = 0n;
  while (s !== '') {
    if (!(s[0] === '.' || isDigitAt(s, 0))) throw invalid();
    const intMatch = /^[0-9]*/.exec(s)![0];
    let v = 0n;
    for (const c of intMatch) {
      if (v > TWO63 / 10n) throw invalid();
      v = v * 10n + BigInt(c.charCodeAt(0) - 48);
      if (v > TWO63) throw invalid();
    }
    s = s.slice(intMatch.length);
    let frac = 0n;
    let scale = 1;
    let post = false;
    if (s[0] === '.') {
      s = s.slice(1);
      const fracMatch = /^[0-9]*/.exec(s)![0];
      post = fracMatch.length > 0;
      let overflow = false;
      for (const c of fracMatch) {
        if (overflow) continue;
        if (frac > (TWO63 - 1n) / 10n) {
          overflow = true;
          continue;
        }
        const y = frac * 10n + BigInt(c.charCodeAt(0) - 48);
        if (y > TWO63) {
          overflow = true;
          continue;
        }
        frac = y;
        scale *= 10;
      }
      s = s.slice(fracMatch.length);
    }
    if (intMatch.length === 0 && !post) throw invalid();
    const unitMatch = /^[^0-9.]*/.exec(s)![0];
    if (unitMatch.length === 0) throw new GoTimeError('time: missing unit in duration ' + timeQuote(orig));
    s = s.slice(unitMatch.length);
    const unit = UNITS[unitMatch];
    if (unit === undefined)
      throw new GoTimeError('time: unknown unit ' + timeQuote(unitMatch) + ' in duration ' + timeQuote(orig));
    if (v > TWO63 / unit) throw invalid();
    v *= unit;
    if (frac > 0n) {
      // Go computes the fraction's share in float64, truncating.
      v += BigInt(Math.trunc(Number(frac) * (Number(unit) / scale)));
      if (v > TWO63) throw invalid();
    }
    total += v;
    if (total > TWO63) throw invalid();
  }
  if (neg) return -total;
  if (total > TWO63 - 1n) throw invalid();
  return total;
}
