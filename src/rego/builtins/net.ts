// Networking built-ins: CIDR arithmetic (net.cidr_*) and DNS lookups (network access only).

import { execFileSync } from 'node:child_process';
import { T, type Type } from '../types.js';
import { RObject, RSet, type Value } from '../value.js';
import {
  CIDRError,
  contains,
  defaultMask,
  fromBig,
  type IP,
  type IPNet,
  ipText,
  lastIP,
  maskIP,
  netText,
  parseCIDR,
  parseIP,
  to4,
  toBig,
} from './goip.js';
import { type BuiltinDef, BuiltinError, str } from './registry.js';

function cidr(s: string): ReturnType<typeof parseCIDR> {
  try {
    return parseCIDR(s);
  } catch (e) {
    if (e instanceof CIDRError) throw new BuiltinError(e.message);
    throw e;
  }
}

/** Whether the CIDR `a` contains the IP or CIDR `b` (OPA reads both as operand 1). */
function cidrContains(a: Value, b: Value): boolean {
  const netA = cidr(str([a], 1)).net;
  const bs = str([b], 1);
  const ip = parseIP(bs);
  if (ip !== null) return contains(netA, ip);
  let netB: IPNet;
  try {
    netB = parseCIDR(bs).net;
  } catch {
    throw new BuiltinError('not a valid textual representation of an IP address or CIDR: ' + bs);
  }
  return contains(netA, netB.ip) && contains(netA, lastIP(netB));
}

/** The (cidr, key) pairs of a cidr_contains_matches operand. */
function matchOperand(pos: number, v: Value): [Value, Value][] {
  const cidrOf = (x: Value): Value => {
    if (typeof x === 'string') return x;
    if (Array.isArray(x) && x.length > 0) return x[0]!;
    throw new BuiltinError(`operand ${pos}: element must be string or non-empty array`);
  };
  if (typeof v === 'string') return [[v, v]];
  if (Array.isArray(v)) return v.map((x, i) => [cidrOf(x), i]);
  if (v instanceof RSet) return v.values().map((x) => [cidrOf(x), x]);
  if (v instanceof RObject) return [...v.entries()].map(([k, x]) => [cidrOf(x), k]);
  return [];
}

function containsMatches(args: Value[]): Value {
  const out = new RSet();
  for (const [c1, k1] of matchOperand(1, args[0]!)) {
    for (const [c2, k2] of matchOperand(2, args[1]!)) if (cidrContains(c1, c2)) out.add([k1, k2]);
  }
  return out;
}

/** Beyond this many addresses an expansion cannot be held in memory anyway. */
const MAX_EXPAND = 1n << 24n;

function expand(args: Value[]): Value {
  const { ip, net } = cidr(str(args, 1));
  let cur = maskIP(ip, net.mask)!;
  const first = toBig(cur);
  const count = toBig(lastIP(net)) - first + 1n;
  if (count > MAX_EXPAND) throw new BuiltinError(`CIDR ${str(args, 1)} has too many addresses to expand`);
  const out = new RSet();
  for (let i = 0n; i < count; i++) {
    cur = fromBig(first + i, cur.length);
    out.add(ipText(cur));
  }
  return out;
}

// ---- cidr_merge ----------------------------------------------------------------------------------

interface Range {
  first: bigint;
  last: bigint;
  /** The network as given, while the range is not merged with another. */
  net: IPNet | null;
}

const V4_BASE = 0xffffn << 32n;

/** First and last address as 16-byte values (IPv4 as v4-in-v6), as OPA's merge sees a network. */
function addressRange(n: IPNet): Range {
  const masked = maskIP(n.ip, n.mask)!;
  const v4 = to4(masked);
  const first = v4 !== null ? V4_BASE | toBig(v4) : toBig(masked);
  const hostBits = BigInt(n.mask.length * 8) - BigInt(n.mask.reduce((a, b) => a + popcount(b), 0));
  return { first, last: first | ((1n << hostBits) - 1n), net: n };
}

function popcount(b: number): number {
  let c = 0;
  for (; b; b &= b - 1) c++;
  return c;
}

function mergeInput(v: Value): IPNet[] {
  const items = Array.isArray(v) ? v : v instanceof RSet ? v.values() : null;
  if (items === null) throw new BuiltinError('operand must be an array');
  return items.map((x) => {
    if (typeof x !== 'string') throw new BuiltinError('element must be string');
    const ip = parseIP(x);
    if (ip === null) return cidr(x).net;
    const mask = defaultMask(ip);
    if (mask === null) throw new BuiltinError('IPv6 invalid: needs prefix length');
    return { ip, mask };
  });
}

