// Time built-ins: nanosecond timestamps, Go layouts and durations, IANA time zones.

import { fromBigInt, isNum, type Num, toBigInt } from '../number.js';
import { T, type Type } from '../types.js';
import type { Value } from '../value.js';
import {
  daysIn,
  formatTime,
  goDate,
  GoTimeError,
  loadLocation,
  MAX_INT64,
  MIN_INT64,
  NAMED_LAYOUTS,
  parseDuration,
  parseTime,
  timeIn,
  type GoTime,
  UTC,
  weekdayName,
  type Zone,
} from './gotime.js';
import { type BuiltinDef, BuiltinError, int, str, typeError } from './registry.js';

const TZ_EXPECTED = 'either number (ns) or [number (ns), string (tz)]';

/** Runs Go-time code, turning its errors into built-in errors. */
function go<R>(f: () => R): R {
  try {
    return f();
  } catch (e) {
    if (e instanceof GoTimeError) throw new BuiltinError(e.message);
    throw e;
  }
}

/** The nanoseconds of a number as OPA reads a timestamp (an exact int64 or an error). */
function timestampNs(n: Num): bigint {
  const i = toBigInt(n);
  if (i === undefined || i < MIN_INT64 || i > MAX_INT64) throw new BuiltinError('timestamp too big');
  return i;
}

interface ZonedArg {
  time: GoTime;
  layout: string;
}

/** Reads `ns` or `[ns, tz]` or `[ns, tz, layout]`, as OPA's tzTime (always as operand 1). */
function zonedTime(v: Value): ZonedArg {
  let n: Value;
  let zone: Zone = UTC;
  let layout = '';
  if (Array.isArray(v)) {
    if (v.length === 0) throw typeError(1, v, TZ_EXPECTED);
    n = v[0]!;
    if (!isNum(n)) throw typeError(1, n, 'number');
    if (v.length > 1) {
      const tz = v[1]!;
      if (typeof tz !== 'string') throw typeError(1, tz, 'string');
      zone = go(() => loadLocation(tz));
    }
    if (v.length > 2) {
      const l = v[2]!;
      if (typeof l !== 'string') throw typeError(1, l, 'string');
      layout = l;
    }
  } else if (isNum(v)) {
    n = v;
  } else {
    throw typeError(1, v, TZ_EXPECTED);
  }
  return { time: timeIn(timestampNs(n as Num), zone), layout };
}

function safeNs(ns: bigint): Num {
  if (ns < MIN_INT64 || ns > MAX_INT64) throw new BuiltinError('time outside of valid range');
  return fromBigInt(ns);
}

function resolveLayout(layout: string): string {
  return NAMED_LAYOUTS[layout] ?? layout;
}

function addDate(args: Value[]): Value {
  const { time: t } = zonedTime(args[0]!);
  const years = int(args, 2);
  const months = int(args, 3);
  const days = int(args, 4);
  const ns = goDate(t.year + years, t.month + months, t.day + days, t.hour, t.min, t.sec, t.nsec, t.zone);
  return safeNs(ns);
}

/** Calendar difference as [years, months, days, hours, minutes, seconds], as OPA computes it. */
function diff(args: Value[]): Value {
  let a = zonedTime(args[0]!).time;
  let b = zonedTime(args[1]!).time;
  if (b.zone !== a.zone) b = timeIn(b.ns, a.zone);
  if (a.ns > b.ns) [a, b] = [b, a];
  let year = b.year - a.year;
  let month = b.month - a.month;
  let day = b.day - a.day;
  let hour = b.hour - a.hour;
  let min = b.min - a.min;
  let sec = b.sec - a.sec;
  if (sec < 0) {
    sec += 60;
    min--;
  }
  if (min < 0) {
    min += 60;
    hour--;
  }
  if (hour < 0) {
    hour += 24;
    day--;
  }
  if (day < 0) {
    day += daysIn(a.month, a.year);
    month--;
  }
  if (month < 0) {
    month += 12;
    year--;
  }
  return [year, month, day, hour, min, sec];
}

const nsOrZoned: Type = T.anyOf(T.number, T.tuple(T.number, T.string));

export const builtins: BuiltinDef[] = [
  {
    name: 'time.now_ns',
    decl: T.fn([], T.number),
    nondeterministic: true,
    fn: (_args, ctx) => fromBigInt(ctx.nowNs),
  },
  {
    name: 'time.parse_ns',
    decl: T.fn([T.string, T.string], T.number),
    fn: (args) => {
      const layout = resolveLayout(str(args, 1));
      const value = str(args, 2);
      return safeNs(go(() => parseTime(layout, value)));
    },
  },
  {
    name: 'time.parse_rfc3339_ns',
    decl: T.fn([T.string], T.number),
    fn: (args) => {
      const value = str(args, 1);
      return safeNs(go(() => parseTime(NAMED_LAYOUTS.RFC3339!, value)));
    },
  },
  {
    name: 'time.parse_duration_ns',
    decl: T.fn([T.string], T.number),
    fn: (args) => {
      const d = str(args, 1);
      return fromBigInt(go(() => parseDuration(d)));
    },
  },
  {
    name: 'time.format',
    decl: T.fn(
      [T.anyOf(T.number, T.tuple(T.number, T.string), T.tuple(T.number, T.string, T.string))],
      T.string,
    ),
    fn: (args) => {
      const { time, layout } = zonedTime(args[0]!);
      return formatTime(time, layout === '' ? NAMED_LAYOUTS.RFC3339Nano! : resolveLayout(layout));
    },
  },
  {
    name: 'time.date',
    decl: T.fn([nsOrZoned], T.tuple(T.number, T.number, T.number)),
    fn: (args) => {
      const t = zonedTime(args[0]!).time;
      return [t.year, t.month, t.day];
    },
  },
  {
    name: 'time.clock',
    decl: T.fn([nsOrZoned], T.tuple(T.number, T.number, T.number)),
    fn: (args) => {
      const t = zonedTime(args[0]!).time;
      return [t.hour, t.min, t.sec];
    },
  },
  {
    name: 'time.weekday',
    decl: T.fn([nsOrZoned], T.string),
    fn: (args) => weekdayName(zonedTime(args[0]!).time),
  },
  {
    name: 'time.add_date',
    decl: T.fn([T.number, T.number, T.number, T.number], T.number),
    fn: addDate,
  },
  {
    name: 'time.diff',
    decl: T.fn(
      [nsOrZoned, nsOrZoned],
      T.tuple(T.number, T.number, T.number, T.number, T.number, T.number),
    ),
    fn: diff,
  },
];
