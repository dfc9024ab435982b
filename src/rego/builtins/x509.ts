// X.509 certificates, CSRs and private keys as OPA returns them: the JSON that Go's
// encoding/json makes of crypto/x509's structs (field names, enum numbers, byte slices as
// base64, big integers as exact numbers). Also PEM and Go's strict base64.

import { createPrivateKey, createPublicKey, type KeyObject, X509Certificate } from 'node:crypto';
import {
  Asn1Error,
  asn1String,
  asn1Time,
  bigFromBytes,
  bitStringBytes,
  children,
  DerReader,
  oidArcs,
  oidText,
  TAG,
  type Tlv,
} from './asn1.js';
import { ipText } from './goip.js';

export class X509Error extends Error {}

type Json = null | boolean | number | bigint | string | Json[] | { [k: string]: Json };

const b64 = (b: Uint8Array | null | undefined): Json => (b == null ? null : Buffer.from(b).toString('base64'));

// ---- base64 and PEM, as Go reads them ---------------------------------------------------------

/** Go's base64.StdEncoding.DecodeString: padding required, CR/LF ignored, errors name the byte. */
export function goBase64Decode(s: string): Buffer {
  const clean: number[] = [];
  for (let i = 0; i < s.length; i++) if (s[i] !== '\n' && s[i] !== '\r') clean.push(i);
  const chars = clean.map((i) => s[i]!);
  const fail = (k: number) => new X509Error(`illegal base64 data at input byte ${k}`);
  let end = chars.length;
  for (let k = 0; k < chars.length; k++) {
    const c = chars[k]!;
    if (c === '=') {
      end = k;
      break;
    }
    if (!/[A-Za-z0-9+/]/.test(c)) throw fail(clean[k]!);
  }
  const pad = chars.length - end;
  if (pad > 0) {
    if (pad > 2 || end % 4 === 0 || end % 4 === 1 || (end % 4) + pad !== 4) throw fail(clean[end]!);
    for (let k = end; k < chars.length; k++) if (chars[k] !== '=') throw fail(clean[k]!);
  } else if (end % 4 !== 0) {
    throw fail(clean[end - (end % 4)] ?? s.length);
  }
  return Buffer.from(chars.slice(0, end).join(''), 'base64');
}

interface PemBlock {
  type: string;
  bytes: Buffer;
}

const PEM_RE = /(?:^|\n)-----BEGIN ([^\n]*?)-----[ \t]*\r?\n([\s\S]*?)\n?-----END \1-----[ \t]*(?:\r?\n|$)/;

/** Go's pem.Decode: the next block and the text after it, or null when no block follows. */
export function pemDecode(text: string): { block: PemBlock; rest: string } | null {
  let from = 0;
  for (;;) {
    const m = PEM_RE.exec(text.slice(from));
    if (m === null) return null;
    const body = m[2]!.replace(/^[A-Za-z-]+:.*\r?\n(?:[ \t].*\r?\n)*/gm, '');
    const end = from + m.index + m[0].length;
    try {
      return { block: { type: m[1]!, bytes: goBase64Decode(body.replace(/[ \t]/g, '')) }, rest: text.slice(end) };
    } catch {
      from = end;
    }
  }
}

export function pemBlocks(text: string): PemBlock[] {
  const out: PemBlock[] = [];
  for (let r = pemDecode(text); r !== null; r = pemDecode(r.rest)) out.push(r.block);
  return out;
}

export function pemEncode(type: string, der: Uint8Array): string {
  const body = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return `-----BEGIN ${type}-----\n${body}\n-----END ${type}-----\n`;
}

// ---- enums ------------------------------------------------------------------------------------------

const SIG_ALGS: Record<string, number> = {
  '1.2.840.113549.1.1.2': 1,
  '1.2.840.113549.1.1.4': 2,
  '1.2.840.113549.1.1.5': 3,
  '1.2.840.113549.1.1.11': 4,
  '1.2.840.113549.1.1.12': 5,
  '1.2.840.113549.1.1.13': 6,
  '1.2.840.10040.4.3': 7,
  '2.16.840.1.101.3.4.3.2': 8,
  '1.2.840.10045.4.1': 9,
  '1.2.840.10045.4.3.2': 10,
  '1.2.840.10045.4.3.3': 11,
  '1.2.840.10045.4.3.4': 12,
  '1.3.101.112': 16,
};
const PSS_HASHES: Record<string, number> = {
  '2.16.840.1.101.3.4.2.1': 13,
  '2.16.840.1.101.3.4.2.2': 14,
  '2.16.840.1.101.3.4.2.3': 15,
};
/** Signature algorithms Go refuses when verifying chains. */
export const INSECURE_SIG_ALGS = new Set([1, 2, 3, 7, 9]);

