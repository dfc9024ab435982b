import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtins, goString } from '../../../src/rego/builtins/encoding.js';
import { BigNum, parseNumber } from '../../../src/rego/number.js';
import { assertFails, assertValue, caller, obj, set, v } from './helpers.js';

const call = caller(builtins);

test('invalid UTF-8 reads as one U+FFFD per bad byte, as in Go', () => {
  assert.equal(goString(Uint8Array.from([0x61, 0xe2, 0x82, 0x41])), 'a\ufffd\ufffdA');
  assert.equal(goString(Uint8Array.from([0xf0, 0x9f, 0x98, 0x80, 0xed, 0xa0, 0x80])), '😀\ufffd\ufffd\ufffd');
  assert.equal(call('base64.decode', ['/w==']), '\ufffd');
});

test('base64 decoding is as strict as Go about padding and skips newlines', () => {
  assert.equal(call('base64.encode', ['héllo']), 'aMOpbGxv');
  assert.equal(call('base64.decode', ['aMOp\r\nbGxv']), 'héllo');
  assertFails(() => call('base64.decode', ['aGVsbG8']), 'builtin', 'illegal base64 data at input byte 4');
  assertFails(() => call('base64.decode', ['aGVsbG8=x']), 'builtin', 'illegal base64 data at input byte 8');
  assertFails(() => call('base64.decode', ['a*==']), 'builtin', 'illegal base64 data at input byte 1');
  assert.equal(call('base64.is_valid', ['aGk=']), true);
  assert.equal(call('base64.is_valid', ['aGk']), false);
  assert.equal(call('base64.is_valid', [1]), false);
});

test('base64url pads what is missing and uses the URL alphabet', () => {
  assert.equal(call('base64url.encode', ['??>>']), 'Pz8-Pg==');
  assert.equal(call('base64url.encode_no_pad', ['??>>']), 'Pz8-Pg');
  assert.equal(call('base64url.decode', ['Pz8-Pg']), '??>>');
  assertFails(() => call('base64url.decode', ['abcde']), 'builtin', 'illegal base64url string: abcde');
});

test('hex encodes UTF-8 bytes and reports bad input as Go', () => {
  assert.equal(call('hex.encode', ['é']), 'c3a9');
  assert.equal(call('hex.decode', ['C3A9']), 'é');
  assertFails(() => call('hex.decode', ['zz']), 'builtin', "encoding/hex: invalid byte: U+007A 'z'");
  assertFails(() => call('hex.decode', ['abc']), 'builtin', 'encoding/hex: odd length hex string');
});

test('URL query encoding', () => {
  assert.equal(call('urlquery.encode', ['a b&c=d/é~']), 'a+b%26c%3Dd%2F%C3%A9~');
  assert.equal(call('urlquery.decode', ['a+b%26c']), 'a b&c');
  assertFails(() => call('urlquery.decode', ['100%']), 'builtin', 'invalid URL escape "%"');
  assert.equal(call('urlquery.encode_object', [obj({ z: 'last', a: ['1', '2'], m: set('x y') })]), 'a=1&a=2&m=x+y&z=last');
  assertFails(() => call('urlquery.encode_object', [obj({ a: 1 })]), 'type', 'operand 1 values must be string, array[string], or set[string]');
  assertValue(call('urlquery.decode_object', ['x=1&y&x=%32&&']), obj({ x: ['1', '2'], y: [''] }));
  assertFails(() => call('urlquery.decode_object', ['a=1;b=2']), 'builtin', 'invalid semicolon separator in query');
});

