// Printing terms: literals as they were spelled, refs, collections (one line, or one line per
// source line of elements), comprehensions, calls and infix operators with the parentheses the
// parser needs to read them back the same way.

import type { Body, Expr, Location, Term } from '../../rego/index.js';
import { numText } from '../../rego/index.js';
import type { SourceIndex } from './source.js';
import type { Writer } from './writer.js';

export type CallTerm = Extract<Term, { kind: 'call' }>;
export type RefTerm = Extract<Term, { kind: 'ref' }>;

/**
 * Where a term is printed, which decides the parentheses an infix call needs there:
 * - `expr`: a whole expression; nothing needed.
 * - `operand`: inside another operator; always parenthesised, as `opa fmt` does.
 * - `arg`: call argument, ref key, right of `:=`; `k, v in xs` would split into two.
 * - `item`: collection element or comprehension head; also `a | b`, which reads as a comprehension.
 * - `noin`: rule heads and `with` values, where the parser does not take `in` at all.
 * - `refhead`: the head of a ref, e.g. `(a + b)[0]`.
 */
export type Place = 'expr' | 'operand' | 'arg' | 'item' | 'noin' | 'refhead';

interface InfixOp {
  text: string;
  prec: number;
}

const INFIX: Record<string, InfixOp> = {
  'internal.member_2': { text: 'in', prec: 0 },
  'internal.member_3': { text: 'in', prec: 0 },
  equal: { text: '==', prec: 1 },
  neq: { text: '!=', prec: 1 },
  lt: { text: '<', prec: 1 },
  lte: { text: '<=', prec: 1 },
  gt: { text: '>', prec: 1 },
  gte: { text: '>=', prec: 1 },
  or: { text: '|', prec: 2 },
  and: { text: '&', prec: 3 },
  plus: { text: '+', prec: 4 },
  minus: { text: '-', prec: 4 },
  mul: { text: '*', prec: 5 },
  div: { text: '/', prec: 5 },
  rem: { text: '%', prec: 5 },
};

/** Keywords, which `opa fmt` leaves bracketed in refs when they were written so (`input["in"]`). */
const KEYWORDS = new Set(['package', 'import', 'as', 'default', 'else', 'not', 'with', 'some', 'true', 'false', 'null', 'in', 'every', 'contains', 'if']);

export interface Style {
  /** Print Rego v1: `if` before every body, `contains` for multi-value rules, `:=` in heads. */
  v1: boolean;
  /** `if` may be used (v1, or v0 with the keyword imported). */
  ifs: boolean;
  /** `contains` may be used. */
  contains: boolean;
}

export function opName(op: RefTerm): string {
  return op.terms.map((t, i) => (i === 0 && t.kind === 'var' ? t.name : t.kind === 'scalar' ? String(t.value) : '?')).join('.');
}

export function isIdent(s: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(s);
}

export abstract class TermPrinter {
  constructor(
    protected readonly src: SourceIndex,
    protected readonly w: Writer,
    protected readonly style: Style,
  ) {}

  protected abstract expr(e: Expr): void;
  protected abstract bodyLines(body: Body): void;

  term(t: Term, place: Place = 'expr'): void {
    this.w.insertComments(t.loc.row);
    switch (t.kind) {
      case 'scalar':
        return this.w.write(this.scalarText(t));
      case 'var':
        return this.w.write(t.name);
      case 'ref':
        return this.ref(t);
      case 'array':
        return this.collection('[', ']', t.items, t.loc);
      case 'set':
        if (t.items.length === 0) return this.w.write('set()');
        return this.collection('{', '}', t.items, t.loc);
      case 'object':
        return this.object(t.items, t.loc);
      case 'arraycompr':
        return this.comprehension('[', ']', () => this.term(t.head, 'item'), t.head.loc, t.body, t.loc);
      case 'setcompr':
        return this.comprehension('{', '}', () => this.term(t.head, 'item'), t.head.loc, t.body, t.loc);
      case 'objectcompr':
        return this.comprehension('{', '}', () => this.pair(t.key, t.value), t.key.loc, t.body, t.loc);
      case 'call':
        return this.call(t, place);
      case 'value':
        throw new Error('a compiled constant cannot be formatted');
    }
  }

  // ---- literals -------------------------------------------------------------------------------

