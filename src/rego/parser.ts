// Recursive-descent parser from tokens straight to the syntax tree, for Rego v1 and v0.
// In v0, `if`, `contains`, `in` and `every` become keywords only after `import future.keywords`
// (or one member of it) or `import rego.v1`; the latter also switches the module to v1 rules.

import { parse as parseYAML } from 'yaml';
import type {
  Annotation,
  AnnotationScope,
  Body,
  Comment,
  Expr,
  ExprTerms,
  Head,
  Import,
  Location,
  Module,
  Package,
  RefTerm,
  RegoVersion,
  Rule,
  Term,
  With,
} from './ast.js';
import { refTerm, scalarTerm, varTerm } from './ast.js';
import { RegoError, RegoErrors } from './errors.js';
import { Lexer, type Token } from './lexer.js';
import { type Num, parseNumber } from './number.js';

export const FUTURE_KEYWORDS = ['in', 'every', 'contains', 'if'] as const;

const ALWAYS_KEYWORDS = new Set(['package', 'import', 'as', 'default', 'else', 'not', 'with', 'some', 'true', 'false', 'null']);

const RELATION_OPS: Record<string, string> = { '==': 'equal', '!=': 'neq', '<': 'lt', '<=': 'lte', '>': 'gt', '>=': 'gte' };
const ARITH_OPS: Record<string, string> = { '+': 'plus', '-': 'minus' };
const FACTOR_OPS: Record<string, string> = { '*': 'mul', '/': 'div', '%': 'rem' };

export interface ParseOptions {
  regoVersion?: RegoVersion;
}

export function parseModule(file: string, src: string, opts: ParseOptions = {}): Module {
  return asErrors(() => new Parser(file, src, opts.regoVersion ?? 1).module());
}

/** Parse failures always surface as RegoErrors, whichever stage found them. */
function asErrors<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof RegoError) throw new RegoErrors([e]);
    throw e;
  }
}

/** Parses a query (a body of expressions separated by `;` or newlines). */
export function parseQuery(src: string, opts: ParseOptions & { file?: string; keywords?: Iterable<string> } = {}): Body {
  return asErrors(() => {
    const p = new Parser(opts.file ?? '', src, opts.regoVersion ?? 1);
    if (opts.keywords) for (const k of opts.keywords) p.keywords.add(k);
    return p.query();
  });
}

/** Parses a single term, e.g. an `input_term`. */
export function parseTerm(src: string, opts: ParseOptions = {}): Term {
  return asErrors(() => new Parser('', src, opts.regoVersion ?? 1).singleTerm());
}

class Parser {
  private readonly tokens: Token[];
  private readonly comments: Comment[];
  private i = 0;
  readonly keywords = new Set<string>();
  private version: RegoVersion;
  private readonly errors: RegoError[] = [];

  constructor(
    private readonly file: string,
    src: string,
    version: RegoVersion,
  ) {
    const lx = Lexer.tokenize(src, file);
    this.tokens = lx.tokens;
    this.comments = lx.comments.map((c) => ({ text: c.text, loc: { file, row: c.row, col: c.col } }));
    this.version = version;
    if (version === 1) for (const k of FUTURE_KEYWORDS) this.keywords.add(k);
  }

  // ---- token helpers --------------------------------------------------------------------------

  private get tok(): Token {
    return this.tokens[this.i]!;
  }

  private loc(t: Token = this.tok): Location {
    return { file: this.file, row: t.row, col: t.col };
  }

  private atEof(): boolean {
    return this.tok.kind === 'eof';
  }

  private next(): Token {
    const t = this.tok;
    if (t.kind !== 'eof') this.i++;
    return t;
  }

  private isOp(text: string, t: Token = this.tok): boolean {
    return t.kind === 'op' && t.text === text;
  }

  /** Whether the token is the given keyword in this module (`not.x` is a ref, not a keyword). */
  private isKw(word: string, t: Token = this.tok): boolean {
    if (t.kind !== 'ident' || t.text !== word || this.startsRef(t)) return false;
    return ALWAYS_KEYWORDS.has(word) || this.keywords.has(word);
  }

  private isKeywordIdent(t: Token): boolean {
    return t.kind === 'ident' && (ALWAYS_KEYWORDS.has(t.text) || this.keywords.has(t.text)) && !this.startsRef(t);
  }

  /** A name directly followed by `.name` heads a ref even when it is a keyword (`as.foo`). */
  private startsRef(t: Token): boolean {
    const idx = t.index;
    const dot = this.tokens[idx + 1];
    const key = this.tokens[idx + 2];
    return dot !== undefined && key !== undefined && dot.kind === 'op' && dot.text === '.' && dot.offset === t.end && key.kind === 'ident' && key.offset === dot.end;
  }

