// Crypto built-ins: hashes, HMACs, and X.509 certificates, chains, CSRs and keys in the shapes
// OPA produces from Go's crypto/x509 structs.

import { createHash, createHmac, type KeyObject, timingSafeEqual } from 'node:crypto';
import { isNum, toBigInt } from '../number.js';
import { T } from '../types.js';
import { fromJS, RObject, RSet, type Value } from '../value.js';
import { MAX_INT64, MIN_INT64 } from './gotime.js';
import { ipText, parseIP } from './goip.js';
import { type BuiltinDef, BuiltinError, obj, str } from './registry.js';
import {
  type Certificate,
  EXT_KEY_USAGES,
  extendedCertJson,
  goBase64Decode,
  INSECURE_SIG_ALGS,
  parseCertificateRequest,
  parseCertificates,
  parsePrivateKey,
  pemBlocks,
  pemDecode,
  pemEncode,
  type PrivateKeyKind,
  privateKeyJson,
  X509Error,
} from './x509.js';

/** Runs parsing code, turning its errors into built-in errors. */
function x509<R>(f: () => R): R {
  try {
    return f();
  } catch (e) {
    if (e instanceof X509Error) throw new BuiltinError(e.message);
    throw e;
  }
}

const utf8 = (s: string) => Buffer.from(s, 'utf8');

function hashFn(alg: string): BuiltinDef['fn'] {
  return (args) => createHash(alg).update(utf8(str(args, 1))).digest('hex');
}

function hmacFn(alg: string): BuiltinDef['fn'] {
  return (args) => {
    const message = str(args, 1);
    const key = str(args, 2);
    return createHmac(alg, utf8(key)).update(utf8(message)).digest('hex');
  };
}

// ---- certificates -------------------------------------------------------------------------------

const BEGIN = '-----BEGIN';

function certsFromPem(text: string): Certificate[] {
  const der: Buffer[] = [];
  for (let r = pemDecode(text); r !== null; r = pemDecode(r.rest)) {
    if (r.block.type !== 'CERTIFICATE')
      throw new X509Error(`PEM block type is '${r.block.type}', expected CERTIFICATE`);
    der.push(r.block.bytes);
  }
  return parseCertificates(Buffer.concat(der));
}

/** PEM text, base64 of PEM text, or base64 of DER, as OPA accepts certificates. */
function certsFromString(input: string): Certificate[] {
  if (input.startsWith(BEGIN)) return certsFromPem(input);
  const bytes = goBase64Decode(input);
  if (bytes.subarray(0, BEGIN.length).toString('latin1') === BEGIN) return certsFromPem(bytes.toString('latin1'));
  return parseCertificates(bytes);
}

interface VerifyOptions {
  dnsName: string;
  timeMs: number;
  keyUsages: number[];
}

const KEY_USAGE_NAMES: Record<string, number> = {
  KeyUsageAny: 0,
  KeyUsageServerAuth: 1,
  KeyUsageClientAuth: 2,
  KeyUsageCodeSigning: 3,
  KeyUsageEmailProtection: 4,
  KeyUsageIPSECEndSystem: 5,
  KeyUsageIPSECTunnel: 6,
  KeyUsageIPSECUser: 7,
  KeyUsageTimeStamping: 8,
  KeyUsageOCSPSigning: 9,
  KeyUsageMicrosoftServerGatedCrypto: 10,
  KeyUsageNetscapeServerGatedCrypto: 11,
  KeyUsageMicrosoftCommercialCodeSigning: 12,
  KeyUsageMicrosoftKernelCodeSigning: 13,
};

