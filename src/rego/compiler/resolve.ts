// Stage: resolve names to fully qualified refs. A var naming a rule of the module's package
// becomes `data.<pkg>.<rule>`, an import alias becomes the imported path. Declared locals
// (`:=`, `some`, function args, `every` vars) shadow these names and are left alone.

import type { Body, Expr, Import, Module, RefTerm, Rule, Term } from '../ast.js';
import { refTerm } from '../ast.js';

type Globals = Map<string, Term[]>;

/** Names visible in a module: rules of its package (from every module) and its imports. */
export function moduleGlobals(mod: Module, packageRules: Iterable<string>): Globals {
  const globals: Globals = new Map();
  for (const name of packageRules) {
    globals.set(name, [...mod.package.path.terms, { kind: 'scalar', value: name, loc: mod.package.loc }]);
  }
  for (const imp of mod.imports) {
    const name = importName(imp);
    if (name !== undefined) globals.set(name, imp.path.terms);
  }
  return globals;
}

/** The local name an import binds, or undefined for `future`/`rego` imports. */
export function importName(imp: Import): string | undefined {
  const head = imp.path.terms[0]!;
  if (head.kind !== 'var' || head.name === 'future' || head.name === 'rego') return undefined;
  if (imp.alias !== undefined) return imp.alias;
  if (imp.path.terms.length === 1) return head.name;
  const last = imp.path.terms[imp.path.terms.length - 1]!;
  return last.kind === 'scalar' ? String(last.value) : undefined;
}

class Resolver {
  private readonly ignore: Set<string>[] = [];
  /** Global names that were referenced (strict mode reports unused imports). */
  readonly used = new Set<string>();

  constructor(private readonly globals: Globals) {}

  private ignored(name: string): boolean {
    for (let i = this.ignore.length - 1; i >= 0; i--) if (this.ignore[i]!.has(name)) return true;
    return false;
  }

  private lookup(name: string): Term[] | undefined {
    if (this.ignored(name)) return undefined;
    const g = this.globals.get(name);
    if (g !== undefined) this.used.add(name);
    return g;
  }

  rule(rule: Rule): void {
    const argVars = new Set<string>();
    for (const a of rule.head.args ?? []) patternVars(a, argVars);
    this.ignore.push(argVars);
    this.ignore.push(declaredVars(rule.body));
    if (rule.head.key) rule.head.key = this.term(rule.head.key);
    if (rule.head.value) rule.head.value = this.term(rule.head.value);
    // Keys of a ref head may refer to globals too (`p[q] := 1` with q a rule).
    for (let i = 1; i < rule.head.ref.length; i++) rule.head.ref[i] = this.term(rule.head.ref[i]!);
    rule.body = this.body(rule.body);
    this.ignore.pop();
    this.ignore.pop();
    if (rule.else) this.rule(rule.else);
  }

  body(b: Body): Body {
    return b.map((e) => this.expr(e));
  }

  expr(e: Expr): Expr {
    const ts = e.terms;
    let terms = ts;
    switch (ts.kind) {
      case 'term':
        terms = { kind: 'term', term: this.term(ts.term) };
        break;
      case 'call':
        terms = { kind: 'call', op: this.ref(ts.op), args: ts.args.map((a) => this.term(a)) };
        break;
      case 'some':
        terms = { kind: 'some', symbols: ts.symbols.map((s) => (s.kind === 'call' ? this.term(s) : s)) };
        break;
      case 'every': {
        const locals = new Set<string>();
        if (ts.key) patternVars(ts.key, locals);
        patternVars(ts.value, locals);
        const domain = this.term(ts.domain);
        this.ignore.push(locals);
        this.ignore.push(declaredVars(ts.body));
        const body = this.body(ts.body);
        this.ignore.pop();
        this.ignore.pop();
        terms = { kind: 'every', key: ts.key, value: ts.value, domain, body };
        break;
      }
    }
    return {
      ...e,
      terms,
      with: e.with.map((w) => ({ ...w, target: this.ref(w.target), value: this.term(w.value) })),
    };
  }

  ref(r: RefTerm): RefTerm {
    const head = r.terms[0]!;
    let terms: Term[];
    if (head.kind === 'var') {
      const g = this.lookup(head.name);
      terms = g ? g.map((t) => ({ ...t, loc: head.loc })) : [head];
    } else terms = [this.term(head)];
    for (let i = 1; i < r.terms.length; i++) terms.push(this.term(r.terms[i]!));
    return refTerm(terms, r.loc);
  }

  term(t: Term): Term {
    switch (t.kind) {
      case 'var': {
        const g = this.lookup(t.name);
        return g ? refTerm(g.map((x) => ({ ...x, loc: t.loc })), t.loc) : t;
      }
      case 'ref':
        return this.ref(t);
      case 'array':
        return { ...t, items: t.items.map((x) => this.term(x)) };
      case 'set':
        return { ...t, items: t.items.map((x) => this.term(x)) };
      case 'object':
        return { ...t, items: t.items.map(([k, v]) => [this.term(k), this.term(v)] as [Term, Term]) };
      case 'call':
        return { ...t, op: this.ref(t.op), args: t.args.map((a) => this.term(a)) };
      case 'arraycompr':
      case 'setcompr': {
        this.ignore.push(declaredVars(t.body));
        const head = this.term(t.head);
        const body = this.body(t.body);
        this.ignore.pop();
        return { ...t, head, body };
      }
      case 'objectcompr': {
        this.ignore.push(declaredVars(t.body));
        const key = this.term(t.key);
        const value = this.term(t.value);
        const body = this.body(t.body);
        this.ignore.pop();
        return { ...t, key, value, body };
      }
      default:
        return t;
    }
  }
}

/** Vars that a term binds when used as a pattern (skipping refs, calls and closures). */
export function patternVars(t: Term, out: Set<string>): Set<string> {
  switch (t.kind) {
    case 'var':
      out.add(t.name);
      break;
    case 'array':
      for (const x of t.items) patternVars(x, out);
      break;
    case 'object':
      for (const [, v] of t.items) patternVars(v, out);
      break;
  }
  return out;
}

/** Vars declared at the top level of a body with `:=` or `some`. */
export function declaredVars(b: Body): Set<string> {
  const out = new Set<string>();
  for (const e of b) {
    const ts = e.terms;
    if (ts.kind === 'some') {
      for (const s of ts.symbols) {
        if (s.kind === 'call') {
          const args = s.args;
          for (let i = 0; i < args.length - 1; i++) patternVars(args[i]!, out);
        } else patternVars(s, out);
      }
    } else if (ts.kind === 'call' && opIs(ts.op, 'assign')) {
      patternVars(ts.args[0]!, out);
    }
  }
  return out;
}

function opIs(op: RefTerm, name: string): boolean {
  return op.terms.length === 1 && op.terms[0]!.kind === 'var' && op.terms[0].name === name;
}

/** Resolves a module's rules in place; returns the global names it used. */
export function resolveModule(mod: Module, globals: Globals): Set<string> {
  const r = new Resolver(globals);
  for (const rule of mod.rules) r.rule(rule);
  return r.used;
}

export function resolveQuery(body: Body, globals: Globals): Body {
  return new Resolver(globals).body(body);
}
