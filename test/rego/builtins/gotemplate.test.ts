import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtins } from '../../../src/rego/builtins/strings.js';
import { assertFails, caller, obj, set } from './helpers.js';

const call = caller(builtins);
const render = (template: string, vars: Record<string, unknown>) => call('strings.render_template', [template, obj(vars)]);

test('fields, variables and pipelines', () => {
  assert.equal(render('Hello {{.name}}!', { name: 'you' }), 'Hello you!');
  assert.equal(render('{{.a.b}} {{$x := .n}}{{$x}} {{.n | printf "%s=%v" "n"}}', { a: { b: 'deep' }, n: 7 }), 'deep 7 n=7');
  assert.equal(render('{{.f}} {{.list}} {{.m}}', { f: 1.5, list: [1, 'a'], m: { z: true, a: null } }), '1.5 [1 a] map[a:<nil> z:true]');
  assert.equal(render('{{printf "%d" .n}}', { n: 3 }), '%!d(json.Number=3)');
});

test('control structures, trimming and comments', () => {
  assert.equal(render('{{range $i, $v := .xs}}{{if $i}}, {{end}}{{$v}}{{end}}', { xs: ['a', 'b', 'c'] }), 'a, b, c');
  assert.equal(render('{{range $k, $v := .m}}{{$k}}={{$v}};{{end}}', { m: { b: 2, a: 1 } }), 'a=1;b=2;');
  assert.equal(render('{{range .xs}}x{{else}}empty{{end}}', { xs: [] }), 'empty');
  assert.equal(render('{{with .u}}{{.name}}{{else}}anonymous{{end}}', { u: null }), 'anonymous');
  assert.equal(render('{{if eq .s "a"}}A{{else if eq .s "b"}}B{{else}}?{{end}}', { s: 'b' }), 'B');
  assert.equal(render('a  {{- /* gone */ -}}  b {{- " c" -}} ', {}), 'ab c');
  assert.equal(render('{{range .xs}}{{if eq . "stop"}}{{break}}{{end}}{{.}}{{end}}', { xs: ['a', 'stop', 'b'] }), 'a');
});

test('built-in template functions', () => {
  assert.equal(render('{{len .xs}} {{index .xs 1}} {{index .m "k"}}', { xs: [1, 2], m: { k: 'v' } }), '2 2 v');
  assert.equal(render('{{and .a .b}} {{or .b .a}} {{not .a}}', { a: 'x', b: '' }), ' x false');
  assert.equal(render('{{html .s}} {{urlquery .s}}', { s: '<a b>' }), '&lt;a b&gt; %3Ca+b%3E');
  assert.equal(render('{{print 1 2 "a"}}', {}), '1 2a');
});

test('errors: missing keys, unknown functions, bad syntax, sets', () => {
  assertFails(() => render('{{.missing}}', { here: 1 }), 'builtin', 'map has no entry for key "missing"');
  assertFails(() => render('{{nope .x}}', {}), 'builtin', 'function "nope" not defined');
  assertFails(() => render('{{if .x}}open', { x: true }), 'builtin', 'unexpected EOF');
  assertFails(() => render('{{lt 1 "a"}}', {}), 'builtin', 'incompatible types for comparison');
  assertFails(() => call('strings.render_template', ['{{.s}}', obj({ s: set(1) } as never)]), 'builtin', 'sets');
});