const PK_ALGS: Record<string, number> = {
  '1.2.840.113549.1.1.1': 1,
  '1.2.840.10040.4.1': 2,
  '1.2.840.10045.2.1': 3,
  '1.3.101.112': 4,
};

export const EXT_KEY_USAGES: Record<string, number> = {
  '2.5.29.37.0': 0,
  '1.3.6.1.5.5.7.3.1': 1,
  '1.3.6.1.5.5.7.3.2': 2,
  '1.3.6.1.5.5.7.3.3': 3,
  '1.3.6.1.5.5.7.3.4': 4,
  '1.3.6.1.5.5.7.3.5': 5,
  '1.3.6.1.5.5.7.3.6': 6,
  '1.3.6.1.5.5.7.3.7': 7,
  '1.3.6.1.5.5.7.3.8': 8,
  '1.3.6.1.5.5.7.3.9': 9,
  '1.3.6.1.4.1.311.10.3.3': 10,
  '2.16.840.1.113730.4.1': 11,
  '1.3.6.1.4.1.311.2.1.22': 12,
  '1.3.6.1.4.1.311.61.1.1': 13,
};

function sigAlgorithmOf(alg: Tlv): number {
  const r = children(alg);
  const oid = oidText(r.read(TAG.OID).body);
  if (oid === '1.2.840.113549.1.1.10') {
    const params = r.optional(TAG.SEQUENCE);
    const hashWrap = params === undefined ? undefined : children(params).optional(0xa0);
    if (hashWrap === undefined) return 0;
    const hashOid = oidText(children(children(hashWrap).read(TAG.SEQUENCE)).read(TAG.OID).body);
    return PSS_HASHES[hashOid] ?? 0;
  }
  return SIG_ALGS[oid] ?? 0;
}

// ---- names ----------------------------------------------------------------------------------------

const NAME_FIELDS: Record<number, string> = {
  6: 'Country',
  7: 'Locality',
  8: 'Province',
  9: 'StreetAddress',
  10: 'Organization',
  11: 'OrganizationalUnit',
  17: 'PostalCode',
};

/** pkix.Name filled from an RDN sequence. */
function parseName(t: Tlv): Json {
  const name: Record<string, Json> = {
    Country: null,
    Organization: null,
    OrganizationalUnit: null,
    Locality: null,
    Province: null,
    StreetAddress: null,
    PostalCode: null,
    SerialNumber: '',
    CommonName: '',
    Names: null,
    ExtraNames: null,
  };
  const names: Json[] = [];
  const rdns = children(t, 'x509: invalid RDNSequence');
  while (!rdns.done) {
    const set = children(rdns.read(TAG.SET));
    while (!set.done) {
      const atv = children(set.read(TAG.SEQUENCE));
      const type = oidArcs(atv.read(TAG.OID).body);
      const value = asn1String(atv.read());
      names.push({ Type: type, Value: value });
      if (type.length === 4 && type[0] === 2 && type[1] === 5 && type[2] === 4) {
        const t3 = type[3]!;
        if (t3 === 3) name.CommonName = value;
        else if (t3 === 5) name.SerialNumber = value;
        else if (NAME_FIELDS[t3] !== undefined) {
          const f = NAME_FIELDS[t3]!;
          name[f] = [...((name[f] as Json[] | null) ?? []), value];
        }
      }
    }
  }
  if (names.length > 0) name.Names = names;
  return name;
}

// ---- public keys -----------------------------------------------------------------------------------

interface PublicKeyInfo {
  algorithm: number;
  json: Json;
  key: KeyObject | null;
}

function jwkBig(s: string | undefined): bigint {
  return s === undefined ? 0n : bigFromBytes(Buffer.from(s, 'base64url'), false);
}

