// Safe loading of a config's YAML: limits against hostile input, anchors and `<<` merges resolved,
// and a lazy way back from any document path to the line and column where it was written.
//
// Two parsers share the work. The fast path (fastyaml.ts, js-yaml) loads almost every real config, in
// a sixth of the time or less. The careful path (the `yaml` package, through its CST) defines what a
// config means: it takes every document the fast path is not sure about and words every error with
// its line and column. When the fast path loaded a config, `positionOf` reads the text once more on
// its first call (fastpositions.ts: js-yaml with a listener, the careful parse where that cannot
// tell) and keeps what it built; a config whose positions are never asked for is parsed once.

import { Composer, Parser, isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { CST, Document, Node, Pair } from 'yaml';
import { ConfigError } from './errors.js';
import { FastPositions } from './fastpositions.js';
import { loadFast } from './fastyaml.js';
import { isObject, setKey, hasKey } from './json.js';
import type { JsonObject, JsonValue, PathSegment } from './json.js';
import { LineIndex, NodeFinder, isMergeKey, keyText } from './positions.js';
import type { Position } from './positions.js';

/** Bounds that keep loading fast on hostile input; the defaults are far above any real config. */
export interface LoadLimits {
  /** Size of the file in bytes (UTF-16 code units for text given as a string). */
  maxBytes: number;
  /** Nesting of collections. */
  maxDepth: number;
  /**
   * Nodes that aliases and `<<` merges may add to the document in total ("billion laughs"). The fast
   * path measures what they add to the loaded document (its size as a tree less what was written);
   * the careful path charges each alias the full size of its anchor (a merge too, even when written
   * keys override part of it, and an alias of a scalar one node), so it may refuse a document of many
   * merges or scalar aliases that the fast path loads. Both refuse every alias bomb.
   */
  maxAliasNodes: number;
  /** YAML documents in one file. */
  maxDocuments: number;
}

export const DEFAULT_LIMITS: LoadLimits = {
  maxBytes: 4 * 1024 * 1024,
  maxDepth: 500,
  maxAliasNodes: 1_000_000,
  maxDocuments: 1,
};

export interface LoadedConfig {
  file: string;
  /** The config as written, with anchors, aliases and merges resolved. */
  doc: JsonObject;
  /**
   * Where the node at `path` was written; undefined when the path does not exist. When the fast path
   * loaded the config, the first call reads the text again (about as long as the fast load took) and
   * keeps what it built for later calls.
   */
  positionOf(path: readonly PathSegment[]): Position | undefined;
}

type Fail = (code: string, message: string, offset: number) => never;

export function loadConfig(input: string | Uint8Array, file: string, limits?: Partial<LoadLimits>): LoadedConfig {
  return load(input, file, limits, true);
}

/** The careful path alone, as loading was before the fast path: for tests and benchmarks that compare. */
export function loadConfigCareful(input: string | Uint8Array, file: string, limits?: Partial<LoadLimits>): LoadedConfig {
  return load(input, file, limits, false);
}

function load(input: string | Uint8Array, file: string, limits: Partial<LoadLimits> | undefined, fast: boolean): LoadedConfig {
  const lim = { ...DEFAULT_LIMITS, ...limits };
  const text = decode(input, file, lim);
  const lines = new LineIndex(text);
  const fail: Fail = (code, message, offset) => {
    const p = lines.at(offset);
    throw new ConfigError(code, message, file, p.line, p.col);
  };
  checkCharacters(text, fail);
  const deepAt = estimateDepth(text, lim.maxDepth);
  if (deepAt !== undefined) fail('too_deep', `nesting deeper than ${lim.maxDepth} levels`, deepAt);

  // js-yaml reads one document; a file allowed several goes to the careful path, which counts them.
  const outcome = fast && lim.maxDocuments === 1 ? loadFast(text, lim) : undefined;
  if (outcome !== undefined && 'doc' in outcome) {
    let finder: { offsetOf(path: readonly PathSegment[]): number | undefined } | undefined;
    return {
      file,
      doc: outcome.doc,
      positionOf(path) {
        // The text has loaded, so the careful parse cannot fail on it: no limits needed again.
        finder ??= FastPositions.build(text, lim.maxDepth) ?? new NodeFinder(parseOne(text, { ...lim, maxDepth: Infinity, maxDocuments: Infinity }, fail));
        const offset = finder.offsetOf(path);
        return offset === undefined ? undefined : lines.at(offset);
      },
    };
  }
  const loaded = loadCarefully(text, file, lim, lines, fail);
  // The careful path charges aliases at least what they add, so it has refused whatever the fast path
  // found too large; should it ever not, the document is still refused.
  if (outcome?.fallback === 'alias_limit') fail('alias_limit', aliasLimitMessage(lim), 0);
  return loaded;
}

function aliasLimitMessage(lim: LoadLimits): string {
  return `aliases expand to more than ${lim.maxAliasNodes} nodes (an alias bomb?)`;
}

function loadCarefully(text: string, file: string, lim: LoadLimits, lines: LineIndex, fail: Fail): LoadedConfig {
  const yamlDoc = parseOne(text, lim, fail);
  const err = yamlDoc.errors[0];
  if (err !== undefined) fail(yamlErrorCode(err.code), firstLine(err.message), err.pos[0]);
  const contents = yamlDoc.contents as Node | null;
  const doc = new JsConverter(lim, fail).convert(contents);
  if (!isObject(doc)) {
    const what = doc === null ? 'empty' : Array.isArray(doc) ? 'a list' : `a ${typeof doc}`;
    fail('not_a_map', `a config must be a map of keys (version, jobs, workflows, …); this one is ${what}`, contents?.range?.[0] ?? 0);
  }
  let finder: NodeFinder | undefined;
  return {
    file,
    doc: doc as JsonObject,
    positionOf(path) {
      const offset = (finder ??= new NodeFinder(yamlDoc)).offsetOf(path);
      return offset === undefined ? undefined : lines.at(offset);
    },
  };
}

function decode(input: string | Uint8Array, file: string, lim: LoadLimits): string {
  const size = typeof input === 'string' ? input.length : input.byteLength;
  if (size > lim.maxBytes)
    throw new ConfigError('too_large', `file is ${megabytes(size)}, larger than the ${megabytes(lim.maxBytes)} limit`, file);
  let text: string;
  if (typeof input === 'string') text = input;
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(input);
    } catch {
      const p = invalidUtf8At(input);
      throw new ConfigError('invalid_utf8', `invalid UTF-8 (byte 0x${input[p.offset]!.toString(16).padStart(2, '0')})`, file, p.line, p.col);
    }
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function megabytes(n: number): string {
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

/** Finds the first byte that breaks UTF-8, only once decoding has already failed. */
function invalidUtf8At(bytes: Uint8Array): { offset: number; line: number; col: number } {
  let line = 1;
  let col = 1;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (len === 0 || i + len > bytes.length) return { offset: i, line, col };
    for (let k = 1; k < len; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return { offset: i, line, col };
    const cp = len === 3 ? ((b & 0x0f) << 12) | ((bytes[i + 1]! & 0x3f) << 6) : 0;
    if (len === 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) return { offset: i, line, col };
    if (len === 4 && ((b === 0xf0 && bytes[i + 1]! < 0x90) || (b === 0xf4 && bytes[i + 1]! >= 0x90))) return { offset: i, line, col };
    if (b === 0x0a) {
      line++;
      col = 1;
    } else col++;
    i += len;
  }
  return { offset: 0, line, col };
}

/** YAML allows only printable characters; binary junk usually fails here first. */
function checkCharacters(text: string, fail: Fail): void {
  const bad = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x84\x86-\x9f\ufffe\uffff]/.exec(text);
  if (bad !== null) {
    const hex = bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    fail('invalid_character', `control character U+${hex} is not allowed in YAML (is this a binary file?)`, bad.index);
  }
}

/**
 * A cheap bound on nesting read from the text, so that a file like `[[[[…` is refused before the YAML
 * parser spends seconds (or its stack) on it. It counts flow brackets that can open a collection and
 * `- `/`? ` indicators at the start of a line; the exact check on the parsed tree follows.
 *
 * Read character by character, the rule takes about a tenth of js-yaml's time on a real config, so
 * the scan jumps between the characters that can matter. Outside flow collections those are `#`,
 * `[`, `{` and line breaks before a `- ` or `? `; the last significant character before an opening
 * bracket is looked up when one is met; and a line that was jumped over has no indicators. The test
 * checks this against the rule written plainly.
 */
export function estimateDepth(text: string, limit: number): number | undefined {
  const n = text.length;
  let flow = 0;
  let lineMarkers = 0;
  let lineStart = 0; // where lineMarkers was counted
  let quoteEnd = 0; // line breaks before this were inside a quoted string, not line starts
  let i = 0;
  for (;;) {
    // At the start of a line: count its indicators.
    lineMarkers = 0;
    lineStart = i;
    for (;;) {
      let c = text.charCodeAt(i);
      while (c === 0x20 || c === 0x09 || c === 0x0d) c = text.charCodeAt(++i);
      if (c !== 0x2d && c !== 0x3f) break; // - ?
      const next = text.charCodeAt(i + 1);
      if (next !== 0x20 && next !== 0x0a) break;
      if (++lineMarkers + flow > limit) return i;
      i++;
    }
    for (;;) {
      const pattern = flow > 0 ? IN_FLOW : OUTSIDE_FLOW;
      pattern.lastIndex = i;
      const m = pattern.exec(text);
      if (m === null) return undefined;
      i = m.index;
      const c = text.charCodeAt(i);
      if (c === 0x0a) break;
      if (c === 0x22 || c === 0x27) {
        i = skipQuoted(text, i);
        quoteEnd = i;
      } else if (c === 0x23) {
        if (i === 0 || /\s/.test(text[i - 1]!)) {
          const end = text.indexOf('\n', i);
          i = (end < 0 ? n : end) - 1;
        }
      } else if (c === 0x5b || c === 0x7b) {
        if (flow === 0) {
          if (!opensCollection(text, i)) {
            i++;
            continue;
          }
          if (text.lastIndexOf('\n', i - 1) >= Math.max(lineStart, quoteEnd)) lineMarkers = 0;
        }
        if (++flow + lineMarkers > limit) return i;
      } else flow--;
      i++;
    }
    i++;
  }
}

const OUTSIDE_FLOW = /[#[{]|\n[ \t\r]*[-?][ \n]/g;
const IN_FLOW = /[\n#[\]{}"']/g;

/** Outside flow, a bracket opens a collection after a line start, `:`, `-` or `?` (spaces between). */
function opensCollection(text: string, at: number): boolean {
  let j = at - 1;
  let c = text.charCodeAt(j);
  while (c === 0x20 || c === 0x09 || c === 0x0d) c = text.charCodeAt(--j);
  return j < 0 || c === 0x0a || c === 0x3a || c === 0x2d || c === 0x3f;
}

function skipQuoted(text: string, start: number): number {
  const q = text.charCodeAt(start);
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (q === 0x22 && c === 0x5c) i++;
    else if (c === q) {
      if (q === 0x27 && text.charCodeAt(i + 1) === 0x27) i++;
      else return i;
    }
  }
  return text.length;
}

function parseOne(text: string, lim: LoadLimits, fail: Fail): Document.Parsed {
  const composer = new Composer({ merge: true, intAsBigInt: true, uniqueKeys: false });
  const docs: Document.Parsed[] = [];
  let count = 0;
  for (const token of new Parser().parse(text)) {
    if (token.type === 'document') {
      if (++count > lim.maxDocuments)
        fail('too_many_documents', `a config holds ${lim.maxDocuments === 1 ? 'one YAML document' : `at most ${lim.maxDocuments} YAML documents`}; another starts here`, token.offset);
      const deep = cstTooDeep(token, lim.maxDepth);
      if (deep !== undefined) fail('too_deep', `nesting deeper than ${lim.maxDepth} levels`, deep);
    }
    docs.push(...composer.next(token));
  }
  docs.push(...composer.end());
  const doc = docs[0];
  if (doc === undefined) fail('not_a_map', 'the file holds no YAML document; a config must be a map of keys', 0);
  return doc!;
}

/** Exact nesting check on the parser's tree, walked without recursion since the tree may be deep. */
function cstTooDeep(doc: CST.Document, limit: number): number | undefined {
  const stack: [CST.Token | undefined, number][] = [[doc.value, 0]];
  while (stack.length > 0) {
    const [token, depth] = stack.pop()!;
    if (token === undefined) continue;
    if (token.type !== 'block-map' && token.type !== 'block-seq' && token.type !== 'flow-collection') continue;
    if (depth + 1 > limit) return token.offset;
    for (const item of token.items) {
      const it = item as { key?: CST.Token | null; value?: CST.Token };
      if (it.key) stack.push([it.key, depth + 1]);
      stack.push([it.value, depth + 1]);
    }
  }
  return undefined;
}

function yamlErrorCode(code: string): string {
  if (code === 'TAB_AS_INDENT') return 'tab_indentation';
  if (code === 'DUPLICATE_KEY') return 'duplicate_key';
  return 'yaml_syntax';
}

function firstLine(message: string): string {
  const m = message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  return m.charAt(0).toLowerCase() + m.slice(1);
}

/** Builds plain values from the YAML tree, sharing the value of an anchor among its aliases. */
class JsConverter {
  private readonly anchors = new Map<string, { value: JsonValue; size: number }>();
  private readonly open = new Set<string>();
  private aliasNodes = 0;
  /** Nodes built so far, counting what each alias stands for: gives the size of an anchored node. */
  private built = 0;

  constructor(
    private readonly lim: LoadLimits,
    private readonly fail: Fail,
  ) {}

  convert(node: Node | null | undefined): JsonValue {
    if (node === null || node === undefined) {
      this.built++;
      return null;
    }
    if (isAlias(node)) return this.alias(node.source, node.range?.[0] ?? 0);
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor !== undefined) this.open.add(anchor);
    const before = this.built;
    const value = this.convertNode(node);
    if (anchor !== undefined) {
      this.open.delete(anchor);
      this.anchors.set(anchor, { value, size: this.built - before });
    }
    return value;
  }

  private convertNode(node: Node): JsonValue {
    this.built++;
    if (isScalar(node)) return scalarValue(node.value);
    if (isSeq(node)) return node.items.map((item) => this.convert(item as Node));
    if (isMap(node)) return this.map(node.items as Pair<Node, Node>[]);
    return this.fail('yaml_syntax', 'unsupported YAML node', node.range?.[0] ?? 0);
  }

  private alias(name: string, offset: number): JsonValue {
    if (this.open.has(name)) this.fail('recursive_alias', `alias *${name} refers to a node that contains it`, offset);
    const target = this.anchors.get(name);
    if (target === undefined) return this.fail('unknown_alias', `alias *${name} has no anchor &${name} before it`, offset);
    this.aliasNodes += target.size;
    this.built += target.size;
    if (this.aliasNodes > this.lim.maxAliasNodes)
      this.fail('alias_limit', aliasLimitMessage(this.lim), offset);
    return target.value;
  }

  private map(items: Pair<Node, Node>[]): JsonObject {
    const obj: JsonObject = {};
    let merged: Set<string> | undefined; // keys that came from `<<`, which a written key may override
    for (const pair of items) {
      if (isMergeKey(pair.key)) {
        merged ??= new Set();
        this.merge(obj, pair.value as Node, merged);
        continue;
      }
      const key = this.key(pair.key);
      if (hasKey(obj, key) && !merged?.delete(key)) this.fail('duplicate_key', `duplicate key '${key}'`, pair.key?.range?.[0] ?? 0);
      setKey(obj, key, this.convert(pair.value));
    }
    return obj;
  }

  /** `<<: *a` or `<<: [*a, *b]`: keys written in the map win, then earlier sources over later ones. */
  private merge(obj: JsonObject, node: Node, merged: Set<string>): void {
    const offset = node?.range?.[0] ?? 0;
    const value = this.convert(node);
    for (const src of Array.isArray(value) ? value : [value]) {
      if (!isObject(src)) return this.fail('bad_merge', 'a `<<` merge key needs a map or a list of maps', offset);
      for (const k of Object.keys(src)) {
        if (hasKey(obj, k)) continue;
        setKey(obj, k, src[k]!);
        merged.add(k);
      }
    }
  }

  private key(node: Node | null): string {
    const resolved = isAlias(node) ? this.alias(node.source, node.range?.[0] ?? 0) : isScalar(node) ? scalarValue(node.value) : undefined;
    if (resolved !== undefined && (resolved === null || typeof resolved !== 'object')) return keyText(resolved);
    return this.fail('complex_key', 'map keys must be plain values, not lists or maps', node?.range?.[0] ?? 0);
  }
}

function scalarValue(v: unknown): JsonValue {
  if (typeof v === 'bigint') return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  return v as JsonValue;
}