  private fail(message: string, t: Token = this.tok): never {
    throw new RegoError('rego_parse_error', message, this.loc(t));
  }

  private unexpected(t: Token = this.tok): never {
    if (t.kind === 'eof') this.fail('unexpected eof token', t);
    if (t.kind === 'ident' && this.isKeywordIdent(t)) this.fail(`unexpected ${t.text} keyword`, t);
    if (t.kind === 'ident') this.fail(`unexpected identifier token`, t);
    if (t.kind === 'string') this.fail(`unexpected string token`, t);
    if (t.kind === 'number') this.fail(`unexpected number token`, t);
    this.fail(`unexpected ${t.text} token`, t);
  }

  private expectOp(text: string): Token {
    if (!this.isOp(text)) {
      if (this.tok.kind === 'eof') this.fail(`unexpected eof token: expected ${text}`);
      this.unexpected();
    }
    return this.next();
  }

  // ---- module ---------------------------------------------------------------------------------

  module(): Module {
    try {
      return this.moduleInner();
    } catch (e) {
      if (e instanceof RegoError) this.errors.push(e);
      else throw e;
    }
    throw new RegoErrors(this.errors);
  }

  private moduleInner(): Module {
    if (!this.isKw('package')) {
      if (this.tok.kind === 'eof') this.fail('empty module');
      this.fail('package expected');
    }
    const pkg = this.packageDecl();
    const imports: Import[] = [];
    while (this.isKw('import')) imports.push(this.importDecl());
    const mod: Module = {
      file: this.file,
      package: pkg,
      imports,
      rules: [],
      comments: this.comments,
      annotations: [],
      regoVersion: this.version,
      keywords: new Set(this.keywords),
    };
    while (this.tok.kind !== 'eof') {
      // OPA accepts imports between rules too; they apply to the whole module.
      if (this.isKw('import')) {
        mod.imports.push(this.importDecl());
        mod.keywords = new Set(this.keywords);
        mod.regoVersion = this.version;
        continue;
      }
      if (this.isKw('package')) this.fail('unexpected package keyword');
      for (const rule of this.rules()) {
        rule.module = mod;
        mod.rules.push(rule);
      }
    }
    if (this.errors.length > 0) throw new RegoErrors(this.errors);
    mod.annotations = this.annotations(mod);
    return mod;
  }

  private packageDecl(): Package {
    const start = this.next();
    const loc = this.loc(start);
    if (this.tok.kind !== 'ident' || this.tok.nl) this.fail('expected package path');
    const ref = this.refPath('package');
    const terms: Term[] = [varTerm('data', loc), ...ref.terms.slice(1)];
    const head = ref.terms[0]!;
    if (head.kind === 'var') terms.splice(1, 0, scalarTerm(head.name, head.loc));
    return { path: refTerm(terms, loc), loc };
  }

  /** `a.b["c"]` made of names and string keys only (package paths and imports). */
  private refPath(what: string): RefTerm {
    const first = this.next();
    if (first.kind !== 'ident') this.fail(`unexpected ${first.text || first.kind} token: expected ${what} path`, first);
    const terms: Term[] = [varTerm(first.text, this.loc(first))];
    for (;;) {
      if (this.isOp('.') && !this.tok.nl) {
        this.next();
        const t = this.next();
        if (t.kind !== 'ident') this.fail(`unexpected ${t.kind === 'eof' ? 'eof' : t.text} token: expected ident`, t);
        terms.push(scalarTerm(t.text, this.loc(t)));
      } else if (this.isOp('[') && !this.tok.nl) {
        this.next();
        const t = this.next();
        if (t.kind !== 'string') this.fail(`invalid ${what} path: ${what} paths must contain only string keys`, t);
        terms.push(scalarTerm(t.text, this.loc(t)));
        this.expectOp(']');
      } else break;
    }
    return refTerm(terms, terms[0]!.loc);
  }

