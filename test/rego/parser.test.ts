import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RegoErrors, parseModule, parseQuery } from '../../src/rego/index.js';

function parseError(src: string, regoVersion: 0 | 1 = 1): string {
  try {
    parseModule('p.rego', src, { regoVersion });
  } catch (e) {
    if (e instanceof RegoErrors) return e.errors.map((x) => x.toString()).join('\n');
    throw e;
  }
  return '';
}

test('v1 modules need `if` before bodies and `contains` for partial sets', () => {
  assert.match(parseError('package p\n\nq[x] {\n  x := 1\n}\n'), /p\.rego:3: rego_parse_error: `if` keyword is required before rule body/);
  assert.match(parseError('package p\n\nq[x] {\n  x := 1\n}\n'), /`contains` keyword is required for partial set rules/);
  assert.equal(parseError('package p\nq contains x if { x := 1 }\n'), '');
});

test('v0 makes if/contains/in/every keywords only after future imports', () => {
  assert.equal(parseError('package p\nq[x] { x := 1 }\n', 0), '');
  assert.match(parseError('package p\nq contains x if { x := 1 }\n', 0), /var cannot be used for rule name/);
  assert.equal(parseError('package p\nimport future.keywords.contains\nimport future.keywords.if\nq contains x if { x := 1 }\n', 0), '');
  // `every` brings `in` along.
  assert.equal(parseError('package p\nimport future.keywords.every\nq { every x in [1] { x > 0 } }\nr { some y in [1] }\n', 0), '');
});

test('import rego.v1 switches a v0 module to v1 rules', () => {
  assert.match(parseError('package p\nimport rego.v1\nq { true }\n', 0), /`if` keyword is required/);
});

test('v0 and v1 read `p[x]` heads differently only without `if`', () => {
  const v0 = parseModule('p.rego', 'package p\nq[x] { x := 1 }\n', { regoVersion: 0 });
  assert.ok(v0.rules[0]!.head.key !== undefined && v0.rules[0]!.head.value === undefined);
  const withIf = parseModule('p.rego', 'package p\nq[x] if x := 1\n', { regoVersion: 1 });
  assert.equal(withIf.rules[0]!.head.key, undefined);
  assert.equal(withIf.rules[0]!.head.ref.length, 2);
});

test('keywords may head refs and follow dots', () => {
  const m = parseModule('p.rego', 'package p\nnot.foo := 1\nx := input.in.every\n', { regoVersion: 1 });
  assert.equal(m.rules.length, 2);
});

test('operators follow OPA precedence', () => {
  const [e] = parseQuery('x := 1 + 2 * 3 == 7');
  // `:=` is lowest, then `==`, then `+`, then `*`.
  assert.equal(e!.terms.kind, 'call');
  const rhs = e!.terms.kind === 'call' ? e!.terms.args[1]! : undefined;
  assert.ok(rhs !== undefined && rhs.kind === 'call');
});

test('errors carry locations', () => {
  assert.match(parseError('package p\n\nq := [1, 2\n'), /p\.rego:\d+: rego_parse_error: unexpected eof token/);
  assert.match(parseError('packge p\n'), /p\.rego:1: rego_parse_error: package expected/);
  assert.match(parseError('package p\nq := "abc\n'), /non-terminated string/);
});

test('raw strings, escapes and big numbers', () => {
  const m = parseModule('p.rego', 'package p\na := `x\\y`\nb := "\\u00e9\\n"\nc := 123456789012345678901234567890\n');
  const vals = m.rules.map((r) => (r.head.value?.kind === 'scalar' ? r.head.value.value : undefined));
  assert.equal(vals[0], 'x\\y');
  assert.equal(vals[1], 'é\n');
  assert.equal(String((vals[2] as { text: string }).text), '123456789012345678901234567890');
});

test('METADATA comments become annotations of the next rule', () => {
  const m = parseModule('p.rego', '# METADATA\n# title: T\npackage p\n\n# METADATA\n# title: Rule\n# custom:\n#   severity: high\nq := 1\n');
  assert.equal(m.annotations.length, 2);
  assert.equal(m.annotations[0]!.scope, 'package');
  assert.deepEqual(m.rules[0]!.annotations![0]!.fields, { title: 'Rule', custom: { severity: 'high' } });
});