  protected scalarText(t: Extract<Term, { kind: 'scalar' }>): string {
    const v = t.value;
    if (v === null) return 'null';
    if (typeof v === 'boolean') return String(v);
    const i = this.src.tokenAt(this.src.offset(t.loc));
    const tok = i < 0 ? undefined : this.src.tokens[i];
    if (typeof v === 'string') return tok?.kind === 'string' ? tok.text : JSON.stringify(v);
    if (tok?.kind === 'number') return tok.text;
    const after = this.src.tokens[i + 1];
    if (tok?.text === '-' && after?.kind === 'number' && after.offset === tok.end) return '-' + after.text;
    return numText(v);
  }

  // ---- refs -----------------------------------------------------------------------------------

  protected ref(t: RefTerm): void {
    const [head, ...keys] = t.terms;
    if (head!.kind === 'var') this.w.write(head!.name);
    else this.term(head!, 'refhead');
    for (const k of keys) this.refKey(k, false);
  }

  /** One key of a ref. In rule heads the spelling is kept (`p.q` vs `p["q"]`) because v0 reads them differently. */
  protected refKey(k: Term, asWritten: boolean): void {
    if (k.kind === 'scalar' && typeof k.value === 'string') {
      // Keywords may follow a dot (OPA reads `data.foo.as`); one written quoted stays quoted.
      const quoted = this.src.tokAt(k.loc)?.kind === 'string';
      const dotted = asWritten ? this.src.prevTok(this.src.offset(k.loc))?.text === '.' : isIdent(k.value) && !(KEYWORDS.has(k.value) && quoted);
      if (dotted) return this.w.write('.' + k.value);
    }
    this.w.write('[');
    if (k.kind === 'var') this.w.write(k.name);
    else this.term(k, asWritten ? 'noin' : 'arg');
    this.w.write(']');
  }

  // ---- collections ----------------------------------------------------------------------------

  private collection(open: string, close: string, items: Term[], loc: Location): void {
    this.w.write(open);
    this.sequence(items, (x) => x.loc.row, loc.row, this.closeRow(loc), (x) => this.term(x, 'item'));
    this.w.write(close);
  }

  private object(items: [Term, Term][], loc: Location): void {
    this.w.write('{');
    this.sequence(items, ([k]) => k.loc.row, loc.row, this.closeRow(loc), ([k, v]) => this.pair(k, v));
    this.w.write('}');
  }

  private pair(k: Term, v: Term): void {
    this.term(k, 'item');
    this.w.write(': ');
    this.term(v, 'item');
  }

  /**
   * Elements on one line, or, when the source spread them over several lines, one output line
   * per source line with a trailing comma, as `opa fmt` lays them out.
   */
  protected sequence<T>(items: T[], rowOf: (x: T) => number, openRow: number, closeRow: number | undefined, each: (x: T) => void, breakAfterOpen = true): void {
    if (items.length === 0) {
      if (closeRow !== undefined) this.w.insertComments(closeRow);
      return;
    }
    const groups = groupByRow(items, rowOf);
    // A collection opened on a line of its own stays so; argument lists do not (as in opa fmt).
    if (groups.length === 1 && (!breakAfterOpen || rowOf(items[0]!) <= openRow)) {
      items.forEach((x, i) => {
        if (i > 0) this.w.write(', ');
        each(x);
      });
      return;
    }
    // A comment on the opening line that follows the first element goes with that element's line.
    const saved = rowOf(items[0]!) === openRow ? this.w.stashTrailing() : [];
    this.w.endLine();
    this.w.restoreTrailing(saved);
    this.w.up();
    for (const g of groups) {
      this.w.insertComments(rowOf(g[0]!));
      g.forEach((x, i) => {
        if (i > 0) this.w.write(', ');
        each(x);
      });
      this.w.write(',');
      this.w.endLine();
    }
    if (closeRow !== undefined) this.w.insertComments(closeRow);
    this.w.down();
  }

  /** Row of the bracket closing the one that starts at `open`. */
  protected closeRow(open: Location): number | undefined {
    const i = this.src.tokenAt(this.src.offset(open));
    return i < 0 ? undefined : this.src.closeOf(i)?.row;
  }

  private comprehension(open: string, close: string, head: () => void, headLoc: Location, body: Body, loc: Location): void {
    this.w.write(open);
    head();
    this.w.write(' |');
    this.inlineOrBlock(body, headLoc.row, this.closeRow(loc), '');
    this.w.write(close);
  }

