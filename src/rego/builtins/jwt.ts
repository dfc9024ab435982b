// JSON Web Token built-ins: decoding, signature verification with secrets, PEM keys,
// certificates and JWK sets, full claim verification, and signing.

import {
  constants,
  createHmac,
  createPrivateKey,
  createPublicKey,
  createSecretKey,
  type JsonWebKey,
  type KeyObject,
  sign as nodeSign,
  timingSafeEqual,
  verify as nodeVerify,
} from 'node:crypto';
import { compareNum, isNum, type Num, toFloat64 } from '../number.js';
import { T } from '../types.js';
import { RObject, toJSONText, type Value } from '../value.js';
import { validJSON, JSONSyntaxError, parseJSON } from './gojson.js';
import { type BuiltinDef, BuiltinError, obj, str } from './registry.js';
import { goBase64Decode, parseCertificates, pemDecode, X509Error } from './x509.js';

// ---- encodings -------------------------------------------------------------------------------------

/** OPA's base64url.decode: missing padding is added back; errors as Go's decoder gives them. */
function base64UrlDecode(s: string): Buffer {
  if (!s.endsWith('=')) {
    const rem = s.length % 4;
    if (rem === 1) throw new BuiltinError(`illegal base64url string: ${s}`);
    if (rem === 2) s += '==';
    else if (rem === 3) s += '=';
  }
  const bad = /[^A-Za-z0-9\-_=\r\n]/.exec(s);
  try {
    if (bad !== null) throw new X509Error(`illegal base64 data at input byte ${bad.index}`);
    return goBase64Decode(s.replace(/-/g, '+').replace(/_/g, '/'));
  } catch (e) {
    if (e instanceof X509Error) throw new BuiltinError(e.message);
    throw e;
  }
}

const b64url = (b: Uint8Array | string) => Buffer.from(b).toString('base64url');

function jsonObject(text: string): RObject {
  let v: Value;
  try {
    v = parseJSON(text);
  } catch (e) {
    if (e instanceof JSONSyntaxError) throw new BuiltinError(`invalid JSON: ${e.message}`);
    throw e;
  }
  if (!(v instanceof RObject)) throw new BuiltinError('decoded JSON type was not an Object');
  return v;
}

function prefixed<R>(prefix: string, f: () => R): R {
  try {
    return f();
  } catch (e) {
    if (e instanceof BuiltinError) throw new BuiltinError(prefix + e.message, e.kind);
    throw e;
  }
}

// ---- tokens ----------------------------------------------------------------------------------------

interface Token {
  header: string;
  payload: string;
  signature: string;
}

function splitToken(v: Value): Token {
  const s = str([v], 1);
  if (!s.includes('.')) throw new BuiltinError('encoded JWT had no period separators');
  const parts = s.split('.');
  if (parts.length !== 3) throw new BuiltinError(`encoded JWT must have 3 sections, found ${parts.length}`);
  return { header: parts[0]!, payload: parts[1]!, signature: parts[2]! };
}

function decodeHeader(t: Token): RObject {
  const text = prefixed('JWT header had invalid encoding: ', () => base64UrlDecode(t.header)).toString('utf8');
  const header = prefixed('bad JWT header: ', () => jsonObject(text));
  if (header.has('enc')) throw new BuiltinError('JWT is a JWE object, which is not supported');
  return header;
}

function decodePayloadText(t: Token): string {
  return prefixed('JWT payload had invalid encoding: ', () => base64UrlDecode(t.payload)).toString('utf8');
}