/** Go's JSON of a public key: RSA {N, E}, ECDSA {Curve, X, Y}, Ed25519 as base64. */
function publicKeyJson(key: KeyObject): Json {
  const jwk = key.export({ format: 'jwk' });
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return { N: jwkBig(jwk.n), E: jwkBig(jwk.e) };
    case 'ec':
      return { Curve: {}, X: jwkBig(jwk.x), Y: jwkBig(jwk.y) };
    case 'ed25519':
      return b64(Buffer.from(jwk.x!, 'base64url'));
    default:
      return null;
  }
}

function parsePublicKey(spki: Tlv): PublicKeyInfo {
  const r = children(spki);
  const alg = children(r.read(TAG.SEQUENCE));
  const algorithm = PK_ALGS[oidText(alg.read(TAG.OID).body)] ?? 0;
  if (algorithm === 0) return { algorithm, json: null, key: null };
  let key: KeyObject;
  try {
    key = createPublicKey({ key: Buffer.from(spki.raw), format: 'der', type: 'spki' });
  } catch {
    throw new X509Error('x509: failed to parse public key');
  }
  return { algorithm, json: publicKeyJson(key), key };
}

// ---- general names and extensions -----------------------------------------------------------------

interface SANs {
  DNSNames: string[] | null;
  EmailAddresses: string[] | null;
  IPAddresses: string[] | null;
  URIs: string[] | null;
}

function push(list: string[] | null, s: string): string[] {
  return list === null ? [s] : [...list, s];
}

function parseSANs(value: Uint8Array, into: SANs): void {
  const r = children({ tag: 0, body: value, raw: value });
  const seq = children(r.read(TAG.SEQUENCE));
  while (!seq.done) {
    const gn = seq.read();
    const text = Buffer.from(gn.body).toString('latin1');
    switch (gn.tag) {
      case 0x81:
        into.EmailAddresses = push(into.EmailAddresses, text);
        break;
      case 0x82:
        into.DNSNames = push(into.DNSNames, text);
        break;
      case 0x86:
        into.URIs = push(into.URIs, text);
        break;
      case 0x87:
        if (gn.body.length !== 4 && gn.body.length !== 16)
          throw new X509Error(`x509: cannot parse IP address of length ${gn.body.length}`);
        into.IPAddresses = push(into.IPAddresses, ipText(gn.body));
        break;
    }
  }
}

/** url.URL's JSON form for a URI from a certificate. */
function urlJson(s: string): Json {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):(\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/.exec(s);
  const hasAuthority = m?.[2] !== undefined;
  const opaque = m !== null && !hasAuthority && !(m[4] ?? '').startsWith('/') ? (m[4] ?? '') : '';
  return {
    Scheme: m?.[1]?.toLowerCase() ?? '',
    Opaque: opaque,
    User: null,
    Host: m?.[3] ?? '',
    Path: m === null ? s : opaque !== '' ? '' : (m[4] ?? ''),
    RawPath: '',
    OmitHost: false,
    ForceQuery: false,
    RawQuery: m?.[5] ?? '',
    Fragment: m?.[6] ?? '',
    RawFragment: '',
  };
}

function octets(value: Uint8Array, tag: number): Tlv {
  return new DerReader(value, 'x509: malformed extension').read(tag);
}

function seqOf(value: Uint8Array): DerReader {
  return children(octets(value, TAG.SEQUENCE), 'x509: malformed extension');
}

function smallInt(t: Tlv): number {
  return Number(bigFromBytes(t.body));
}

interface CertFields {
  [k: string]: Json;
}

function applyNameConstraints(value: Uint8Array, f: CertFields, critical: boolean): void {
  f.PermittedDNSDomainsCritical = critical;
  const r = seqOf(value);
  for (const [tag, prefix] of [[0xa0, 'Permitted'], [0xa1, 'Excluded']] as const) {
    const subtrees = r.optional(tag);
    if (subtrees === undefined) continue;
    const st = children(subtrees);
    while (!st.done) {
      const base = children(st.read(TAG.SEQUENCE)).read();
      const text = Buffer.from(base.body).toString('latin1');
      const add = (field: string, v: Json) => {
        const key = prefix + field;
        f[key] = [...((f[key] as Json[] | null) ?? []), v];
      };
      if (base.tag === 0x82) add('DNSDomains', text);
      else if (base.tag === 0x81) add('EmailAddresses', text);
      else if (base.tag === 0x86) add('URIDomains', text);
      else if (base.tag === 0x87) {
        const half = base.body.length / 2;
        add('IPRanges', { IP: ipText(base.body.subarray(0, half)), Mask: b64(base.body.subarray(half)) });
      }
    }
  }
}

