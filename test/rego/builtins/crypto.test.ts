import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { builtins } from '../../../src/rego/builtins/crypto.js';
import { isNum } from '../../../src/rego/number.js';
import { RObject, toJS, type Value } from '../../../src/rego/value.js';
import { assertFails, assertValue, caller, fakeContext, obj, set } from './helpers.js';
import {
  INTERMEDIATE_CERT,
  LEAF_CERT,
  LEAF_CSR,
  LEAF_KEY_PKCS8,
  LEAF_KEY_SEC1,
  RSA_KEY_PKCS1,
  ROOT_CERT,
  ROOT_KEY_SEC1,
} from './fixtures/pki.js';

const call = caller(builtins);
const CHAIN = ROOT_CERT + INTERMEDIATE_CERT + LEAF_CERT;
// 2030-01-01T00:00:00Z, inside every fixture's validity.
const IN_2030 = 1893456000000000000n;
const ctx2030 = () => ({ ...fakeContext(), nowNs: IN_2030 });
const b64 = (s: string) => Buffer.from(s).toString('base64');

function field(x: Value | undefined, ...path: (string | number)[]): unknown {
  let cur: unknown = toJS(x!);
  for (const p of path) cur = (cur as Record<string | number, unknown>)[p];
  return cur;
}

test('hashes and HMACs are hex digests of the UTF-8 bytes', () => {
  assertValue(call('crypto.md5', ['']), 'd41d8cd98f00b204e9800998ecf8427e');
  assertValue(call('crypto.sha1', ['abc']), 'a9993e364706816aba3e25717850c26c9cd0d89d');
  assertValue(call('crypto.sha256', ['abc']), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  assertValue(call('crypto.hmac.md5', ['The quick brown fox jumps over the lazy dog', 'key']), '80070713463e7749b90c2dc24911e275');
  assertValue(call('crypto.hmac.sha1', ['The quick brown fox jumps over the lazy dog', 'key']), 'de7c9b85b8b78aa6bc8a7a36f70a90701c9db4d9');
  assertValue(call('crypto.hmac.sha256', ['', '']), 'b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad');
  assertFails(() => call('crypto.hmac.sha512', ['m', 1]), 'type', 'operand 2 must be string but got number');
});

test('crypto.hmac.equal compares MACs exactly', () => {
  assertValue(call('crypto.hmac.equal', ['abc123', 'abc123']), true);
  assertValue(call('crypto.hmac.equal', ['abc123', 'abc124']), false);
  assertValue(call('crypto.hmac.equal', ['abc', 'abc123']), false);
});

test('crypto.x509.parse_certificates reads PEM, base64 PEM and base64 DER', () => {
  const certs = call('crypto.x509.parse_certificates', [CHAIN]);
  assert.deepEqual((field(certs) as { Subject: { CommonName: string } }[]).map((c) => c.Subject.CommonName), [
    'Policygate Test Root',
    'Policygate Test Intermediate',
    'build.policygate.test',
  ]);
  const der = Buffer.from(LEAF_CERT.split('\n').slice(1, -2).join(''), 'base64').toString('base64');
  for (const input of [b64(LEAF_CERT), der]) {
    assert.equal(field(call('crypto.x509.parse_certificates', [input]), 0, 'Subject', 'CommonName'), 'build.policygate.test');
  }
});

test('parsed certificates have the fields of Go x509.Certificate', () => {
  const leaf = call('crypto.x509.parse_certificates', [LEAF_CERT]);
  const c = field(leaf, 0) as Record<string, unknown>;
  assert.deepEqual(c.DNSNames, ['build.policygate.test', '*.ci.policygate.test']);
  assert.deepEqual(c.IPAddresses, ['10.1.2.3']);
  assert.deepEqual(c.EmailAddresses, ['ops@policygate.test']);
  assert.deepEqual(c.URIStrings, ['spiffe://policygate.test/runner']);
  assert.equal((c.URIs as Record<string, unknown>[])[0]!.Host, 'policygate.test');
  assert.deepEqual(c.ExtKeyUsage, [1, 2]);
  assert.equal(c.KeyUsage, 1);
  assert.equal(c.Version, 3);
  assert.equal(c.SignatureAlgorithm, 10);
  assert.equal(c.PublicKeyAlgorithm, 3);
  assert.equal(c.IsCA, false);
  assert.equal(c.BasicConstraintsValid, true);
  assert.equal(c.NotAfter, '2046-02-02T16:18:21Z');
  const subject = c.Subject as Record<string, unknown>;
  assert.deepEqual(subject.Country, ['NL']);
  assert.deepEqual(subject.Locality, ['Utrecht']);
  assert.deepEqual(subject.OrganizationalUnit, ['Builds']);
  assert.deepEqual((subject.Names as { Type: number[] }[]).map((n) => n.Type.join('.')), [
    '2.5.4.6', '2.5.4.7', '2.5.4.10', '2.5.4.11', '2.5.4.3',
  ]);
  assert.equal(c.Raw, Buffer.from(LEAF_CERT.split('\n').slice(1, -2).join(''), 'base64').toString('base64'));
  // The serial number is a 160-bit integer, kept exactly.
  const serial = (leaf as Value[])[0] instanceof RObject ? ((leaf as Value[])[0] as RObject).get('SerialNumber')! : null;
  assert.ok(serial !== null && isNum(serial));
  const inter = field(call('crypto.x509.parse_certificates', [INTERMEDIATE_CERT]), 0) as Record<string, unknown>;
  assert.equal(inter.MaxPathLen, 0);
  assert.equal(inter.MaxPathLenZero, true);
  assert.equal(inter.URIStrings, null);
});

test('crypto.x509.parse_certificates reports bad input as Go does', () => {
  assertFails(() => call('crypto.x509.parse_certificates', ['not base64!']), 'builtin', 'illegal base64 data at input byte 3');
  assertFails(() => call('crypto.x509.parse_certificates', [b64('not a certificate')]), 'builtin', 'x509: malformed certificate');
  assertFails(() => call('crypto.x509.parse_certificates', [LEAF_KEY_SEC1]), 'builtin', "PEM block type is 'EC PRIVATE KEY', expected CERTIFICATE");
  assertValue(call('crypto.x509.parse_certificates', ['']), []);
});

test('crypto.x509.parse_and_verify_certificates checks the chain at the query time', () => {
  const ok = call('crypto.x509.parse_and_verify_certificates', [CHAIN], ctx2030());
  assert.equal(field(ok, 0), true);
  assert.deepEqual((field(ok, 1) as { Subject: { CommonName: string } }[]).map((c) => c.Subject.CommonName), [
    'build.policygate.test',
    'Policygate Test Intermediate',
    'Policygate Test Root',
  ]);
  assert.deepEqual(field(ok, 1, 0, 'URIStrings'), ['spiffe://policygate.test/runner']);
  // Before the certificates were issued, missing the intermediate, or a lone certificate: not valid.
  assertValue(call('crypto.x509.parse_and_verify_certificates', [CHAIN], fakeContext()), [false, []]);
  assertValue(call('crypto.x509.parse_and_verify_certificates', [ROOT_CERT + LEAF_CERT], ctx2030()), [false, []]);
  assertValue(call('crypto.x509.parse_and_verify_certificates', [LEAF_CERT], ctx2030()), [false, []]);
  assertValue(call('crypto.x509.parse_and_verify_certificates', ['garbage'], ctx2030()), [false, []]);
});

test('crypto.x509.parse_and_verify_certificates_with_options applies Go verify options', () => {
  const verify = (opts: Record<string, unknown>) =>
    field(call('crypto.x509.parse_and_verify_certificates_with_options', [CHAIN, obj(opts)], fakeContext()), 0);
  const time = Number(IN_2030 / 1000000000n) * 1e9;
  assert.equal(verify({ CurrentTime: time }), true);
  assert.equal(verify({ CurrentTime: 0 }), false);
  assert.equal(verify({ CurrentTime: time, DNSName: 'build.policygate.test' }), true);
  assert.equal(verify({ CurrentTime: time, DNSName: 'deploy.ci.policygate.test' }), true);
  assert.equal(verify({ CurrentTime: time, DNSName: 'a.b.ci.policygate.test' }), false);
  assert.equal(verify({ CurrentTime: time, KeyUsages: ['KeyUsageClientAuth'] }), true);
  assert.equal(verify({ CurrentTime: time, KeyUsages: set('KeyUsageCodeSigning') }), false);
  assert.equal(verify({ CurrentTime: time, KeyUsages: ['KeyUsageAny'], MaxConstraintComparisons: 10 }), true);
  // Without URIStrings: this variant returns Go's certificates as they are.
  const res = call('crypto.x509.parse_and_verify_certificates_with_options', [CHAIN, obj({ CurrentTime: time })]);
  assert.equal(field(res, 1, 0, 'URIStrings'), undefined);
});

test('crypto.x509.parse_and_verify_certificates_with_options rejects bad options', () => {
  const run = (opts: Record<string, unknown>) => () =>
    call('crypto.x509.parse_and_verify_certificates_with_options', [CHAIN, obj(opts)]);
  assertFails(run({ DNSName: 1 }), 'builtin', "'DNSName' should be a string");
  assertFails(run({ CurrentTime: 'now' }), 'builtin', "'CurrentTime' should be a number");
  assertFails(run({ CurrentTime: 1.5 }), 'builtin', "'CurrentTime' should be a valid int64 number");
  assertFails(run({ KeyUsages: 'KeyUsageAny' }), 'builtin', "'KeyUsages' should be an Array or Set");
  assertFails(run({ KeyUsages: ['Nope', 'KeyUsageAny', 'Nah'] }), 'builtin', "invalid entries for 'KeyUsages' found: [Nope Nah]");
  assertFails(run({ Roots: [] }), 'builtin', 'invalid key option');
  assertFails(() => call('crypto.x509.parse_and_verify_certificates_with_options', [CHAIN, 'x']), 'type',
    'operand 2 must be object but got string');
});

test('crypto.x509.parse_certificate_request reads PEM and base64 DER', () => {
  const csr = call('crypto.x509.parse_certificate_request', [LEAF_CSR]);
  assert.equal(field(csr, 'Subject', 'CommonName'), 'build.policygate.test');
  assert.deepEqual(field(csr, 'DNSNames'), ['build.policygate.test', '*.ci.policygate.test']);
  assert.deepEqual(field(csr, 'IPAddresses'), ['10.1.2.3']);
  assert.equal(field(csr, 'PublicKeyAlgorithm'), 3);
  const der = Buffer.from(LEAF_CSR.split('\n').slice(1, -2).join(''), 'base64').toString('base64');
  assert.equal(field(call('crypto.x509.parse_certificate_request', [der]), 'Subject', 'CommonName'), 'build.policygate.test');
  assertFails(() => call('crypto.x509.parse_certificate_request', [b64(ROOT_CERT)]), 'builtin',
    'invalid PEM-encoded certificate signing request');
  assertFails(() => call('crypto.x509.parse_certificate_request', [b64('junk')]), 'builtin', 'asn1: structure error');
});

test('crypto.x509.parse_keypair pairs a certificate with its key', () => {
  const pair = call('crypto.x509.parse_keypair', [LEAF_CERT, LEAF_KEY_PKCS8]);
  const der = Buffer.from(LEAF_CERT.split('\n').slice(1, -2).join(''), 'base64').toString('base64');
  assert.deepEqual(field(pair, 'Certificate'), [der]);
  assert.equal(field(pair, 'Leaf', 'Subject', 'CommonName'), 'build.policygate.test');
  assert.deepEqual(Object.keys(field(pair, 'PrivateKey') as object).sort(), ['Curve', 'D', 'X', 'Y']);
  assert.equal(field(call('crypto.x509.parse_keypair', [b64(LEAF_CERT), b64(LEAF_KEY_SEC1)]), 'Certificate', 0), der);
  assertFails(() => call('crypto.x509.parse_keypair', [LEAF_CERT, ROOT_KEY_SEC1]), 'builtin', 'tls: private key does not match public key');
  assertFails(() => call('crypto.x509.parse_keypair', [LEAF_CERT, RSA_KEY_PKCS1]), 'builtin', 'tls: private key type does not match public key type');
  assertFails(() => call('crypto.x509.parse_keypair', [LEAF_CERT, LEAF_CERT]), 'builtin',
    'tls: found a certificate rather than a key in the PEM for the private key');
  assertFails(() => call('crypto.x509.parse_keypair', [LEAF_KEY_SEC1, LEAF_KEY_SEC1]), 'builtin', 'PEM inputs may have been switched');
});

test('crypto.x509.parse_rsa_private_key gives a JWK', () => {
  const jwk = field(call('crypto.x509.parse_rsa_private_key', [RSA_KEY_PKCS1])) as Record<string, string>;
  assert.deepEqual(Object.keys(jwk).sort(), ['d', 'dp', 'dq', 'e', 'kty', 'n', 'p', 'q', 'qi']);
  assert.equal(jwk.kty, 'RSA');
  assert.equal(jwk.e, 'AQAB');
  assert.equal(field(call('crypto.x509.parse_rsa_private_key', [b64(LEAF_KEY_SEC1)]), 'crv'), 'P-256');
  assertFails(() => call('crypto.x509.parse_rsa_private_key', ['']), 'builtin', 'input PEM data was empty');
  assertFails(() => call('crypto.x509.parse_rsa_private_key', ['#']), 'builtin', 'illegal base64 data at input byte 0');
  assertValue(call('crypto.x509.parse_rsa_private_key', [b64('no pem here')]), null);
});

test('crypto.parse_private_keys lists every key block', () => {
  const keys = call('crypto.parse_private_keys', [RSA_KEY_PKCS1 + LEAF_KEY_SEC1 + ROOT_CERT]);
  const list = field(keys) as Record<string, unknown>[];
  assert.equal(list.length, 2);
  assert.equal(list[0]!.E, 65537);
  assert.equal((list[0]!.Primes as unknown[]).length, 2);
  assert.deepEqual(Object.keys(list[1]!).sort(), ['Curve', 'D', 'X', 'Y']);
  assertValue(call('crypto.parse_private_keys', ['']), null);
  assertValue(call('crypto.parse_private_keys', [ROOT_CERT]), []);
});

test('Ed25519 and X25519 keys take Go shapes', () => {
  const ed = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const x = generateKeyPairSync('x25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const keys = field(call('crypto.parse_private_keys', [ed + x])) as unknown[];
  assert.equal(typeof keys[0], 'string');
  assert.equal(Buffer.from(keys[0] as string, 'base64').length, 64);
  assert.deepEqual(keys[1], {});
  assert.equal(field(call('crypto.x509.parse_rsa_private_key', [ed]), 'kty'), 'OKP');
});

test('results are Rego objects', () => {
  assert.ok(call('crypto.x509.parse_certificate_request', [LEAF_CSR]) instanceof RObject);
});