  private importDecl(): Import {
    const start = this.next();
    const loc = this.loc(start);
    const path = this.refPath('import');
    const head = path.terms[0]!;
    const root = head.kind === 'var' ? head.name : '';
    if (root !== 'data' && root !== 'input' && root !== 'future' && root !== 'rego') {
      this.fail(`invalid import path: path must begin with input, data, future, or rego`, start);
    }
    let alias: string | undefined;
    if (this.isKw('as') && !this.tok.nl) {
      this.next();
      const a = this.next();
      if (a.kind !== 'ident') this.unexpected(a);
      alias = a.text;
    }
    const names = path.terms.slice(1).map((t) => (t.kind === 'scalar' ? String(t.value) : ''));
    if (root === 'future') {
      if (names[0] !== 'keywords' || names.length > 2) this.fail('invalid import, must be `future.keywords`', start);
      if (alias !== undefined) this.fail('`future` imports cannot be aliased', start);
      if (names.length === 1) for (const k of FUTURE_KEYWORDS) this.keywords.add(k);
      else {
        const kw = names[1]!;
        if (!(FUTURE_KEYWORDS as readonly string[]).includes(kw)) {
          this.fail(`unexpected keyword, must be one of [contains every if in]`, start);
        }
        this.keywords.add(kw);
        // `every x in xs` needs `in`, so importing `every` brings `in` along (as in OPA).
        if (kw === 'every') this.keywords.add('in');
      }
    } else if (root === 'rego') {
      if (names.length !== 1 || names[0] !== 'v1') this.fail('invalid import `' + ['rego', ...names].join('.') + '`, must be `rego.v1`', start);
      if (alias !== undefined) this.fail('`rego` imports cannot be aliased', start);
      for (const k of FUTURE_KEYWORDS) this.keywords.add(k);
      this.version = 1;
    }
    return { path, alias, loc };
  }

  // ---- rules ----------------------------------------------------------------------------------

  private rules(): Rule[] {
    const startTok = this.tok;
    const loc = this.loc(startTok);
    if (this.isKw('default')) return [this.defaultRule()];
    const { head, viaContains } = this.ruleHead();
    const rules: Rule[] = [];
    const first = this.ruleBodyAndElse(head, viaContains, loc, startTok);
    rules.push(first);
    // v0 allows several bodies for one head: `p { a } { b }`.
    while (this.isOp('{') && this.version === 0) {
      const body = this.braceBody();
      rules.push({ head: cloneHead(head), body, default: false, else: undefined, loc });
    }
    if (this.tok.kind !== 'eof' && !this.tok.nl) this.unexpected();
    return rules;
  }

  private defaultRule(): Rule {
    const start = this.next();
    const loc = this.loc(start);
    const nameTok = this.tok;
    const ref = this.headRef();
    let args: Term[] | undefined;
    if (this.isOp('(') && !this.tok.nl) args = this.callArgs();
    const name = ref[0]!.kind === 'var' ? ref[0].name : '';
    if (!this.isOp('=') && !this.isOp(':=')) {
      this.fail(`default rules must have a value assigned`, nameTok);
    }
    const assign = this.next().text === ':=';
    const value = this.infixTerm(false);
    if (hasVarsOrRefs(value)) this.fail(`default rule value cannot contain var, ref or call: ${name}`, nameTok);
    const head: Head = { ref, args, key: undefined, value, assign, loc: this.loc(nameTok) };
    return { head, body: [trueExpr(loc)], default: true, else: undefined, loc };
  }

  /** The head's ref; `brackets[i]` says whether ref[i] was written in brackets. */
  private headRef(brackets: boolean[] = []): Term[] {
    const t = this.tok;
    if (t.kind !== 'ident') {
      if (t.kind === 'string') this.fail('string cannot be used for rule name', t);
      if (t.kind === 'number') this.fail('number cannot be used for rule name', t);
      this.unexpected(t);
    }
    if (this.isKeywordIdent(t) && !['if', 'contains', 'in', 'every'].includes(t.text)) this.unexpected(t);
    this.next();
    const ref: Term[] = [varTerm(t.text, this.loc(t))];
    brackets.push(false);
    for (;;) {
      if (this.isOp('.') && !this.tok.nl) {
        this.next();
        const k = this.next();
        if (k.kind !== 'ident') this.unexpected(k);
        ref.push(scalarTerm(k.text, this.loc(k)));
        brackets.push(false);
      } else if (this.isOp('[') && !this.tok.nl) {
        this.next();
        ref.push(this.infixTerm(false));
        brackets.push(true);
        this.expectOp(']');
      } else break;
    }
    return ref;
  }

