// uuid.rfc4122 (random, stable per key within a query) and uuid.parse (google/uuid's formats).

import { randomUUID } from 'node:crypto';
import { fromBigInt } from '../number.js';
import { T } from '../types.js';
import { RObject, type Value, canonicalKey } from '../value.js';
import { type BuiltinContext, type BuiltinDef, str } from './registry.js';

function rfc4122(args: Value[], ctx: BuiltinContext): Value {
  const key = 'uuid.rfc4122\u0000' + canonicalKey(args[0]!);
  const hit = ctx.cache.get(key);
  if (hit !== undefined) return hit as Value;
  const id = randomUUID();
  ctx.cache.set(key, id);
  return id;
}

/** The 16 bytes of a UUID in any form google/uuid accepts, or undefined. */
function uuidBytes(s: string): Uint8Array | undefined {
  let hex: string;
  if (s.length === 36) hex = dashed(s) ?? '';
  else if (s.length === 45 && s.slice(0, 9).toLowerCase() === 'urn:uuid:') hex = dashed(s.slice(9)) ?? '';
  else if (s.length === 38 && s[0] === '{' && s[37] === '}') hex = dashed(s.slice(1, 37)) ?? '';
  else if (s.length === 32) hex = s;
  else return undefined;
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) return undefined;
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

function dashed(s: string): string | undefined {
  if (s[8] !== '-' || s[13] !== '-' || s[18] !== '-' || s[23] !== '-') return undefined;
  return s.replace(/-/g, '');
}

function variant(b: number): string {
  if ((b & 0xc0) === 0x80) return 'RFC4122';
  if ((b & 0xe0) === 0xc0) return 'Microsoft';
  if ((b & 0xe0) === 0xe0) return 'Future';
  return 'Reserved';
}

function macVariables(b: number): string {
  if ((b & 3) === 3) return 'local:multicast';
  if ((b & 1) === 1) return 'global:multicast';
  if ((b & 2) === 2) return 'local:unicast';
  return 'global:unicast';
}

/** 100-ns intervals between 1582-10-15 (the UUID epoch) and 1970-01-01. */
const GREGORIAN_OFFSET = 122192928000000000n;

function timeNs(b: Uint8Array): bigint {
  const view = new DataView(b.buffer, b.byteOffset);
  const t = BigInt(view.getUint32(0)) | (BigInt(view.getUint16(4)) << 32n) | (BigInt(view.getUint16(6) & 0xfff) << 48n);
  const since = t - GREGORIAN_OFFSET;
  // Go splits into seconds and nanoseconds with truncating division.
  return (since / 10000000n) * 1000000000n + (since % 10000000n) * 100n;
}

const DOMAINS = ['Person', 'Group', 'Org'];

function parse(args: Value[]): Value | undefined {
  const b = uuidBytes(str(args, 1));
  if (b === undefined) return undefined;
  const out = new RObject();
  const version = b[6]! >> 4;
  out.set('version', version);
  out.set('variant', variant(b[8]!));
  if (version === 1 || version === 2) {
    out.set('time', fromBigInt(timeNs(b)));
    out.set('nodeid', Array.from(b.subarray(10), (x) => x.toString(16).padStart(2, '0')).join('-'));
    out.set('macvariables', macVariables(b[10]!));
    out.set('clocksequence', ((b[8]! << 8) | b[9]!) & 0x3fff);
    if (version === 2) {
      out.set('id', new DataView(b.buffer, b.byteOffset).getUint32(0));
      out.set('domain', DOMAINS[b[9]!] ?? `Domain${b[9]}`);
    }
  }
  return out;
}

export const builtins: BuiltinDef[] = [
  { name: 'uuid.rfc4122', lenient: true, decl: T.fn([T.string], T.string), fn: rfc4122, nondeterministic: true },
  { name: 'uuid.parse', decl: T.fn([T.string], T.object(T.string, T.any)), fn: parse },
];
