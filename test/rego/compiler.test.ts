import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileErrors } from './helpers.js';

test('unsafe variables are reported by name and line', () => {
  assert.deepEqual(compileErrors(['package p\n\nq if {\n  x > 1\n}\n']), ['m0.rego:4: rego_unsafe_var_error: var x is unsafe']);
  assert.deepEqual(compileErrors(['package p\n\nq[x] := 1 if true\n']), ['m0.rego:3: rego_unsafe_var_error: var x is unsafe']);
});

test('bodies are reordered so that vars are bound before use', () => {
  assert.deepEqual(compileErrors(['package p\nq if {\n  y == 2\n  y = input.a\n}\n']), []);
  // `:=` after a use is OPA's "referenced above", not a reordering.
  assert.match(compileErrors(['package p\nq if {\n  y == 2\n  y := input.a\n}\n'])[0]!, /var y referenced above/);
});

test('recursion is rejected with the cycle', () => {
  const errs = compileErrors(['package p\nq if r\nr if q\n']);
  assert.equal(errs.length, 1);
  assert.match(errs[0]!, /rego_recursion_error: rule data\.p\.\w is recursive: data\.p\.\w -> data\.p\.\w -> data\.p\.\w/);
});

test('conflicting rule kinds and multiple defaults', () => {
  assert.match(compileErrors(['package p\nq := 1\nq contains 2\n'])[0]!, /rego_type_error: conflicting rules data\.p\.q found/);
  assert.match(compileErrors(['package p\ndefault q := 1\ndefault q := 2\n'])[0]!, /multiple default rules data\.p\.q found/);
});

test('undefined functions, arity, and network built-ins', () => {
  assert.match(compileErrors(['package p\nq if nosuch(1)\n'])[0]!, /rego_type_error: undefined function nosuch/);
  assert.match(compileErrors(['package p\nq if count(1, 2, 3)\n'])[0]!, /count: arity mismatch/);
  assert.match(compileErrors(['package p\nq := http.send({})\n'])[0]!, /undefined function http\.send/);
});

test('deprecated built-ins exist only in v0', () => {
  assert.match(compileErrors(['package p\nq if any([true])\n'])[0]!, /undefined function any/);
  assert.deepEqual(compileErrors(['package p\nq { any([true]) }\n'], { regoVersion: 0 }), []);
  assert.match(compileErrors(['package p\nq { any([true]) }\n'], { regoVersion: 0, strict: true })[0]!, /deprecated built-in function calls in expression: any/);
});

test('strict mode reports unused locals and imports', () => {
  const errs = compileErrors(['package p\nimport data.x\nq if {\n  a := 1\n  some b\n  true\n}\n'], { strict: true });
  assert.ok(errs.includes('m0.rego:4: rego_compile_error: assigned var a unused'), errs.join('\n'));
  assert.ok(errs.includes('m0.rego:5: rego_compile_error: declared var b unused'), errs.join('\n'));
  assert.ok(errs.some((e) => /import data\.x unused/.test(e)), errs.join('\n'));
  assert.deepEqual(compileErrors(['package p\nimport data.x\nq if {\n  a := 1\n}\n']), []);
});

test('declared locals may not be redeclared or shadow input and data', () => {
  assert.match(compileErrors(['package p\nq if {\n  x := 1\n  x := 2\n}\n'])[0]!, /var x assigned above/);
  assert.match(compileErrors(['package p\nq if {\n  input := 1\n}\n'])[0]!, /variables must not shadow input/);
});

test('type errors: built-ins and functions called with arguments of an impossible type', () => {
  assert.deepEqual(compileErrors(['package p\nq := count(42)\n']), [
    'm0.rego:2: rego_type_error: count: invalid argument(s)\n\thave: (number)\n\twant: (any<string, array[any], object[any: any], set[any]>)',
  ]);
  // A function's argument type comes from how its body uses it.
  const fn = 'package p\nis_param(s) := regex.match(`<<\\s*parameters\\.`, s)\n';
  assert.match(compileErrors([fn + 'q := is_param(42)\n'])[0]!, /m0\.rego:3: rego_type_error: data\.p\.is_param: invalid argument\(s\)\n\thave: \(number\)\n\twant: \(string\)/);
  assert.deepEqual(compileErrors([fn + 'q := is_param(input.x)\n']), []);
  // Definitions that accept different types leave the argument untyped.
  assert.deepEqual(compileErrors(['package p\nf(x) := upper(x) if is_string(x)\nf(x) := count(x) if is_array(x)\nq := f(1)\n']), []);
});

test('strict mode: rules may not be named input or data', () => {
  assert.match(compileErrors(['package p\ninput := 1\n'], { strict: true })[0]!, /m0\.rego:2: rego_compile_error: rules must not shadow input/);
  assert.deepEqual(compileErrors(['package p\ninput := 1\n']), []);
});
