// Where things were written, for a config the fast path loaded, without the careful parse: js-yaml
// reads the text once more and reports every node it opens and closes; from those reports this builds
// a small tree of where each node starts, and follows a document path through it exactly as
// positions.ts's NodeFinder follows the `yaml` package's tree (aliases to the latest anchor before
// them, `<<` merges, the same offsets for empty values). Reading with a listener costs a little more
// than the fast load itself, several times less than the careful parse.
//
// The reports are a trace of js-yaml's parser, not a tree: a block collection it only tried, or a
// property it read twice, leaves nodes that were never part of the document. The rules below drop
// those; when the counts of what is left do not match the loaded document (an empty block sequence
// entry leaves no report), `FastPositions.build` answers undefined and the caller parses carefully. test/circleci/yaml-fast.test.ts compares both on every path of
// every corpus config.

import type { State } from 'js-yaml';
import type { PathSegment } from './json.js';
import { contentStart, isMerge, loadWithListener, propertyEnd } from './fastyaml.js';
import { keyText } from './positions.js';

interface MapNode {
  kind: 'map';
  start: number;
  anchor: string | null;
  entries: Entry[];
}
interface SeqNode {
  kind: 'seq';
  start: number;
  anchor: string | null;
  items: PNode[];
}
interface ScalarNode {
  kind: 'scalar';
  start: number;
  anchor: string | null;
  value: unknown;
  /** Where the node's last report left js-yaml, used to tell a key (a `:` follows) from a value. */
  end: number;
}
interface AliasNode {
  kind: 'alias';
  start: number;
  anchor: null;
  name: string;
}
interface EmptyNode {
  kind: 'empty';
  start: number;
  anchor: string | null;
}
type PNode = MapNode | SeqNode | ScalarNode | AliasNode | EmptyNode;

interface Entry {
  key: PNode;
  /** The value as written; for a key with no value, the offset the careful parser gives its empty value. */
  value: PNode | number | undefined;
}

/** A node while js-yaml is reading it: where it opened, what closed inside it. */
interface Open {
  at: number;
  children: { node: PNode; result: unknown; end: number }[];
}

export class FastPositions {
  private anchors: { start: number; node: PNode }[] | undefined;

  private constructor(private readonly root: PNode) {}

  /** Where the node at `path` starts, as NodeFinder.offsetOf answers; undefined when it does not exist. */
  offsetOf(path: readonly PathSegment[]): number | undefined {
    let node: PNode | number | undefined = this.root;
    for (const seg of path) {
      if (typeof node !== 'object') return undefined;
      const at: PNode | undefined = this.deref(node);
      if (at?.kind === 'map') {
        const entry = this.findEntry(at, String(seg), 0);
        if (entry === undefined) return undefined;
        node = entry.value ?? entry.key;
      } else if (at?.kind === 'seq' && typeof seg === 'number') {
        node = at.items[seg];
      } else return undefined;
    }
    return typeof node === 'number' ? node : node?.start;
  }

  private findEntry(map: MapNode, key: string, hops: number): Entry | undefined {
    const own = map.entries.find((e) => e.key.kind === 'scalar' && !isMergeKey(e.key) && keyText(e.key.value) === key);
    if (own !== undefined || hops > 64) return own;
    for (const e of map.entries) {
      if (!isMergeKey(e.key) || typeof e.value !== 'object') continue;
      const sources = e.value.kind === 'seq' ? e.value.items : [e.value];
      for (const s of sources) {
        const src = this.deref(s);
        if (src?.kind !== 'map') continue;
        const found = this.findEntry(src, key, hops + 1);
        if (found !== undefined) return found;
      }
    }
    return undefined;
  }

  /** An alias means the latest node with that anchor written before it (anchors may be redefined). */
  private deref(node: PNode): PNode | undefined {
    if (node.kind !== 'alias') return node;
    let found: PNode | undefined;
    for (const d of (this.anchors ??= collectAnchors(this.root))) if (d.start < node.start && d.node.anchor === node.name) found = d.node;
    return found;
  }

  /** Reads `text` (which the fast path loaded) with a listener; undefined when the reports do not add up. */
  static build(text: string, maxDepth: number): FastPositions | undefined {
    const stack: Open[] = [{ at: 0, children: [] }];
    let consistent = true;
    const listener = (event: 'open' | 'close', state: State): void => {
      if (event === 'open') {
        stack.push({ at: state.position, children: [] });
        return;
      }
      const open = stack.pop()!;
      const s = state as State & { anchor: string | null; result: unknown; kind: string | null };
      const node = nodeOf(text, open, s);
      if (node === undefined) consistent = false;
      else stack[stack.length - 1]!.children.push({ node, result: s.result, end: s.position });
    };
    try {
      loadWithListener(text, maxDepth, listener);
    } catch {
      return undefined;
    }
    const top = stack[0]!.children;
    if (!consistent || stack.length !== 1 || top.length !== 1) return undefined;
    return new FastPositions(top[0]!.node);
  }
}