  private ruleHead(): { head: Head; viaContains: boolean } {
    const loc = this.loc();
    const brackets: boolean[] = [];
    const ref = this.headRef(brackets);
    let args: Term[] | undefined;
    if (this.isOp('(') && !this.tok.nl) args = this.callArgs();
    let key: Term | undefined;
    let value: Term | undefined;
    let assign = false;
    let viaContains = false;
    if (this.isKw('contains') && !this.tok.nl) {
      this.next();
      key = this.infixTerm(false);
      viaContains = true;
    } else if ((this.isOp('=') || this.isOp(':=')) && !this.tok.nl) {
      assign = this.next().text === ':=';
      value = this.infixTerm(false);
    }
    // `p[x]` without a value is a multi-value (partial set) rule, as in v0.
    if (key === undefined && value === undefined && args === undefined && ref.length === 2 && brackets[1]) {
      key = ref.pop();
    }
    if (this.tok.kind === 'ident' && !this.tok.nl && (FUTURE_KEYWORDS as readonly string[]).includes(this.tok.text) && !this.isKw(this.tok.text)) {
      // `p contains x` or `p if` where those keywords are not enabled (v0 without imports).
      this.fail('var cannot be used for rule name', this.tokens[this.i - 1]);
    }
    return { head: { ref, args, key, value, assign, loc }, viaContains };
  }

  private ruleBodyAndElse(head: Head, viaContains: boolean, loc: Location, startTok: Token): Rule {
    const { body, hasIf } = this.ruleBody();
    if (hasIf && head.key !== undefined && head.value === undefined && !viaContains) {
      // `p[x] if ...` is a single-value rule at p[x] with value true (v1, and v0 with `if`).
      head.ref.push(head.key);
      head.key = undefined;
      head.value = scalarTerm(true, head.loc);
    }
    const rule: Rule = { head, body: body ?? [trueExpr(loc)], default: false, else: undefined, loc };
    this.checkV1(rule, body === undefined, hasIf, viaContains, startTok);
    let prev = rule;
    while (this.isKw('else')) {
      const elseTok = this.next();
      const eloc = this.loc(elseTok);
      let value: Term | undefined;
      let assign = false;
      if ((this.isOp('=') || this.isOp(':=')) && !this.tok.nl) {
        assign = this.next().text === ':=';
        value = this.infixTerm(false);
      }
      const eb = this.ruleBody();
      if (eb.body === undefined && value === undefined) this.fail('else keyword cannot be used on rule declarations without body', elseTok);
      if (this.version === 1 && eb.body !== undefined && !eb.hasIf) {
        this.errors.push(new RegoError('rego_parse_error', '`if` keyword is required before rule body', eloc));
      }
      const elseHead: Head = { ...cloneHead(head), value: value ?? scalarTerm(true, eloc), assign };
      const elseRule: Rule = { head: elseHead, body: eb.body ?? [trueExpr(eloc)], default: false, else: undefined, loc: eloc };
      prev.else = elseRule;
      prev = elseRule;
    }
    if (rule.else !== undefined && head.key !== undefined && head.value === undefined) {
      this.fail('else keyword cannot be used on multi-value rules', startTok);
    }
    if (rule.else !== undefined && head.ref.length > 1 && head.ref.slice(1).some((t) => t.kind !== 'scalar')) {
      this.fail('else keyword cannot be used on rules with variables in head', startTok);
    }
    return rule;
  }

  private ruleBody(): { body: Body | undefined; hasIf: boolean } {
    if (this.isKw('if') && !this.tok.nl) {
      this.next();
      if (this.isOp('{')) {
        // `if {` starts a body, unless what follows only parses as a term (`if {x: 1 | ...}`).
        const save = this.i;
        try {
          return { body: this.braceBody(), hasIf: true };
        } catch (e) {
          if (!(e instanceof RegoError)) throw e;
          this.i = save;
          try {
            return { body: [this.literal()], hasIf: true };
          } catch {
            throw e;
          }
        }
      }
      const lit = this.literal();
      return { body: [lit], hasIf: true };
    }
    if (this.isOp('{') && !this.tok.nl) return { body: this.braceBody(), hasIf: false };
    if (this.isOp('{') && this.tok.nl && this.version === 0) return { body: this.braceBody(), hasIf: false };
    return { body: undefined, hasIf: false };
  }

  private checkV1(rule: Rule, generatedBody: boolean, hasIf: boolean, viaContains: boolean, startTok: Token): void {
    if (this.version !== 1) return;
    const head = rule.head;
    const kind = head.args !== undefined ? 'function' : 'rule';
    const name = head.ref[0]!.kind === 'var' ? head.ref[0].name : '';
    const loc = this.loc(startTok);
    if (['if', 'contains', 'in', 'every'].includes(name) && head.ref.length === 1) {
      this.errors.push(new RegoError('rego_parse_error', `${name} keyword cannot be used for rule name`, loc));
    }
    if (generatedBody && head.value === undefined && head.key === undefined) {
      this.errors.push(new RegoError('rego_parse_error', `${kind} must have value assignment and/or body declaration`, loc));
    }
    if (!generatedBody && !hasIf) {
      this.errors.push(new RegoError('rego_parse_error', `\`if\` keyword is required before ${kind} body`, loc));
    }
    if (head.key !== undefined && head.value === undefined && !viaContains) {
      this.errors.push(new RegoError('rego_parse_error', '`contains` keyword is required for partial set rules', loc));
    }
  }

