import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { test } from 'node:test';
import { builtins } from '../../../src/rego/builtins/jwt.js';
import { toJS } from '../../../src/rego/value.js';
import { assertFails, assertValue, caller, fakeContext, obj, v } from './helpers.js';
import { LEAF_CERT, LEAF_KEY_SEC1, RSA_KEY_PKCS1, ROOT_CERT } from './fixtures/pki.js';

const call = caller(builtins);
const b64url = (s: string) => Buffer.from(s).toString('base64url');
const SECRET = 'correct horse battery staple';
const OCT = { kty: 'oct', k: b64url(SECRET) };
const rsaJwk = createPrivateKey(RSA_KEY_PKCS1).export({ format: 'jwk' });
const rsaPublicPem = createPublicKey(RSA_KEY_PKCS1).export({ format: 'pem', type: 'spki' }).toString();
const ecJwk = createPrivateKey(LEAF_KEY_SEC1).export({ format: 'jwk' });

function sign(header: Record<string, unknown>, payload: Record<string, unknown>, key: object): string {
  return call('io.jwt.encode_sign', [obj(header), obj(payload), obj(key as Record<string, unknown>)]) as string;
}

test('io.jwt.encode_sign makes compact JWS with sorted, compact JSON', () => {
  const token = sign({ typ: 'JWT', alg: 'HS256' }, { sub: 'ci', n: 1 }, OCT);
  const [h, p] = token.split('.');
  assert.equal(Buffer.from(h!, 'base64url').toString(), '{"alg":"HS256","typ":"JWT"}');
  assert.equal(Buffer.from(p!, 'base64url').toString(), '{"n":1,"sub":"ci"}');
  assert.equal(call('io.jwt.verify_hs256', [token, SECRET]), true);
  assert.equal(call('io.jwt.verify_hs256', [token, 'wrong']), false);
});

test('io.jwt.encode_sign_raw signs text as given', () => {
  const token = call('io.jwt.encode_sign_raw', ['{"alg":"HS384","typ":"text/plain"}', 'plain <text>', JSON.stringify(OCT)]) as string;
  assert.equal(token.split('.')[1], b64url('plain <text>'));
  assert.equal(call('io.jwt.verify_hs384', [token, SECRET]), true);
  assertFails(() => call('io.jwt.encode_sign_raw', ['{"alg":"HS256"}', 'not json', JSON.stringify(OCT)]), 'builtin',
    'type is JWT but payload is not JSON');
  assertFails(() => call('io.jwt.encode_sign_raw', ['{"alg":"none"}', '{}', JSON.stringify(OCT)]), 'builtin', 'unknown JWS algorithm: none');
  assertFails(() => call('io.jwt.encode_sign_raw', ['{"alg":256}', '{}', JSON.stringify(OCT)]), 'builtin',
    "missing or invalid 'alg' header: value doesn't contain string; it contains number");
  assertFails(() => call('io.jwt.encode_sign_raw', ['{"alg":"HS256"}', '{}', '{"keys":[]}']), 'builtin', 'no keys found in JWK set');
});

test('asymmetric tokens verify with PEM keys, certificates and JWKs', () => {
  const rs = sign({ alg: 'RS512' }, { iss: 'policygate' }, rsaJwk);
  assert.equal(call('io.jwt.verify_rs512', [rs, rsaPublicPem]), true);
  assert.equal(call('io.jwt.verify_rs256', [rs, rsaPublicPem]), false);
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...rsaPublicJwk } = rsaJwk;
  assert.equal(call('io.jwt.verify_rs512', [rs, JSON.stringify({ keys: [{ ...rsaPublicJwk, kid: 'a' }] })]), true);
  const ps = sign({ alg: 'PS256' }, { iss: 'policygate' }, rsaJwk);
  assert.equal(call('io.jwt.verify_ps256', [ps, rsaPublicPem]), true);
  const es = sign({ alg: 'ES256' }, { iss: 'policygate' }, ecJwk);
  assert.equal(call('io.jwt.verify_es256', [es, LEAF_CERT]), true);
  assert.equal(call('io.jwt.verify_es256', [es, ROOT_CERT]), false);
  assert.equal(call('io.jwt.verify_rs256', [es, LEAF_CERT]), false);
});

test('a JWKS key whose kid matches the token is the only one tried', () => {
  const rs = sign({ alg: 'RS256', kid: 'k2' }, {}, rsaJwk);
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...pub } = rsaJwk;
  const ecPub = { kty: 'EC', crv: ecJwk.crv, x: ecJwk.x, y: ecJwk.y };
  assert.equal(call('io.jwt.verify_rs256', [rs, JSON.stringify({ keys: [{ ...ecPub, kid: 'k2' }, pub] })]), false);
  assert.equal(call('io.jwt.verify_rs256', [rs, JSON.stringify({ keys: [{ ...ecPub, kid: 'k1' }, pub] })]), true);
});

