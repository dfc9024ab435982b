// Where things were written: offsets to line:col, and document paths to the YAML node that holds them.
// Both are computed only when asked, so a config whose positions are never used pays nothing.

import { isAlias, isMap, isPair, isScalar, isSeq, visit } from 'yaml';
import type { Document, Node, Pair } from 'yaml';
import type { PathSegment } from './json.js';

export interface Position {
  line: number;
  col: number;
}

/** Maps character offsets of one text to 1-based line and column. */
export class LineIndex {
  private starts: number[] | undefined;
  constructor(private readonly text: string) {}

  at(offset: number): Position {
    const starts = (this.starts ??= lineStarts(this.text));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - starts[lo]! + 1 };
  }
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** The text of a scalar map key as the document holds it (keys are stringified the way Go's %v does). */
export function keyText(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  return String(value);
}

/** Finds the node written at `path`, following aliases and `<<` merges the way loading resolved them. */
export class NodeFinder {
  private anchors: Map<string, { offset: number; node: Node }[]> | undefined;
  constructor(private readonly doc: Document.Parsed) {}

  offsetOf(path: readonly PathSegment[]): number | undefined {
    let node: Node | null | undefined = this.doc.contents;
    for (const seg of path) {
      node = this.deref(node);
      if (isMap(node)) {
        const pair = this.findPair(node.items as Pair<Node, Node>[], String(seg), 0);
        if (pair === undefined) return undefined;
        node = pair.value ?? (pair.key as Node);
      } else if (isSeq(node) && typeof seg === 'number') {
        node = node.items[seg] as Node | undefined;
      } else return undefined;
    }
    return node?.range?.[0];
  }

  private findPair(items: Pair<Node, Node>[], key: string, hops: number): Pair<Node, Node> | undefined {
    const own = items.find((p) => isScalar(p.key) && !isMergeKey(p.key) && keyText(p.key.value) === key);
    if (own !== undefined || hops > 64) return own;
    for (const p of items) {
      if (!isMergeKey(p.key)) continue;
      const sources = isSeq(p.value) ? (p.value.items as Node[]) : [p.value as Node];
      for (const s of sources) {
        const src = this.deref(s);
        if (!isMap(src)) continue;
        const found = this.findPair(src.items as Pair<Node, Node>[], key, hops + 1);
        if (found !== undefined) return found;
      }
    }
    return undefined;
  }

  /** An alias means the latest node with that anchor written before it (anchors may be redefined). */
  private deref(node: Node | null | undefined): Node | null | undefined {
    if (!isAlias(node)) return node;
    const offset = node.range?.[0] ?? 0;
    const defs = (this.anchors ??= this.collectAnchors()).get(node.source) ?? [];
    let found: Node | undefined;
    for (const d of defs) if (d.offset < offset) found = d.node;
    return found;
  }

  private collectAnchors(): Map<string, { offset: number; node: Node }[]> {
    const anchors = new Map<string, { offset: number; node: Node }[]>();
    visit(this.doc, {
      Node(_key, node) {
        if (isPair(node) || !('anchor' in node) || typeof node.anchor !== 'string') return;
        const list = anchors.get(node.anchor) ?? [];
        list.push({ offset: node.range?.[0] ?? 0, node: node as Node });
        anchors.set(node.anchor, list);
      },
    });
    return anchors;
  }
}

/** With merges on, the parser marks a plain `<<` key with a symbol value. */
export function isMergeKey(node: unknown): boolean {
  return isScalar(node) && (typeof node.value === 'symbol' || (node.value === '<<' && node.type === 'PLAIN'));
}