  private braceBody(): Body {
    this.expectOp('{');
    const body = this.bodyUntil('}');
    this.expectOp('}');
    if (body.length === 0) this.fail('found empty body', this.tokens[this.i - 1]);
    return body;
  }

  /** Expressions separated by `;` or newlines, up to (not including) the closing token. */
  private bodyUntil(close: string): Body {
    const body: Body = [];
    while (!this.isOp(close)) {
      if (this.tok.kind === 'eof') this.unexpected();
      body.push(this.literal());
      if (this.isOp(';')) {
        this.next();
        continue;
      }
      if (this.isOp(close)) break;
      if (!this.tok.nl) this.unexpected();
    }
    return body;
  }

  query(): Body {
    const body: Body = [];
    while (this.tok.kind !== 'eof') {
      body.push(this.literal());
      if (this.isOp(';')) {
        this.next();
        continue;
      }
      if (this.atEof()) break;
      if (!this.tok.nl) this.unexpected();
    }
    if (body.length === 0) this.fail('empty query');
    return body;
  }

  singleTerm(): Term {
    const t = this.infixTerm(false);
    if (this.tok.kind !== 'eof') this.unexpected();
    return t;
  }

  // ---- expressions ----------------------------------------------------------------------------

  private literal(): Expr {
    const startTok = this.tok;
    const loc = this.loc(startTok);
    let expr: Expr;
    if (this.isKw('some')) expr = this.someDecl();
    else if (this.isKw('every')) expr = this.every();
    else {
      let negated = false;
      if (this.isKw('not')) {
        this.next();
        negated = true;
      }
      expr = this.expr();
      expr.negated = negated;
      expr.loc = loc;
    }
    while (this.isKw('with')) expr.with.push(this.withModifier());
    return expr;
  }

  private withModifier(): With {
    const start = this.next();
    const target = this.term();
    if (target.kind !== 'ref' && target.kind !== 'var') this.fail('expected with target path', start);
    if (!this.isKw('as')) this.unexpected();
    this.next();
    const value = this.infixTerm(false);
    const ref = target.kind === 'ref' ? target : refTerm([target], target.loc);
    return { target: ref, value, loc: this.loc(start) };
  }

  private someDecl(): Expr {
    const start = this.next();
    const loc = this.loc(start);
    // `some x, y` declares vars; `some x in xs` / `some k, v in xs` iterates.
    const first = this.infixTerm(true, true);
    if (first.kind === 'call' && isMemberCall(first)) {
      return { terms: { kind: 'some', symbols: [first] }, negated: false, with: [], loc };
    }
    const symbols: Term[] = [first];
    while (this.isOp(',')) {
      this.next();
      const t = this.term();
      symbols.push(t);
    }
    for (const s of symbols) if (s.kind !== 'var') this.fail(`expected var`, start);
    return { terms: { kind: 'some', symbols }, negated: false, with: [], loc };
  }

  private every(): Expr {
    const start = this.next();
    const loc = this.loc(start);
    const decl = this.infixTerm(true, true);
    if (decl.kind !== 'call' || !isMemberCall(decl)) this.fail('expected `x[, y] in xs { ... }` expression', start);
    const args = decl.args;
    const key = args.length === 3 ? args[0] : undefined;
    const value = args.length === 3 ? args[1]! : args[0]!;
    const domain = args[args.length - 1]!;
    if (key !== undefined && key.kind !== 'var') this.fail('unexpected term, expected var for key', start);
    if (value.kind !== 'var') this.fail('unexpected term, expected var for value', start);
    const body = this.braceBody();
    return { terms: { kind: 'every', key, value, domain, body }, negated: false, with: [], loc };
  }

  private expr(): Expr {
    const loc = this.loc();
    const lhs = this.infixTerm(true, true);
    if ((this.isOp('=') || this.isOp(':=')) && !this.tok.nl) {
      const op = this.next();
      const rhs = this.infixTerm(true, false);
      const name = op.text === ':=' ? 'assign' : 'eq';
      return callExpr(name, [lhs, rhs], loc, this.loc(op));
    }
    if (lhs.kind === 'call') {
      return { terms: { kind: 'call', op: lhs.op, args: lhs.args }, negated: false, with: [], loc };
    }
    return { terms: { kind: 'term', term: lhs }, negated: false, with: [], loc };
  }