function verifyOptions(options: RObject, nowNs: bigint): VerifyOptions {
  const opts: VerifyOptions = { dnsName: '', timeMs: Number(nowNs / 1_000_000n), keyUsages: [] };
  for (const [k, v] of options.entries()) {
    if (typeof k !== 'string') continue;
    switch (k) {
      case 'DNSName':
        if (typeof v !== 'string') throw new BuiltinError("'DNSName' should be a string");
        opts.dnsName = v.replace(/^"+|"+$/g, '');
        break;
      case 'CurrentTime': {
        if (!isNum(v)) throw new BuiltinError("'CurrentTime' should be a number");
        const ns = toBigInt(v);
        if (ns === undefined || ns < MIN_INT64 || ns > MAX_INT64)
          throw new BuiltinError("'CurrentTime' should be a valid int64 number");
        opts.timeMs = Number(ns / 1_000_000n);
        break;
      }
      case 'MaxConstraintComparisons':
        if (!isNum(v)) throw new BuiltinError("'MaxConstraintComparisons' should be a number");
        if (toBigInt(v) === undefined) throw new BuiltinError("'MaxConstraintComparisons' should be a valid number");
        break;
      case 'KeyUsages': {
        const items = Array.isArray(v) ? v : v instanceof RSet ? v.values() : null;
        if (items === null) throw new BuiltinError("'KeyUsages' should be an Array or Set");
        const invalid: string[] = [];
        for (const u of items) {
          if (typeof u !== 'string') continue;
          const name = u.replace(/^"+|"+$/g, '');
          const ku = KEY_USAGE_NAMES[name];
          if (ku === undefined) invalid.push(name);
          else opts.keyUsages.push(ku);
        }
        if (invalid.length > 0) throw new BuiltinError(`invalid entries for 'KeyUsages' found: [${invalid.join(' ')}]`);
        break;
      }
      default:
        throw new BuiltinError('invalid key option');
    }
  }
  return opts;
}

function usages(c: Certificate): number[] {
  return (c.json.ExtKeyUsage as number[] | null) ?? [];
}

/** Go's checkChainForKeyUsage: every certificate that restricts usages must allow one requested. */
function chainAllowsUsages(chain: Certificate[], requested: number[]): boolean {
  if (requested.includes(EXT_KEY_USAGES['2.5.29.37.0']!)) return true;
  const remaining = new Set(requested);
  for (let i = chain.length - 1; i >= 0; i--) {
    const c = chain[i]!;
    const eku = usages(c);
    if (eku.length === 0 && c.json.UnknownExtKeyUsage === null) continue;
    if (eku.includes(0)) continue;
    for (const u of [...remaining]) if (!eku.includes(u)) remaining.delete(u);
    if (remaining.size === 0) return false;
  }
  return true;
}

function matchesHostname(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase().replace(/\.$/, '');
  const h = host.toLowerCase().replace(/\.$/, '');
  if (p === '' || h === '') return false;
  const pl = p.split('.');
  const hl = h.split('.');
  if (pl.length !== hl.length) return false;
  return pl.every((label, i) => (i === 0 && label === '*') || label === hl[i]);
}

function verifyHostname(c: Certificate, host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  const ip = parseIP(bare);
  if (ip !== null) return ((c.json.IPAddresses as string[] | null) ?? []).includes(ipText(ip));
  return ((c.json.DNSNames as string[] | null) ?? []).some((n) => matchesHostname(n, host));
}

function validAt(c: Certificate, timeMs: number): boolean {
  return timeMs >= c.notBefore.getTime() && timeMs <= c.notAfter.getTime();
}

function signedBy(child: Certificate, parent: Certificate): boolean {
  if (!child.rawIssuer.equals(parent.rawSubject)) return false;
  if (INSECURE_SIG_ALGS.has(child.signatureAlgorithm)) return false;
  try {
    return child.node.verify(parent.node.publicKey);
  } catch {
    return false;
  }
}