test('json.marshal writes Go JSON: sorted keys, escaped HTML, sets as arrays, exact numbers', () => {
  assert.equal(call('json.marshal', [obj({ b: set(2, 1), a: '<a & b>', n: parseNumber('123456789012345678901234567890')! })]), '{"a":"\\u003ca \\u0026 b\\u003e","b":[1,2],"n":123456789012345678901234567890}');
  assert.equal(call('json.marshal_with_options', [v({ a: [1], b: {} }), obj({ pretty: true })]), '{\n\t"a": [\n\t\t1\n\t],\n\t"b": {}\n}');
  assert.equal(call('json.marshal_with_options', [v([1]), obj({ prefix: '> ', indent: ' ' })]), '> [\n>  1\n> ]');
  assert.equal(call('json.marshal_with_options', [v([1]), obj({ prefix: '> ', pretty: false })]), '[1]');
  assertFails(() => call('json.marshal_with_options', [v(1), obj({ pretty: 'yes' })]), 'type', 'operand 2 key "pretty" failed cast to bool');
  assertFails(() => call('json.marshal_with_options', [v(1), obj({ color: true })]), 'type', 'operand 2 object contained unknown key "color"');
});

test('json.unmarshal keeps every digit and fails like Go', () => {
  const big = call('json.unmarshal', ['{"n": 3.14159265358979323846264, "i": 18446744073709551617}']) as never;
  assertValue(big, obj({ n: parseNumber('3.14159265358979323846264')!, i: parseNumber('18446744073709551617')! }));
  assert.ok((call('json.unmarshal', ['18446744073709551617']) as unknown) instanceof BigNum);
  assert.equal(call('json.unmarshal', ['"\\u00e9\\ud83d\\ude00\\udc00"']), 'é😀\ufffd');
  assertFails(() => call('json.unmarshal', ['{"a" 1}']), 'builtin', "invalid character '1' after object key");
  assertFails(() => call('json.unmarshal', ['[1,]']), 'builtin', "invalid character ']' looking for beginning of value");
  assertFails(() => call('json.unmarshal', ['01']), 'builtin', "invalid character '1' after top-level value");
  assertFails(() => call('json.unmarshal', ['{"a":']), 'builtin', 'unexpected EOF');
  assertFails(() => call('json.unmarshal', ['"a\tb"']), 'builtin', "invalid character '\\t' in string literal");
  assert.equal(call('json.is_valid', ['{"a": [1, 2.5e3, null, true]}']), true);
  assert.equal(call('json.is_valid', ['{"a": 1} {}']), false);
  assert.equal(call('json.is_valid', [5]), false);
});

test('yaml.unmarshal reads YAML 1.1 as go-yaml v2 does', () => {
  assertValue(
    call('yaml.unmarshal', ['on: yes\nn: 0777\nhex: 0x1F\ndate: 2024-01-02\nf: 1e3\nlist: [a, "b"]\n1: one\nmerged:\n  <<: {x: 1}\n  z: 2\n---\nignored: true']),
    obj({ true: true, false: 511, hex: 31, date: '2024-01-02', f: 1000, list: ['a', 'b'], '1': 'one', merged: { x: 1, z: 2 } }),
  );
  assert.equal(call('yaml.unmarshal', ['']), null);
  assertFails(() => call('yaml.unmarshal', ['a: [1, 2']), 'builtin', "yaml: line 1: did not find expected ',' or ']'");
  assertFails(() => call('yaml.unmarshal', ['x: .nan']), 'builtin', 'json: unsupported value: NaN');
  assert.equal(call('yaml.is_valid', ['a: {']), false);
  assert.equal(call('yaml.is_valid', ['- a\n- b']), true);
});

test('yaml.marshal writes go-yaml v2 block style', () => {
  const doc = obj({ steps: [{ run: 'make test\nmake lint', name: 'yes' }, 'checkout'], on: {}, version: 2.1, empty: '', tags: set('b', 'a') });
  assert.equal(
    call('yaml.marshal', [doc]),
    'empty: ""\n"on": {}\nsteps:\n- name: "yes"\n  run: |-\n    make test\n    make lint\n- checkout\ntags:\n- a\n- b\nversion: 2.1\n',
  );
  assert.equal(call('yaml.marshal', ['plain']), 'plain\n');
  assert.equal(call('yaml.marshal', [v(['a: b', ' x', '#c', 'it\'s'])]), "- 'a: b'\n- ' x'\n- '#c'\n- it's\n");
  assert.equal(call('yaml.marshal', [v({ k: 'w '.repeat(50).trim() })]), 'k: ' + 'w '.repeat(39) + 'w\n  ' + 'w '.repeat(9) + 'w\n');
});
