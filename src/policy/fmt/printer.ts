// Printing a module: package, imports (grouped as written, sorted within a group), rules with
// one blank line between them (adjacent one-liners stay together), bodies, expressions and
// `with` modifiers. Follows `opa fmt`'s layout; see format.ts for what is kept as written.

import type { Body, Expr, Location, Module, Rule, Term } from '../../rego/index.js';
import type { SourceIndex } from './source.js';
import { type CallTerm, type RefTerm, type Style, TermPrinter, isIdent, opName } from './terms.js';
import { Writer } from './writer.js';

type Import = Module['imports'][number];
type Head = Rule['head'];

export interface PrintOptions {
  /** Rewrite a v0 module in v1 syntax, keeping it readable as v0 with `import rego.v1`. */
  toV1?: boolean;
}

export function printModule(mod: Module, src: SourceIndex, opts: PrintOptions = {}): string {
  const v1 = mod.regoVersion === 1 || opts.toV1 === true;
  const style: Style = { v1, ifs: v1 || mod.keywords.has('if'), contains: v1 || mod.keywords.has('contains') };
  const w = new Writer(mod.comments);
  new ModulePrinter(mod, src, w, style, opts).print();
  return w.finish();
}

class ModulePrinter extends TermPrinter {
  constructor(
    private readonly mod: Module,
    src: SourceIndex,
    w: Writer,
    style: Style,
    private readonly opts: PrintOptions,
  ) {
    super(src, w, style);
  }

  print(): void {
    this.packageLine();
    this.importGroups();
    this.ruleList();
  }

  // ---- package and imports --------------------------------------------------------------------

  private packageLine(): void {
    const pkg = this.mod.package;
    this.w.insertComments(pkg.loc.row, true);
    const [, first, ...rest] = pkg.path.terms;
    this.w.write('package ' + (first?.kind === 'scalar' ? String(first.value) : ''));
    for (const k of rest) this.refKey(k, false);
    this.w.endLine();
    this.w.blankLine();
  }

  private importGroups(): void {
    for (const group of this.groupedImports()) {
      const first = group.find((i) => i.loc.row > 0);
      if (first !== undefined) {
        this.w.lastRow = this.src.prevTok(this.src.offset(first.loc))?.row ?? 0;
        this.w.insertComments(first.loc.row, true);
      }
      for (const imp of [...group].sort(compareImports)) {
        this.w.write('import ' + importPath(imp) + (imp.alias === undefined ? '' : ' as ' + imp.alias));
        if (imp.loc.row > 0) this.w.commentOnRow(imp.loc.row);
        this.w.endLine();
      }
      this.w.blankLine();
    }
  }

  /** Imports in runs of adjacent lines; with --rego-v1 the future imports give way to `rego.v1`. */
  private groupedImports(): Import[][] {
    let imports = this.mod.imports;
    if (this.opts.toV1) {
      imports = imports.filter((i) => !isFutureImport(i));
      if (!imports.some(isRegoV1Import)) imports = [regoV1Import(imports[0]?.loc ?? this.mod.package.loc), ...imports];
    }
    const groups: Import[][] = [];
    let prevRow = -10;
    for (const imp of imports) {
      if (groups.length === 0 || (imp.loc.row > 0 && prevRow > 0 && imp.loc.row > prevRow + 1)) groups.push([]);
      groups[groups.length - 1]!.push(imp);
      if (imp.loc.row > 0) prevRow = imp.loc.row;
    }
    return groups;
  }

  // ---- rules ----------------------------------------------------------------------------------

  private ruleList(): void {
    const rules = this.mod.rules;
    rules.forEach((r, i) => {
      this.w.lastRow = this.src.prevTok(this.src.offset(r.loc))?.row ?? 0;
      this.w.insertComments(r.loc.row, true);
      this.rule(r);
      const next = rules[i + 1];
      const together = next !== undefined && this.oneLiner(r) && this.oneLiner(next) && next.loc.row === r.loc.row + 1;
      if (!together) this.w.blankLine();
    });
  }

  /**
   * Rules kept on adjacent lines when they were adjacent in the source: those printed on one
   * line, in modules with `if` (as `opa fmt`, which also needs `contains` for multi-value rules).
   */
  private oneLiner(r: Rule): boolean {
    if (r.default || r.body.length > 1 || r.else !== undefined) return false;
    if (!this.style.ifs || !(this.style.contains || !isMultiValue(r))) return false;
    const first = r.body[0]!;
    return first.generated === true || (first.loc.row === this.headEndRow(first) && !startsWithBrace(first));
  }

  private rule(r: Rule): void {
    if (r.default) this.w.write('default ');
    this.head(r.head, r.default);
    if (!r.default) this.ruleBody(r, false);
    for (let e = r.else; e !== undefined; e = e.else) {
      this.elseStart(e);
      this.w.write('else');
      this.headValue(e.head, e.loc, false);
      this.ruleBody(e, true);
    }
    this.w.endLine();
  }

