// Line-oriented output with tab indentation and comment placement by source row, the way
// `opa fmt` places them: a comment on its own line before a node is written on its own line
// before it; a comment on the same row as a node ends the output line that node ends up on.
// Blank lines are requested lazily, so a request at the end of a block or file costs nothing.

import type { Comment } from '../../rego/index.js';

const OPENERS = new Set(['{', '[', '(', '|']);

export class Writer {
  private readonly lines: string[] = [];
  private cur = '';
  private curLevel = 0;
  private wantBlank = false;
  private lastWasOpener = false;
  /** Comments to append to the current output line. */
  private trailing: string[] = [];
  private readonly comments: Comment[];
  private readonly used: boolean[];
  private next = 0;
  level = 0;
  /** Source row of the last thing written; blank lines are kept where the source had a gap. */
  lastRow = 0;

  constructor(comments: Comment[]) {
    this.comments = [...comments].sort((a, b) => a.loc.row - b.loc.row || a.loc.col - b.loc.col);
    this.used = this.comments.map(() => false);
  }

  get atLineStart(): boolean {
    return this.cur === '';
  }

  write(text: string): void {
    if (text === '') return;
    if (this.cur === '') {
      this.flushBlank();
      this.curLevel = this.level;
    }
    this.cur += text;
  }

  endLine(): void {
    if (this.cur === '' && this.trailing.length === 0) return;
    const code = this.cur;
    let line = '\t'.repeat(code === '' ? this.level : this.curLevel) + code;
    if (this.trailing.length > 0) line += (code === '' ? '' : ' ') + this.trailing.join(' ');
    this.trailing = [];
    this.lines.push(line);
    this.lastWasOpener = code !== '' && OPENERS.has(code[code.length - 1]!);
    this.cur = '';
  }

  /** Asks for one blank line before the next line written (never at the start of a block). */
  blankLine(): void {
    if (this.cur !== '') this.endLine();
    this.wantBlank = true;
  }

  up(): void {
    this.level++;
  }

  down(): void {
    this.level--;
  }

  // ---- comments -------------------------------------------------------------------------------

  /**
   * Writes the comments that come before `row` and keeps the one on `row` for the end of the
   * line. With `keepGaps`, a blank line in the source before a comment or before `row` is kept.
   */
  insertComments(row: number, keepGaps = false): void {
    for (let i = this.next; i < this.comments.length && this.comments[i]!.loc.row < row; i++) {
      if (!this.used[i]) this.ownLine(i, keepGaps);
    }
    if (keepGaps && this.atLineStart && row > this.lastRow + 1 && this.lastRow > 0) this.blankLine();
    this.commentOnRow(row);
    if (row > this.lastRow) this.lastRow = row;
  }

  /** Attaches the comment on `row`, if any, to the current line (used for reordered imports). */
  commentOnRow(row: number): void {
    for (let i = this.next; i < this.comments.length && this.comments[i]!.loc.row <= row; i++) {
      if (!this.used[i] && this.comments[i]!.loc.row === row) this.takeTrailing(i);
    }
    this.advance();
  }

  /** Whether the current line has comments waiting for its end. */
  hasTrailing(): boolean {
    return this.trailing.length > 0;
  }

  /** Whether comments not yet written come before `row`. */
  hasCommentsBefore(row: number): boolean {
    for (let i = this.next; i < this.comments.length && this.comments[i]!.loc.row < row; i++) if (!this.used[i]) return true;
    return false;
  }

  /** Moves pending end-of-line comments out of the way (a sequence is about to break lines). */
  stashTrailing(): string[] {
    const out = this.trailing;
    this.trailing = [];
    return out;
  }

  restoreTrailing(saved: string[]): void {
    this.trailing.push(...saved);
  }

  /** Everything written, with the comments that are left at the end. */
  finish(): string {
    for (let i = this.next; i < this.comments.length; i++) if (!this.used[i]) this.ownLine(i, true);
    this.endLine();
    return this.lines.join('\n') + '\n';
  }

  private ownLine(i: number, keepGaps: boolean): void {
    const c = this.comments[i]!;
    this.used[i] = true;
    if (!this.atLineStart) {
      // The node after it lands on a line that already has code (the source broke a line that
      // the output joins): the comment cannot go there without cutting the expression, so it
      // follows at the end of that line.
      this.trailing.push(commentText(c));
      return;
    }
    this.endLine();
    if (keepGaps && this.lastRow > 0 && c.loc.row > this.lastRow + 1) this.wantBlank = true;
    this.flushBlank();
    this.lines.push('\t'.repeat(this.level) + commentText(c));
    this.lastWasOpener = false;
    this.lastRow = c.loc.row;
  }

  private takeTrailing(i: number): void {
    this.used[i] = true;
    this.trailing.push(commentText(this.comments[i]!));
  }

  private advance(): void {
    while (this.next < this.comments.length && this.used[this.next]) this.next++;
  }

  private flushBlank(): void {
    if (this.wantBlank && this.lines.length > 0 && !this.lastWasOpener && this.lines[this.lines.length - 1] !== '') {
      this.lines.push('');
    }
    this.wantBlank = false;
  }
}

/** A comment as written, without trailing white space. */
export function commentText(c: Comment): string {
  return '#' + c.text.replace(/\s+$/, '');
}