  /**
   * An infix expression: `in` (lowest) < relations < `|` < `&` < `+ -` < `* / %`.
   * `allowKeyValue` admits the `k, v in xs` form at the top of an expression.
   */
  private infixTerm(allowIn: boolean, allowKeyValue = false, noOr = false): Term {
    if (allowIn && allowKeyValue && this.keywords.has('in')) {
      // Try `k, v in xs`; fall back to a plain expression.
      const save = this.i;
      try {
        const k = this.relationTerm(noOr);
        if (this.isOp(',')) {
          this.next();
          const v = this.relationTerm(noOr);
          if (this.isKw('in')) {
            const inTok = this.next();
            const coll = this.relationTerm(noOr);
            return this.moreIn(member3(k, v, coll, this.loc(inTok)), noOr);
          }
        }
      } catch (e) {
        if (!(e instanceof RegoError)) throw e;
      }
      this.i = save;
    }
    const lhs = this.relationTerm(noOr);
    if (allowIn && this.isKw('in') && !this.tok.nl) return this.moreIn(lhs, noOr);
    return lhs;
  }

  private moreIn(lhs: Term, noOr: boolean): Term {
    let t = lhs;
    while (this.isKw('in') && !this.tok.nl) {
      const inTok = this.next();
      const rhs = this.relationTerm(noOr);
      t = { kind: 'call', op: opRef('internal.member_2', this.loc(inTok)), args: [t, rhs], loc: t.loc };
    }
    return t;
  }

  private relationTerm(noOr = false): Term {
    let lhs = this.orTerm(noOr);
    while (this.tok.kind === 'op' && RELATION_OPS[this.tok.text] !== undefined && !this.tok.nl) {
      const op = this.next();
      const rhs = this.orTerm(noOr);
      lhs = { kind: 'call', op: opRef(RELATION_OPS[op.text]!, this.loc(op)), args: [lhs, rhs], loc: lhs.loc };
    }
    return lhs;
  }

  /** With `noOr`, a top-level `|` is left for a comprehension to take. */
  private orTerm(noOr = false): Term {
    let lhs = this.andTerm();
    while (!noOr && this.isOp('|') && !this.tok.nl) {
      const op = this.next();
      const rhs = this.andTerm();
      lhs = { kind: 'call', op: opRef('or', this.loc(op)), args: [lhs, rhs], loc: lhs.loc };
    }
    return lhs;
  }

  private andTerm(): Term {
    let lhs = this.arithTerm();
    while (this.isOp('&') && !this.tok.nl) {
      const op = this.next();
      const rhs = this.arithTerm();
      lhs = { kind: 'call', op: opRef('and', this.loc(op)), args: [lhs, rhs], loc: lhs.loc };
    }
    return lhs;
  }

  private arithTerm(): Term {
    let lhs = this.factorTerm();
    while (this.tok.kind === 'op' && ARITH_OPS[this.tok.text] !== undefined && !this.tok.nl) {
      const op = this.next();
      const rhs = this.factorTerm();
      lhs = { kind: 'call', op: opRef(ARITH_OPS[op.text]!, this.loc(op)), args: [lhs, rhs], loc: lhs.loc };
    }
    return lhs;
  }

  private factorTerm(): Term {
    let lhs = this.term();
    while (this.tok.kind === 'op' && FACTOR_OPS[this.tok.text] !== undefined && !this.tok.nl) {
      const op = this.next();
      const rhs = this.term();
      lhs = { kind: 'call', op: opRef(FACTOR_OPS[op.text]!, this.loc(op)), args: [lhs, rhs], loc: lhs.loc };
    }
    return lhs;
  }

  // ---- terms ----------------------------------------------------------------------------------

  /** A term with its ref and call suffixes. */
  term(): Term {
    const t = this.tok;
    const loc = this.loc(t);
    let head: Term;
    switch (t.kind) {
      case 'number': {
        this.next();
        head = scalarTerm(this.number(t.text, t), loc);
        break;
      }
      case 'string':
        this.next();
        head = scalarTerm(t.text, loc);
        break;
      case 'ident':
        head = this.identTerm();
        break;
      case 'op':
        head = this.opTerm();
        break;
      default:
        this.unexpected();
    }
    return this.refSuffix(head);
  }

  private number(text: string, t: Token): Num {
    const n = parseNumber(text);
    if (n === undefined) this.fail('expected number', t);
    return n;
  }