  /**
   * `} else` on one line, unless comments come between them (on the brace's line or on lines of
   * their own): then, as opa fmt does, a blank line, the comments, and `else` on its own line.
   */
  private elseStart(e: Rule): void {
    if (!this.w.hasTrailing() && !this.w.hasCommentsBefore(e.loc.row)) {
      this.w.write(' ');
      return;
    }
    this.w.blankLine();
    this.w.insertComments(e.loc.row);
  }

  private head(h: Head, isDefault: boolean): void {
    this.w.insertComments(h.loc.row);
    const [name, ...keys] = h.ref;
    this.w.write(name!.kind === 'var' ? name!.name : '');
    for (const k of keys) this.refKey(k, true);
    if (h.args !== undefined) this.argList(h.ref[h.ref.length - 1]!.loc, h.args);
    if (h.key !== undefined && h.value === undefined) {
      if (this.style.contains) {
        this.w.write(' contains ');
        this.term(h.key, 'noin');
      } else {
        this.w.write('[');
        this.term(h.key, 'noin');
        this.w.write(']');
      }
    }
    this.headValue(h, h.loc, isDefault);
  }

  /** ` := v`, unless the value is the `true` the parser filled in (`p if …`, `else if …`). */
  private headValue(h: Head, owner: Location, always: boolean): void {
    const v = h.value;
    if (v === undefined) return;
    const filledIn = v.kind === 'scalar' && v.value === true && v.loc.row === owner.row && v.loc.col === owner.col;
    if (filledIn && !always) return;
    this.w.write(h.assign || this.style.v1 ? ' := ' : ' = ');
    this.term(v, 'noin');
  }

  private ruleBody(r: Rule, inElse: boolean): void {
    const body = r.body;
    if (body.length === 1 && body[0]!.generated) return;
    const useIf = this.style.ifs && (this.style.contains || !isMultiValue(r));
    const first = body[0]!;
    const chain = inElse || r.else !== undefined;
    if (useIf && !chain && body.length === 1 && first.loc.row === this.headEndRow(first) && !startsWithBrace(first)) {
      this.w.write(' if ');
      this.expr(first);
      return;
    }
    this.w.write(useIf ? ' if {' : ' {');
    this.block(body);
    this.w.write('}');
  }

  /** A body on its own lines, then the comments before its closing brace. */
  private block(body: Body): void {
    const closeRow = this.braceCloseRow(body[0]!.loc);
    this.w.endLine();
    this.w.up();
    this.bodyLines(body);
    if (closeRow !== undefined) this.w.insertComments(closeRow);
    this.w.down();
  }

  /** Row of the last token of the head, before `if` and `{`. */
  private headEndRow(first: Expr): number {
    const toks = this.src.tokens;
    let i = this.src.firstAtOrAfter(this.src.offset(first.loc)) - 1;
    if (toks[i]?.text === '{') i--;
    if (toks[i]?.text === 'if') i--;
    return toks[i]?.row ?? first.loc.row;
  }

  /** Row of the `}` closing the brace that precedes `start`, when there is one. */
  private braceCloseRow(start: Location): number | undefined {
    const i = this.src.firstAtOrAfter(this.src.offset(start)) - 1;
    return this.src.tokens[i]?.text === '{' ? this.src.closeOf(i)?.row : undefined;
  }

  // ---- bodies and expressions -----------------------------------------------------------------

  protected bodyLines(body: Body): void {
    for (const e of body) {
      this.w.lastRow = this.src.prevTok(this.src.offset(e.loc))?.row ?? 0;
      this.w.insertComments(e.loc.row, true);
      this.expr(e);
      this.w.endLine();
    }
  }

  protected expr(e: Expr): void {
    this.w.insertComments(e.loc.row);
    if (e.negated) this.w.write('not ');
    const t = e.terms;
    switch (t.kind) {
      case 'term':
        this.term(t.term, 'expr');
        break;
      case 'call':
        this.exprCall(t.op, t.args, e.loc);
        break;
      case 'some':
        this.some(t.symbols);
        break;
      case 'every':
        this.every(t.key, t.value, t.domain, t.body);
        break;
    }
    this.withs(e);
  }

  private exprCall(op: RefTerm, args: Term[], loc: Location): void {
    const name = opName(op);
    const tok = this.src.tokAt(op.loc);
    if ((name === 'assign' && tok?.text === ':=') || (name === 'eq' && tok?.text === '=')) {
      this.term(args[0]!, 'expr');
      this.w.write(` ${tok.text} `);
      this.term(args[1]!, 'arg');
      return;
    }
    const call: CallTerm = { kind: 'call', op, args, loc };
    const infix = this.infixOf(call);
    if (infix !== undefined) this.infix(call, infix, true);
    else this.plainCall(op, args);
  }

