import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Policy, RegoError, fromJS, prepareValue, toJS } from '../../src/rego/index.js';
import { compile, query, value } from './helpers.js';

test('complete, partial set and partial object rules', () => {
  const mod = `package p
a := 1
b contains x if some x in [3, 1, 2]
c[k] := v if some k, v in {"x": 1, "y": 2}
d if false
`;
  assert.equal(value([mod], 'data.p.a'), 1);
  assert.deepEqual(value([mod], 'data.p.b'), [1, 2, 3]);
  assert.deepEqual(value([mod], 'data.p.c'), { x: 1, y: 2 });
  assert.equal(value([mod], 'data.p.d'), undefined);
  // A package is an object of its defined rules.
  assert.deepEqual(value([mod], 'data.p'), { a: 1, b: [1, 2, 3], c: { x: 1, y: 2 } });
});

test('default and else', () => {
  const mod = `package p
default allow := false
allow if input.user == "admin"
grade := "A" if input.score > 90
else := "B" if input.score > 80
else := "C"
`;
  assert.equal(value([mod], 'data.p.allow', { input: { user: 'bob' } }), false);
  assert.equal(value([mod], 'data.p.allow', { input: { user: 'admin' } }), true);
  assert.equal(value([mod], 'data.p.grade', { input: { score: 95 } }), 'A');
  assert.equal(value([mod], 'data.p.grade', { input: { score: 85 } }), 'B');
  assert.equal(value([mod], 'data.p.grade', { input: { score: 5 } }), 'C');
});

test('functions with several definitions, patterns and conflicts', () => {
  const mod = `package p
name(x) := x if is_string(x)
name(x) := k if { is_object(x); some k, _ in x }
first([a, _]) := a
clash(_) := 1
clash(_) := 2
`;
  assert.equal(value([mod], 'data.p.name("job")'), 'job');
  assert.equal(value([mod], 'data.p.name({"deploy": {}})'), 'deploy');
  assert.equal(value([mod], 'data.p.first([7, 8])'), 7);
  assert.equal(value([mod], 'data.p.first([7])'), undefined);
  assert.throws(() => value([mod], 'data.p.clash(0)'), (e: unknown) => e instanceof RegoError && e.code === 'eval_conflict_error' && /functions must not produce multiple outputs/.test(e.message));
});

test('complete rules with different values conflict; equal values do not', () => {
  assert.throws(() => value(['package p\nq := 1 if true\nq := 2 if true\n'], 'data.p.q'), /complete rules must not produce multiple outputs/);
  assert.equal(value(['package p\nq := 1 if true\nq := 1 if true\n'], 'data.p.q'), 1);
});

test('negation, every, some and membership', () => {
  const mod = `package p
imgs := ["cimg/a", "cimg/b", "evil/c"]
all_cimg if every i in imgs { startswith(i, "cimg/") }
no_evil if not "evil/c" in imgs
evil contains i if { some i in imgs; not startswith(i, "cimg/") }
pairs contains [k, v] if some k, v in ["a", "b"]
`;
  assert.equal(value([mod], 'data.p.all_cimg'), undefined);
  assert.equal(value([mod], 'data.p.no_evil'), undefined);
  assert.deepEqual(value([mod], 'data.p.evil'), ['evil/c']);
  assert.deepEqual(value([mod], 'data.p.pairs'), [[0, 'a'], [1, 'b']]);
});

test('comprehensions close over the variables bound before them', () => {
  const mod = `package p
jobs := {"a": {"n": 1}, "b": {"n": 2}}
names := [k | some k, _ in jobs]
big := {k | some k; jobs[k].n > input.min}
index := {k: j.n | some k, j in jobs}
`;
  assert.deepEqual(value([mod], 'data.p.names'), ['a', 'b']);
  assert.deepEqual(value([mod], 'data.p.big', { input: { min: 1 } }), ['b']);
  assert.deepEqual(value([mod], 'data.p.index'), { a: 1, b: 2 });
});

test('unification binds across arrays and objects', () => {
  assert.deepEqual(query([], '[x, 1] = [2, y]'), [{ x: 2, y: 1 }]);
  assert.deepEqual(query([], '{"a": x} = {"a": [1, 2]}; [_, y] = x'), [{ x: [1, 2], y: 2 }]);
  assert.deepEqual(query([], '{"a": x} = {"a": 1}; {"a": 1} = {"a": 1, "b": 2}'), []);
  // As in OPA, objects of different sizes bind nothing, so x stays unsafe.
  assert.throws(() => query([], '{"a": x} = {"a": 1, "b": 2}'), /var x is unsafe/);
});

test('iteration over objects and sets follows OPA order', () => {
  assert.deepEqual(
    query([], 'x := {"b": 1, "a": 2, "c": 0}[k]').map((r) => r.x),
    [2, 1, 0],
  );
  assert.equal(value([], 'sprintf("%v", [{"medium", "small", "medium+"}])'), '{"medium", "medium+", "small"}');
});

test('with replaces input, data and functions for one expression', () => {
  const mod = `package p
allow if input.user == "admin"
limit := data.config.limit
f(x) := x + 1
uses_f := f(1)
t1 if allow with input as {"user": "admin"}
t2 := l if l := limit with data.config.limit as 7
t3 := v if v := uses_f with f as 100
t4 := n if n := count([1, 2, 3]) with count as 9
`;
  const data = { config: { limit: 3 } };
  assert.equal(value([mod], 'data.p.t1'), true);
  assert.equal(value([mod], 'data.p.allow'), undefined);
  assert.equal(value([mod], 'data.p.t2', { data }), 7);
  assert.equal(value([mod], 'data.p.limit', { data }), 3);
  assert.equal(value([mod], 'data.p.t3'), 100);
  assert.equal(value([mod], 'data.p.t4'), 9);
});