function applyExtension(oid: string, critical: boolean, value: Uint8Array, f: CertFields, sans: SANs): boolean {
  switch (oid) {
    case '2.5.29.15': {
      const bits = bitStringBytes(octets(value, TAG.BIT_STRING));
      let usage = 0;
      for (let i = 0; i < 9; i++) if (bits[i >> 3] !== undefined && bits[i >> 3]! & (0x80 >> (i & 7))) usage |= 1 << i;
      f.KeyUsage = usage;
      return true;
    }
    case '2.5.29.19': {
      const r = seqOf(value);
      f.BasicConstraintsValid = true;
      const ca = r.optional(TAG.BOOLEAN);
      f.IsCA = ca !== undefined && ca.body[0] !== 0;
      const len = r.optional(TAG.INTEGER);
      f.MaxPathLen = len === undefined ? -1 : smallInt(len);
      f.MaxPathLenZero = f.MaxPathLen === 0;
      return true;
    }
    case '2.5.29.17':
      parseSANs(value, sans);
      return true;
    case '2.5.29.30':
      applyNameConstraints(value, f, critical);
      return true;
    case '2.5.29.31': {
      const dps = seqOf(value);
      while (!dps.done) {
        const dp = children(dps.read(TAG.SEQUENCE)).optional(0xa0);
        const full = dp === undefined ? undefined : children(dp).optional(0xa0);
        if (full === undefined) continue;
        const names = children(full);
        while (!names.done) {
          const gn = names.read();
          if (gn.tag === 0x86)
            f.CRLDistributionPoints = [...((f.CRLDistributionPoints as Json[] | null) ?? []), Buffer.from(gn.body).toString('latin1')];
        }
      }
      return true;
    }
    case '2.5.29.35': {
      const id = seqOf(value).optional(0x80);
      if (id !== undefined) f.AuthorityKeyId = b64(id.body);
      return true;
    }
    case '2.5.29.14':
      f.SubjectKeyId = b64(octets(value, TAG.OCTET_STRING).body);
      return true;
    case '2.5.29.37': {
      const r = seqOf(value);
      while (!r.done) {
        const t = r.read(TAG.OID);
        const known = EXT_KEY_USAGES[oidText(t.body)];
        if (known !== undefined) f.ExtKeyUsage = [...((f.ExtKeyUsage as Json[] | null) ?? []), known];
        else f.UnknownExtKeyUsage = [...((f.UnknownExtKeyUsage as Json[] | null) ?? []), oidArcs(t.body)];
      }
      return true;
    }
    case '2.5.29.32': {
      const r = seqOf(value);
      const ids: Json[] = [];
      const texts: Json[] = [];
      while (!r.done) {
        const oid = children(r.read(TAG.SEQUENCE)).read(TAG.OID);
        ids.push(oidArcs(oid.body));
        texts.push(oidText(oid.body));
      }
      f.PolicyIdentifiers = ids;
      f.Policies = texts;
      return true;
    }
    case '1.3.6.1.5.5.7.1.1': {
      const r = seqOf(value);
      while (!r.done) {
        const ad = children(r.read(TAG.SEQUENCE));
        const method = oidText(ad.read(TAG.OID).body);
        const loc = ad.read();
        if (loc.tag !== 0x86) continue;
        const field = method === '1.3.6.1.5.5.7.48.1' ? 'OCSPServer' : method === '1.3.6.1.5.5.7.48.2' ? 'IssuingCertificateURL' : '';
        if (field !== '') f[field] = [...((f[field] as Json[] | null) ?? []), Buffer.from(loc.body).toString('latin1')];
      }
      return true;
    }
    case '2.5.29.36': {
      const r = seqOf(value);
      const req = r.optional(0x80);
      const inh = r.optional(0x81);
      if (req !== undefined) {
        f.RequireExplicitPolicy = smallInt(req);
        f.RequireExplicitPolicyZero = f.RequireExplicitPolicy === 0;
      }
      if (inh !== undefined) {
        f.InhibitPolicyMapping = smallInt(inh);
        f.InhibitPolicyMappingZero = f.InhibitPolicyMapping === 0;
      }
      return true;
    }
    case '2.5.29.54':
      f.InhibitAnyPolicy = smallInt(octets(value, TAG.INTEGER));
      f.InhibitAnyPolicyZero = f.InhibitAnyPolicy === 0;
      return true;
    case '2.5.29.33': {
      const r = seqOf(value);
      const maps: Json[] = [];
      while (!r.done) {
        const m = children(r.read(TAG.SEQUENCE));
        maps.push({ IssuerDomainPolicy: oidText(m.read(TAG.OID).body), SubjectDomainPolicy: oidText(m.read(TAG.OID).body) });
      }
      f.PolicyMappings = maps;
      return true;
    }
    default:
      return false;
  }
}

