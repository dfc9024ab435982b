// Traversal of the syntax tree: every term of a rule, every body with the bodies around it, and
// the call an expression makes. Visitors return nothing; traversal order is source order.

import type { Body, Expr, Module, RefTerm, Rule, Term } from '../../rego/index.js';

/** A body and what encloses it, so that a variable can be looked up outwards. */
export interface BodyCtx {
  body: Body;
  outer: BodyCtx | undefined;
  /** The top-level rule (or one of its `else` branches) the body belongs to. */
  rule: Rule;
  module: Module;
  /** `every k, v in domain { … }`: the iteration that binds variables of this body. */
  every?: { key: Term | undefined; value: Term; domain: Term };
}

/** Calls `fn` on `t` and every term inside it (refs, composites, calls, comprehension bodies). */
export function forEachTerm(t: Term, fn: (t: Term) => void): void {
  fn(t);
  switch (t.kind) {
    case 'ref':
      for (const x of t.terms) forEachTerm(x, fn);
      return;
    case 'array':
    case 'set':
      for (const x of t.items) forEachTerm(x, fn);
      return;
    case 'object':
      for (const [k, v] of t.items) {
        forEachTerm(k, fn);
        forEachTerm(v, fn);
      }
      return;
    case 'call':
      forEachTerm(t.op, fn);
      for (const x of t.args) forEachTerm(x, fn);
      return;
    case 'arraycompr':
    case 'setcompr':
      forEachTerm(t.head, fn);
      forEachBodyTerm(t.body, fn);
      return;
    case 'objectcompr':
      forEachTerm(t.key, fn);
      forEachTerm(t.value, fn);
      forEachBodyTerm(t.body, fn);
      return;
    default:
      return;
  }
}

export function forEachExprTerm(e: Expr, fn: (t: Term) => void): void {
  for (const t of exprTerms(e)) forEachTerm(t, fn);
  for (const w of e.with) {
    forEachTerm(w.target, fn);
    forEachTerm(w.value, fn);
  }
  if (e.terms.kind === 'every') forEachBodyTerm(e.terms.body, fn);
}

/** The terms an expression is made of at its top level (not those of an `every` body). */
export function exprTerms(e: Expr): Term[] {
  const t = e.terms;
  switch (t.kind) {
    case 'term':
      return [t.term];
    case 'call':
      return [t.op, ...t.args];
    case 'some':
      return t.symbols;
    case 'every':
      return t.key === undefined ? [t.value, t.domain] : [t.key, t.value, t.domain];
  }
}

export function forEachBodyTerm(body: Body, fn: (t: Term) => void): void {
  for (const e of body) forEachExprTerm(e, fn);
}

/** Every term of a rule: head, body, and its `else` branches. */
export function forEachRuleTerm(rule: Rule, fn: (t: Term) => void): void {
  for (let r: Rule | undefined = rule; r !== undefined; r = r.else) {
    const h = r.head;
    for (const t of h.ref) forEachTerm(t, fn);
    for (const t of h.args ?? []) forEachTerm(t, fn);
    if (h.key !== undefined) forEachTerm(h.key, fn);
    if (h.value !== undefined) forEachTerm(h.value, fn);
    forEachBodyTerm(r.body, fn);
  }
}

/** Every body of a rule — its own, its `else` branches', and those nested in comprehensions and `every`. */
export function forEachBody(rule: Rule, module: Module, fn: (ctx: BodyCtx) => void): void {
  for (let r: Rule | undefined = rule; r !== undefined; r = r.else) {
    const top: BodyCtx = { body: r.body, outer: undefined, rule: r, module };
    visitBody(top, fn);
    // Comprehensions in the head (`p := [x | …]`) see no rule body variables but are bodies too.
    const headTerms = [r.head.key, r.head.value, ...(r.head.args ?? [])].filter((t): t is Term => t !== undefined);
    for (const t of headTerms) nestedBodies(t, top, fn);
  }
}

