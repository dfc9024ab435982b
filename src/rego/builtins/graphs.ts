// graph.reachable and graph.reachable_paths over an adjacency object.

import { T, anyArray, anySet } from '../types.js';
import { RSet, type Value } from '../value.js';
import { type BuiltinDef, members, obj, typeError } from './registry.js';

const NO_EDGES: Value[] = [];

function roots(args: Value[]): Value[] {
  const initial = args[1]!;
  const items = members(initial);
  if (items === undefined) throw typeError(2, initial, '{array, set}');
  return items;
}

function reachable(args: Value[]): Value {
  const graph = obj(args, 1);
  const queue = roots(args).slice();
  const reached = new RSet();
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i]!;
    const edges = graph.get(node);
    // A node missing from the graph is not reached.
    if (edges === undefined) continue;
    for (const next of members(edges) ?? NO_EDGES) if (!reached.has(next)) queue.push(next);
    reached.add(node);
  }
  return reached;
}

/** Every maximal path from a root: ended by a node without edges, a missing node, or a cycle. */
function reachablePaths(args: Value[]): Value {
  const graph = obj(args, 1);
  const out = new RSet();
  const walk = (node: Value, path: Value[], seen: RSet): void => {
    const edges = graph.get(node);
    if (edges === undefined) {
      out.add(path);
      return;
    }
    const here = [...path, node];
    const next = members(edges) ?? NO_EDGES;
    if (next.length === 0) {
      out.add(here);
      return;
    }
    const seenHere = seen.copy();
    seenHere.add(node);
    for (const n of next) {
      if (seenHere.has(n)) out.add(here);
      else walk(n, here, seenHere);
    }
  };
  for (const root of roots(args)) {
    const edges = graph.get(root);
    if (edges === undefined) continue;
    const next = members(edges) ?? NO_EDGES;
    if (next.length === 0) out.add([root]);
    for (const n of next) walk(n, [root], RSet.of([root]));
  }
  return out;
}

const graphType = T.object(T.any, T.anyOf(anyArray, anySet));
const initialType = T.anyOf(anyArray, anySet);

export const builtins: BuiltinDef[] = [
  { name: 'graph.reachable', decl: T.fn([graphType, initialType], anySet), fn: reachable },
  { name: 'graph.reachable_paths', decl: T.fn([graphType, initialType], T.set(anyArray)), fn: reachablePaths },
];