interface ExtResult {
  extensions: Json;
  unhandled: Json;
  sans: SANs;
}

function parseExtensions(list: Tlv | undefined, f: CertFields): ExtResult {
  const sans: SANs = { DNSNames: null, EmailAddresses: null, IPAddresses: null, URIs: null };
  if (list === undefined) return { extensions: null, unhandled: null, sans };
  const exts: Json[] = [];
  let unhandled: Json[] | null = null;
  const r = children(list, 'x509: malformed extensions');
  while (!r.done) {
    const e = children(r.read(TAG.SEQUENCE), 'x509: malformed extension');
    const id = e.read(TAG.OID).body;
    const crit = e.optional(TAG.BOOLEAN);
    const critical = crit !== undefined && crit.body[0] !== 0;
    const value = e.read(TAG.OCTET_STRING).body;
    exts.push({ Id: oidArcs(id), Critical: critical, Value: b64(value) });
    const handled = applyExtension(oidText(id), critical, value, f, sans);
    if (!handled && critical) unhandled = [...(unhandled ?? []), oidArcs(id)];
  }
  return { extensions: exts, unhandled, sans };
}

// ---- certificates -----------------------------------------------------------------------------------

/** A parsed certificate: its Go JSON form and what chain verification needs. */
export interface Certificate {
  json: { [k: string]: Json };
  der: Buffer;
  rawSubject: Buffer;
  rawIssuer: Buffer;
  signatureAlgorithm: number;
  notBefore: Date;
  notAfter: Date;
  /** The URIs of the subject alternative names, as written. */
  uris: string[] | null;
  node: X509Certificate;
}

function certDefaults(): CertFields {
  return {
    KeyUsage: 0,
    ExtraExtensions: null,
    ExtKeyUsage: null,
    UnknownExtKeyUsage: null,
    BasicConstraintsValid: false,
    IsCA: false,
    MaxPathLen: 0,
    MaxPathLenZero: false,
    SubjectKeyId: null,
    AuthorityKeyId: null,
    OCSPServer: null,
    IssuingCertificateURL: null,
    PermittedDNSDomainsCritical: false,
    PermittedDNSDomains: null,
    ExcludedDNSDomains: null,
    PermittedIPRanges: null,
    ExcludedIPRanges: null,
    PermittedEmailAddresses: null,
    ExcludedEmailAddresses: null,
    PermittedURIDomains: null,
    ExcludedURIDomains: null,
    CRLDistributionPoints: null,
    PolicyIdentifiers: null,
    Policies: null,
    InhibitAnyPolicy: 0,
    InhibitAnyPolicyZero: false,
    InhibitPolicyMapping: 0,
    InhibitPolicyMappingZero: false,
    RequireExplicitPolicy: 0,
    RequireExplicitPolicyZero: false,
    PolicyMappings: null,
  };
}

function sanFields(sans: SANs): CertFields {
  return {
    DNSNames: sans.DNSNames,
    EmailAddresses: sans.EmailAddresses,
    IPAddresses: sans.IPAddresses,
    URIs: sans.URIs === null ? null : sans.URIs.map(urlJson),
  };
}

