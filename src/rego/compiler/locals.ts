// Stage: give every declared local (`:=`, `some`, `every` vars, comprehension scopes) a name
// unique within its rule, and every `_` its own wildcard var. After this stage a var name means
// one variable per rule, which the safety check and the evaluator's slots rely on.

import type { Body, Expr, Location, Rule, Term } from '../ast.js';
import { refTerm, varTerm } from '../ast.js';
import { RegoError } from '../errors.js';
import { patternVars } from './resolve.js';

export class LocalNames {
  private next = 0;
  private wild = 0;
  /** Generated name → the name the user wrote. */
  readonly original = new Map<string, string>();
  /** Declared locals with how and where they were declared (for strict mode's unused check). */
  readonly declarations = new Map<string, { kind: 'assigned' | 'declared'; loc: Location; rule: Rule | undefined }>();

  declare(user: string, kind: 'assigned' | 'declared', loc: Location, rule: Rule | undefined): string {
    // `$` cannot appear in a name the user writes, so generated names never collide.
    const name = `$local${this.next++}`;
    this.original.set(name, user);
    this.declarations.set(name, { kind, loc, rule });
    return name;
  }

  /** A hidden local holding the value of a head term (never unused, never reported). */
  temp(): string {
    const name = `$t${this.wild++}`;
    this.original.set(name, '_');
    return name;
  }

  wildcard(): string {
    const name = `$${this.wild++}`;
    this.original.set(name, '_');
    return name;
  }

  userName(name: string): string {
    return this.original.get(name) ?? name;
  }
}

interface Scope {
  names: Map<string, string>;
  /** Undeclared vars referenced so far in this scope (for "referenced above"). */
  used: Set<string>;
}

class Rewriter {
  private readonly scopes: Scope[] = [];
  /** The rule being rewritten (declarations remember it). */
  private current: Rule | undefined;

  constructor(
    private readonly names: LocalNames,
    private readonly errors: RegoError[],
  ) {}

  private push(): Scope {
    const s: Scope = { names: new Map(), used: new Set() };
    this.scopes.push(s);
    return s;
  }

  private pop(): void {
    this.scopes.pop();
  }

  private get top(): Scope {
    return this.scopes[this.scopes.length - 1]!;
  }

