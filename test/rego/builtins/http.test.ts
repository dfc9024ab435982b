import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { builtins } from '../../../src/rego/builtins/http.js';
import { BuiltinHalt } from '../../../src/rego/builtins/registry.js';
import { toJS } from '../../../src/rego/value.js';
import { assertFails, caller, obj } from './helpers.js';

const call = caller(builtins);

function assertHalts(f: () => unknown, kind: 'type' | 'builtin', text: string): void {
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof BuiltinHalt, `expected a BuiltinHalt, got ${String(e)}`);
    assert.equal(e.kind, kind);
    assert.ok(e.message.includes(text), `"${e.message}" should contain "${text}"`);
    return true;
  });
}

test('http.send is a network built-in', () => {
  const def = builtins.find((b) => b.name === 'http.send')!;
  assert.equal(def.network, true);
  assert.equal(def.nondeterministic, true);
});

test('http.send rejects bad request objects before any request', () => {
  assertHalts(() => call('http.send', [obj({ method: 'get', url: 'http://x', verb: 'no', other: 1 })]), 'type',
    'operand 1 invalid request parameters(s): {"other", "verb"}');
  assertHalts(() => call('http.send', [obj({ url: 'http://x' })]), 'type', 'operand 1 missing required request parameters(s): {"method"}');
  assertFails(() => call('http.send', ['GET http://x']), 'type', 'operand 1 must be object but got string');
  assertFails(() => call('http.send', [obj({ method: 'get', url: 'http://x', raise_error: 'yes' })]), 'builtin',
    'invalid value for raise_error field');
});

test('with raise_error false, failures come back as the response', () => {
  const res = toJS(call('http.send', [obj({ method: 'get', raise_error: false })])!);
  assert.deepEqual(res, {
    status_code: 0,
    error: {
      code: 'eval_http_send_internal_error',
      message: 'eval_type_error: http.send: operand 1 missing required request parameters(s): {"url"}',
    },
  });
});

// Answers every request with a JSON echo. It runs in its own process: http.send blocks this one.
const ECHO_SERVER = `
const server = require('node:http').createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ method: req.method, got: body, header: req.headers['x-test'] }));
  });
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
setTimeout(() => process.exit(0), 20000);
`;

test('an allowed request runs and decodes JSON responses', async () => {
  const child = spawn(process.execPath, ['-e', ECHO_SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const port = await new Promise<number>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(Number(String(d).trim()))));
    const res = toJS(
      call('http.send', [obj({ method: 'post', url: `http://127.0.0.1:${port}/x`, headers: { 'X-Test': 'yes' }, body: { a: 1 } })])!,
    ) as { status_code: number; body: unknown; raw_body: string };
    assert.equal(res.status_code, 200);
    assert.deepEqual(res.body, { method: 'POST', got: '{"a":1}', header: 'yes' });
  } finally {
    child.kill();
  }
});

test('network failures are builtin errors, or responses with raise_error false', () => {
  const closed = { method: 'get', url: 'http://127.0.0.1:9/' };
  assertHalts(() => call('http.send', [obj(closed)]), 'builtin', 'Get "http://127.0.0.1:9/"');
  const res = toJS(call('http.send', [obj({ ...closed, raise_error: false })])!) as { error: { code: string } };
  assert.equal(res.error.code, 'eval_http_send_network_error');
});