  private identTerm(): Term {
    const t = this.next();
    const loc = this.loc(t);
    if (!this.startsRef(t)) {
      switch (t.text) {
        case 'true':
          return scalarTerm(true, loc);
        case 'false':
          return scalarTerm(false, loc);
        case 'null':
          return scalarTerm(null, loc);
      }
    }
    if (this.isKeywordIdent(t) && !(t.text === 'contains' && this.isOp('(') && !this.tok.nl)) {
      // `contains(...)` is still the built-in even where `contains` is a keyword.
      this.i--;
      this.unexpected();
    }
    return varTerm(t.text, loc);
  }

  private opTerm(): Term {
    const t = this.tok;
    const loc = this.loc(t);
    switch (t.text) {
      case '(': {
        this.next();
        const inner = this.infixTerm(true, false);
        this.expectOp(')');
        return inner;
      }
      case '[':
        return this.arrayTerm();
      case '{':
        return this.braceTerm();
      case '-': {
        this.next();
        const n = this.tok;
        if (n.kind === 'number' && n.offset === t.end) {
          this.next();
          return scalarTerm(this.number('-' + n.text, n), loc);
        }
        const operand = this.term();
        return { kind: 'call', op: opRef('minus', loc), args: [scalarTerm(0, loc), operand], loc };
      }
    }
    this.unexpected();
  }

  private arrayTerm(): Term {
    const open = this.next();
    const loc = this.loc(open);
    if (this.isOp(']')) {
      this.next();
      return { kind: 'array', items: [], loc };
    }
    const first = this.infixTerm(true, false, true);
    if (this.isOp('|')) {
      this.next();
      const body = this.bodyUntil(']');
      this.expectOp(']');
      if (body.length === 0) this.fail('found empty body', open);
      return { kind: 'arraycompr', head: first, body, loc };
    }
    const items = [first];
    while (this.isOp(',')) {
      this.next();
      if (this.isOp(']')) break;
      items.push(this.infixTerm(true, false));
    }
    this.expectOp(']');
    return { kind: 'array', items, loc };
  }

  private braceTerm(): Term {
    const open = this.next();
    const loc = this.loc(open);
    if (this.isOp('}')) {
      this.next();
      return { kind: 'object', items: [], loc };
    }
    const first = this.infixTerm(true, false, true);
    if (this.isOp(':')) {
      this.next();
      const value = this.infixTerm(true, false, true);
      if (this.isOp('|')) {
        this.next();
        const body = this.bodyUntil('}');
        this.expectOp('}');
        if (body.length === 0) this.fail('found empty body', open);
        return { kind: 'objectcompr', key: first, value, body, loc };
      }
      const items: [Term, Term][] = [[first, value]];
      while (this.isOp(',')) {
        this.next();
        if (this.isOp('}')) break;
        const k = this.infixTerm(true, false);
        this.expectOp(':');
        const v = this.infixTerm(true, false);
        items.push([k, v]);
      }
      this.expectOp('}');
      return { kind: 'object', items, loc };
    }
    if (this.isOp('|')) {
      this.next();
      const body = this.bodyUntil('}');
      this.expectOp('}');
      if (body.length === 0) this.fail('found empty body', open);
      return { kind: 'setcompr', head: first, body, loc };
    }
    const items = [first];
    while (this.isOp(',')) {
      this.next();
      if (this.isOp('}')) break;
      items.push(this.infixTerm(true, false));
    }
    this.expectOp('}');
    return { kind: 'set', items, loc };
  }

  private callArgs(): Term[] {
    this.expectOp('(');
    const args: Term[] = [];
    if (this.isOp(')')) {
      this.next();
      return args;
    }
    for (;;) {
      args.push(this.infixTerm(true, false));
      if (this.isOp(',')) {
        this.next();
        if (this.isOp(')')) break;
        continue;
      }
      break;
    }
    this.expectOp(')');
    return args;
  }

  /** `.key`, `[term]` and `(args)` after a term; none may follow a newline. */
  private refSuffix(head: Term): Term {
    let cur: Term = head;
    for (;;) {
      const t = this.tok;
      if (t.nl || t.kind !== 'op') return cur;
      if (t.text === '.') {
        if (!canBeRefHead(cur)) return cur;
        this.next();
        const k = this.next();
        if (k.kind !== 'ident') this.unexpected(k);
        cur = appendRef(cur, scalarTerm(k.text, this.loc(k)));
      } else if (t.text === '[') {
        if (!canBeRefHead(cur)) return cur;
        this.next();
        const key = this.infixTerm(true, false);
        this.expectOp(']');
        cur = appendRef(cur, key);
      } else if (t.text === '(') {
        if (cur.kind !== 'var' && cur.kind !== 'ref') return cur;
        const op = cur.kind === 'var' ? refTerm([cur], cur.loc) : cur;
        const args = this.callArgs();
        if (op.terms.length === 1 && op.terms[0]!.kind === 'var' && op.terms[0].name === 'set' && args.length === 0) {
          cur = { kind: 'set', items: [], loc: cur.loc };
        } else {
          cur = { kind: 'call', op, args, loc: cur.loc };
        }
      } else return cur;
    }
  }

