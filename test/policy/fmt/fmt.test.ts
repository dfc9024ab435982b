import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatRego, FormatError } from '../../../src/policy/fmt/index.js';
import { parseModule } from '../../../src/rego/index.js';

/** Formats as the given version and checks a second pass changes nothing. */
function fmt(source: string, opts: { regoVersion?: 0 | 1; toV1?: boolean } = {}): string {
  const once = formatRego('t.rego', source, opts);
  const twice = formatRego('t.rego', once.text, { regoVersion: opts.toV1 ? 1 : once.regoVersion });
  assert.equal(twice.text, once.text, 'formatting is not stable');
  return once.text;
}

const lines = (...ls: string[]) => ls.join('\n') + '\n';

test('indents with tabs, spaces operators and puts one blank line between rules', () => {
  const src = 'package   x\nimport future.keywords\np[x]{\nx:=1+2}\nq = 1 {true}\nr := {"a":1,"b":[1,2]}\n';
  assert.equal(
    fmt(src),
    lines('package x', '', 'import future.keywords', '', 'p contains x if {', '\tx := 1 + 2', '}', '', 'q = 1 if true', 'r := {"a": 1, "b": [1, 2]}'),
  );
});

test('keeps a v0 file v0: bracket partial sets, no if, = kept as written', () => {
  const src = 'package org\npolicy_name["x"]\nenable_rule["r"]\nr = reason { reason := "no" }\nf(x) { x > 1 }\n';
  const out = fmt(src);
  assert.equal(out, lines('package org', '', 'policy_name["x"]', '', 'enable_rule["r"]', '', 'r = reason {', '\treason := "no"', '}', '', 'f(x) {', '\tx > 1', '}'));
  assert.equal(formatRego('t.rego', src).regoVersion, 0);
});

test('v1 files get := in heads and one-line bodies stay on one line', () => {
  const src = lines('package x', 'p = 1 if input.a', 'q if {', '  input.b', '}', 'default d = false');
  assert.equal(fmt(src, { regoVersion: 1 }), lines('package x', '', 'p := 1 if input.a', '', 'q if {', '\tinput.b', '}', '', 'default d := false'));
});

test('adjacent one-line rules stay together; a blank line separates the rest', () => {
  const src = lines('package x', 'import rego.v1', 'f(x) := 1 if x', 'f(x) := 2 if not x', 'g := 3', '', 'h := 4');
  assert.equal(fmt(src), lines('package x', '', 'import rego.v1', '', 'f(x) := 1 if x', 'f(x) := 2 if not x', 'g := 3', '', 'h := 4'));
});

test('imports are sorted within groups that blank lines and comments separate', () => {
  const src = lines('package x', 'import data.z', 'import data.a as b # alias', '', '# later', 'import input.q', 'import data.c', 'p := 1');
  assert.equal(
    fmt(src, { regoVersion: 1 }),
    lines('package x', '', 'import data.a as b # alias', 'import data.z', '', '# later', 'import data.c', 'import input.q', '', 'p := 1'),
  );
});

test('every comment is kept where it was: before, after, inside and at the end', () => {
  const src = lines(
    '# file header',
    'package x # package',
    '',
    '# about p',
    'p if {',
    '    # first',
    '    input.a   # trailing',
    '',
    '    # after a gap',
    '    input.b',
    '    # before the brace',
    '} # after the brace',
    'list := [',
    '  1, # one',
    '  # two next',
    '  2,',
    ']',
    '# the end',
  );
  assert.equal(
    fmt(src, { regoVersion: 1 }),
    lines(
      '# file header',
      'package x # package',
      '',
      '# about p',
      'p if {',
      '\t# first',
      '\tinput.a # trailing',
      '',
      '\t# after a gap',
      '\tinput.b',
      '\t# before the brace',
      '} # after the brace',
      '',
      'list := [',
      '\t1, # one',
      '\t# two next',
      '\t2,',
      ']',
      '',
      '# the end',
    ),
  );
});

test('a comment inside an expression the output joins onto one line follows that line', () => {
  const out = fmt(lines('package x', 'p := 1 + # why', '  2', 'q := 3'), { regoVersion: 1 });
  assert.equal(out, lines('package x', '', 'p := 1 + 2 # why', '', 'q := 3'));
});

test('spelling of literals is kept; refs use dots where they can', () => {
  const src = lines('package x', 'p := [1e3, 0.50, `raw "s"`, "esc\\u0041", input["a"]["b-c"], input["not"], data.x.as]');
  assert.equal(fmt(src, { regoVersion: 1 }), lines('package x', '', 'p := [1e3, 0.50, `raw "s"`, "esc\\u0041", input.a["b-c"], input["not"], data.x.as]'));
});