/** The fewest aligned blocks covering [first, last]. */
function rangeToCIDRs(first: bigint, last: bigint): string[] {
  const isV4 = first >> 32n === 0xffffn;
  const bits = isV4 ? 32n : 128n;
  const base = isV4 ? V4_BASE : 0n;
  let cur = first - base;
  const end = last - base;
  const out: string[] = [];
  while (cur <= end) {
    let k = 0n;
    while (k < bits && (cur & ((1n << (k + 1n)) - 1n)) === 0n && cur + (1n << (k + 1n)) - 1n <= end) k++;
    const ip: IP = isV4 ? fromBig(cur, 4) : fromBig(cur, 16);
    out.push(ipText(ip) + '/' + String(bits - k));
    cur += 1n << k;
  }
  return out;
}

function merge(args: Value[]): Value {
  const ranges = mergeInput(args[0]!).map(addressRange);
  ranges.sort((a, b) => (a.last !== b.last ? (a.last < b.last ? -1 : 1) : a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  for (let i = ranges.length - 1; i > 0; i--) {
    const cur = ranges[i]!;
    const prev = ranges[i - 1]!;
    const before = cur.first === 0n || cur.first === V4_BASE ? cur.first : cur.first - 1n;
    if (before <= prev.last) {
      ranges[i - 1] = { first: prev.first < cur.first ? prev.first : cur.first, last: cur.last, net: null };
      ranges.splice(i, 1);
    }
  }
  const out = new RSet();
  for (const r of ranges) {
    if (r.net !== null) out.add(netText(r.net));
    else for (const c of rangeToCIDRs(r.first, r.last)) out.add(c);
  }
  return out;
}

// ---- DNS -----------------------------------------------------------------------------------------

const LOOKUP_SCRIPT = `
require('node:dns').lookup(process.argv[1], { all: true }, (err, addrs) => {
  if (err) { process.stdout.write(JSON.stringify({ code: err.code })); return; }
  process.stdout.write(JSON.stringify({ addrs: addrs.map((a) => a.address) }));
});`;

/** Resolves a host name synchronously (built-ins are synchronous) in a child Node process. */
function lookupIPAddr(args: Value[], cache: Map<string, unknown>): Value {
  const name = str(args, 1);
  const key = 'net.lookup_ip_addr:' + name;
  const cached = cache.get(key);
  if (cached !== undefined) return cached as Value;
  const text = execFileSync(process.execPath, ['-e', LOOKUP_SCRIPT, name], { encoding: 'utf8', timeout: 10_000 });
  const res = JSON.parse(text) as { code?: string; addrs?: string[] };
  if (res.addrs === undefined) {
    const reason = res.code === 'ENOTFOUND' ? 'no such host' : `lookup failed (${res.code})`;
    throw new BuiltinError(`lookup ${name}: ${reason}`);
  }
  const out = RSet.of(res.addrs.map((a) => ipText(parseIP(a) ?? new Uint8Array())));
  cache.set(key, out);
  return out;
}

const matchesOperand: Type = T.anyOf(
  T.string,
  T.array(T.anyOf(T.string, T.array(T.any))),
  T.set(T.anyOf(T.string, T.array(T.any))),
  T.object(T.string, T.anyOf(T.string, T.array(T.any))),
);

export const builtins: BuiltinDef[] = [
  {
    name: 'net.cidr_contains',
    decl: T.fn([T.string, T.string], T.boolean),
    fn: (args) => cidrContains(args[0]!, args[1]!),
  },
  {
    name: 'net.cidr_overlap',
    decl: T.fn([T.string, T.string], T.boolean),
    deprecated: true,
    fn: (args) => cidrContains(args[0]!, args[1]!),
  },
  {
    name: 'net.cidr_intersects',
    decl: T.fn([T.string, T.string], T.boolean),
    fn: (args) => {
      // OPA reports either operand's type as operand 1.
      const a = cidr(str(args, 1)).net;
      const b = cidr(str([args[1]!], 1)).net;
      return contains(a, b.ip) || contains(b, a.ip);
    },
  },
  {
    name: 'net.cidr_contains_matches', lenient: true,
    decl: T.fn([matchesOperand, matchesOperand], T.set(T.tuple(T.any, T.any))),
    fn: containsMatches,
  },
  {
    name: 'net.cidr_expand',
    decl: T.fn([T.string], T.set(T.string)),
    fn: expand,
  },
  {
    name: 'net.cidr_merge',
    decl: T.fn([T.anyOf(T.array(T.anyOf(T.string)), T.set(T.string))], T.set(T.string)),
    fn: merge,
  },
  {
    name: 'net.cidr_is_valid', lenient: true,
    decl: T.fn([T.string], T.boolean),
    fn: (args) => {
      const s = args[0];
      if (typeof s !== 'string') return false;
      try {
        parseCIDR(s);
        return true;
      } catch {
        return false;
      }
    },
  },
  {
    name: 'net.lookup_ip_addr',
    decl: T.fn([T.string], T.set(T.string)),
    nondeterministic: true,
    network: true,
    fn: (args, ctx) => lookupIPAddr(args, ctx.cache),
  },
];