function isMergeKey(node: PNode): boolean {
  return node.kind === 'scalar' && typeof node.value === 'string' && isMerge(node.value);
}

function collectAnchors(root: PNode): { start: number; node: PNode }[] {
  const out: { start: number; node: PNode }[] = [];
  const visit = (n: PNode | number | undefined): void => {
    if (typeof n !== 'object') return;
    if (n.anchor !== null) out.push({ start: n.start, node: n });
    if (n.kind === 'map')
      for (const e of n.entries) {
        visit(e.key);
        visit(e.value);
      }
    else if (n.kind === 'seq') n.items.forEach(visit);
  };
  visit(root);
  return out.sort((a, b) => a.start - b.start);
}

/** The node a close report stands for, from what was reported inside it; undefined if it does not add up. */
function nodeOf(text: string, open: Open, state: { kind: string | null; result: unknown; anchor: string | null; position: number }): PNode | undefined {
  const { kind, result, anchor } = state;
  const start = contentStart(text, open.at);
  if (kind === 'mapping' || kind === 'sequence') {
    // A collection js-yaml read while trying a block mapping at the start of a line: the same object
    // was reported once more, inside.
    const only = open.children.length === 1 ? open.children[0]! : undefined;
    if (only !== undefined && only.result === result && only.node.kind !== 'scalar') {
      if (anchor !== null && only.node.anchor === null) only.node.anchor = anchor;
      return only.node;
    }
    if (kind === 'sequence') {
      const items = text.charCodeAt(start) === 0x5b ? flowItems(text, open.children) : open.children.map((c) => c.node);
      if (!Array.isArray(result) || result.length !== items.length) return undefined;
      return { kind: 'seq', start, anchor, items };
    }
    const entries = entriesOf(text, open.children);
    if (entries === undefined || typeof result !== 'object' || result === null || Object.keys(result).length !== entries.length) return undefined;
    return { kind: 'map', start, anchor, entries };
  }
  // What was reported inside a scalar was a block mapping js-yaml tried and gave up.
  if (kind === 'scalar') return { kind: 'scalar', start, anchor, value: result, end: state.position };
  if (text.charCodeAt(start) === 0x2a && start < state.position) return { kind: 'alias', start, anchor: null, name: aliasName(text, start) };
  return { kind: 'empty', start: emptyStart(text, open.at), anchor };
}

/** Pairs the nodes reported inside a mapping: a key is followed by `:`, a value by anything else. */
function entriesOf(text: string, children: Open['children']): Entry[] | undefined {
  const entries: Entry[] = [];
  for (let i = 0; i < children.length; i++) {
    const key = children[i]!;
    const colon = colonAfter(text, key);
    if (colon < 0) {
      // A flow mapping's key with no `:` has no value at all (NodeFinder then answers with the key).
      entries.push({ key: key.node, value: undefined });
      continue;
    }
    const next = children[i + 1];
    if (next !== undefined && colonAfter(text, next) < 0) {
      entries.push({ key: key.node, value: next.node });
      i++;
    } else entries.push({ key: key.node, value: emptyStart(text, colon + 1) }); // `key:` and nothing
  }
  return entries;
}

/** A flow sequence's items: `[a: b]` holds a map of one pair, which starts where its key does. */
function flowItems(text: string, children: Open['children']): PNode[] {
  const items: PNode[] = [];
  for (let i = 0; i < children.length; i++) {
    const c = children[i]!;
    if (colonAfter(text, c) < 0) items.push(c.node);
    else {
      // js-yaml reads a value after every `:` here, if only an empty one.
      const value = children[++i]?.node;
      items.push({ kind: 'map', start: c.node.start, anchor: null, entries: [{ key: c.node, value }] });
    }
  }
  return items;
}

/** The offset of the `:` that makes this node a key, or -1. */
function colonAfter(text: string, child: Open['children'][number]): number {
  if (child.node.kind !== 'scalar') return -1;
  let i = child.end;
  while (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09) i++;
  if (text.charCodeAt(i) !== 0x3a) return -1;
  const next = text.charCodeAt(i + 1);
  const quoted = text.charCodeAt(child.node.start) === 0x22 || text.charCodeAt(child.node.start) === 0x27;
  // After a quoted key a `:` needs no space (`{"a":1}`), after a plain one it does.
  if (quoted || Number.isNaN(next) || next === 0x20 || next === 0x09 || next === 0x0a || next === 0x0d || next === 0x2c || next === 0x5b || next === 0x5d || next === 0x7b || next === 0x7d) return i;
  return -1;
}

/** Where the careful parser places an empty node: past spaces and properties on the same line. */
function emptyStart(text: string, from: number): number {
  let i = from;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09) i++;
    else if (c === 0x26 || c === 0x21) i = propertyEnd(text, i);
    else return i;
  }
}

function aliasName(text: string, start: number): string {
  return text.slice(start + 1, propertyEnd(text, start));
}
