// Turns Rego source into tokens with positions. Keywords are left as identifiers: whether
// `if`, `in`, `contains` or `every` are keywords depends on the module's Rego version and
// imports, which only the parser knows.

import type { Location } from './ast.js';
import { RegoError } from './errors.js';

export type TokenKind = 'ident' | 'number' | 'string' | 'op' | 'eof';

export interface Token {
  kind: TokenKind;
  /** Source text (for strings: the decoded value). */
  text: string;
  /** Raw strings (backquoted) keep their text verbatim. */
  raw?: boolean;
  row: number;
  col: number;
  offset: number;
  end: number;
  /** Position in the token list. */
  index: number;
  /** A newline separates this token from the previous one. */
  nl: boolean;
}

export interface Comment {
  text: string;
  row: number;
  col: number;
}

const OPERATORS = [':=', '==', '!=', '<=', '>=', '=', '<', '>', '+', '-', '*', '/', '%', '&', '|', '(', ')', '[', ']', '{', '}', ',', ';', '.', ':'];

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export class Lexer {
  readonly tokens: Token[] = [];
  readonly comments: Comment[] = [];
  private pos = 0;
  private row = 1;
  private lineStart = 0;
  private sawNewline = true;

  constructor(
    private readonly src: string,
    private readonly file: string,
  ) {}

  static tokenize(src: string, file: string): Lexer {
    const lx = new Lexer(src, file);
    lx.run();
    return lx;
  }

  private loc(offset: number, row = this.row, lineStart = this.lineStart): Location {
    return { file: this.file, row, col: offset - lineStart + 1 };
  }

  private error(message: string, offset = this.pos): RegoError {
    return new RegoError('rego_parse_error', message, this.loc(offset));
  }

  private run(): void {
    const src = this.src;
    while (this.pos < src.length) {
      const c = src.charCodeAt(this.pos);
      if (c === 10) {
        this.pos++;
        this.row++;
        this.lineStart = this.pos;
        this.sawNewline = true;
      } else if (c === 32 || c === 9 || c === 13) {
        this.pos++;
      } else if (c === 35) {
        this.comment();
      } else if (isIdentStart(c)) {
        this.ident();
      } else if (isDigit(c)) {
        this.number();
      } else if (c === 34) {
        this.string();
      } else if (c === 96) {
        this.rawString();
      } else {
        this.operator();
      }
    }
    this.push('eof', '', this.pos, this.pos);
  }

  private push(kind: TokenKind, text: string, start: number, end: number, raw?: boolean, row = this.row, lineStart = this.lineStart): void {
    this.tokens.push({
      kind,
      text,
      ...(raw ? { raw } : {}),
      row,
      col: start - lineStart + 1,
      offset: start,
      end,
      index: this.tokens.length,
      nl: this.sawNewline,
    });
    this.sawNewline = false;
  }

  private comment(): void {
    const start = this.pos;
    let end = this.src.indexOf('\n', start);
    if (end < 0) end = this.src.length;
    let text = this.src.slice(start + 1, end);
    if (text.endsWith('\r')) text = text.slice(0, -1);
    this.comments.push({ text, row: this.row, col: start - this.lineStart + 1 });
    this.pos = end;
  }

  private ident(): void {
    const start = this.pos;
    while (this.pos < this.src.length && isIdentPart(this.src.charCodeAt(this.pos))) this.pos++;
    this.push('ident', this.src.slice(start, this.pos), start, this.pos);
  }

  private number(): void {
    const src = this.src;
    const start = this.pos;
    if (src.charCodeAt(this.pos) === 48 && isDigit(src.charCodeAt(this.pos + 1) || 0)) {
      throw this.error('expected number');
    }
    while (isDigit(src.charCodeAt(this.pos))) this.pos++;
    if (src[this.pos] === '.' && isDigit(src.charCodeAt(this.pos + 1))) {
      this.pos++;
      while (isDigit(src.charCodeAt(this.pos))) this.pos++;
    }
    if (src[this.pos] === 'e' || src[this.pos] === 'E') {
      let p = this.pos + 1;
      if (src[p] === '+' || src[p] === '-') p++;
      if (isDigit(src.charCodeAt(p))) {
        this.pos = p;
        while (isDigit(src.charCodeAt(this.pos))) this.pos++;
      }
    }
    // `1a` is one bad token to OPA, not a number followed by a name.
    if (this.pos < src.length && isIdentStart(src.charCodeAt(this.pos))) throw this.error('expected number', start);
    this.push('number', src.slice(start, this.pos), start, this.pos);
  }

  private string(): void {
    const src = this.src;
    const start = this.pos;
    let p = start + 1;
    let simple = true;
    for (;;) {
      if (p >= src.length) throw this.error('non-terminated string', start);
      const c = src.charCodeAt(p);
      if (c === 34) break;
      if (c === 10) throw this.error('non-terminated string', start);
      if (c === 92) {
        simple = false;
        const e = src[p + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(src.slice(p + 2, p + 6))) throw this.error('illegal escape sequence', p);
          p += 6;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) throw this.error('illegal escape sequence', p);
        p += 2;
        continue;
      }
      if (c < 32) simple = false;
      p++;
    }
    const body = src.slice(start + 1, p);
    let text: string;
    if (simple) text = body;
    else {
      try {
        text = JSON.parse('"' + body.replace(/[\u0000-\u001f]/g, (ch) => '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0')) + '"');
      } catch {
        throw this.error('illegal string', start);
      }
    }
    this.pos = p + 1;
    this.push('string', text, start, this.pos);
  }

  private rawString(): void {
    const src = this.src;
    const start = this.pos;
    const row = this.row;
    const lineStart = this.lineStart;
    const end = src.indexOf('`', start + 1);
    if (end < 0) throw this.error('non-terminated raw string', start);
    const text = src.slice(start + 1, end);
    for (let i = start + 1; i < end; i++) {
      if (src.charCodeAt(i) === 10) {
        this.row++;
        this.lineStart = i + 1;
      }
    }
    this.pos = end + 1;
    this.push('string', text, start, this.pos, true, row, lineStart);
  }

  private operator(): void {
    const src = this.src;
    for (const op of OPERATORS) {
      if (src.startsWith(op, this.pos)) {
        const start = this.pos;
        this.pos += op.length;
        this.push('op', op, start, this.pos);
        return;
      }
    }
    const ch = String.fromCodePoint(src.codePointAt(this.pos)!);
    throw this.error(`illegal token: ${ch}`);
  }
}