test('io.jwt.decode splits and decodes without verifying', () => {
  const token = sign({ alg: 'HS256', typ: 'JWT' }, { big: v(12345678901234567890n), nested: { a: [1] } }, OCT);
  const [header, payload, sig] = toJS(call('io.jwt.decode', [token])!) as [object, { big: unknown }, string];
  assert.deepEqual(header, { alg: 'HS256', typ: 'JWT' });
  assert.equal(sig, Buffer.from(token.split('.')[2]!, 'base64url').toString('hex'));
  assertValue(call('io.jwt.decode', [token]), [obj({ alg: 'HS256', typ: 'JWT' }), obj({ big: v(12345678901234567890n), nested: { a: [1] } }), sig]);
  assert.ok(payload.big !== undefined);
  assertFails(() => call('io.jwt.decode', ['abc']), 'builtin', 'encoded JWT had no period separators');
  assertFails(() => call('io.jwt.decode', [`${b64url('[1]')}.${b64url('{}')}.`]), 'builtin', 'bad JWT header: decoded JSON type was not an Object');
  assertFails(() => call('io.jwt.decode', [`${b64url('{"alg":"HS256"}')}.${b64url('{"a":}')}.`]), 'builtin',
    "invalid JSON: invalid character '}' looking for beginning of value");
  assertFails(() => call('io.jwt.decode', [`${b64url('{}')}.a.`]), 'builtin', 'JWT payload had invalid encoding: illegal base64url string: a');
});

test('io.jwt.decode unwraps nested tokens', () => {
  const inner = sign({ alg: 'HS256' }, { sub: 'inner' }, OCT);
  const outer = call('io.jwt.encode_sign_raw', ['{"alg":"HS256","cty":"JWT"}', `"${inner}"`, JSON.stringify(OCT)]) as string;
  assertValue((call('io.jwt.decode', [outer]) as unknown[])[1] as never, obj({ sub: 'inner' }));
});

test('io.jwt.decode_verify checks signature and registered claims', () => {
  const at = (seconds: number) => seconds * 1e9;
  const token = sign({ alg: 'HS256', typ: 'JWT' }, { iss: 'ci', aud: ['a', 'b'], nbf: 100, exp: 200.5 }, OCT);
  const check = (c: Record<string, unknown>) => (call('io.jwt.decode_verify', [token, obj(c)]) as unknown[])[0];
  assert.equal(check({ secret: SECRET, time: at(150), aud: 'b', iss: 'ci' }), true);
  assert.equal(check({ secret: SECRET, time: at(150) }), false); // an aud claim needs an aud constraint
  assert.equal(check({ secret: SECRET, time: at(99), aud: 'a' }), false);
  assert.equal(check({ secret: SECRET, time: at(100), aud: 'a' }), true);
  assert.equal(check({ secret: SECRET, time: at(200.5), aud: 'a' }), false);
  assert.equal(check({ secret: SECRET, time: at(150), aud: 'a', iss: 'other' }), false);
  assert.equal(check({ secret: SECRET, time: at(150), aud: 'a', alg: 'HS512' }), false);
  assert.equal(check({ secret: 'nope', time: at(150), aud: 'a' }), false);
  const ctx = { ...fakeContext(), nowNs: 150_000_000_000n };
  assertValue(call('io.jwt.decode_verify', [token, obj({ secret: SECRET, aud: 'a' })], ctx), [
    true,
    obj({ alg: 'HS256', typ: 'JWT' }),
    obj({ iss: 'ci', aud: ['a', 'b'], nbf: 100, exp: 200.5 }),
  ]);
  const es = sign({ alg: 'ES384' }, { iss: 'ci' }, ecJwk);
  assert.equal((call('io.jwt.decode_verify', [es, obj({ cert: LEAF_CERT })]) as unknown[])[0], true);
});

test('io.jwt.decode_verify rejects bad constraints and claims', () => {
  const token = sign({ alg: 'HS256' }, { exp: 'soon' }, OCT);
  const run = (c: Record<string, unknown>) => () => call('io.jwt.decode_verify', [token, obj(c)]);
  assertFails(run({ secret: SECRET }), 'builtin', 'exp value must be a number');
  assertFails(run({}), 'builtin', 'no key constraint');
  assertFails(run({ secret: SECRET, cert: LEAF_CERT }), 'builtin', 'duplicate key constraints');
  assertFails(run({ secret: SECRET, leeway: 5 }), 'builtin', 'unknown token validation constraint: leeway');
  assertFails(run({ secret: SECRET, time: -1 }), 'builtin', 'token time constraint: must not be negative');
  assertFails(run({ secret: 1 }), 'builtin', 'secret constraint: must be a string');
  assertFails(run({ cert: 'not a key' }), 'builtin', 'failed to parse a JWK key (set)');
  assertFails(() => call('io.jwt.decode_verify', [token, 'x']), 'type', 'operand 2 must be object but got string');
});

test('a critical header the engine does not know makes a token unverified', () => {
  const token = call('io.jwt.encode_sign_raw', ['{"alg":"HS256","crit":["exp2"],"exp2":1}', '{}', JSON.stringify(OCT)]) as string;
  assertValue(call('io.jwt.decode_verify', [token, obj({ secret: SECRET })]), [false, obj({}), obj({})]);
});
