import { test } from 'node:test';
import { builtins } from '../../../src/rego/builtins/graphs.js';
import { assertFails, assertValue, caller, obj, set, v } from './helpers.js';

const call = caller(builtins);

const graph = obj({ a: set('b', 'c'), b: ['d'], c: ['d', 'a'], d: [], x: null });

test('graph.reachable follows edges from the roots, ignoring unknown nodes', () => {
  assertValue(call('graph.reachable', [graph, v(['b'])]), set('b', 'd'));
  assertValue(call('graph.reachable', [graph, set('a')]), set('a', 'b', 'c', 'd'));
  assertValue(call('graph.reachable', [graph, v(['nowhere', 'x'])]), set('x'));
  assertFails(() => call('graph.reachable', [graph, 'a']), 'type', 'operand 2 must be {array, set} but got string');
});

test('graph.reachable_paths lists maximal paths, stopping at cycles and unknown nodes', () => {
  assertValue(call('graph.reachable_paths', [graph, set('a')]), set(v(['a', 'b', 'd']), v(['a', 'c', 'd']), v(['a', 'c'])));
  assertValue(call('graph.reachable_paths', [obj({ a: ['ghost'] }), v(['a'])]), set(v(['a'])));
  assertValue(call('graph.reachable_paths', [graph, v(['x', 'd'])]), set(v(['x']), v(['d'])));
});
