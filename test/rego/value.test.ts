import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RObject, RSet, compareValues, fromJS, parseNumber, regoText, sortValues, toJSONText, valueEqual } from '../../src/rego/index.js';

test('OPA total order across types', () => {
  const vs = [RSet.of([1]), fromJS({ a: 1 }), [1], 'a', 2, true, false, null];
  const sorted = sortValues([...vs]);
  assert.deepEqual(sorted.map((v) => regoText(v)), ['null', 'false', 'true', '2', '"a"', '[1]', '{"a": 1}', '{1}']);
});

test('strings compare by code point, as Go compares UTF-8', () => {
  // U+FF5E (BMP, above the surrogate range) sorts before U+1F600 (outside the BMP).
  assert.ok(compareValues('\uff5e', '\u{1f600}') < 0);
  assert.ok(compareValues('a', 'b') < 0);
});

test('numbers are equal across representations', () => {
  assert.ok(valueEqual(parseNumber('1.0')!, 1));
  assert.ok(valueEqual(fromJS({ n: 1 }), RObject.fromEntries([['n', parseNumber('1e0')!]])));
  const s = RSet.of([1, parseNumber('1.00')!]);
  assert.equal(s.size, 1);
});

test('objects accept any key and iterate in key order', () => {
  const o = new RObject();
  o.set('b', 1);
  o.set(2, 'two');
  o.set([1], 'arr');
  o.set('a', 0);
  assert.deepEqual(o.keys(), [2, 'a', 'b', [1]]);
  assert.equal(o.get([1]), 'arr');
  assert.equal(toJSONText(o), '{"2":"two","a":0,"b":1,"[1]":"arr"}');
});

test('Rego text of values', () => {
  assert.equal(regoText(new RSet()), 'set()');
  assert.equal(regoText(fromJS({ a: [1, 'x'] })), '{"a": [1, "x"]}');
  assert.equal(regoText('tab\there'), '"tab\\there"');
});

test('JSON text keeps big numbers exact and can escape like Go', () => {
  assert.equal(toJSONText(parseNumber('123456789012345678901234567890')!), '123456789012345678901234567890');
  assert.equal(toJSONText('<a&b>', { escapeHTML: true }), '"\\u003ca\\u0026b\\u003e"');
  assert.equal(toJSONText(fromJS({ b: 1, a: [true] }), { indent: '  ' }), '{\n  "a": [\n    true\n  ],\n  "b": 1\n}');
});