function parseCertificate(cert: Tlv): Certificate {
  const outer = children(cert, 'x509: malformed certificate');
  const tbsTlv = outer.read(TAG.SEQUENCE);
  const sigAlgTlv = outer.read(TAG.SEQUENCE);
  const sigTlv = outer.read(TAG.BIT_STRING);
  const tbs = children(tbsTlv, 'x509: malformed tbs certificate');
  const versionWrap = tbs.optional(0xa0);
  const version = versionWrap === undefined ? 0 : smallInt(children(versionWrap).read(TAG.INTEGER));
  const serial = bigFromBytes(tbs.read(TAG.INTEGER).body);
  tbs.read(TAG.SEQUENCE);
  const issuer = tbs.read(TAG.SEQUENCE);
  const validity = children(tbs.read(TAG.SEQUENCE), 'x509: malformed validity');
  const notBefore = asn1Time(validity.read());
  const notAfter = asn1Time(validity.read());
  const subject = tbs.read(TAG.SEQUENCE);
  const spki = tbs.read(TAG.SEQUENCE);
  tbs.optional(0x81);
  tbs.optional(0x82);
  const extWrap = tbs.optional(0xa3);
  const fields = certDefaults();
  const ext = parseExtensions(extWrap === undefined ? undefined : children(extWrap).read(TAG.SEQUENCE), fields);
  const pk = parsePublicKey(spki);
  const signatureAlgorithm = sigAlgorithmOf(sigAlgTlv);
  const json: { [k: string]: Json } = {
    Raw: b64(cert.raw),
    RawTBSCertificate: b64(tbsTlv.raw),
    RawSubjectPublicKeyInfo: b64(spki.raw),
    RawSubject: b64(subject.raw),
    RawIssuer: b64(issuer.raw),
    Signature: b64(bitStringBytes(sigTlv)),
    SignatureAlgorithm: signatureAlgorithm,
    PublicKeyAlgorithm: pk.algorithm,
    PublicKey: pk.json,
    Version: version + 1,
    SerialNumber: serial,
    Issuer: parseName(issuer),
    Subject: parseName(subject),
    NotBefore: notBefore,
    NotAfter: notAfter,
    Extensions: ext.extensions,
    UnhandledCriticalExtensions: ext.unhandled,
    ...fields,
    ...sanFields(ext.sans),
  };
  return {
    json,
    der: Buffer.from(cert.raw),
    rawSubject: Buffer.from(subject.raw),
    rawIssuer: Buffer.from(issuer.raw),
    signatureAlgorithm,
    notBefore: new Date(notBefore),
    notAfter: new Date(notAfter),
    uris: ext.sans.URIs,
    node: new X509Certificate(Buffer.from(cert.raw)),
  };
}

/** Go's x509.ParseCertificates: concatenated DER certificates. */
export function parseCertificates(der: Uint8Array): Certificate[] {
  const r = new DerReader(der, 'x509: malformed certificate');
  const out: Certificate[] = [];
  try {
    while (!r.done) out.push(parseCertificate(r.read(TAG.SEQUENCE)));
  } catch (e) {
    if (e instanceof Asn1Error || e instanceof X509Error) throw new X509Error(e.message);
    throw new X509Error('x509: malformed certificate');
  }
  return out;
}

/** OPA's form: the certificate with `URIStrings` (each URI as text) added. */
export function extendedCertJson(c: Certificate): Json {
  return { ...c.json, URIStrings: c.uris };
}

// ---- certificate signing requests --------------------------------------------------------------------