function decode(v: Value): Value {
  const t = splitToken(v);
  const header = decodeHeader(t);
  let payloadText = decodePayloadText(t);
  if (header.get('cty') === 'JWT') {
    // A nested token arrives quoted, as jwt.io does it.
    payloadText = payloadText.replace(/^["']+|["']+$/g, '');
    return decode(payloadText);
  }
  const payload = jsonObject(payloadText);
  const sig = prefixed('JWT signature had invalid encoding: ', () => base64UrlDecode(t.signature));
  return [header, payload, sig.toString('hex')];
}

interface Header {
  alg: string;
  kid: string;
  cty: string;
  crit: Set<string>;
  unknown: string[];
}

function parseHeader(h: RObject): Header {
  const out: Header = { alg: '', kid: '', cty: '', crit: new Set(), unknown: [] };
  for (const [k, v] of h.entries()) {
    const key = k as string;
    if (key === 'alg' || key === 'kid' || key === 'typ' || key === 'cty') {
      if (typeof v !== 'string') throw new BuiltinError(`${key}: must be a string`);
      if (key !== 'typ') out[key] = v;
    } else if (key === 'crit') {
      if (!Array.isArray(v)) throw new BuiltinError('crit: must be a list');
      for (const x of v) if (typeof x === 'string') out.crit.add(x);
      if (out.crit.size === 0) throw new BuiltinError('crit: must be a nonempty list');
    } else {
      out.unknown.push(key);
    }
  }
  return out;
}

function headerValid(h: Header): boolean {
  return h.alg !== '' && !h.unknown.some((u) => h.crit.has(u));
}

// ---- keys ------------------------------------------------------------------------------------------

const ALGORITHMS = new Set([
  'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'HS256', 'HS384', 'HS512', 'EdDSA',
]);

interface VerificationKey {
  key: KeyObject;
  alg: string;
  kid: string;
}

function jwkKey(jwk: Record<string, unknown>): KeyObject {
  if (jwk.kty === 'oct') {
    if (typeof jwk.k !== 'string') throw new Error('missing "k"');
    return createSecretKey(Buffer.from(jwk.k, 'base64url'));
  }
  const asJwk = jwk as JsonWebKey;
  return typeof jwk.d === 'string' ? createPrivateKey({ key: asJwk, format: 'jwk' }) : createPublicKey({ key: asJwk, format: 'jwk' });
}

/** A JWK or a JWK set, as jwx reads it. */
function parseJWKs(text: string): VerificationKey[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new Error(`failed to unmarshal JSON into key set: ${(e as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('invalid JWK: not an object');
  const raw = parsed as Record<string, unknown>;
  const list = Array.isArray(raw.keys) ? (raw.keys as Record<string, unknown>[]) : [raw];
  return list.map((jwk) => {
    if (typeof jwk.kty !== 'string') throw new Error('invalid key type from JSON ()');
    return {
      key: jwkKey(jwk),
      alg: typeof jwk.alg === 'string' ? jwk.alg : '',
      kid: typeof jwk.kid === 'string' ? jwk.kid : '',
    };
  });
}

/** The keys in a PEM certificate, a PEM public key, or a JWK (set). */
function verificationKeys(text: string): VerificationKey[] {
  const pem = pemDecode(text);
  if (pem !== null) {
    if (pem.rest.length > 0) throw new BuiltinError('extra data after a PEM certificate block');
    if (pem.block.type === 'CERTIFICATE') {
      try {
        const cert = parseCertificates(pem.block.bytes)[0];
        if (cert === undefined) throw new X509Error('x509: malformed certificate');
        return [{ key: cert.node.publicKey, alg: '', kid: '' }];
      } catch (e) {
        throw new BuiltinError(`failed to parse a PEM certificate: ${(e as Error).message}`);
      }
    }
    if (pem.block.type === 'PUBLIC KEY') {
      try {
        return [{ key: createPublicKey({ key: pem.block.bytes, format: 'der', type: 'spki' }), alg: '', kid: '' }];
      } catch {
        throw new BuiltinError('failed to parse a PEM public key: asn1: structure error');
      }
    }
    throw new BuiltinError('failed to extract a Key from the PEM certificate');
  }
  try {
    return parseJWKs(text).filter((k) => k.alg === '' || ALGORITHMS.has(k.alg));
  } catch (e) {
    throw new BuiltinError(`failed to parse a JWK key (set): ${(e as Error).message}`);
  }
}

// ---- signatures ------------------------------------------------------------------------------------

const HASHES: Record<string, string> = { '256': 'sha256', '384': 'sha384', '512': 'sha512' };

function hashOf(alg: string): string {
  return HASHES[alg.slice(2)] ?? '';
}

function derInt(b: Buffer): Buffer {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  let body = b.subarray(i);
  if (body[0]! & 0x80) body = Buffer.concat([Buffer.of(0), body]);
  return Buffer.concat([Buffer.of(0x02, body.length), body]);
}

/** r || s split in half (as Go's verifyES does) and re-encoded as DER. */
function ecdsaDer(sig: Buffer): Buffer {
  const n = Math.floor(sig.length / 2);
  const seq = Buffer.concat([derInt(sig.subarray(0, n)), derInt(sig.subarray(n))]);
  const len = seq.length < 128 ? Buffer.of(seq.length) : Buffer.of(0x81, seq.length);
  return Buffer.concat([Buffer.of(0x30), len, seq]);
}

function publicOf(key: KeyObject): KeyObject {
  return key.type === 'private' ? createPublicKey(key) : key;
}

/** Verifies a signature for a JWS algorithm; false when the key does not suit the algorithm. */
function verifySignature(key: KeyObject, alg: string, data: Buffer, sig: Buffer, strictEcdsa: boolean): boolean {
  try {
    const family = alg.slice(0, 2);
    if (family === 'HS') {
      if (key.type !== 'secret') return false;
      const mac = createHmac(hashOf(alg), key.export()).update(data).digest();
      return mac.length === sig.length && timingSafeEqual(mac, sig);
    }
    if (key.type === 'secret') return false;
    const pub = publicOf(key);
    switch (alg === 'EdDSA' ? 'Ed' : family) {
      case 'RS':
        return pub.asymmetricKeyType === 'rsa' && nodeVerify(hashOf(alg), data, { key: pub, padding: constants.RSA_PKCS1_PADDING }, sig);
      case 'PS':
        return (
          pub.asymmetricKeyType === 'rsa' &&
          nodeVerify(hashOf(alg), data, { key: pub, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO }, sig)
        );
      case 'ES':
        if (pub.asymmetricKeyType !== 'ec') return false;
        if (strictEcdsa) return nodeVerify(hashOf(alg), data, { key: pub, dsaEncoding: 'ieee-p1363' }, sig);
        return nodeVerify(hashOf(alg), data, { key: pub, dsaEncoding: 'der' }, ecdsaDer(sig));
      case 'Ed':
        return pub.asymmetricKeyType === 'ed25519' && nodeVerify(null, data, pub, sig);
      default:
        return false;
    }
  } catch {
    return false;
  }
}

/** The io.jwt.verify_<alg> built-ins that take a certificate, public key or JWK (set). */
function verifyWithKeys(alg: string): BuiltinDef['fn'] {
  return (args) => {
    const token = splitToken(args[0]!);
    const keys = verificationKeys(str(args, 2));
    const sig = base64UrlDecode(token.signature);
    const header = parseHeader(decodeHeader(token));
    const data = Buffer.from(token.header + '.' + token.payload);
    if (header.kid !== '') {
      const byKid = keys.find((k) => k.kid === header.kid);
      if (byKid !== undefined) return verifySignature(byKid.key, alg, data, sig, false);
    }
    return keys.some((k) => (k.alg === '' || k.alg === header.alg) && verifySignature(k.key, alg, data, sig, false));
  };
}

function verifyHmac(alg: string): BuiltinDef['fn'] {
  return (args) => {
    const jwt = str(args, 1);
    const secret = str(args, 2);
    const token = splitToken(jwt);
    const mac = createHmac(hashOf(alg), Buffer.from(secret)).update(token.header + '.' + token.payload).digest();
    const sig = base64UrlDecode(token.signature);
    return mac.length === sig.length && timingSafeEqual(mac, sig);
  };
}

// ---- decode_verify ---------------------------------------------------------------------------------

interface Constraints {
  secret: string;
  alg: string;
  iss: string;
  aud: string;
  keys: VerificationKey[] | null;
  /** Nanoseconds, as a float64. */
  time: number;
}

function constraintTime(v: Value): number {
  if (!isNum(v)) throw new BuiltinError('token time constraint: must be a number');
  const t = toFloat64(v);
  if (!Number.isFinite(t)) throw new BuiltinError('token time constraint: unvalid float64');
  if (t < 0) throw new BuiltinError('token time constraint: must not be negative');
  return t;
}

function parseConstraints(o: RObject, nowNs: bigint): Constraints {
  const c: Constraints = { secret: '', alg: '', iss: '', aud: '', keys: null, time: -1 };
  for (const [k, v] of o.entries()) {
    const name = k as string;
    switch (name) {
      case 'cert':
        if (typeof v !== 'string') throw new BuiltinError('cert constraint: must be a string');
        c.keys = verificationKeys(v);
        break;
      case 'secret':
      case 'alg':
      case 'iss':
      case 'aud':
        if (typeof v !== 'string') throw new BuiltinError(`${name} constraint: must be a string`);
        c[name] = v;
        break;
      case 'time':
        c.time = constraintTime(v);
        break;
      default:
        throw new BuiltinError(`unknown token validation constraint: ${name}`);
    }
  }
  if (c.time === -1) c.time = Number(nowNs);
  const keySources = (c.keys !== null ? 1 : 0) + (c.secret !== '' ? 1 : 0);
  if (keySources > 1) throw new BuiltinError('duplicate key constraints');
  if (keySources < 1) throw new BuiltinError('no key constraint');
  return c;
}

function constraintsVerify(c: Constraints, h: Header, data: Buffer, sig: Buffer): boolean {
  if (c.keys !== null) {
    if (h.kid !== '') {
      const byKid = c.keys.find((k) => k.kid === h.kid);
      if (byKid !== undefined) return verifySignature(byKid.key, h.alg, data, sig, true);
    }
    return c.keys.some((k) => (k.alg === '' || k.alg === h.alg) && verifySignature(k.key, h.alg, data, sig, true));
  }
  return verifySignature(createSecretKey(Buffer.from(c.secret)), h.alg, data, sig, true);
}

function validAudience(c: Constraints, aud: Value): boolean {
  if (typeof aud === 'string') return aud === c.aud;
  return Array.isArray(aud) && aud.some((x) => x === c.aud);
}

const UNVERIFIED: Value = [false, RObject.empty(), RObject.empty()];

function decodeVerify(args: Value[], nowNs: bigint): Value {
  let jwt: Value = args[0]!;
  const c = parseConstraints(obj(args, 2), nowNs);
  let headerObj: RObject;
  let payloadText: string;
  for (;;) {
    const token = splitToken(jwt);
    headerObj = decodeHeader(token);
    const header = parseHeader(headerObj);
    if (!headerValid(header)) return UNVERIFIED;
    if (c.alg !== '' && c.alg !== header.alg) return UNVERIFIED;
    const sig = base64UrlDecode(token.signature);
    if (!constraintsVerify(c, header, Buffer.from(token.header + '.' + token.payload), sig)) return UNVERIFIED;
    payloadText = decodePayloadText(token);
    if (header.cty.toUpperCase() !== 'JWT') break;
    jwt = payloadText;
  }
  const payload = jsonObject(payloadText);
  return checkClaims(c, headerObj, payload);
}

function checkClaims(c: Constraints, header: RObject, payload: RObject): Value {
  if (c.iss !== '' && payload.get('iss') !== c.iss) return UNVERIFIED;
  const aud = payload.get('aud');
  if (aud !== undefined ? !validAudience(c, aud) : c.aud !== '') return UNVERIFIED;
  const seconds = c.time / 1e9;
  const exp = payload.get('exp');
  if (exp !== undefined) {
    if (!isNum(exp)) throw new BuiltinError('exp value must be a number');
    if (compareNum(seconds, exp as Num) !== -1) return UNVERIFIED;
  }
  const nbf = payload.get('nbf');
  if (nbf !== undefined) {
    if (!isNum(nbf)) throw new BuiltinError('nbf value must be a number');
    if (compareNum(seconds, nbf as Num) === -1) return UNVERIFIED;
  }
  return [true, header, payload];
}

// ---- signing ---------------------------------------------------------------------------------------

function fastjsonType(v: Value): string {
  if (v === null) return 'null';
  if (v === true) return 'true';
  if (v === false) return 'false';
  if (typeof v === 'string') return 'string';
  if (isNum(v)) return 'number';
  return Array.isArray(v) ? 'array' : 'object';
}

/** A header value as jwsbb.HeaderGetString reads it. */
function headerString(headers: string, key: string): string | Error {
  let h: Value;
  try {
    h = parseJSON(headers);
  } catch {
    return new Error(`jwsbb: header "${key}" not found`);
  }
  const v = h instanceof RObject ? h.get(key) : undefined;
  if (v === undefined) return new Error(`jwsbb: header "${key}" not found`);
  if (typeof v !== 'string') return new Error(`value doesn't contain string; it contains ${fastjsonType(v)}`);
  return v;
}

function signingKey(jwkText: string): KeyObject {
  let keys: VerificationKey[];
  try {
    keys = parseJWKs(jwkText);
  } catch (e) {
    throw new BuiltinError((e as Error).message);
  }
  if (keys.length === 0) throw new BuiltinError('no keys found in JWK set');
  return keys[0]!.key;
}

function signPayload(key: KeyObject, alg: string, data: Buffer): Buffer {
  const family = alg === 'EdDSA' ? 'Ed' : alg.slice(0, 2);
  const fail = () => new BuiltinError(`failed to sign payload: invalid key type for algorithm ${alg}`);
  if (family === 'HS') {
    if (key.type !== 'secret') throw fail();
    return createHmac(hashOf(alg), key.export()).update(data).digest();
  }
  if (key.type !== 'private') throw fail();
  const type = key.asymmetricKeyType;
  try {
    switch (family) {
      case 'RS':
        if (type !== 'rsa') throw fail();
        return nodeSign(hashOf(alg), data, { key, padding: constants.RSA_PKCS1_PADDING });
      case 'PS':
        if (type !== 'rsa') throw fail();
        return nodeSign(hashOf(alg), data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST });
      case 'ES':
        if (type !== 'ec') throw fail();
        return nodeSign(hashOf(alg), data, { key, dsaEncoding: 'ieee-p1363' });
      default:
        if (type !== 'ed25519') throw fail();
        return nodeSign(null, data, key);
    }
  } catch (e) {
    if (e instanceof BuiltinError) throw e;
    throw fail();
  }
}

function encodeSign(headers: string, payload: string, jwk: string): string {
  const key = signingKey(jwk);
  const alg = headerString(headers, 'alg');
  if (alg instanceof Error) throw new BuiltinError(`missing or invalid 'alg' header: ${alg.message}`);
  if (!ALGORITHMS.has(alg)) throw new BuiltinError(`unknown JWS algorithm: ${alg}`);
  const typ = headerString(headers, 'typ');
  if ((typ instanceof Error || typ === 'JWT') && !validJSON(payload))
    throw new BuiltinError('type is JWT but payload is not JSON');
  const signingInput = b64url(headers) + '.' + b64url(payload);
  return signingInput + '.' + b64url(signPayload(key, alg, Buffer.from(signingInput)));
}

function goJSON(v: Value): string {
  return toJSONText(v, { escapeHTML: true, sortKeysAsText: true });
}

const anyObject = T.object(T.any, T.any);
const stringAnyObject = T.object(T.string, T.any);
const verifyDecl = T.fn([T.string, T.string], T.boolean);

const keyVerifiers: BuiltinDef[] = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'].map(
  (alg) => ({ name: `io.jwt.verify_${alg.toLowerCase()}`, decl: verifyDecl, fn: verifyWithKeys(alg) }),
);

const hmacVerifiers: BuiltinDef[] = ['HS256', 'HS384', 'HS512'].map((alg) => ({
  name: `io.jwt.verify_${alg.toLowerCase()}`,
  decl: verifyDecl,
  fn: verifyHmac(alg),
}));

export const builtins: BuiltinDef[] = [
  {
    name: 'io.jwt.decode',
    decl: T.fn([T.string], T.tuple(anyObject, anyObject, T.string)),
    fn: (args) => decode(args[0]!),
  },
  ...keyVerifiers,
  ...hmacVerifiers,
  {
    name: 'io.jwt.decode_verify',
    decl: T.fn([T.string, stringAnyObject], T.tuple(T.boolean, anyObject, anyObject)),
    nondeterministic: true,
    fn: (args, ctx) => decodeVerify(args, ctx.nowNs),
  },
  {
    name: 'io.jwt.encode_sign_raw',
    decl: T.fn([T.string, T.string, T.string], T.string),
    nondeterministic: true,
    fn: (args) => {
      const jwk = str(args, 3);
      return encodeSign(str(args, 1), str(args, 2), jwk);
    },
  },
  {
    name: 'io.jwt.encode_sign',
    decl: T.fn([stringAnyObject, stringAnyObject, stringAnyObject], T.string),
    nondeterministic: true,
    fn: (args) => encodeSign(goJSON(args[0]!), goJSON(args[1]!), goJSON(args[2]!)),
  },
];
