// The fast path of config loading: js-yaml, with a schema that resolves plain scalars exactly as the
// `yaml` package's core schema does in the careful path (yaml.ts), then one walk over the loaded graph
// that applies `<<` merges and measures how much aliases expand the document.
//
// The careful path stays the definition of what a config means. This path only ever answers for
// documents it is sure the careful path would load to the same value; whenever the text holds
// something the two parsers treat differently, js-yaml rejects it, or a limit may be crossed, it
// falls back and the careful path decides, with the same errors and locations as before.
// test/circleci/yaml-fast.test.ts compares the two paths on the corpus, on each construct below and
// on generated documents.

import { Schema, Type, load } from 'js-yaml';
import type { LoadOptions, State } from 'js-yaml';
import type { JsonObject, JsonValue } from './json.js';
import { hasKey, setKey } from './json.js';

export interface FastLimits {
  maxDepth: number;
  maxAliasNodes: number;
}

/** js-yaml 4.3's bounds, not yet in its type definitions. */
interface LoadOptionsWithLimits extends LoadOptions {
  maxDepth: number;
}

/** Why the fast path gave the document to the careful path: `alias_limit` means it must be refused. */
export type FastOutcome = { doc: JsonObject } | { fallback: 'alias_limit' | 'other' };

// js-yaml hands every plain `<<` to a fresh string that starts with MERGE; the walk turns it into a
// merge (as a key) or back into the string '<<' (anywhere else). Fresh, so that a map may merge more
// than once (`<<: *a` then `<<: *b`), as the careful path allows. The NUL and lone low surrogate make it
// a key that only a double-quoted escape or a lone surrogate in the text can also spell, and such a text
// goes to the careful path.
const MERGE = '\u0000<<\uDFFF';
let merges = 0;
function isMerge(s: string): boolean {
  return s.charCodeAt(0) === 0 && s.startsWith(MERGE);
}
const MERGE_FORGERY = /\\u[dD][fF][fF][fF]|\\U0000[dD][fF][fF][fF]|(?<![\uD800-\uDBFF])\uDFFF/;

// Scalar resolution of the `yaml` package's core schema (YAML 1.2), with its `intAsBigInt` followed by
// the loader's rule that integers within 2^53 are numbers. One implicit type does it all, because
// js-yaml tries implicit types one after another on every plain scalar: `resolve` classifies the
// scalar and `construct`, which js-yaml calls right after it on the same text, builds the value.
// The tag is private on purpose: an explicit `!!int`, `!!str`, `!!binary`, … is then unknown to js-yaml,
// so tagged nodes fall to the careful path, which keeps resolving them as it always has.
const NULL = /^(?:~|[Nn]ull|NULL)$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT = /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/;
const FLOAT_SPECIAL = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$|^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

const enum Kind {
  Null,
  Bool,
  Int,
  Float,
  Special,
  Merge,
}
let resolved = Kind.Null;

