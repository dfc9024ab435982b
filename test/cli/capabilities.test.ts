import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUILTINS } from '../../src/rego/index.js';
import { run } from './policy-support.js';

test("capabilities: OPA's JSON shape, every built-in a policy may call, none that reaches the network", async () => {
  const r = await run(['capabilities']);
  assert.equal(r.code, 0);
  const caps = JSON.parse(r.out);
  assert.deepEqual(Object.keys(caps), ['builtins', 'future_keywords', 'wasm_abi_versions', 'features']);
  const names: string[] = caps.builtins.map((b: { name: string }) => b.name);
  assert.deepEqual(names, [...names].sort());
  assert.ok(!names.includes('http.send') && !names.includes('net.lookup_ip_addr'));
  assert.equal(names.length, [...BUILTINS.keys()].filter((n) => !BUILTINS.get(n)!.network && n !== 'http.send' && n !== 'net.lookup_ip_addr').length);
  const count = caps.builtins.find((b: { name: string }) => b.name === 'count');
  assert.deepEqual(Object.keys(count), ['name', 'decl']);
  assert.equal(count.decl.type, 'function');
  assert.deepEqual(count.decl.result, { type: 'number' });
  const plus = caps.builtins.find((b: { name: string }) => b.name === 'plus');
  assert.equal(plus.infix, '+');
  assert.match(r.out, /"infix": "\\u0026"/, 'Go escapes & in the and operator');
  assert.deepEqual(caps.future_keywords, ['contains', 'every', 'if', 'in']);
});
