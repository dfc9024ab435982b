// YAML as OPA reads and writes it through sigs.k8s.io/yaml on top of go-yaml v2: YAML 1.1
// scalars (yes/no/on/off, 0777 octal, but timestamps stay strings), first document only,
// and on output go-yaml's emitter layout, quoting rules, key order and 80-column folding.

import YAML from 'yaml';
import { fromBigInt, isInteger, isNum, toBigInt, toFloat64 } from '../number.js';
import { RObject, RSet, type Value, fromJS, toJSONText } from '../value.js';
import { formatFloat } from './gofmt.js';

export class YAMLError extends Error {}

const PARSE_OPTIONS = {
  version: '1.1' as const,
  uniqueKeys: false,
  merge: true,
  intAsBigInt: true,
  // go-yaml v2 keeps timestamps and sexagesimal numbers as strings.
  customTags: (tags: YAML.Tags) =>
    tags.filter((t) => {
      const tag = t as { tag?: string; format?: string };
      return tag.tag !== 'tag:yaml.org,2002:timestamp' && tag.format !== 'TIME';
    }),
};

/** libyaml's wording for the problems the yaml package reports differently. */
function goMessage(e: YAML.YAMLError): string {
  const line = e.linePos?.[0].line ?? 1;
  const first = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  let msg: string;
  if (/Flow sequence/.test(first)) msg = "did not find expected ',' or ']'";
  else if (/Flow map/.test(first)) msg = "did not find expected ',' or '}'";
  else if (e.code === 'MISSING_CHAR' && /quote/.test(first)) msg = 'found unexpected end of stream';
  else if (e.code === 'BLOCK_AS_IMPLICIT_KEY' || e.code === 'MULTILINE_IMPLICIT_KEY') msg = 'mapping values are not allowed in this context';
  else if (e.code === 'TAB_AS_INDENT' || e.code === 'BAD_SCALAR_START') msg = 'found character that cannot start any token';
  else if (e.code === 'BAD_INDENT') msg = 'did not find expected key';
  else msg = first.charAt(0).toLowerCase() + first.slice(1);
  return `yaml: line ${line}: ${msg}`;
}

const UINT64_MAX = 2n ** 64n - 1n;
const INT64_MIN = -(2n ** 63n);

/** A map key as sigs.k8s.io/yaml turns it into a JSON object key. */
function keyString(k: unknown): string {
  if (typeof k === 'string') return k;
  if (typeof k === 'boolean') return k ? 'true' : 'false';
  if (typeof k === 'bigint') return k.toString();
  if (typeof k === 'number') {
    if (Number.isNaN(k)) return '.nan';
    if (!Number.isFinite(k)) return k > 0 ? '.inf' : '-.inf';
    return formatFloat(Math.fround(k), 'g', -1).replace(/e([+-])0(\d)$/, 'e$1$2');
  }
  throw new YAMLError(`Unsupported map key of type: ${k === null ? '<nil>' : typeof k}`);
}

function toValue(x: unknown): Value {
  if (x === null || x === undefined) return null;
  switch (typeof x) {
    case 'string':
    case 'boolean':
      return x;
    case 'bigint':
      // Integers beyond 64 bits become float64 in go-yaml.
      return x >= INT64_MIN && x <= UINT64_MAX ? fromBigInt(x) : fromJS(Number(x));
    case 'number':
      if (!Number.isFinite(x)) throw new YAMLError(`json: unsupported value: ${Number.isNaN(x) ? 'NaN' : x > 0 ? '+Inf' : '-Inf'}`);
      return fromJS(x);
  }
  if (Array.isArray(x)) return x.map(toValue);
  if (x instanceof Map) {
    const o = new RObject();
    for (const [k, v] of x) o.set(keyString(k), toValue(v));
    return o;
  }
  if (x instanceof Uint8Array) return Buffer.from(x).toString('latin1');
  const o = new RObject();
  for (const [k, v] of Object.entries(x as object)) o.set(k, toValue(v));
  return o;
}

