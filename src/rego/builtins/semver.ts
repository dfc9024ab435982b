// semver.is_valid and semver.compare, with the rules of the go-semver code OPA vendors:
// MAJOR.MINOR.PATCH as 64-bit integers, optional -pre.release and +build identifiers.

import { T } from '../types.js';
import { type Value, goQuote } from '../value.js';
import { type BuiltinDef, BuiltinError, str } from './registry.js';

interface Version {
  core: [bigint, bigint, bigint];
  pre: string;
}

const IDENTIFIERS = /^[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*$/;
const INT64_MAX = 2n ** 63n - 1n;

function cut(s: string, sep: string): [string, string] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i + 1)];
}

export function parseSemver(s: string): Version | undefined {
  const [rest, meta] = cut(s, '+');
  const [core, pre] = cut(rest, '-');
  const parts = core.split('.');
  if (parts.length < 3) return undefined;
  const nums = [parts[0]!, parts[1]!, parts.slice(2).join('.')];
  if ((pre !== '' && !IDENTIFIERS.test(pre)) || (meta !== '' && !IDENTIFIERS.test(meta))) return undefined;
  const parsed: bigint[] = [];
  for (const n of nums) {
    if (!/^[+-]?\d+$/.test(n)) return undefined;
    const v = BigInt(n);
    if (v > INT64_MAX || v < -INT64_MAX - 1n) return undefined;
    parsed.push(v);
  }
  return { core: parsed as [bigint, bigint, bigint], pre };
}

/** Go's strconv.Atoi on a pre-release identifier. */
function atoi(s: string): bigint | undefined {
  if (!/^[+-]?\d+$/.test(s)) return undefined;
  const v = BigInt(s);
  return v > INT64_MAX || v < -INT64_MAX - 1n ? undefined : v;
}

function comparePre(a: string[], b: string[]): number {
  for (let i = 0; ; i++) {
    if (i === a.length) return i === b.length ? 0 : -1;
    if (i === b.length) return 1;
    const x = a[i]!;
    const y = b[i]!;
    const xi = atoi(x);
    const yi = atoi(y);
    // Numeric identifiers sort before alphanumeric ones.
    if (xi !== undefined && yi === undefined) return -1;
    if (xi === undefined && yi !== undefined) return 1;
    if (xi !== undefined && yi !== undefined && xi !== yi) return xi < yi ? -1 : 1;
    if (x !== y) return x < y ? -1 : 1;
  }
}

export function compareSemver(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a.core[i] !== b.core[i]) return a.core[i]! < b.core[i]! ? -1 : 1;
  if (a.pre === '' && b.pre !== '') return 1;
  if (b.pre === '' && a.pre !== '') return -1;
  return comparePre(a.pre.split('.'), b.pre.split('.'));
}

function compare(args: Value[]): Value {
  const a = str(args, 1);
  const b = str(args, 2);
  const va = parseSemver(a);
  if (va === undefined) throw new BuiltinError(`operand 1: string ${goQuote(a)} is not a valid SemVer`);
  const vb = parseSemver(b);
  if (vb === undefined) throw new BuiltinError(`operand 2: string ${goQuote(b)} is not a valid SemVer`);
  return compareSemver(va, vb);
}

export const builtins: BuiltinDef[] = [
  {
    name: 'semver.is_valid',
    decl: T.fn([T.any], T.boolean),
    fn: ([v]) => typeof v === 'string' && parseSemver(v) !== undefined,
  },
  { name: 'semver.compare', decl: T.fn([T.string, T.string], T.number), fn: compare },
];
