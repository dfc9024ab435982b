// A light token index over Rego source text. The syntax tree keeps only where each node starts;
// the formatter also needs where things end (closing brackets, the last token of a head), the
// spelling of literals (raw strings, `1e3`, escapes) and whether an operator was written as one.
// The text has already parsed, so this scanner can be simple: it never reports errors.

import type { Location } from '../../rego/index.js';

export type TokKind = 'ident' | 'number' | 'string' | 'op';

export interface Tok {
  kind: TokKind;
  text: string;
  offset: number;
  end: number;
  row: number;
}

const OPERATORS = [':=', '==', '!=', '<=', '>=', '=', '<', '>', '+', '-', '*', '/', '%', '&', '|', '(', ')', '[', ']', '{', '}', ',', ';', '.', ':'];
const CLOSERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

export class SourceIndex {
  readonly tokens: Tok[] = [];
  private readonly lineStarts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
    this.scan();
  }

  /** The offset of a 1-based row and column (columns count UTF-16 units, as the lexer's do). */
  offset(loc: Pick<Location, 'row' | 'col'>): number {
    return (this.lineStarts[loc.row - 1] ?? this.text.length) + loc.col - 1;
  }

  rowOf(offset: number): number {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  /** Index of the token starting at `offset`, or -1. */
  tokenAt(offset: number): number {
    const i = this.firstAtOrAfter(offset);
    return i < this.tokens.length && this.tokens[i]!.offset === offset ? i : -1;
  }

  tokAt(loc: Pick<Location, 'row' | 'col'>): Tok | undefined {
    const i = this.tokenAt(this.offset(loc));
    return i < 0 ? undefined : this.tokens[i];
  }

  /** Index of the first token starting at or after `offset`. */
  firstAtOrAfter(offset: number): number {
    let lo = 0;
    let hi = this.tokens.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.tokens[mid]!.offset < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The last token that ends at or before `offset`. */
  prevTok(offset: number): Tok | undefined {
    const i = this.firstAtOrAfter(offset) - 1;
    return i >= 0 ? this.tokens[i] : undefined;
  }

  /** The matching closing token of the bracket token at index `open`, or undefined. */
  closeOf(open: number): Tok | undefined {
    const opener = this.tokens[open];
    if (opener === undefined || CLOSERS[opener.text] === undefined) return undefined;
    let depth = 0;
    for (let i = open; i < this.tokens.length; i++) {
      const t = this.tokens[i]!;
      if (t.kind !== 'op') continue;
      if (CLOSERS[t.text] !== undefined) depth++;
      else if (t.text === ')' || t.text === ']' || t.text === '}') {
        depth--;
        if (depth === 0) return t;
      }
    }
    return undefined;
  }

  /** The first token at or after `offset` that is the given operator, or undefined. */
  nextOp(offset: number, text: string): number {
    for (let i = this.firstAtOrAfter(offset); i < this.tokens.length; i++) {
      if (this.tokens[i]!.kind === 'op' && this.tokens[i]!.text === text) return i;
    }
    return -1;
  }

  // ---- scanning ---------------------------------------------------------------------------------

  private scan(): void {
    const src = this.text;
    let p = 0;
    while (p < src.length) {
      const c = src[p]!;
      if (c === ' ' || c === '\t' || c === '\r' || c === '\n') p++;
      else if (c === '#') p = lineEnd(src, p);
      else if (/[A-Za-z_]/.test(c)) p = this.push('ident', p, matchEnd(src, p, /[A-Za-z0-9_]*/y, 1));
      else if (/[0-9]/.test(c)) p = this.push('number', p, matchEnd(src, p, /[0-9]*(\.[0-9]+)?([eE][+-]?[0-9]+)?/y, 1));
      else if (c === '"') p = this.push('string', p, quotedEnd(src, p));
      else if (c === '`') p = this.push('string', p, rawEnd(src, p));
      else {
        const op = OPERATORS.find((o) => src.startsWith(o, p));
        p = this.push('op', p, p + (op ?? c).length);
      }
    }
  }

  private push(kind: TokKind, start: number, end: number): number {
    this.tokens.push({ kind, text: this.text.slice(start, end), offset: start, end, row: this.rowOf(start) });
    return end;
  }
}

function lineEnd(src: string, p: number): number {
  const nl = src.indexOf('\n', p);
  return nl < 0 ? src.length : nl;
}

function matchEnd(src: string, p: number, re: RegExp, skip: number): number {
  re.lastIndex = p + skip;
  const m = re.exec(src);
  return p + skip + (m ? m[0].length : 0);
}

function quotedEnd(src: string, p: number): number {
  let i = p + 1;
  while (i < src.length && src[i] !== '"' && src[i] !== '\n') i += src[i] === '\\' ? 2 : 1;
  return Math.min(i + 1, src.length);
}

function rawEnd(src: string, p: number): number {
  const end = src.indexOf('`', p + 1);
  return end < 0 ? src.length : end + 1;
}