function firstDocument(text: string): YAML.Document.Parsed | undefined {
  const docs = YAML.parseAllDocuments(text, PARSE_OPTIONS);
  const doc = Array.isArray(docs) ? docs[0] : undefined;
  if (doc !== undefined && doc.errors.length > 0) throw new YAMLError(goMessage(doc.errors[0]!));
  return doc;
}

/** yaml.unmarshal: the first document as a Rego value. */
export function parseYAML(text: string): Value {
  const doc = firstDocument(text);
  if (doc === undefined) return null;
  return toValue(doc.toJS({ mapAsMap: true, maxAliasCount: -1 }));
}

/** yaml.is_valid. */
export function validYAML(text: string): boolean {
  try {
    firstDocument(text)?.toJS({ mapAsMap: true, maxAliasCount: -1 });
    return true;
  } catch {
    return false;
  }
}

// ---- output ---------------------------------------------------------------------------------

const BEST_WIDTH = 80;
const INDENT = 2;

/** Scalars a plain string would be read back as something else; go-yaml quotes those. */
const NON_STRING =
  /^(?:[yY]|[yY]es|YES|[nN]|[nN]o|NO|[tT]rue|TRUE|[fF]alse|FALSE|[oO]n|ON|[oO]ff|OFF|~|[nN]ull|NULL|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|<<|[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|[-+]?\.[0-9][0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?0[bB][01_]+|[-+]?0[xX][0-9a-fA-F_]+|[-+]?0[oO][0-7_]+|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?)$/;

function isPrintable(c: number): boolean {
  return (
    c === 0x0a ||
    (c >= 0x20 && c <= 0x7e) ||
    c === 0x85 ||
    (c >= 0xa0 && c <= 0xd7ff) ||
    (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff) ||
    (c >= 0x10000 && c <= 0x10ffff)
  );
}

const isBreak = (c: string | undefined) => c === '\n' || c === '\r' || c === '\u0085' || c === '\u2028' || c === '\u2029';
const isBlankZ = (c: string | undefined) => c === undefined || c === ' ' || c === '\t' || isBreak(c);

interface Analysis {
  multiline: boolean;
  blockPlain: boolean;
  single: boolean;
  block: boolean;
}

/** libyaml's yaml_emitter_analyze_scalar, for block context. */
function analyze(s: string): Analysis {
  if (s === '') return { multiline: false, blockPlain: true, single: true, block: false };
  const cs = Array.from(s);
  let blockIndicators = s.startsWith('---') || s.startsWith('...');
  let special = false;
  let lineBreaks = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let prevSpace = false;
  let prevBreak = false;
  let precededByWS = true;
  cs.forEach((c, i) => {
    const followedByWS = isBlankZ(cs[i + 1]);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(c)) blockIndicators = true;
      if ((c === '?' || c === ':' || c === '-') && followedByWS) blockIndicators = true;
    } else if ((c === ':' && followedByWS) || (c === '#' && precededByWS)) blockIndicators = true;
    if (!isPrintable(c.codePointAt(0)!)) special = true;
    if (isBreak(c)) lineBreaks = true;
    if (c === ' ') {
      if (i === 0) leadingSpace = true;
      if (i === cs.length - 1) trailingSpace = true;
      if (prevBreak) breakSpace = true;
      prevSpace = true;
      prevBreak = false;
    } else if (isBreak(c)) {
      if (i === 0) leadingBreak = true;
      if (i === cs.length - 1) trailingBreak = true;
      if (prevSpace) spaceBreak = true;
      prevBreak = true;
      prevSpace = false;
    } else {
      prevSpace = false;
      prevBreak = false;
    }
    precededByWS = isBlankZ(c);
  });
  let blockPlain = !(leadingSpace || leadingBreak || trailingSpace || trailingBreak || lineBreaks || blockIndicators);
  let single = true;
  let block = !trailingSpace;
  if (breakSpace) blockPlain = single = false;
  if (spaceBreak || special) blockPlain = single = block = false;
  return { multiline: lineBreaks, blockPlain, single, block };
}