/** Chains from `cert` up to a root, leaf first, as Go's Verify builds them. */
function buildChains(
  chain: Certificate[],
  roots: Certificate[],
  intermediates: Certificate[],
  opts: VerifyOptions,
): Certificate[][] {
  const cert = chain[chain.length - 1]!;
  const out: Certificate[][] = [];
  for (const root of roots) {
    if (signedBy(cert, root) && validAt(root, opts.timeMs) && pathLenOk(root, chain)) out.push([...chain, root]);
  }
  for (const inter of intermediates) {
    if (chain.includes(inter) || !signedBy(cert, inter)) continue;
    const isCA = inter.json.BasicConstraintsValid === true && inter.json.IsCA === true;
    if (!isCA || !validAt(inter, opts.timeMs) || !pathLenOk(inter, chain)) continue;
    out.push(...buildChains([...chain, inter], roots, intermediates, opts));
  }
  return out;
}

function pathLenOk(ca: Certificate, chainBelow: Certificate[]): boolean {
  const max = ca.json.MaxPathLen as number;
  return !(ca.json.BasicConstraintsValid === true && max >= 0 && chainBelow.length - 1 > max);
}

/** Verifies root (first), intermediates, leaf (last); returns the chain leaf first, or null. */
function verifyChain(certs: Certificate[], opts: VerifyOptions): Certificate[] | null {
  if (certs.length < 2) return null;
  const leaf = certs[certs.length - 1]!;
  if (!validAt(leaf, opts.timeMs)) return null;
  if (opts.dnsName !== '' && !verifyHostname(leaf, opts.dnsName)) return null;
  const requested = opts.keyUsages.length === 0 ? [EXT_KEY_USAGES['1.3.6.1.5.5.7.3.1']!] : opts.keyUsages;
  const chains = buildChains([leaf], [certs[0]!], certs.slice(1, -1), opts);
  return chains.find((c) => chainAllowsUsages(c, requested)) ?? null;
}

function parseAndVerify(input: string, opts: () => VerifyOptions, extended: boolean): Value {
  const invalid = [false, []];
  let certs: Certificate[];
  try {
    certs = certsFromString(input);
  } catch (e) {
    if (e instanceof X509Error) return invalid;
    throw e;
  }
  const chain = verifyChain(certs, opts());
  if (chain === null) return invalid;
  return [true, fromJS(chain.map((c) => (extended ? extendedCertJson(c) : c.json)))];
}

// ---- keys -----------------------------------------------------------------------------------------

const KEY_BLOCKS: Record<string, PrivateKeyKind> = {
  'RSA PRIVATE KEY': 'pkcs1',
  'PRIVATE KEY': 'pkcs8',
  'EC PRIVATE KEY': 'sec1',
};

function privateKeysFromPem(text: string): KeyObject[] {
  try {
    text = goBase64Decode(text).toString('latin1');
  } catch {
    // Not base64: PEM text as given.
  }
  const keys: KeyObject[] = [];
  for (const block of pemBlocks(text)) {
    const kind = KEY_BLOCKS[block.type];
    if (kind !== undefined) keys.push(parsePrivateKey(block.bytes, kind));
  }
  return keys;
}

function rsaPrivateKeyJwk(args: Value[]): Value {
  let text = str(args, 1);
  if (text === '') throw new BuiltinError('input PEM data was empty');
  if (!text.startsWith(BEGIN)) text = x509(() => goBase64Decode(text)).toString('latin1');
  const keys = x509(() => privateKeysFromPem(text));
  if (keys.length === 0) return null;
  const key = keys[0]!;
  if (!['rsa', 'ec', 'ed25519'].includes(key.asymmetricKeyType ?? '')) throw new BuiltinError('invalid key type');
  const jwk = key.export({ format: 'jwk' }) as Record<string, string>;
  const ordered: Record<string, string> = { kty: jwk.kty! };
  for (const [k, v] of Object.entries(jwk)) if (k !== 'kty') ordered[k] = v;
  return fromJS(ordered);
}

function parsePrivateKeys(args: Value[]): Value {
  const text = str(args, 1);
  if (text === '') return null;
  const keys = x509(() => privateKeysFromPem(text));
  return fromJS(keys.map(privateKeyJson));
}