function resolveScalar(s: string): boolean {
  const c = s.charCodeAt(0);
  if ((c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e) {
    if (INT.test(s)) resolved = Kind.Int;
    else if (FLOAT.test(s)) resolved = Kind.Float;
    else if (FLOAT_SPECIAL.test(s)) resolved = Kind.Special;
    else return false;
    return true;
  }
  if (c === 0x3c) {
    resolved = Kind.Merge;
    return s === '<<';
  }
  if (s.length === 1 || s.length === 4) {
    if (NULL.test(s)) {
      resolved = Kind.Null;
      return true;
    }
  }
  if (s.length === 4 || s.length === 5) {
    if (BOOL.test(s)) {
      resolved = Kind.Bool;
      return true;
    }
  }
  return false;
}

function constructScalar(s: string): JsonValue {
  switch (resolved) {
    case Kind.Null:
      return null;
    case Kind.Bool:
      return s.charCodeAt(0) === 0x74 || s.charCodeAt(0) === 0x54; // t, T
    case Kind.Int:
      return intValue(s);
    case Kind.Float:
      return parseFloat(s);
    case Kind.Special:
      return specialFloat(s);
    case Kind.Merge:
      return MERGE + merges++;
  }
}

const schema = new Schema({
  implicit: [new Type('tag:policygate,2024:core', { kind: 'scalar', resolve: resolveScalar, construct: constructScalar })],
});

/** The careful path reads integers as BigInt and keeps them as numbers when within 2^53. */
function intValue(s: string): number | bigint {
  // Up to 15 characters cannot reach 2^53 in any of the three notations; `+ 0` turns -0 into 0 as BigInt does.
  if (s.length <= 15) return Number(s) + 0;
  const n = BigInt(s);
  return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
}

function specialFloat(s: string): number {
  if (s.slice(-3).toLowerCase() === 'nan') return NaN;
  return s[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
}

// Texts that may hold constructs js-yaml reads differently from the `yaml` package, found by cheap
// patterns; a false alarm only costs the careful path's time. Each was found by comparing the two
// paths on mutated and generated documents.
//  - `%` directives: `%YAML 1.1` switches the careful path to YAML 1.1 scalars (yes/no, …).
//  - a flow sequence or an alias as a key, or an explicit `?` key: js-yaml joins a list key into a
//    string where the careful path refuses it, and an alias of `<<` as a key is no merge there.
//    (A map as a key becomes '[object Object]' and a null key 'null': the walk catches those.)
//  - a tag on a `<<` key: the careful path still merges. A `!` tag on an empty node: js-yaml gives
//    null, the careful path ''. A verbatim `!<…>` tag, which the careful path refuses. (Other tags
//    are unknown to js-yaml here and fail there.)
//  - a comment with no space before it after a `,` or a `:` in flow: js-yaml allows it.
//  - an anchor on a key (`- &a key: v`): js-yaml lets `*a` mean 'key'; the careful path knows no
//    such anchor. After a key, an anchor and a key (`a: &x b: c`): js-yaml reads a nested map, the
//    careful path refuses it. (Shell's `&&` looks like an anchor named `&`; see Verify.)
//  - an anchor at the end of a line with a flow collection, alias, anchor or tag at the start of the
//    next: js-yaml first tries a block collection there, and an alias inside the node then means an
//    abandoned empty one (the careful path: a recursive alias).
//  - content after `---` or `...` on the same line. A last line of only spaces with no line break
//    after it: js-yaml adds one, which a `|+` block scalar then keeps.
//  - any tab: where a tab may stand in for indentation, the two parsers disagree in several ways
//    (a tab line ends a block scalar for js-yaml; `-\t! x` is refused by the careful path), and
//    real configs hardly ever hold one. A carriage return not followed by a line feed: a line
//    break for js-yaml, not for the careful path.
//  - an empty block sequence entry (`-` alone) followed by a less indented line: js-yaml takes a
//    `-` there as the next entry of the same sequence.
//  - a line longer than 1024 characters: the careful path refuses a key that long.
// What a pattern would match too often in shell scripts is checked while js-yaml loads (Verify); a
// quoted scalar's line indented too little only makes js-yaml warn, and a warning hands over too.
// Most patterns start with one of a few characters, found first. A line whose first character is `#`
// is a comment or the content of a block or quoted scalar, never a key, so key patterns there do not
// count (such comments are common: `# **Note**: …`).
const CANDIDATE = /^%|\t|[\]*?!&]/gm;
const FLOW_SEQ_KEY = /\][ \t]*:(?:[\s,[\]{}]|$)/y;
const ALIAS_KEY = /\*[^\s,[\]{}]+[ \t]*:(?:[\s,[\]{}]|$)/y;
const EXPLICIT_KEY = /\?(?:\s|$)/y;
const TAG = /!(?:<|[ \t]*(?:&[^\s,[\]{}]*[ \t]*)?(?:[\r\n#,\]}]|$)|\S*[ \t]+<<[ \t]*:)/y;
const LONE_CR = /\r(?!\n)/;
const BLANK_LAST_LINE = /\n[ \t]+$/;
const UNSPACED_COMMENT_IN_FLOW = /[,:]#/;
const ANCHORED_KEY = /&[^\s,[\]{}]+[ \t]+[^\s#[{|>][^\n]*?:(?:[\s,[\]{}]|$)/y;
const ANCHOR_ENDS_LINE = /&[^\s,[\]{}]+[ \t]*(?:#[^\n]*)?(?:\r?\n|$)/y;
const TOKEN_BOUNDARY = /[\s[{,]/;
const MARKER_THEN_CONTENT = /^(?:---|\.\.\.)[ \t]+[^\s#]/m;
const ESCAPED_BREAK_THEN_EMPTY = /\\\r?\n[ \t]*\r?\n/;
const EMPTY_ENTRY = /^[ \t]*(?:-[ \t]+)*-[ \t]*(?:#.*)?$/gm;
/** The careful path refuses an implicit key whose `:` is more than 1024 characters after its start. */
const MAX_KEY_LINE = 1024;

/** What the gates found: nothing, something for the careful path, or things to check while loading. */
const CLEAN = 0;
const CAREFUL = 1;
const CHECK_ESCAPED_BREAKS = 2;

function gated(text: string): number {
  let checks = CLEAN;
  CANDIDATE.lastIndex = 0;
  for (let m = CANDIDATE.exec(text); m !== null; m = CANDIDATE.exec(text)) {
    const i = m.index;
    const c = text.charCodeAt(i);
    if (c === 0x25 || c === 0x09) return CAREFUL; // a % directive, a tab
    let pattern: RegExp;
    if (c === 0x5d) pattern = FLOW_SEQ_KEY;
    else if (c === 0x26) {
      ANCHOR_ENDS_LINE.lastIndex = i;
      if (ANCHOR_ENDS_LINE.test(text)) {
        const next = text.charCodeAt(nextContent(text, ANCHOR_ENDS_LINE.lastIndex - 1));
        // [ { * & !
        if (next === 0x5b || next === 0x7b || next === 0x2a || next === 0x26 || next === 0x21) return CAREFUL;
        continue;
      }
      if (text.charCodeAt(i + 1) === 0x26) {
        CANDIDATE.lastIndex = i + 2; // `&&`: Verify looks at anchors named `&…`
        continue;
      }
      if (i > 0 && !TOKEN_BOUNDARY.test(text[i - 1]!)) continue;
      pattern = ANCHORED_KEY;
    } else {
      // A tag, an alias or an explicit key starts a token.
      if (i > 0 && !TOKEN_BOUNDARY.test(text[i - 1]!)) continue;
      pattern = c === 0x21 ? TAG : c === 0x2a ? ALIAS_KEY : EXPLICIT_KEY;
    }
    pattern.lastIndex = i;
    if (pattern.test(text) && !onCommentLine(text, i)) return CAREFUL;
  }
  if (UNSPACED_COMMENT_IN_FLOW.test(text) || MARKER_THEN_CONTENT.test(text)) return CAREFUL;
  EMPTY_ENTRY.lastIndex = 0;
  for (let m = EMPTY_ENTRY.exec(text); m !== null; m = EMPTY_ENTRY.exec(text)) {
    const dashColumn = m[0].lastIndexOf('-');
    const next = nextContent(text, m.index + m[0].length);
    if (next >= 0 && next - (text.lastIndexOf('\n', next) + 1) < dashColumn) return CAREFUL;
  }
  if (LONE_CR.test(text) || BLANK_LAST_LINE.test(text)) return CAREFUL;
  if (ESCAPED_BREAK_THEN_EMPTY.test(text)) checks |= CHECK_ESCAPED_BREAKS;
  // js-yaml, like the careful path, reads an implicit key and its `:` on one line.
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (end - start > MAX_KEY_LINE) return CAREFUL;
    start = end + 1;
  }
  return checks;
}

function onCommentLine(text: string, i: number): boolean {
  let j = text.lastIndexOf('\n', i - 1) + 1;
  while (text.charCodeAt(j) === 0x20 || text.charCodeAt(j) === 0x09) j++;
  return text.charCodeAt(j) === 0x23;
}

/** Where the content of the first line after `from` (a line end) begins, skipping blank and comment lines; -1 if none. */
function nextContent(text: string, from: number): number {
  for (let start = from + 1; start < text.length; ) {
    let j = start;
    while (text.charCodeAt(j) === 0x20 || text.charCodeAt(j) === 0x09) j++;
    const c = text.charCodeAt(j);
    if (j < text.length && c !== 0x0a && c !== 0x0d && c !== 0x23) return j;
    const end = text.indexOf('\n', j);
    if (end < 0) break;
    start = end + 1;
  }
  return -1;
}

/**
 * Loads `text` with js-yaml when that is sure to give what the careful path would; otherwise says why
 * not. `text` has passed the size, character and nesting pre-checks of yaml.ts.
 */
export function loadFast(text: string, lim: FastLimits): FastOutcome {
  // js-yaml drops a byte order mark, which would shift the positions Verify reads; yaml.ts drops it first.
  const gate = text.charCodeAt(0) === 0xfeff ? CAREFUL : gated(text);
  if (gate === CAREFUL) return { fallback: 'other' };
  // The listener costs js-yaml about 2%.
  const verify = new Verify(text, gate);
  let value: unknown;
  try {
    // js-yaml's own merging is off (our schema has no merge tag) so maxTotalMergeKeys never applies;
    // its maxDepth counts every node, so `maxDepth` nodes deep means at most `maxDepth` collections.
    // A js-yaml warning is about text the careful path refuses (a quoted scalar's continuation line
    // indented too little, say): throwing from it hands the document over.
    value = load(text, { schema, maxDepth: lim.maxDepth, onWarning: giveUp, listener: verify.listener } as LoadOptionsWithLimits);
  } catch {
    return { fallback: 'other' };
  }
  if (verify.found) return { fallback: 'other' };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { fallback: 'other' };
  const walk = new GraphWalk(text, lim);
  let size: number;
  try {
    size = walk.visit(value as JsonObject, 0);
  } catch (err) {
    if (err instanceof RangeError) return { fallback: 'other' }; // out of stack with a huge maxDepth
    throw err;
  }
  if (size < 0) return { fallback: walk.tooLarge ? 'alias_limit' : 'other' };
  // What aliases and merges added to the document: its size as a tree less what was written.
  if (size - walk.written > lim.maxAliasNodes) return { fallback: 'alias_limit' };
  return { doc: walk.final(value as JsonObject) as JsonObject };
}

/** Looks at the text around each node js-yaml reads, for what the gates could only suspect. */
/**
 * Checks made on the nodes js-yaml reports while it loads, where a text pattern would match too often
 * in shell scripts:
 *  - a node ending right before a `#` (`"x"#c`, `[a]#c`): a comment with no space before it, which
 *    the careful path refuses (`echo "####"` is no such thing);
 *  - an anchor whose name starts with `&` (`&&x key: v`), which the `&&` of shell lines hides from
 *    the patterns;
 *  - an escaped line break before an empty line in a double-quoted scalar (js-yaml drops the line
 *    feed the empty line stands for), when the text has a `\` before an empty line at all;
 *  - an anchor, `!` tag or alias followed by a line break inside a flow collection: js-yaml skips
 *    to the next line without checking the indentation the careful path requires there.
 */
class Verify {
  found = false;
  /** For each node js-yaml has open: where it opened, and whether it is a flow collection (once asked). */
  private readonly opens: number[] = [];
  private readonly flow: (boolean | undefined)[] = [];

  constructor(
    private readonly text: string,
    private readonly checks: number,
  ) {}

  readonly listener = (event: 'open' | 'close', state: State): void => {
    if (event === 'open') {
      this.opens.push(state.position);
      this.flow.push(undefined);
      return;
    }
    const start = this.opens.pop()!;
    this.flow.pop();
    const { position, kind } = state;
    const { anchor, tag } = state as State & { anchor: string | null; tag: string | null };
    const text = this.text;
    // A node ends right before a `#`: a comment with no space before it.
    if (text.charCodeAt(position) === 0x23 && position > 0 && !isSpace(text.charCodeAt(position - 1))) this.found = true;
    if (anchor !== null && anchor.charCodeAt(0) === 0x26) this.found = true; // an anchor named `&…`
    if (this.checks & CHECK_ESCAPED_BREAKS && kind === 'scalar' && text.charCodeAt(position - 1) === 0x22 && ESCAPED_BREAK_THEN_EMPTY.test(text.slice(start, position)))
      this.found = true;
    // After an anchor, a `!` tag or an alias js-yaml skips to the next line without checking its
    // indentation, which the careful path requires of every line inside a flow collection.
    if (anchor !== null || tag === '!' || kind === null) {
      const lineBreak = text.indexOf('\n', start);
      if (lineBreak >= 0 && lineBreak < position && this.inFlow()) this.found = true;
    }
  };

  /** Whether the innermost node still open (the closing node's parent) is a flow collection. */
  private inFlow(): boolean {
    const i = this.opens.length - 1;
    if (i < 0) return false;
    const c = this.text.charCodeAt(contentStart(this.text, this.opens[i]!));
    return (this.flow[i] ??= c === 0x5b || c === 0x7b);
  }
}

/** Where a node's content starts: past spaces, line breaks, comments and its anchor or tag. */
export function contentStart(text: string, from: number): number {
  let i = from;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i++;
    else if (c === 0x23) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    } else if (c === 0x26 || c === 0x21) i = propertyEnd(text, i);
    else return i;
  }
}

/** The end of an anchor, tag or alias starting at `i`: names run to a space, line break or flow indicator. */
export function propertyEnd(text: string, i: number): number {
  let j = i + 1;
  for (let c = text.charCodeAt(j); j < text.length && !isSpace(c) && c !== 0x2c && c !== 0x5b && c !== 0x5d && c !== 0x7b && c !== 0x7d; c = text.charCodeAt(++j));
  return j;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/**
 * Loads `text` again as loadFast did, telling `listener` about every node js-yaml opens and closes:
 * what fastpositions.ts needs to find where things were written. Throws where js-yaml does.
 */
export function loadWithListener(text: string, maxDepth: number, listener: (event: 'open' | 'close', state: State) => void): unknown {
  const options: LoadOptionsWithLimits = { schema, maxDepth, onWarning: giveUp, listener: (event, state) => listener(event, state) };
  return load(text, options);
}

export { isMerge };

function giveUp(): never {
  throw new Error('js-yaml warned');
}

type Container = JsonObject | JsonValue[];

/** The walk's answer for a document it gives to the careful path. */
const GIVE_UP = -1;
/** Deeper than js-yaml lets a document be written, paths through aliases mean a long chain of them. */
const ALIAS_CHAIN_DEPTH = 100;

/**
 * One depth-first walk over the distinct containers js-yaml built: finds cycles (an alias inside its
 * own anchor), replaces maps holding `MERGE` keys by the merged map and `MERGE` values by '<<', gives up
 * on keys js-yaml stringified differently, and counts nodes.
 */
class GraphWalk {
  /** Expanded size (every alias and merge copied out) of each finished container; -1 while open. */
  private readonly sizes = new Map<object, number>();
  /** Maps with a merge are rebuilt as new objects, which replace them wherever they are referenced. */
  private replaced: Map<object, JsonObject> | undefined;
  /** Value nodes as js-yaml built them, counting shared containers once: about what the text wrote. */
  written = 0;
  /** Keys looked at while merging; bounded so that merging many large maps cannot take long. */
  private mergeWork = 0;
  /** Gave up because merging went past the alias limit. */
  tooLarge = false;
  private checkedForgery = false;
  private readonly maxDepth: number;

  constructor(
    private readonly text: string,
    private readonly lim: FastLimits,
  ) {
    this.maxDepth = lim.maxDepth + ALIAS_CHAIN_DEPTH;
  }

  /** The expanded size of `node`, or GIVE_UP. */
  visit(node: Container, depth: number): number {
    const known = this.sizes.get(node);
    if (known !== undefined) return known; // GIVE_UP while open: an alias inside its own anchor
    if (depth > this.maxDepth) return GIVE_UP;
    this.sizes.set(node, GIVE_UP);
    this.written++;
    let size = 1;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const v = node[i]!;
        if (typeof v === 'object' && v !== null) {
          const s = this.visit(v, depth + 1);
          if (s < 0) return GIVE_UP;
          size += s;
          const r = this.replaced?.get(v);
          if (r !== undefined) node[i] = r;
        } else {
          this.written++;
          size++;
          if (typeof v === 'string' && isMerge(v)) node[i] = '<<';
        }
      }
      this.sizes.set(node, size);
      return size;
    }
    const keys = Object.keys(node);
    let merges = false;
    for (const k of keys) {
      // js-yaml writes a null key as 'null' (the careful path: '<nil>'), a map key as '[object Object]'.
      if (k === 'null' || k === '[object Object]') return GIVE_UP;
      if (isMerge(k)) {
        if (!this.mergeKeyIsReal()) return GIVE_UP;
        merges = true;
      }
      const v = node[k]!;
      if (typeof v === 'object' && v !== null) {
        const s = this.visit(v, depth + 1);
        if (s < 0) return GIVE_UP;
        size += s;
        const r = this.replaced?.get(v);
        if (r !== undefined) setKey(node, k, r);
      } else {
        this.written++;
        size++;
        if (typeof v === 'string' && isMerge(v)) setKey(node, k, '<<');
      }
    }
    if (merges) {
      const out = this.merge(node, keys);
      if (out === undefined) return GIVE_UP;
      size = 1;
      for (const k of Object.keys(out)) {
        const v = out[k]!;
        size += typeof v === 'object' && v !== null ? this.sizes.get(v)! : 1;
      }
      (this.replaced ??= new Map()).set(node, out);
      this.sizes.set(out, size);
      // The careful path charges every merged alias its full size, so it refuses this too.
      if (this.mergeWork > this.lim.maxAliasNodes + this.text.length) {
        this.tooLarge = true;
        return GIVE_UP;
      }
    }
    this.sizes.set(node, size);
    return size;
  }

  /** A `MERGE` key came from a plain `<<` unless the text could have spelled it some other way. */
  private mergeKeyIsReal(): boolean {
    if (!this.checkedForgery) {
      if (MERGE_FORGERY.test(this.text)) return false;
      this.checkedForgery = true;
    }
    return true;
  }

  /**
   * `<<: *a` or `<<: [*a, *b]`, as the careful path does it: merged keys go where the `<<` was written,
   * keys written in the map win, then earlier sources over later ones; a written key may follow and
   * override a merged one once. The values are final already: the walk has visited them.
   */
  private merge(map: JsonObject, keys: string[]): JsonObject | undefined {
    const out: JsonObject = {};
    const merged = new Set<string>();
    for (const k of keys) {
      const v = map[k]!;
      if (!isMerge(k)) {
        if (hasKey(out, k) && !merged.delete(k)) return undefined;
        setKey(out, k, v);
        continue;
      }
      for (const s of Array.isArray(v) ? v : [v]) {
        const src = this.final(s);
        if (typeof src !== 'object' || src === null || Array.isArray(src)) return undefined;
        const srcKeys = Object.keys(src);
        this.mergeWork += srcKeys.length + 1;
        for (const sk of srcKeys) {
          if (hasKey(out, sk)) continue;
          setKey(out, sk, src[sk]!);
          merged.add(sk);
        }
      }
    }
    return out;
  }

  /** A container as it ends up in the document. */
  final(v: JsonValue): JsonValue {
    if (typeof v !== 'object' || v === null) return v;
    return this.replaced?.get(v) ?? v;
  }
}