type Style = 'plain' | 'single' | 'double' | 'literal';

function styleOf(s: string, key: boolean): Style {
  const a = analyze(s);
  let style: Style = s.includes('\n') ? 'literal' : NON_STRING.test(s) || s === '' ? 'double' : 'plain';
  if (key && a.multiline) return 'double';
  if (style === 'plain' && (!a.blockPlain || (s === '' && key))) style = 'single';
  if (style === 'single' && !a.single) style = 'double';
  if (style === 'literal' && (!a.block || key)) style = 'double';
  return style;
}

const ESCAPES: Record<string, string> = {
  '\0': '0',
  '\x07': 'a',
  '\b': 'b',
  '\t': 't',
  '\n': 'n',
  '\v': 'v',
  '\f': 'f',
  '\r': 'r',
  '\x1b': 'e',
  '"': '"',
  '\\': '\\',
  '\u0085': 'N',
  '\u00a0': '_',
  '\u2028': 'L',
  '\u2029': 'P',
};

/** Builds output while tracking the column, as libyaml does to fold long lines. */
class Writer {
  out = '';
  column = 0;

  write(s: string): void {
    this.out += s;
    const nl = s.lastIndexOf('\n');
    this.column = nl < 0 ? this.column + Array.from(s).length : Array.from(s.slice(nl + 1)).length;
  }

  /** Starts a line at the indent; a block scalar that ended with a break already started it. */
  indent(n: number): void {
    this.write((this.column === 0 && this.out.endsWith('\n') ? '' : '\n') + ' '.repeat(n));
  }

  scalar(s: string, style: Style, indent: number, breaks: boolean): void {
    const cs = Array.from(s);
    if (style === 'literal') return this.literal(cs, indent);
    const q = style === 'double' ? '"' : style === 'single' ? "'" : '';
    this.write(q);
    let spaces = false;
    cs.forEach((c, i) => {
      const code = c.codePointAt(0)!;
      if (style === 'double' && (!isPrintable(code) || code === 0xfeff || isBreak(c) || c === '"' || c === '\\')) {
        this.write('\\' + (ESCAPES[c] ?? hexEscape(code)));
        spaces = false;
        return;
      }
      if (c === ' ') {
        const inside = style === 'plain' || (i !== 0 && i !== cs.length - 1);
        if (breaks && !spaces && this.column > BEST_WIDTH && inside && (style === 'double' || cs[i + 1] !== ' ')) {
          this.indent(indent);
          if (style === 'double' && cs[i + 1] === ' ') this.write('\\');
        } else this.write(' ');
        spaces = true;
        return;
      }
      this.write(style === 'single' && c === "'" ? "''" : c);
      spaces = false;
    });
    this.write(q);
  }

  private literal(cs: string[], indent: number): void {
    const last = cs[cs.length - 1];
    let hints = isBreak(cs[0]) || cs[0] === ' ' ? String(INDENT) : '';
    if (!isBreak(last)) hints += '-';
    else if (cs.length === 1 || isBreak(cs[cs.length - 2])) hints += '+';
    this.write('|' + hints + '\n');
    let breaks = true;
    for (const c of cs) {
      if (isBreak(c)) {
        this.write('\n');
        breaks = true;
      } else {
        if (breaks) this.write(' '.repeat(indent));
        this.write(c);
        breaks = false;
      }
    }
  }
}

function hexEscape(c: number): string {
  if (c <= 0xff) return 'x' + c.toString(16).toUpperCase().padStart(2, '0');
  if (c <= 0xffff) return 'u' + c.toString(16).toUpperCase().padStart(4, '0');
  return 'U' + c.toString(16).toUpperCase().padStart(8, '0');
}