/** tls.X509KeyPair's private key parsing: PKCS #1, then PKCS #8, then SEC 1. */
function tlsPrivateKey(der: Buffer): KeyObject {
  for (const kind of ['pkcs1', 'pkcs8', 'sec1'] as const) {
    try {
      const key = parsePrivateKey(der, kind);
      if (kind === 'pkcs8' && !['rsa', 'ec', 'ed25519'].includes(key.asymmetricKeyType ?? ''))
        throw new X509Error('tls: found unknown private key type in PKCS#8 wrapping');
      return key;
    } catch (e) {
      if (e instanceof X509Error && e.message.startsWith('tls:')) throw e;
    }
  }
  throw new X509Error('tls: failed to parse private key');
}

function findKeyBlock(text: string): Buffer {
  const skipped: string[] = [];
  for (let r = pemDecode(text); r !== null; r = pemDecode(r.rest)) {
    if (r.block.type === 'PRIVATE KEY' || r.block.type.endsWith(' PRIVATE KEY')) return r.block.bytes;
    skipped.push(r.block.type);
  }
  if (skipped.length === 0) throw new X509Error('tls: failed to find any PEM data in key input');
  if (skipped.length === 1 && skipped[0] === 'CERTIFICATE')
    throw new X509Error('tls: found a certificate rather than a key in the PEM for the private key');
  throw new X509Error(
    `tls: failed to find PEM block with type ending in "PRIVATE KEY" in key input after skipping PEM blocks of the following types: [${skipped.join(' ')}]`,
  );
}

function findCertBlocks(text: string): Buffer[] {
  const certs: Buffer[] = [];
  const skipped: string[] = [];
  for (let r = pemDecode(text); r !== null; r = pemDecode(r.rest)) {
    if (r.block.type === 'CERTIFICATE') certs.push(r.block.bytes);
    else skipped.push(r.block.type);
  }
  if (certs.length > 0) return certs;
  if (skipped.length === 0) throw new X509Error('tls: failed to find any PEM data in certificate input');
  if (skipped.length === 1 && skipped[0]!.endsWith('PRIVATE KEY'))
    throw new X509Error(
      'tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched',
    );
  throw new X509Error(
    `tls: failed to find "CERTIFICATE" PEM block in certificate input after skipping PEM blocks of the following types: [${skipped.join(' ')}]`,
  );
}

function publicPart(key: KeyObject): string {
  const jwk = key.export({ format: 'jwk' });
  return JSON.stringify([jwk.n, jwk.e, jwk.x, jwk.y, jwk.crv]);
}

/** tls.X509KeyPair on PEM (or base64 of PEM or DER) inputs, as a tls.Certificate object. */
function keyPair(certText: string, keyText: string): Value {
  const asPem = (text: string, type: string): string => {
    if (text.startsWith(BEGIN + ' ')) return text;
    const bytes = goBase64Decode(text);
    const s = bytes.toString('latin1');
    return s.startsWith(BEGIN + ' ') ? s : pemEncode(type, bytes);
  };
  certText = asPem(certText, 'CERTIFICATE');
  keyText = asPem(keyText, 'PRIVATE KEY');
  const certDer = findCertBlocks(certText);
  const keyDer = findKeyBlock(keyText);
  const leaf = parseCertificates(certDer[0]!)[0];
  if (leaf === undefined) throw new X509Error('x509: malformed certificate');
  const key = tlsPrivateKey(keyDer);
  const pub = leaf.node.publicKey;
  if (pub.asymmetricKeyType !== key.asymmetricKeyType)
    throw new X509Error('tls: private key type does not match public key type');
  if (publicPart(pub) !== publicPart(key)) throw new X509Error('tls: private key does not match public key');
  return fromJS({
    Certificate: certDer.map((d) => d.toString('base64')),
    PrivateKey: privateKeyJson(key),
    SupportedSignatureAlgorithms: null,
    OCSPStaple: null,
    SignedCertificateTimestamps: null,
    Leaf: leaf.json,
  });
}

