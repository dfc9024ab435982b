// A shortcut for regex.match: many policy patterns are anchored sequences of characters and
// classes, like ^cimg/[a-z]+:[0-9.]+$. For those this builds an equivalent JavaScript RegExp,
// which V8 runs far faster than re2js. It is only used when two things can be shown:
// the meaning is the same as RE2's, and backtracking stays linear, because every repeated
// item is disjoint from whatever may follow it and the pattern is anchored at the start.
// Anything else returns undefined and goes to re2js.

type Ranges = [number, number][];

interface Item {
  set: Ranges;
  js: string;
  min: number;
  /** Whether the item can match a varying number of characters. */
  varies: boolean;
}

const MAX_CODE = 0x10ffff;
const DIGIT: Ranges = [[0x30, 0x39]];
const WORD: Ranges = [
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
];

function complement(r: Ranges): Ranges {
  const sorted = [...r].sort((a, b) => a[0] - b[0]);
  const out: Ranges = [];
  let next = 0;
  for (const [lo, hi] of sorted) {
    if (lo > next) out.push([next, lo - 1]);
    next = Math.max(next, hi + 1);
  }
  if (next <= MAX_CODE) out.push([next, MAX_CODE]);
  return out;
}

function intersects(a: Ranges, b: Ranges): boolean {
  return a.some(([lo, hi]) => b.some(([l2, h2]) => lo <= h2 && l2 <= hi));
}

const ANY: Ranges = [[0, MAX_CODE]];
const ANY_BUT_NEWLINE = complement([[0x0a, 0x0a]]);

function jsChar(c: number): string {
  return /[0-9A-Za-z]/.test(String.fromCharCode(c)) && c < 0x80 ? String.fromCharCode(c) : `\\u{${c.toString(16)}}`;
}

function jsClass(r: Ranges): string {
  if (r.length === 1 && r[0]![0] === r[0]![1]) return jsChar(r[0]![0]);
  return '[' + r.map(([lo, hi]) => (lo === hi ? jsChar(lo) : `${jsChar(lo)}-${jsChar(hi)}`)).join('') + ']';
}

/** Escapes with the same meaning in RE2 and JavaScript. */
const CLASS_ESCAPES: Record<string, Ranges> = { d: DIGIT, w: WORD, D: complement(DIGIT), W: complement(WORD) };
const CHAR_ESCAPES: Record<string, number> = { t: 9, n: 10, v: 11, f: 12, r: 13 };

class Reader {
  i = 0;
  constructor(readonly cs: number[]) {}

  peek(k = 0): number | undefined {
    return this.cs[this.i + k];
  }