  // ---- annotations ----------------------------------------------------------------------------

  /** Parses `# METADATA` comment blocks and attaches them to the package or the next rule. */
  private annotations(mod: Module): Annotation[] {
    const out: Annotation[] = [];
    const comments = this.comments;
    for (let i = 0; i < comments.length; i++) {
      if (comments[i]!.text.trim() !== 'METADATA') continue;
      const start = comments[i]!;
      const lines: string[] = [];
      let row = start.loc.row;
      let j = i + 1;
      while (j < comments.length && comments[j]!.loc.row === row + 1) {
        lines.push(comments[j]!.text.startsWith(' ') ? comments[j]!.text.slice(1) : comments[j]!.text);
        row = comments[j]!.loc.row;
        j++;
      }
      i = j - 1;
      let fields: Record<string, unknown>;
      try {
        const parsed = parseYAML(lines.join('\n')) as unknown;
        fields = parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
      } catch (e) {
        throw new RegoErrors([new RegoError('rego_parse_error', `yaml: ${(e as Error).message.split('\n')[0]}`, start.loc)]);
      }
      const target = this.annotationTarget(mod, row);
      const scope = (typeof fields.scope === 'string' ? fields.scope : target === mod.package ? 'package' : 'rule') as AnnotationScope;
      const ann: Annotation = { scope, fields, loc: start.loc, ...(target ? { target } : {}) };
      if (target !== undefined && target !== mod.package) {
        const rule = target as Rule;
        (rule.annotations ??= []).push(ann);
      }
      out.push(ann);
    }
    return out;
  }

  private annotationTarget(mod: Module, afterRow: number): Rule | Package | undefined {
    if (mod.package.loc.row > afterRow) return mod.package;
    let best: Rule | undefined;
    for (const r of mod.rules) {
      if (r.loc.row > afterRow && (best === undefined || r.loc.row < best.loc.row)) best = r;
    }
    return best;
  }
}

// ---- small constructors -------------------------------------------------------------------------

function opRef(name: string, loc: Location): RefTerm {
  const parts = name.split('.');
  return refTerm([varTerm(parts[0]!, loc), ...parts.slice(1).map((p) => scalarTerm(p, loc))], loc);
}

function member3(k: Term, v: Term, coll: Term, loc: Location): Term {
  return { kind: 'call', op: opRef('internal.member_3', loc), args: [k, v, coll], loc: k.loc };
}

function isMemberCall(t: Term & { kind: 'call' }): boolean {
  const h = t.op.terms;
  return (
    h.length === 2 &&
    h[0]!.kind === 'var' &&
    h[0].name === 'internal' &&
    h[1]!.kind === 'scalar' &&
    (h[1].value === 'member_2' || h[1].value === 'member_3')
  );
}

function callExpr(name: string, args: Term[], loc: Location, opLoc: Location): Expr {
  const terms: ExprTerms = { kind: 'call', op: opRef(name, opLoc), args };
  return { terms, negated: false, with: [], loc };
}

function trueExpr(loc: Location): Expr {
  return { terms: { kind: 'term', term: scalarTerm(true, loc) }, negated: false, with: [], loc, generated: true };
}

function canBeRefHead(t: Term): boolean {
  return t.kind === 'var' || t.kind === 'ref' || t.kind === 'call' || t.kind === 'array' || t.kind === 'object' || t.kind === 'set' || t.kind === 'arraycompr' || t.kind === 'setcompr' || t.kind === 'objectcompr' || (t.kind === 'scalar' && typeof t.value === 'string');
}

function appendRef(cur: Term, key: Term): RefTerm {
  if (cur.kind === 'ref') return refTerm([...cur.terms, key], cur.loc);
  return refTerm([cur, key], cur.loc);
}

function cloneHead(h: Head): Head {
  return { ...h, ref: [...h.ref] };
}

function hasVarsOrRefs(t: Term): boolean {
  switch (t.kind) {
    case 'var':
    case 'ref':
    case 'call':
      return true;
    case 'array':
    case 'set':
      return t.items.some(hasVarsOrRefs);
    case 'object':
      return t.items.some(([k, v]) => hasVarsOrRefs(k) || hasVarsOrRefs(v));
    default:
      return false;
  }
}