function certificateRequest(args: Value[]): Value {
  const input = str(args, 1);
  return x509(() => {
    let bytes: Buffer = Buffer.from(input, 'latin1');
    if (!input.startsWith('-----BEGIN CERTIFICATE REQUEST-----')) bytes = goBase64Decode(input);
    const block = pemDecode(bytes.toString('latin1'));
    if (block !== null && block.block.type !== 'CERTIFICATE REQUEST')
      throw new X509Error('invalid PEM-encoded certificate signing request');
    if (block !== null) bytes = block.block.bytes;
    return fromJS(parseCertificateRequest(bytes));
  });
}

const certObjects = T.array(T.object(T.string, T.any));
const verifyResult = T.tuple(T.boolean, certObjects);

export const builtins: BuiltinDef[] = [
  { name: 'crypto.md5', decl: T.fn([T.string], T.string), fn: hashFn('md5') },
  { name: 'crypto.sha1', decl: T.fn([T.string], T.string), fn: hashFn('sha1') },
  { name: 'crypto.sha256', decl: T.fn([T.string], T.string), fn: hashFn('sha256') },
  { name: 'crypto.hmac.md5', decl: T.fn([T.string, T.string], T.string), fn: hmacFn('md5') },
  { name: 'crypto.hmac.sha1', decl: T.fn([T.string, T.string], T.string), fn: hmacFn('sha1') },
  { name: 'crypto.hmac.sha256', decl: T.fn([T.string, T.string], T.string), fn: hmacFn('sha256') },
  { name: 'crypto.hmac.sha512', decl: T.fn([T.string, T.string], T.string), fn: hmacFn('sha512') },
  {
    name: 'crypto.hmac.equal',
    decl: T.fn([T.string, T.string], T.boolean),
    fn: (args) => {
      const a = utf8(str(args, 1));
      const b = utf8(str(args, 2));
      return a.length === b.length && timingSafeEqual(a, b);
    },
  },
  {
    name: 'crypto.x509.parse_certificates',
    decl: T.fn([T.string], certObjects),
    fn: (args) => {
      const input = str(args, 1);
      return fromJS(x509(() => certsFromString(input)).map(extendedCertJson));
    },
  },
  {
    name: 'crypto.x509.parse_and_verify_certificates',
    decl: T.fn([T.string], verifyResult),
    fn: (args, ctx) => {
      const input = str(args, 1);
      return parseAndVerify(input, () => verifyOptions(RObject.empty(), ctx.nowNs), true);
    },
  },
  {
    name: 'crypto.x509.parse_and_verify_certificates_with_options',
    decl: T.fn([T.string, T.object(T.string, T.any)], verifyResult),
    fn: (args, ctx) => {
      const input = str(args, 1);
      const options = obj(args, 2);
      return parseAndVerify(input, () => verifyOptions(options, ctx.nowNs), false);
    },
  },
  {
    name: 'crypto.x509.parse_certificate_request',
    decl: T.fn([T.string], T.object(T.string, T.any)),
    fn: certificateRequest,
  },
  {
    name: 'crypto.x509.parse_keypair',
    decl: T.fn([T.string, T.string], T.object(T.string, T.any)),
    fn: (args) => {
      const cert = str(args, 1);
      const key = str([args[1]!], 1);
      return x509(() => keyPair(cert, key));
    },
  },
  {
    name: 'crypto.x509.parse_rsa_private_key',
    decl: T.fn([T.string], T.object(T.string, T.any)),
    fn: rsaPrivateKeyJwk,
  },
  {
    name: 'crypto.parse_private_keys',
    decl: T.fn([T.string], certObjects),
    fn: parsePrivateKeys,
  },
];