  private some(symbols: Term[]): void {
    this.w.write('some ');
    const first = symbols[0]!;
    const decl = first.kind === 'call' ? this.infixOf(first) : undefined;
    if (first.kind === 'call' && decl !== undefined) return this.infix(first, decl, true);
    // Variables declared over several lines keep their lines, indented (as opa fmt does).
    let row = first.loc.row;
    let indented = false;
    symbols.forEach((s, i) => {
      if (i > 0) this.w.write(',');
      if (s.loc.row > row) {
        if (!indented) this.w.up();
        indented = true;
        this.w.endLine();
        row = s.loc.row;
      } else if (i > 0) this.w.write(' ');
      this.term(s, 'arg');
    });
    if (indented) this.w.down();
  }

  private every(key: Term | undefined, value: Term, domain: Term, body: Body): void {
    this.w.write('every ');
    if (key !== undefined) {
      this.term(key, 'arg');
      this.w.write(', ');
    }
    this.term(value, 'arg');
    this.w.write(' in ');
    this.term(domain, 'noin');
    this.w.write(' {');
    const i = this.src.firstAtOrAfter(this.src.offset(body[0]!.loc)) - 1;
    const open = this.src.tokens[i];
    this.inlineOrBlock(body, open?.row ?? body[0]!.loc.row, open?.text === '{' ? this.src.closeOf(i)?.row : undefined, ' ');
    this.w.write('}');
  }

  /** `with` modifiers stay on the line of what precedes them, or go on indented lines. */
  private withs(e: Expr): void {
    let indented = false;
    for (const m of e.with) {
      const before = this.src.prevTok(this.src.offset(m.loc));
      if (before !== undefined && before.row < m.loc.row) {
        if (!indented) this.w.up();
        indented = true;
        this.w.endLine();
      } else this.w.write(' ');
      this.w.insertComments(m.loc.row);
      this.w.write('with ');
      this.ref(m.target);
      this.w.write(' as ');
      this.term(m.value, 'noin');
    }
    if (indented) this.w.down();
  }
}

// ---- helpers ------------------------------------------------------------------------------------

function isMultiValue(r: Rule): boolean {
  return r.head.key !== undefined && r.head.value === undefined;
}

/** Whether the expression prints starting with `{`, which after `if` would open a body. */
function startsWithBrace(e: Expr): boolean {
  if (e.negated) return false;
  const t = e.terms;
  if (t.kind === 'term') return termStartsWithBrace(t.term);
  if (t.kind === 'call' && t.args.length > 0 && isOperatorName(opName(t.op))) return termStartsWithBrace(t.args[0]!);
  return false;
}

function termStartsWithBrace(t: Term): boolean {
  switch (t.kind) {
    case 'set':
      return t.items.length > 0;
    case 'object':
    case 'setcompr':
    case 'objectcompr':
      return true;
    case 'ref':
      return termStartsWithBrace(t.terms[0]!);
    case 'call':
      return isOperatorName(opName(t.op)) && t.args.length > 0 && termStartsWithBrace(t.args[0]!);
    default:
      return false;
  }
}

function isOperatorName(name: string): boolean {
  return ['assign', 'eq', 'equal', 'neq', 'lt', 'lte', 'gt', 'gte', 'or', 'and', 'plus', 'minus', 'mul', 'div', 'rem', 'internal.member_2', 'internal.member_3'].includes(name);
}

function importSegments(imp: Import): string[] {
  return imp.path.terms.map((t) => (t.kind === 'var' ? t.name : t.kind === 'scalar' ? String(t.value) : ''));
}

function importPath(imp: Import): string {
  const [head, ...rest] = importSegments(imp);
  return head + rest.map((s) => (isIdent(s) ? '.' + s : `[${JSON.stringify(s)}]`)).join('');
}

function compareImports(a: Import, b: Import): number {
  const x = importSegments(a);
  const y = importSegments(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  }
  if (x.length !== y.length) return x.length - y.length;
  return (a.alias ?? '') < (b.alias ?? '') ? -1 : (a.alias ?? '') > (b.alias ?? '') ? 1 : 0;
}

function isFutureImport(i: Import): boolean {
  return importSegments(i)[0] === 'future';
}

function isRegoV1Import(i: Import): boolean {
  return importSegments(i).join('.') === 'rego.v1';
}

/** A synthesised `import rego.v1` (row 0: it has no place in the source). */
function regoV1Import(near: Location): Import {
  const loc = { file: near.file, row: 0, col: 0 };
  const path: RefTerm = { kind: 'ref', terms: [{ kind: 'var', name: 'rego', loc }, { kind: 'scalar', value: 'v1', loc }], loc };
  return { path, alias: undefined, loc };
}