function visitBody(ctx: BodyCtx, fn: (ctx: BodyCtx) => void): void {
  fn(ctx);
  for (const e of ctx.body) {
    if (e.terms.kind === 'every') {
      const ev = e.terms;
      for (const t of [ev.domain]) nestedBodies(t, ctx, fn);
      visitBody({ body: ev.body, outer: ctx, rule: ctx.rule, module: ctx.module, every: { key: ev.key, value: ev.value, domain: ev.domain } }, fn);
      continue;
    }
    for (const t of exprTerms(e)) nestedBodies(t, ctx, fn);
    for (const w of e.with) nestedBodies(w.value, ctx, fn);
  }
}

/** Comprehension bodies inside a term (not descending into the comprehension's own body: visitBody does). */
function nestedBodies(t: Term, outer: BodyCtx, fn: (ctx: BodyCtx) => void): void {
  forEachShallow(t, (x) => {
    if (x.kind === 'arraycompr' || x.kind === 'setcompr' || x.kind === 'objectcompr') {
      const inner: BodyCtx = { body: x.body, outer, rule: outer.rule, module: outer.module };
      visitBody(inner, fn);
      const heads = x.kind === 'objectcompr' ? [x.key, x.value] : [x.head];
      for (const h of heads) nestedBodies(h, inner, fn);
      return false;
    }
    return true;
  });
}

/** Pre-order walk that stops descending where `fn` returns false. */
function forEachShallow(t: Term, fn: (t: Term) => boolean): void {
  if (!fn(t)) return;
  switch (t.kind) {
    case 'ref':
      for (const x of t.terms) forEachShallow(x, fn);
      return;
    case 'array':
    case 'set':
      for (const x of t.items) forEachShallow(x, fn);
      return;
    case 'object':
      for (const [k, v] of t.items) {
        forEachShallow(k, fn);
        forEachShallow(v, fn);
      }
      return;
    case 'call':
      for (const x of t.args) forEachShallow(x, fn);
      return;
    default:
      return;
  }
}

/** The call an expression makes (`f(x)`, `a == b`, `x := y`), as operator name and arguments. */
export function exprCall(e: Expr): { name: string; op: RefTerm; args: Term[] } | undefined {
  if (e.terms.kind === 'call') return { name: opName(e.terms.op), op: e.terms.op, args: e.terms.args };
  if (e.terms.kind === 'term' && e.terms.term.kind === 'call') {
    const c = e.terms.term;
    return { name: opName(c.op), op: c.op, args: c.args };
  }
  return undefined;
}

/** A call's operator as a dotted name (`regex.match`, `helpers.f`, `equal`); '' when dynamic. */
export function opName(op: RefTerm): string {
  const parts: string[] = [];
  for (const [i, t] of op.terms.entries()) {
    if (i === 0 && t.kind === 'var') parts.push(t.name);
    else if (i > 0 && t.kind === 'scalar' && typeof t.value === 'string') parts.push(t.value);
    else return '';
  }
  return parts.join('.');
}

/** Every call term inside `t` (including `t`). */
export function callsIn(t: Term): Extract<Term, { kind: 'call' }>[] {
  const out: Extract<Term, { kind: 'call' }>[] = [];
  forEachTerm(t, (x) => {
    if (x.kind === 'call') out.push(x);
  });
  return out;
}

/** All calls of a body's own expressions (not nested bodies), with the expression they are in. */
export function bodyCalls(ctx: BodyCtx): { name: string; op: RefTerm; args: Term[]; expr: Expr }[] {
  const out: { name: string; op: RefTerm; args: Term[]; expr: Expr }[] = [];
  for (const e of ctx.body) {
    if (e.terms.kind === 'every') continue;
    const top = exprCall(e);
    if (top !== undefined) out.push({ ...top, expr: e });
    const roots = e.terms.kind === 'call' ? e.terms.args : exprTerms(e);
    for (const r of roots) {
      forEachShallow(r, (x) => {
        if (x.kind === 'arraycompr' || x.kind === 'setcompr' || x.kind === 'objectcompr') return false;
        if (x.kind === 'call' && !(top !== undefined && e.terms.kind === 'term' && x === e.terms.term)) {
          out.push({ name: opName(x.op), op: x.op, args: x.args, expr: e });
        }
        return true;
      });
    }
  }
  return out;
}
