import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtins } from '../../../src/rego/builtins/objects.js';
import { assertFails, assertValue, caller, obj, set, v } from './helpers.js';

const call = caller(builtins);

test('object.get with a key or a path of keys and indexes', () => {
  const o = obj({ a: { b: [10, { c: 'deep' }] }, 'x.y': 1 });
  assert.equal(call('object.get', [o, 'x.y', 0]), 1);
  assert.equal(call('object.get', [o, 'zz', 'default']), 'default');
  assert.equal(call('object.get', [o, v(['a', 'b', 1, 'c']), null]), 'deep');
  assert.equal(call('object.get', [o, v(['a', 'b', 5]), 'none']), 'none');
  assert.equal(call('object.get', [o, v(['a', 'b', '1']), 'strings do not index arrays']), 'strings do not index arrays');
  assert.equal(call('object.get', [o, v([]), null]), o);
  assert.equal(call('object.get', [obj({ s: set('m') }), v(['s', 'm']), false]), 'm');
  assertFails(() => call('object.get', [v([]), 'a', 1]), 'type', 'operand 1 must be object but got array');
});

test('object.remove and object.filter take keys as array, set or object', () => {
  const o = obj({ a: 1, b: 2, c: 3 });
  assertValue(call('object.remove', [o, v(['a', 'z'])]), obj({ b: 2, c: 3 }));
  assertValue(call('object.remove', [o, obj({ c: 0 })]), obj({ a: 1, b: 2 }));
  assertValue(call('object.filter', [o, set('a', 'c', 'z')]), obj({ a: 1, c: 3 }));
  assertFails(() => call('object.filter', [o, 'a']), 'type', 'operand 2 must be one of {object, set, array} but got string');
});

test('object.union merges recursively with the right side winning', () => {
  assertValue(call('object.union', [obj({ a: { x: 1, y: 1 }, b: 1 }), obj({ a: { y: 2 }, b: { z: 1 } })]), obj({ a: { x: 1, y: 2 }, b: { z: 1 } }));
  assertValue(call('object.union_n', [v([{ a: { b: 1 } }, { a: 'flat' }, { a: { c: 2 } }])]), obj({ a: { c: 2 } }));
  assertValue(call('object.union_n', [v([])]), obj({}));
  assertFails(() => call('object.union_n', [v([1, {}, 'x'])]), 'type', 'operand 1 must be array of objects but got array containing string');
});

test('object.keys', () => {
  assertValue(call('object.keys', [obj({ b: 1, a: 2 })]), set('a', 'b'));
});

test('object.subset recurses into objects, and compares sets and arrays', () => {
  const sup = obj({ a: 1, n: { s: set(1, 2, 3), l: [1, 2, 3, 4] } });
  assert.equal(call('object.subset', [sup, obj({ n: { s: set(3, 1) } })]), true);
  assert.equal(call('object.subset', [sup, obj({ n: { l: [2, 3] } })]), true);
  assert.equal(call('object.subset', [sup, obj({ n: { l: [2, 4] } })]), false);
  assert.equal(call('object.subset', [sup, obj({ a: 2 })]), false);
  assert.equal(call('object.subset', [v([1, 2, 1, 3]), v([1, 3])]), true);
  assert.equal(call('object.subset', [v([3, 2, 1]), set(1, 3)]), true);
  assert.equal(call('object.subset', [v([]), set()]), false);
  assertFails(() => call('object.subset', [set(), obj({})]), 'type', 'both arguments object.subset must be of the same type or array and set');
});

test('json.filter and json.remove take JSON pointers or path arrays', () => {
  const doc = obj({ a: { b: 1, c: 2 }, list: [{ k: 1, j: 0 }, { k: 2 }], 'x/y': 3 });
  assertValue(call('json.filter', [doc, v(['a/b', '/list/1/k', 'x~1y'])]), obj({ a: { b: 1 }, list: [{ k: 2 }], 'x/y': 3 }));
  assertValue(call('json.filter', [doc, set(v(['a', 'c']))]), obj({ a: { c: 2 } }));
  assertValue(call('json.remove', [doc, v(['a/b', 'list/0/j', 'x~1y'])]), obj({ a: { c: 2 }, list: [{ k: 1 }, { k: 2 }] }));
  assertValue(call('json.remove', [doc, v(['list/0'])]), obj({ a: { b: 1, c: 2 }, list: [{ k: 2 }], 'x/y': 3 }));
  assertFails(() => call('json.filter', [doc, 'a']), 'type', 'operand 2 must be one of {set, array} but got string');
  assertFails(() => call('json.remove', [doc, v([1])]), 'type', 'must be one of {set, array} containing string paths or array of path segments but got number');
});

test('json.patch applies RFC 6902 operations atomically', () => {
  const doc = obj({ list: ['a', 'b'], o: { k: 1 } });
  const patch = (...ops: unknown[]) => call('json.patch', [doc, v(ops)]);
  assertValue(patch({ op: 'add', path: '/list/-', value: 'c' }, { op: 'remove', path: '/o/k' }), obj({ list: ['a', 'b', 'c'], o: {} }));
  assertValue(patch({ op: 'copy', from: '/list/0', path: '/o/first' }), obj({ list: ['a', 'b'], o: { k: 1, first: 'a' } }));
  assertValue(patch({ op: 'move', from: '/list/0', path: '/list/1' }), obj({ list: ['b', 'a'], o: { k: 1 } }));
  assertValue(patch({ op: 'replace', path: ['o', 'k'], value: 2 }), obj({ list: ['a', 'b'], o: { k: 2 } }));
  assertValue(patch({ op: 'test', path: '/list', value: ['a', 'b'] }), doc);
  assert.equal(patch({ op: 'test', path: '/o/k', value: 2 }), undefined);
  assert.equal(patch({ op: 'add', path: '/list/01', value: 0 }), undefined);
  assert.equal(patch({ op: 'add', path: '/missing/x', value: 0 }), undefined);
  assert.equal(patch({ op: 'remove', path: '/o/k' }, { op: 'remove', path: '/o/k' }), undefined);
  assert.equal(patch({ op: 'nope', path: '/o' }), undefined);
  const nulls = obj({ n: null });
  assertValue(call('json.patch', [nulls, v([{ op: 'test', path: '/n', value: null }, { op: 'copy', from: '/n', path: '/m' }])]), obj({ n: null, m: null }));
  assertValue(call('json.patch', [nulls, v([{ op: 'remove', path: '/n' }])]), obj({}));
  assertValue(call('json.patch', [obj({ s: set('a') }), v([{ op: 'add', path: '/s/b', value: 'b' }])]), obj({ s: set('a', 'b') }));
  assert.equal(call('json.patch', [obj({ s: set('a') }), v([{ op: 'add', path: '/s/b', value: 'c' }])]), undefined);
  assertFails(() => call('json.patch', [doc, obj({})]), 'type', 'operand 2 must be array but got object');
});

test('walk yields every path and value, root first, children in order', () => {
  assertValue(
    call('walk', [obj({ b: [true], a: set('s') })]),
    v([
      [[], obj({ b: [true], a: set('s') })],
      [['a'], set('s')],
      [['a', 's'], 's'],
      [['b'], [true]],
      [['b', 0], true],
    ]),
  );
  assertValue(call('walk', [7]), v([[[], 7]]));
});