  /** One character, literal or escaped, as a code point or a set; undefined when unsupported. */
  escapeOrChar(): number | Ranges | undefined {
    const c = this.cs[this.i++];
    if (c === undefined) return undefined;
    if (c !== 0x5c) return c;
    const e = this.cs[this.i++];
    if (e === undefined) return undefined;
    const ch = String.fromCharCode(e);
    if (CLASS_ESCAPES[ch] !== undefined) return CLASS_ESCAPES[ch];
    if (CHAR_ESCAPES[ch] !== undefined) return CHAR_ESCAPES[ch];
    // RE2 lets any ASCII punctuation be escaped to stand for itself.
    if (e < 0x80 && /[!-/:-@[-`{-~]/.test(ch)) return e;
    return undefined;
  }
}

function parseClass(rd: Reader): Ranges | undefined {
  const negate = rd.peek() === 0x5e;
  if (negate) rd.i++;
  // A leading ']' and '[' (POSIX classes) read differently in the two syntaxes.
  if (rd.peek() === 0x5d || rd.peek() === 0x5b) return undefined;
  const set: Ranges = [];
  for (;;) {
    const c = rd.peek();
    if (c === undefined || c === 0x5b) return undefined;
    if (c === 0x5d) {
      rd.i++;
      break;
    }
    const lo = rd.escapeOrChar();
    if (lo === undefined) return undefined;
    if (typeof lo !== 'number') {
      set.push(...lo);
      continue;
    }
    if (rd.peek() === 0x2d && rd.peek(1) !== 0x5d && rd.peek(1) !== undefined) {
      rd.i++;
      const hi = rd.escapeOrChar();
      if (typeof hi !== 'number' || hi < lo) return undefined;
      set.push([lo, hi]);
    } else set.push([lo, lo]);
  }
  if (set.length === 0) return undefined;
  return negate ? complement(set) : set;
}

function parseAtom(rd: Reader, dotAll: boolean): Ranges | undefined {
  const c = rd.peek();
  if (c === undefined) return undefined;
  if (c === 0x2e) {
    rd.i++;
    return dotAll ? ANY : ANY_BUT_NEWLINE;
  }
  if (c === 0x5b) {
    rd.i++;
    return parseClass(rd);
  }
  // Groups, alternation, anchors inside, and stray operators are left to re2js.
  if ('()|^$*+?{}]'.includes(String.fromCharCode(c))) return undefined;
  const x = rd.escapeOrChar();
  if (x === undefined) return undefined;
  return typeof x === 'number' ? [[x, x]] : x;
}

/** A repetition after an atom: [min, js suffix, varies], or undefined when malformed. */
function parseRepeat(rd: Reader): [number, string, boolean] | undefined {
  const c = rd.peek();
  let min = 1;
  let js = '';
  let varies = true;
  if (c === 0x2a || c === 0x2b || c === 0x3f) {
    rd.i++;
    min = c === 0x2b ? 1 : 0;
    js = String.fromCharCode(c);
  } else if (c === 0x7b) {
    const rest = String.fromCodePoint(...rd.cs.slice(rd.i, rd.i + 16));
    const m = /^\{(\d{1,4})(,(\d{0,4}))?\}/.exec(rest);
    if (m === null) return undefined;
    const lo = Number(m[1]);
    const hi = m[3] === undefined || m[3] === '' ? undefined : Number(m[3]);
    if (lo > 1000 || (hi !== undefined && (hi > 1000 || hi < lo))) return undefined;
    rd.i += m[0].length;
    min = lo;
    js = m[0];
    varies = hi !== lo;
  } else return [1, '', false];
  // A lazy marker changes nothing for a yes/no match; another operator is an RE2 error.
  if (rd.peek() === 0x3f) rd.i++;
  if (rd.peek() !== undefined && '*+?{'.includes(String.fromCharCode(rd.peek()!))) return undefined;
  return [min, js, varies];
}

/** Every item of varying length must not share a character with what can come right after it. */
function linear(items: Item[]): boolean {
  for (let i = 0; i < items.length; i++) {
    if (!items[i]!.varies) continue;
    for (let j = i + 1; j < items.length; j++) {
      if (intersects(items[i]!.set, items[j]!.set)) return false;
      if (items[j]!.min > 0) break;
    }
  }
  return true;
}

/**
 * An equivalent, linear-time JavaScript RegExp for a simple RE2 pattern, or undefined.
 * With dotAll, `.` matches a newline too, as under RE2's (?s) flag.
 */
export function fastRegExp(pattern: string, dotAll = false): RegExp | undefined {
  if (!pattern.startsWith('^')) return undefined;
  const cs = Array.from(pattern.slice(1), (c) => c.codePointAt(0)!);
  const anchoredEnd = cs[cs.length - 1] === 0x24 && cs[cs.length - 2] !== 0x5c;
  const rd = new Reader(anchoredEnd ? cs.slice(0, -1) : cs);
  const items: Item[] = [];
  while (rd.i < rd.cs.length) {
    const set = parseAtom(rd, dotAll);
    if (set === undefined) return undefined;
    const repeat = parseRepeat(rd);
    if (repeat === undefined) return undefined;
    items.push({ set, js: jsClass(set) + repeat[1], min: repeat[0], varies: repeat[2] });
  }
  if (!linear(items)) return undefined;
  return new RegExp('^' + items.map((x) => x.js).join('') + (anchoredEnd ? '$' : ''), 'u');
}