test('rules merge with base data; base data wins where both have a key', () => {
  const mod = 'package a.b\nv := 1\n';
  assert.deepEqual(value([mod], 'data.a', { data: { a: { c: 2, b: { w: 3 } } } }), { b: { v: 1, w: 3 }, c: 2 });
  assert.deepEqual(value(['package a\nk := "rule"\n'], 'data.a', { data: { a: { k: 'base' } } }), { k: 'base' });
});

test('ref heads build nested documents', () => {
  const mod = `package p
jobs[name].image := img if {
  some name, j in input.jobs
  img := j.docker[0].image
}
jobs.extra.image := "x"
`;
  assert.deepEqual(value([mod], 'data.p.jobs', { input: { jobs: { build: { docker: [{ image: 'cimg/go' }] } } } }), {
    build: { image: 'cimg/go' },
    extra: { image: 'x' },
  });
});

test('numbers keep OPA semantics', () => {
  const big = compile([]).prepare('x := 9223372036854775807 + 1').eval({});
  assert.equal((big.results[0]!.get('x') as { text: string }).text, '9223372036854775808');
  const third = compile([]).prepare('x := 1 / 3').eval({});
  assert.equal((third.results[0]!.get('x') as { text: string }).text, '0.33333333333333333334');
  assert.equal(value([], '7 % 3'), 1);
  assert.equal(value([], '0.1 + 0.2 == 0.3'), true);
});

test('built-in errors: undefined by default, reported in strict mode', () => {
  assert.deepEqual(query([], 'x := 1 / 0'), []);
  assert.throws(() => query([], 'x := 1 / 0', { strictBuiltinErrors: true }), (e: unknown) => e instanceof RegoError && e.code === 'eval_builtin_error' && /div: divide by zero/.test(e.message));
  assert.throws(() => query([], 'x := count(1)', { strictBuiltinErrors: true }), (e: unknown) => e instanceof RegoError && e.code === 'eval_type_error');
});

test('v0 and v1 modules in one policy', () => {
  const v0 = Policy.compile(
    [
      { file: 'a.rego', source: 'package a\ndeny[msg] { msg := "x" }\n', regoVersion: 0 },
      { file: 'b.rego', source: 'package b\nimport data.a\nn := count(a.deny)\n', regoVersion: 1 },
    ],
    {},
  );
  assert.equal(toJS(prepareValue(v0, 'data.b.n').value()!), 1);
});

test('a prepared query evaluates many inputs', () => {
  const p = compile(['package p\nbig contains j if { some j, v in input.jobs; v.rc == "xlarge" }\n']);
  const q = prepareValue(p, 'data.p.big');
  assert.deepEqual(toJS(q.value({ input: fromJS({ jobs: { a: { rc: 'xlarge' }, b: { rc: 'small' } } }) })!), ['a']);
  assert.deepEqual(toJS(q.value({ input: fromJS({ jobs: { c: { rc: 'xlarge' } } }) })!), ['c']);
});

test('limits end runaway evaluation with a clear error', () => {
  const p = compile(['package p\nn := count([x | some x in numbers.range(1, 200000); some y in numbers.range(1, 1000); x == y])\n']);
  const r = p.prepare('x := data.p.n').eval({ limits: { maxSteps: 100000 } });
  assert.ok(r.error instanceof RegoError);
  assert.equal(r.error.code, 'eval_cancel_error');
});

test('many rules on the same input test are indexed without changing answers', () => {
  let src = 'package p\n';
  for (let i = 0; i < 50; i++) src += `allow if { input.kind == "k${i}"; input.n > ${i % 3} }\nname("k${i}") := ${i}\n`;
  src += 'allow if input.admin\n';
  for (const [input, want] of [
    [{ kind: 'k10', n: 5 }, true],
    [{ kind: 'k10', n: 0 }, undefined],
    [{ kind: 'zzz', admin: true }, true],
    [{ kind: 'zzz' }, undefined],
  ] as const) {
    assert.equal(value([src], 'data.p.allow', { input }), want);
  }
  assert.equal(value([src], 'data.p.name("k42")'), 42);
  assert.equal(value([src], 'data.p.name("nope")'), undefined);
});

test('comprehensions as collections and rule refs in comprehension heads', () => {
  assert.deepEqual(value([], '[x | some x in {y | some y in [1, 2]}]'), [1, 2]);
  assert.deepEqual(value(['package p\ntbl := [10, 11, 12]\ny := [tbl[c] | some c in [1, 2]]\n'], 'data.p.y'), [11, 12]);
});

test('iterating packages evaluates only the rules named after the variable', () => {
  const a = 'package rules.a\nhard_fail contains "a"\n';
  // Evaluating this rule would be a conflict error: it must not run for `data.rules[_].hard_fail`.
  const b = 'package rules.b\nhard_fail contains "b"\nboom := 1 if true\nboom := 2 if true\n';
  assert.deepEqual(
    query([a, b], 'x := data.rules[name].hard_fail').map((r) => [r.name, r.x]),
    [['a', ['a']], ['b', ['b']]],
  );
  assert.throws(() => query([a, b], 'x := data.rules'), /complete rules must not produce multiple outputs/);
});

test('imports may follow rules', () => {
  assert.deepEqual(value(['package p\ny := x.z\nimport data.x\n'], 'data.p.y', { data: { x: { z: 3 } } }), 3);
});