  private lookup(name: string): string | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const n = this.scopes[i]!.names.get(name);
      if (n !== undefined) return n;
    }
    return undefined;
  }

  private error(message: string, loc: Location): void {
    this.errors.push(new RegoError('rego_compile_error', message, loc));
  }

  /** Declares the vars of a pattern in the current scope. */
  private declarePattern(t: Term, kind: 'assigned' | 'declared'): void {
    for (const v of patternVars(t, new Set())) {
      if (v === '_') continue;
      const loc = findVarLoc(t, v) ?? t.loc;
      if (v === 'input' || v === 'data') {
        this.error(`variables must not shadow ${v} (use a different variable name)`, loc);
        continue;
      }
      if (this.top.names.has(v)) {
        this.error(`var ${v} ${kind} above`, loc);
        continue;
      }
      if (this.top.used.has(v)) {
        this.error(`var ${v} referenced above`, loc);
        continue;
      }
      this.top.names.set(v, this.names.declare(v, kind, loc, this.current));
    }
  }

  rule(rule: Rule, argScope?: Map<string, string>): void {
    this.current = rule;
    const scope = this.push();
    if (argScope) for (const [k, v] of argScope) scope.names.set(k, v);
    const args = rule.head.args;
    if (args !== undefined && argScope === undefined) {
      rule.head.args = args.map((a) => this.argPattern(a, scope));
    }
    rule.body = this.body(rule.body);
    if (rule.head.key) rule.head.key = this.hoist(rule, this.term(rule.head.key));
    if (rule.head.value && !rule.default) rule.head.value = this.hoist(rule, this.term(rule.head.value));
    for (let i = 1; i < rule.head.ref.length; i++) rule.head.ref[i] = this.hoist(rule, this.term(rule.head.ref[i]!));
    const argNames = new Map<string, string>();
    if (args !== undefined) for (const [k, v] of scope.names) if (k === v) argNames.set(k, v);
    this.pop();
    if (rule.else) {
      if (rule.else.head.args !== undefined) rule.else.head.args = rule.head.args;
      this.rule(rule.else, args !== undefined ? argNames : undefined);
    }
  }

  /** A head term that must be evaluated (refs, calls, comprehensions) moves into the body. */
  private hoist(rule: Rule, t: Term): Term {
    if (!needsEval(t)) return t;
    const v = varTerm(this.names.temp(), t.loc);
    rule.body.push({ terms: { kind: 'call', op: opRef('eq', t.loc), args: [v, t] }, negated: false, with: [], loc: t.loc, generated: true });
    return v;
  }

  /** Function arguments are patterns whose vars are locals of the whole rule. */
  private argPattern(t: Term, scope: Scope): Term {
    switch (t.kind) {
      case 'var':
        if (t.name === '_') return varTerm(this.names.wildcard(), t.loc);
        if (t.name === 'input' || t.name === 'data') {
          this.error(`args must not shadow ${t.name} (use a different variable name)`, t.loc);
          return t;
        }
        scope.names.set(t.name, t.name);
        return t;
      case 'array':
        return { ...t, items: t.items.map((x) => this.argPattern(x, scope)) };
      case 'object':
        return { ...t, items: t.items.map(([k, v]) => [this.term(k), this.argPattern(v, scope)] as [Term, Term]) };
      default:
        return this.term(t);
    }
  }

  /** Rewrites a body; `some` declarations are consumed (an empty body becomes `true`). */
  body(b: Body): Body {
    const out: Body = [];
    for (const e of b) {
      const r = this.expr(e);
      if (r !== undefined) out.push(r);
    }
    if (out.length === 0 && b.length > 0) out.push(trueExpr(b[0]!));
    return out;
  }

  query(b: Body): Body {
    this.push();
    const out = this.body(b);
    this.pop();
    return out;
  }

  private expr(e: Expr): Expr | undefined {
    const ts = e.terms;
    const withs = e.with.map((w) => ({ ...w, value: this.term(w.value) }));
    switch (ts.kind) {
      case 'call': {
        if (isOp(ts.op, 'assign')) {
          // After renaming, `x := y` is just unification of a fresh local.
          const rhs = this.term(ts.args[1]!);
          this.declarePattern(ts.args[0]!, 'assigned');
          const lhs = this.term(ts.args[0]!);
          return { ...e, terms: { kind: 'call', op: opRef('eq', ts.op.loc), args: [lhs, rhs] }, with: withs };
        }
        return { ...e, terms: { kind: 'call', op: ts.op, args: ts.args.map((a) => this.term(a)) }, with: withs };
      }
      case 'term':
        return { ...e, terms: { kind: 'term', term: this.term(ts.term) }, with: withs };
      case 'some': {
        const first = ts.symbols[0]!;
        if (first.kind === 'call') {
          // `some x in xs` is `x = xs[_]`; `some k, v in xs` is `v = xs[k]`.
          const args = first.args;
          const coll = this.term(args[args.length - 1]!);
          for (let i = 0; i < args.length - 1; i++) this.declarePattern(args[i]!, 'declared');
          const pats = args.slice(0, -1).map((a) => this.term(a));
          const key = pats.length === 2 ? pats[0]! : varTerm(this.names.wildcard(), first.loc);
          const value = pats[pats.length - 1]!;
          const elem = coll.kind === 'ref' ? refTerm([...coll.terms, key], coll.loc) : refTerm([coll, key], coll.loc);
          return { ...e, terms: { kind: 'call', op: opRef('eq', first.loc), args: [value, elem] }, with: withs };
        }
        for (const s of ts.symbols) this.declarePattern(s, 'declared');
        return undefined;
      }
      case 'every': {
        const domain = this.term(ts.domain);
        this.push();
        if (ts.key) this.declarePattern(ts.key, 'declared');
        this.declarePattern(ts.value, 'declared');
        const key = ts.key ? this.term(ts.key) : undefined;
        const value = this.term(ts.value);
        const body = this.body(ts.body);
        this.pop();
        return { ...e, terms: { kind: 'every', key, value, domain, body }, with: withs };
      }
    }
  }

  term(t: Term): Term {
    switch (t.kind) {
      case 'var': {
        if (t.name === '_') return varTerm(this.names.wildcard(), t.loc);
        const n = this.lookup(t.name);
        if (n !== undefined) return n === t.name ? t : varTerm(n, t.loc);
        if (t.name !== 'input' && t.name !== 'data') this.top.used.add(t.name);
        return t;
      }
      case 'ref': {
        return { ...t, terms: t.terms.map((x) => this.term(x)) };
      }
      case 'array':
        return { ...t, items: t.items.map((x) => this.term(x)) };
      case 'set':
        return { ...t, items: t.items.map((x) => this.term(x)) };
      case 'object':
        return { ...t, items: t.items.map(([k, v]) => [this.term(k), this.term(v)] as [Term, Term]) };
      case 'call':
        return { ...t, args: t.args.map((a) => this.term(a)) };
      case 'arraycompr':
      case 'setcompr': {
        this.push();
        const body = this.body(t.body);
        const head = this.term(t.head);
        this.pop();
        return { ...t, head, body };
      }
      case 'objectcompr': {
        this.push();
        const body = this.body(t.body);
        const key = this.term(t.key);
        const value = this.term(t.value);
        this.pop();
        return { ...t, key, value, body };
      }
      default:
        return t;
    }
  }
}

function opRef(name: string, loc: Location): Term & { kind: 'ref' } {
  return refTerm([varTerm(name, loc)], loc);
}

function trueExpr(like: Expr): Expr {
  return { terms: { kind: 'term', term: { kind: 'scalar', value: true, loc: like.loc } }, negated: false, with: [], loc: like.loc, generated: true };
}

function needsEval(t: Term): boolean {
  switch (t.kind) {
    case 'ref':
    case 'call':
    case 'arraycompr':
    case 'setcompr':
    case 'objectcompr':
      return true;
    case 'array':
    case 'set':
      return t.items.some(needsEval);
    case 'object':
      return t.items.some(([k, v]) => needsEval(k) || needsEval(v));
    default:
      return false;
  }
}

function isOp(op: Term, name: string): boolean {
  return op.kind === 'ref' && op.terms.length === 1 && op.terms[0]!.kind === 'var' && op.terms[0].name === name;
}

function findVarLoc(t: Term, name: string): Location | undefined {
  switch (t.kind) {
    case 'var':
      return t.name === name ? t.loc : undefined;
    case 'array':
      for (const x of t.items) {
        const l = findVarLoc(x, name);
        if (l) return l;
      }
      return undefined;
    case 'object':
      for (const [, v] of t.items) {
        const l = findVarLoc(v, name);
        if (l) return l;
      }
      return undefined;
    default:
      return undefined;
  }
}

export function rewriteRuleLocals(rule: Rule, names: LocalNames, errors: RegoError[]): void {
  new Rewriter(names, errors).rule(rule);
}

export function rewriteQueryLocals(body: Body, names: LocalNames, errors: RegoError[]): Body {
  return new Rewriter(names, errors).query(body);
}