/** go-yaml v2's map key order: digit runs compare as numbers, letters before other runes. */
function compareKeys(a: string, b: string): number {
  const ar = Array.from(a);
  const br = Array.from(b);
  const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
  const isLetter = (c: string) => /\p{L}/u.test(c);
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]!);
    const bl = isLetter(br[i]!);
    if (al && bl) return ar[i]! < br[i]! ? -1 : 1;
    if (al || bl) return bl ? -1 : 1;
    let an = 0n;
    let bn = 0n;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== '0') {
          an = bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    let bi = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10n + BigInt(ar[ai]!.charCodeAt(0) - 48);
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10n + BigInt(br[bi]!.charCodeAt(0) - 48);
    if (an !== bn) return an < bn ? -1 : 1;
    if (ai !== bi) return ai < bi ? -1 : 1;
    return ar[i]! < br[i]! ? -1 : 1;
  }
  return ar.length - br.length;
}

/** A number as go-yaml prints what it read from JSON: an integer if it fits 64 bits, else a float. */
function numberText(n: Value): string {
  const i = isNum(n) && isInteger(n) ? toBigInt(n)! : undefined;
  if (i !== undefined && i >= INT64_MIN && i <= UINT64_MAX) return i.toString();
  return formatFloat(toFloat64(n as never), 'g', -1);
}

function isEmptyCollection(v: Value): boolean {
  return (Array.isArray(v) && v.length === 0) || ((v instanceof RObject || v instanceof RSet) && v.size === 0);
}

function isCollection(v: Value): v is Value[] | RObject | RSet {
  return Array.isArray(v) || v instanceof RObject || v instanceof RSet;
}

function emitScalar(w: Writer, v: Value, indent: number): void {
  if (v === null) w.write('null');
  else if (typeof v === 'boolean') w.write(String(v));
  else if (typeof v === 'string') w.scalar(v, styleOf(v, false), indent + INDENT, true);
  else if (isEmptyCollection(v)) w.write(Array.isArray(v) || v instanceof RSet ? '[]' : '{}');
  else w.write(numberText(v));
}

/** Emits a value that follows an indicator ("- " or "key:") at the given block indent. */
function emitNode(w: Writer, v: Value, indent: number, inMapping: boolean): void {
  if (!isCollection(v) || isEmptyCollection(v)) {
    if (w.column > 0) w.write(' ');
    emitScalar(w, v, indent);
    return;
  }
  if (v instanceof RObject) {
    // A mapping after "- " starts on the same line; after "key:" on the next.
    const childIndent = indent + INDENT;
    emitMapping(w, v, childIndent, !inMapping && w.column > 0);
    return;
  }
  const items = Array.isArray(v) ? v : v.values();
  // go-yaml does not indent a sequence that is a mapping value.
  emitSequence(w, items, inMapping ? indent : indent + INDENT, !inMapping && w.column > 0);
}

function emitMapping(w: Writer, o: RObject, indent: number, sameLine: boolean): void {
  const entries = o.keys().map((k) => [typeof k === 'string' ? k : toJSONText(k), o.get(k)!] as const);
  entries.sort((a, b) => compareKeys(a[0], b[0]));
  entries.forEach(([k, v], i) => {
    if (i > 0 || !sameLine) {
      if (w.out !== '') w.indent(indent);
    } else w.write(' ');
    w.scalar(k, styleOf(k, true), indent, false);
    w.write(':');
    emitNode(w, v, indent, true);
  });
}

function emitSequence(w: Writer, items: Value[], indent: number, sameLine: boolean): void {
  items.forEach((x, i) => {
    if (i > 0 || !sameLine) {
      if (w.out !== '') w.indent(indent);
    } else w.write(' ');
    w.write('-');
    emitNode(w, x, indent, false);
  });
}

/** yaml.marshal: the value as go-yaml v2 writes it after a round trip through JSON. */
export function marshalYAML(v: Value): string {
  const w = new Writer();
  if (v instanceof RObject && v.size > 0) emitMapping(w, v, 0, false);
  else if ((Array.isArray(v) || v instanceof RSet) && !isEmptyCollection(v)) emitSequence(w, Array.isArray(v) ? v : v.values(), 0, false);
  else emitScalar(w, v, 0);
  return w.column === 0 && w.out.endsWith('\n') ? w.out : w.out + '\n';
}

