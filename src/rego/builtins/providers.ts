// providers.aws.sign_req: AWS Signature Version 4 for an http.send request object, as OPA
// computes it (deterministic: the signing time is an argument).

import { createHash, createHmac } from 'node:crypto';
import { isNum, toBigInt } from '../number.js';
import { T } from '../types.js';
import { RObject, RSet, regoText, toJSONText, type Value } from '../value.js';
import { MAX_INT64, MIN_INT64, timeIn, UTC } from './gotime.js';
import { validateRequest } from './http.js';
import { type BuiltinDef, BuiltinError, obj, operandError, typeError } from './registry.js';

const REQUIRED_CONFIG = ['aws_access_key', 'aws_region', 'aws_secret_access_key', 'aws_service'];

// Headers a proxy may change on the way: never signed.
const IGNORED_HEADERS = new Set(['authorization', 'user-agent', 'x-amzn-trace-id']);

const str = (v: Value | undefined): string => (typeof v === 'string' ? v : '');

function validateConfig(config: RObject): void {
  const missing = RSet.of(REQUIRED_CONFIG.filter((k) => !config.has(k)));
  if (missing.size > 0) throw operandError(2, `missing required AWS config parameters(s): ${regoText(missing)}`);
  const invalid = RSet.of(REQUIRED_CONFIG.filter((k) => typeof config.get(k) !== 'string'));
  if (invalid.size > 0) throw operandError(2, `invalid values for required AWS config parameters(s): ${regoText(invalid)}`);
}

function signingTime(v: Value): bigint {
  if (!isNum(v)) throw typeError(1, v, 'number');
  const ns = toBigInt(v);
  // OPA reads the number's text as a decimal int64: `1e9` or `1.0` do not qualify.
  const text = typeof v === 'number' ? '' : v.text;
  if (ns === undefined || ns < MIN_INT64 || ns > MAX_INT64 || /[.eE]/.test(text))
    throw operandError(3, 'could not convert time_ns value into a unix timestamp');
  return ns;
}

interface ParsedURL {
  host: string;
  path: string;
  query: string;
}

/** The parts of a URL SigV4 signs, as Go's url.URL has them (path and query as written). */
function parseURL(u: string): ParsedURL {
  const m = /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):)?(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?/.exec(u)!;
  if (m[2] !== undefined && /[\x00-\x20\x7f]/.test(m[2]))
    throw new BuiltinError(`parse ${JSON.stringify(u)}: invalid character in host name`);
  return { host: m[2] ?? '', path: m[3] ?? '', query: m[4] ?? '' };
}

function requestBody(req: RObject): Buffer {
  const raw = req.get('raw_body');
  if (raw !== undefined) return Buffer.from(str(raw));
  const body = req.get('body');
  if (body !== undefined) return Buffer.from(toJSONText(body, { escapeHTML: true, sortKeysAsText: true }));
  return Buffer.alloc(0);
}

const hex = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const hmac = (key: Buffer | string, msg: string) => createHmac('sha256', key).update(msg).digest();

interface Signing {
  method: string;
  url: ParsedURL;
  headers: Map<string, string>;
  body: Buffer;
  service: string;
  region: string;
  accessKey: string;
  secretKey: string;
  sessionToken: string;
  ns: bigint;
  unsignedPayload: boolean;
}

/** Returns the Authorization header and the headers SigV4 adds. */
function signV4(s: Signing): [string, Map<string, string>] {
  const t = timeIn(s.ns, UTC);
  const p2 = (n: number) => String(n).padStart(2, '0');
  const date = `${String(t.year).padStart(4, '0')}${p2(t.month)}${p2(t.day)}`;
  const stamp = `${date}T${p2(t.hour)}${p2(t.min)}${p2(t.sec)}Z`;
  const payloadHash = s.unsignedPayload ? 'UNSIGNED-PAYLOAD' : hex(s.body);
  const awsHeaders = new Map<string, string>([
    ['host', s.url.host],
    ['x-amz-date', stamp],
  ]);
  if (s.service === 's3' || s.service === 'glacier') awsHeaders.set('x-amz-content-sha256', payloadHash);
  if (s.sessionToken !== '') awsHeaders.set('x-amz-security-token', s.sessionToken);
  const toSign = new Map(awsHeaders);
  for (const [k, v] of s.headers) {
    const lower = k.toLowerCase();
    if (!IGNORED_HEADERS.has(lower)) toSign.set(lower, v);
  }
  const names = [...toSign.keys()].sort();
  const canonical =
    `${s.method}\n${s.url.path}\n${s.url.query}\n` +
    names.map((k) => `${k}:${toSign.get(k)}\n`).join('') +
    `\n${names.join(';')}\n${payloadHash}`;
  const scope = `${date}/${s.region}/${s.service}/aws4_request`;
  const stringToSign = `AWS4-HMAC-SHA256\n${stamp}\n${scope}\n${hex(canonical)}`;
  let key = hmac('AWS4' + s.secretKey, date);
  key = hmac(key, s.region);
  key = hmac(key, s.service);
  key = hmac(key, 'aws4_request');
  const signature = hmac(key, stringToSign).toString('hex');
  const auth = `AWS4-HMAC-SHA256 Credential=${s.accessKey}/${scope},SignedHeaders=${names.join(';')},Signature=${signature}`;
  return [auth, awsHeaders];
}

function signRequest(args: Value[]): Value {
  const req = obj(args, 1);
  const config = obj([args[1]!], 1);
  validateConfig(config);
  const ns = signingTime(args[2]!);
  validateRequest(args, 1);
  const headersValue = req.get('headers') ?? new RObject();
  if (!(headersValue instanceof RObject)) throw typeError(0, headersValue, 'object');
  const invalid = RSet.of(['url', 'method'].filter((k) => typeof req.get(k) !== 'string'));
  if (invalid.size > 0) throw operandError(1, `invalid values for required request parameters(s): ${regoText(invalid)}`);
  const url = parseURL(req.get('url') as string);
  const headers = new Map<string, string>();
  for (const [k, v] of headersValue.entries()) headers.set(str(k), str(v));
  const disable = config.get('disable_payload_signing');
  if (disable !== undefined && typeof disable !== 'boolean')
    throw operandError(2, "invalid value for 'disable_payload_signing' in AWS config");
  const [auth, awsHeaders] = signV4({
    method: req.get('method') as string,
    url,
    headers,
    body: requestBody(req),
    service: str(config.get('aws_service')),
    region: str(config.get('aws_region')),
    accessKey: str(config.get('aws_access_key')),
    secretKey: str(config.get('aws_secret_access_key')),
    sessionToken: str(config.get('aws_session_token')),
    ns,
    unsignedPayload: disable === true,
  });
  const signed = new RObject();
  for (const [k, v] of headers) signed.set(k, v);
  signed.set('Authorization', auth);
  for (const [k, v] of awsHeaders) signed.set(k, v);
  const out = req.copy();
  out.set('headers', signed);
  return out;
}

export const builtins: BuiltinDef[] = [
  {
    name: 'providers.aws.sign_req',
    decl: T.fn([T.object(T.string, T.any), T.object(T.string, T.any), T.number], T.object(T.any, T.any)),
    fn: signRequest,
  },
];
