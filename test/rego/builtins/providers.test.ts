import assert from 'node:assert/strict';
import { test } from 'node:test';
import { builtins } from '../../../src/rego/builtins/providers.js';
import { parseNumber } from '../../../src/rego/number.js';
import { toJS } from '../../../src/rego/value.js';
import { assertFails, caller, obj, set } from './helpers.js';

const call = caller(builtins);

// AWS's published SigV4 test vector "get-vanilla" (example credentials, 2015-08-30T12:36:00Z).
const EXAMPLE = {
  aws_access_key: 'AKIDEXAMPLE',
  aws_secret_access_key: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  aws_service: 'service',
  aws_region: 'us-east-1',
};
const AT = parseNumber('1440938160000000000')!;

function headers(req: Record<string, unknown>, config: Record<string, unknown> = EXAMPLE, at = AT): Record<string, string> {
  const out = toJS(call('providers.aws.sign_req', [obj(req), obj(config), at])!) as { headers: Record<string, string> };
  return out.headers;
}

test('providers.aws.sign_req matches AWS test vectors', () => {
  assert.deepEqual(headers({ method: 'GET', url: 'https://example.amazonaws.com/' }), {
    Authorization:
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request,SignedHeaders=host;x-amz-date,Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
    host: 'example.amazonaws.com',
    'x-amz-date': '20150830T123600Z',
  });
});

test('S3 signs the payload hash, or UNSIGNED-PAYLOAD when asked', () => {
  const s3 = { ...EXAMPLE, aws_service: 's3' };
  const signed = headers({ method: 'PUT', url: 'https://bucket.s3.amazonaws.com/key?acl', raw_body: 'hello' }, s3);
  assert.equal(signed['x-amz-content-sha256'], '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824');
  assert.match(signed.Authorization!, /SignedHeaders=host;x-amz-content-sha256;x-amz-date,/);
  const unsigned = headers({ method: 'PUT', url: 'https://bucket.s3.amazonaws.com/key', raw_body: 'hello' }, { ...s3, disable_payload_signing: true });
  assert.equal(unsigned['x-amz-content-sha256'], 'UNSIGNED-PAYLOAD');
});

test('request headers are signed, except those a proxy may change', () => {
  const signed = headers({ method: 'GET', url: 'https://example.amazonaws.com/', headers: { 'X-Custom': 'a', 'User-Agent': 'ua' } }, {
    ...EXAMPLE,
    aws_session_token: 'TOKEN',
  });
  assert.match(signed.Authorization!, /SignedHeaders=host;x-amz-date;x-amz-security-token;x-custom,/);
  assert.equal(signed['X-Custom'], 'a');
  assert.equal(signed['User-Agent'], 'ua');
  assert.equal(signed['x-amz-security-token'], 'TOKEN');
});

test('the body is signed as compact JSON with sorted keys', () => {
  const a = headers({ method: 'POST', url: 'https://e.com/', body: { b: 1, a: [true] } }, { ...EXAMPLE, aws_service: 's3' });
  const b = headers({ method: 'POST', url: 'https://e.com/', raw_body: '{"a":[true],"b":1}' }, { ...EXAMPLE, aws_service: 's3' });
  assert.equal(a.Authorization, b.Authorization);
});

test('providers.aws.sign_req checks its operands as OPA does', () => {
  const req = obj({ method: 'GET', url: 'https://e.com/' });
  assertFails(() => call('providers.aws.sign_req', [req, obj({ aws_service: 's3' }), AT]), 'type',
    'operand 2 missing required AWS config parameters(s): {"aws_access_key", "aws_region", "aws_secret_access_key"}');
  assertFails(() => call('providers.aws.sign_req', [req, obj({ ...EXAMPLE, aws_region: null }), AT]), 'type',
    'operand 2 invalid values for required AWS config parameters(s): {"aws_region"}');
  assertFails(() => call('providers.aws.sign_req', [req, obj(EXAMPLE), 1.5]), 'type',
    'operand 3 could not convert time_ns value into a unix timestamp');
  assertFails(() => call('providers.aws.sign_req', [obj({ method: 'GET', url: 'u', verb: 1 }), obj(EXAMPLE), AT]), 'type',
    'operand 1 invalid request parameters(s): {"verb"}');
  assertFails(() => call('providers.aws.sign_req', [obj({ method: 'GET', url: set() }), obj(EXAMPLE), AT]), 'type',
    'operand 1 invalid values for required request parameters(s): {"url"}');
  assertFails(() => call('providers.aws.sign_req', [obj({ method: 'GET', url: 'u', headers: 'h' }), obj(EXAMPLE), AT]), 'type',
    'operand 0 must be object but got string');
  assertFails(() => call('providers.aws.sign_req', [req, obj({ ...EXAMPLE, disable_payload_signing: 'yes' }), AT]), 'type',
    "operand 2 invalid value for 'disable_payload_signing' in AWS config");
});