/** Go's x509.ParseCertificateRequest as JSON. */
export function parseCertificateRequest(der: Uint8Array): Json {
  try {
    const outer = new DerReader(der, 'asn1: structure error: tags don\'t match').read(TAG.SEQUENCE);
    const r = children(outer, 'asn1: structure error: tags don\'t match');
    const info = r.read(TAG.SEQUENCE);
    const sigAlg = r.read(TAG.SEQUENCE);
    const sig = r.read(TAG.BIT_STRING);
    const ri = children(info, 'asn1: structure error: tags don\'t match');
    const version = smallInt(ri.read(TAG.INTEGER));
    const subject = ri.read(TAG.SEQUENCE);
    const spki = ri.read(TAG.SEQUENCE);
    const attrs = ri.optional(0xa0);
    const { extensions, sans, attributes } = csrAttributes(attrs);
    const pk = parsePublicKey(spki);
    return {
      Raw: b64(outer.raw),
      RawTBSCertificateRequest: b64(info.raw),
      RawSubjectPublicKeyInfo: b64(spki.raw),
      RawSubject: b64(subject.raw),
      Version: version,
      Signature: b64(bitStringBytes(sig)),
      SignatureAlgorithm: sigAlgorithmOf(sigAlg),
      PublicKeyAlgorithm: pk.algorithm,
      PublicKey: pk.json,
      Subject: parseName(subject),
      Attributes: attributes,
      Extensions: extensions,
      ExtraExtensions: null,
      ...sanFields(sans),
    };
  } catch (e) {
    if (e instanceof Asn1Error || e instanceof X509Error) throw new X509Error(e.message);
    throw e;
  }
}

function csrAttributes(attrs: Tlv | undefined): { extensions: Json; sans: SANs; attributes: Json } {
  const sans: SANs = { DNSNames: null, EmailAddresses: null, IPAddresses: null, URIs: null };
  if (attrs === undefined) return { extensions: null, sans, attributes: null };
  let extensions: Json = null;
  const attributes: Json[] = [];
  const r = children(attrs);
  while (!r.done) {
    const a = children(r.read(TAG.SEQUENCE));
    const type = a.read(TAG.OID).body;
    const values = a.read(TAG.SET);
    if (oidText(type) !== '1.2.840.113549.1.9.14') continue;
    const exts = children(values).read(TAG.SEQUENCE);
    const fields = certDefaults();
    const parsed = parseExtensions(exts, fields);
    extensions = parsed.extensions;
    Object.assign(sans, parsed.sans);
    const list = (parsed.extensions as { [k: string]: Json }[]).map((e) => ({ Type: e.Id!, Value: e.Value! }));
    attributes.push({ Type: oidArcs(type), Value: [list] });
  }
  return { extensions, sans, attributes };
}

// ---- private keys -------------------------------------------------------------------------------------

export type PrivateKeyKind = 'pkcs1' | 'pkcs8' | 'sec1';

/** Key types Go's x509 reads from PKCS #8. */
const PKCS8_TYPES = new Set(['rsa', 'ec', 'ed25519', 'x25519']);

export function parsePrivateKey(der: Uint8Array, kind: PrivateKeyKind): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: Buffer.from(der), format: 'der', type: kind });
  } catch {
    if (kind === 'pkcs1') throw new X509Error('x509: failed to parse private key (use ParsePKCS8PrivateKey instead for this key format)');
    if (kind === 'sec1') throw new X509Error('x509: failed to parse EC private key');
    throw new X509Error('x509: failed to parse private key');
  }
  if (kind === 'pkcs8' && !PKCS8_TYPES.has(key.asymmetricKeyType ?? ''))
    throw new X509Error(`x509: PKCS#8 wrapping contained private key with unknown algorithm: ${key.asymmetricKeyType}`);
  return key;
}

/** Go's JSON of a private key struct (rsa.PrivateKey, ecdsa.PrivateKey, ed25519.PrivateKey). */
export function privateKeyJson(key: KeyObject): Json {
  const jwk = key.export({ format: 'jwk' });
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return {
        N: jwkBig(jwk.n),
        E: jwkBig(jwk.e),
        D: jwkBig(jwk.d),
        Primes: [jwkBig(jwk.p), jwkBig(jwk.q)],
        Precomputed: { Dp: jwkBig(jwk.dp), Dq: jwkBig(jwk.dq), Qinv: jwkBig(jwk.qi), CRTValues: [] },
      };
    case 'ec':
      return { Curve: {}, X: jwkBig(jwk.x), Y: jwkBig(jwk.y), D: jwkBig(jwk.d) };
    case 'ed25519':
      return b64(Buffer.concat([Buffer.from(jwk.d!, 'base64url'), Buffer.from(jwk.x!, 'base64url')]));
    case 'x25519':
      // Go's ecdh.PrivateKey has no exported fields.
      return {};
    default:
      return null;
  }
}
