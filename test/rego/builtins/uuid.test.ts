import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtins } from '../../../src/rego/builtins/uuid.js';
import { parseNumber } from '../../../src/rego/number.js';
import { assertValue, caller, fakeContext, obj } from './helpers.js';

const call = caller(builtins);

test('uuid.rfc4122 gives a v4 UUID, the same for the same key within a query', () => {
  const ctx = fakeContext();
  const a = call('uuid.rfc4122', ['k'], ctx) as string;
  assert.match(a, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(call('uuid.rfc4122', ['k'], ctx), a);
  assert.notEqual(call('uuid.rfc4122', ['other'], ctx), a);
  assert.notEqual(call('uuid.rfc4122', ['k'], fakeContext()), a);
});

test('uuid.parse reads every form google/uuid accepts', () => {
  const v4 = obj({ version: 4, variant: 'RFC4122' });
  for (const form of ['c8b3a55a-0e3f-4f0e-9b1a-1e2f3a4b5c6d', '{C8B3A55A-0E3F-4F0E-9B1A-1E2F3A4B5C6D}', 'URN:UUID:c8b3a55a-0e3f-4f0e-9b1a-1e2f3a4b5c6d', 'c8b3a55a0e3f4f0e9b1a1e2f3a4b5c6d'])
    assertValue(call('uuid.parse', [form]), v4);
  assert.equal(call('uuid.parse', ['c8b3a55a-0e3f-4f0e-9b1a-1e2f3a4b5c6']), undefined);
  assert.equal(call('uuid.parse', ['c8b3a55a_0e3f-4f0e-9b1a-1e2f3a4b5c6d']), undefined);
});

test('uuid.parse decodes time, clock sequence and node of version 1 and 2', () => {
  // Time 0x1d1a5f1f0000000 in 100-ns steps since 1582-10-15, clock sequence 0x0123, node 03:00:5e:00:00:01.
  assertValue(
    call('uuid.parse', ['f0000000-a5f1-11d1-8123-03005e000001']),
    obj({ version: 1, variant: 'RFC4122', time: parseNumber('887539470268825600'), clocksequence: 0x123, nodeid: '03-00-5e-00-00-01', macvariables: 'local:multicast' }),
  );
  const v2 = call('uuid.parse', ['000004d2-a5f1-21d1-c201-020000000001']) as never;
  assertValue(
    v2,
    obj({ version: 2, variant: 'Microsoft', time: parseNumber('887539067615765000'), clocksequence: 0x201, nodeid: '02-00-00-00-00-01', macvariables: 'local:unicast', id: 1234, domain: 'Group' }),
  );
});