  /** A comprehension's or `every`'s body: inline when written on the line it starts on. */
  protected inlineOrBlock(body: Body, startRow: number, closeRow: number | undefined, pad: string): void {
    const rows = new Set(body.map((e) => e.loc.row));
    if (rows.size === 1 && body[0]!.loc.row === startRow) {
      this.w.write(' ');
      body.forEach((e, i) => {
        if (i > 0) this.w.write('; ');
        this.expr(e);
      });
      this.w.write(pad);
      return;
    }
    this.w.endLine();
    this.w.up();
    this.bodyLines(body);
    if (closeRow !== undefined) this.w.insertComments(closeRow);
    this.w.down();
  }

  // ---- calls ----------------------------------------------------------------------------------

  protected call(t: CallTerm, place: Place): void {
    const op = this.infixOf(t);
    if (op === undefined) return this.plainCall(t.op, t.args);
    const parens = needsParens(t, op, place);
    if (parens) this.w.write('(');
    this.infix(t, op, false);
    if (parens) this.w.write(')');
  }

  protected plainCall(op: RefTerm, args: Term[]): void {
    this.ref(op);
    this.argList(op.terms[op.terms.length - 1]!.loc, args);
  }

  /** `(a, b)` after a function's name, whose last part starts at `after`. */
  protected argList(after: Location, args: Term[]): void {
    this.w.write('(');
    const paren = this.src.nextOp(this.src.offset(after), '(');
    const tok = this.src.tokens[paren];
    const openRow = tok?.row ?? after.row;
    this.sequence(args, (a) => a.loc.row, openRow, paren < 0 ? undefined : this.src.closeOf(paren)?.row, (a) => this.term(a, 'arg'), false);
    this.w.write(')');
  }

  /**
   * `a op b`. Operands that are operators themselves are parenthesised, except directly under an
   * expression (`x == y + 1`), where only precedence asks for them.
   */
  protected infix(t: CallTerm, op: InfixOp, top: boolean): void {
    if (isUnaryMinus(t)) {
      const x = t.args[1]!;
      this.w.write(x.kind === 'scalar' ? '- ' : '-');
      return this.term(x, 'operand');
    }
    const operand = (x: Term, right: boolean): void => {
      const inner = top && x.kind === 'call' ? this.infixOf(x) : undefined;
      if (inner === undefined || x.kind !== 'call') return this.term(x, 'operand');
      const weaker = inner.prec < op.prec || (right && inner.prec === op.prec) || opName(x.op) === 'internal.member_3';
      this.term(x, weaker ? 'operand' : 'expr');
    };
    const args = t.args;
    if (args.length === 3) {
      operand(args[0]!, false);
      this.w.write(', ');
      operand(args[1]!, false);
    } else operand(args[0]!, false);
    this.w.write(` ${op.text} `);
    operand(args[args.length - 1]!, true);
  }

  /** The operator a call was written as, or undefined for `f(x)` (also `plus(1, 2)` written so). */
  protected infixOf(t: CallTerm): InfixOp | undefined {
    const name = opName(t.op);
    const op = INFIX[name];
    if (op === undefined) return undefined;
    if (t.args.length !== (name === 'internal.member_3' ? 3 : 2)) return undefined;
    const tok = this.src.tokAt(t.op.loc);
    return tok !== undefined && tok.text === op.text ? op : undefined;
  }
}

function needsParens(t: CallTerm, op: InfixOp, place: Place): boolean {
  const name = opName(t.op);
  const member = name === 'internal.member_2' || name === 'internal.member_3';
  switch (place) {
    case 'expr':
      return false;
    case 'operand':
      return !isUnaryMinus(t);
    case 'refhead':
      return true;
    case 'noin':
      return member;
    case 'arg':
      return name === 'internal.member_3';
    case 'item':
      return name === 'internal.member_3' || op.text === '|';
  }
}

export function isUnaryMinus(t: CallTerm): boolean {
  const zero = t.args[0];
  return (
    opName(t.op) === 'minus' &&
    t.args.length === 2 &&
    zero !== undefined &&
    zero.kind === 'scalar' &&
    zero.loc.row === t.op.loc.row &&
    zero.loc.col === t.op.loc.col
  );
}

function groupByRow<T>(items: T[], rowOf: (x: T) => number): T[][] {
  const groups: T[][] = [];
  let prevRow = -1;
  for (const x of items) {
    const row = rowOf(x);
    if (groups.length === 0 || row !== prevRow) groups.push([]);
    groups[groups.length - 1]!.push(x);
    prevRow = row;
  }
  return groups;
}