test('nested operators get parentheses; an expression needs them only for precedence', () => {
  const src = lines('package x', 'p if {', '  x := 1 + 2 * 3', '  y := (1 + 2) * 3', '  x == y - (1 - 1)', '  z := -x', '  w := - 1', '}');
  assert.equal(fmt(src, { regoVersion: 1 }), lines('package x', '', 'p if {', '\tx := 1 + (2 * 3)', '\ty := (1 + 2) * 3', '\tx == y - (1 - 1)', '\tz := -x', '\tw := - 1', '}'));
});

test('collections written over several lines stay one element line per source line', () => {
  const src = lines('package x', 'p := {"a": 1,', '  "b": 2, "c": 3}', 'q := f(1,', '2)', 'r := [', '1, 2]');
  assert.equal(
    fmt(src, { regoVersion: 1 }),
    lines('package x', '', 'p := {', '\t"a": 1,', '\t"b": 2, "c": 3,', '}', '', 'q := f(', '\t1,', '\t2,', ')', '', 'r := [', '\t1, 2,', ']'),
  );
});

test('some, every, with, else, comprehensions and set()', () => {
  const src = lines(
    'package x',
    'import rego.v1',
    'p if {',
    '  some k, v in input',
    '  every x in v { x > 0 }',
    '  s := {y | some y in v; y > 1}',
    '  e := set()',
    '  q with input as {} with data.z as 1',
    '  q',
    '     with input as 2',
    '}',
    'v := 1 if false else := 2 if true',
  );
  assert.equal(
    fmt(src),
    lines(
      'package x',
      '',
      'import rego.v1',
      '',
      'p if {',
      '\tsome k, v in input',
      '\tevery x in v { x > 0 }',
      '\ts := {y | some y in v; y > 1}',
      '\te := set()',
      '\tq with input as {} with data.z as 1',
      '\tq',
      '\t\twith input as 2',
      '}',
      '',
      'v := 1 if {',
      '\tfalse',
      '} else := 2 if {',
      '\ttrue',
      '}',
    ),
  );
});

test('--rego-v1 rewrites v0 in v1 syntax that v0 readers still accept', () => {
  const src = lines('package org', 'import future.keywords.in', 'policy_name["x"]', 'deny[msg] { some j in input.jobs; msg := j }', 'f(x) = y {', 'y := x }');
  const out = fmt(src, { toV1: true });
  assert.equal(out, lines('package org', '', 'import rego.v1', '', 'policy_name contains "x"', '', 'deny contains msg if {', '\tsome j in input.jobs', '\tmsg := j', '}', '', 'f(x) := y if {', '\ty := x', '}'));
  assert.doesNotThrow(() => parseModule('t.rego', out, { regoVersion: 0 }));
});

test('a v0 file that imports future keywords uses them', () => {
  const src = lines('package org', 'import future.keywords', 'deny[msg] { msg := "x" }', 'ok { true }');
  assert.equal(fmt(src), lines('package org', '', 'import future.keywords', '', 'deny contains msg if msg := "x"', 'ok if true'));
});

test('syntax errors come back located; nothing is guessed', () => {
  assert.throws(
    () => formatRego('bad.rego', 'package x\np if {\n'),
    (e: unknown) => e instanceof FormatError && e.file === 'bad.rego' && e.line === 3 && /rego_parse_error/.test(e.message),
  );
});

test('CRLF input and missing final newline give the canonical text', () => {
  assert.equal(fmt('package x\r\n\r\np := 1 # c\r\nq := 2', { regoVersion: 1 }), lines('package x', '', 'p := 1 # c', 'q := 2'));
});

test('a comment on the line where a broken-up call starts stays on that line', () => {
  const src = lines('package x', 'p := f("a", { # about the object', '  "k": 1, # k', '}, [2]) # end');
  assert.equal(fmt(src, { regoVersion: 1 }), lines('package x', '', 'p := f(', '\t"a", { # about the object', '\t\t"k": 1, # k', '\t}, # end', '\t[2],', ')'));
});

test('comments between a body and its else put the else on its own line, after a blank line', () => {
  const src = lines('package x', 'f(x) = 1 {', '  x', '} # one', 'else = 2 {', '  true', '}', 'g = 1 { false }', '# why', 'else = 2');
  assert.equal(
    fmt(src, { regoVersion: 0 }),
    lines('package x', '', 'f(x) = 1 {', '\tx', '} # one', '', 'else = 2 {', '\ttrue', '}', '', 'g = 1 {', '\tfalse', '}', '', '# why', 'else = 2'),
  );
});

test('some over several lines keeps its lines; an argument list opened on its own line closes up', () => {
  const src = lines('package x', 'p {', '  some a,  b, # first', '    c', '  f(', '    a, b', '  )', '}');
  assert.equal(fmt(src, { regoVersion: 0 }), lines('package x', '', 'p {', '\tsome a, b, # first', '\t\tc', '\tf(a, b)', '}'));
});
