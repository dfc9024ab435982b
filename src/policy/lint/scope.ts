// What a variable stands for: the expressions of its body (and the bodies around it) that bind it,
// and, for a function parameter, the arguments of every call of that function in the bundle.
// Lint rules use this to follow a value a few steps back to where it came from.

import type { Module, Rule, Term } from '../../rego/index.js';
import type { LintModel, RuleEntry } from './model.js';
import { bodyCalls, exprCall, forEachBody, forEachTerm, type BodyCtx } from './walk.js';

export type Binding =
  /** `x := T`, `x = T`. */
  | { kind: 'value'; term: Term; ctx: BodyCtx }
  /** `some x in T`, `some _, x in T`, `every x in T`, `T[_]` bound to x. */
  | { kind: 'elem'; coll: Term; ctx: BodyCtx }
  /** `some x, _ in T`, `T[x]`. */
  | { kind: 'key'; coll: Term; ctx: BodyCtx }
  /** The i-th parameter of the function the body belongs to. */
  | { kind: 'param'; index: number; rule: Rule; module: Module };

/** Bindings of `name` visible in `ctx`, innermost first. */
export function bindingsOf(name: string, ctx: BodyCtx): Binding[] {
  const out: Binding[] = [];
  for (let c: BodyCtx | undefined = ctx; c !== undefined; c = c.outer) {
    if (c.every !== undefined) {
      if (isVar(c.every.value, name)) out.push({ kind: 'elem', coll: c.every.domain, ctx: c });
      if (c.every.key !== undefined && isVar(c.every.key, name)) out.push({ kind: 'key', coll: c.every.domain, ctx: c });
    }
    bodyBindings(name, c, out);
    if (c.outer === undefined) {
      const args = c.rule.head.args ?? [];
      args.forEach((a, index) => {
        if (isVar(a, name)) out.push({ kind: 'param', index, rule: c.rule, module: c.module });
      });
    }
  }
  return out;
}

function bodyBindings(name: string, ctx: BodyCtx, out: Binding[]): void {
  for (const e of ctx.body) {
    const t = e.terms;
    if (t.kind === 'some') {
      for (const s of t.symbols) someBinding(s, name, ctx, out);
      continue;
    }
    if (t.kind === 'every') continue;
    const call = exprCall(e);
    if (call !== undefined && !e.negated && (call.name === 'assign' || call.name === 'eq') && call.args.length === 2) {
      const [a, b] = call.args as [Term, Term];
      if (isVar(a, name)) out.push({ kind: 'value', term: b, ctx });
      else if (isVar(b, name) && call.name === 'eq') out.push({ kind: 'value', term: a, ctx });
    }
  }
  // `coll[x]` anywhere in the body binds x to a key of coll (`input.jobs[name]`).
  for (const e of ctx.body) {
    if (e.terms.kind === 'every') continue;
    for (const root of e.terms.kind === 'some' ? [] : topTerms(e)) {
      forEachTerm(root, (x) => {
        if (x.kind !== 'ref') return;
        x.terms.forEach((k, i) => {
          if (i > 0 && isVar(k, name)) out.push({ kind: 'key', coll: { kind: 'ref', terms: x.terms.slice(0, i), loc: x.loc }, ctx });
        });
      });
    }
  }
}

function topTerms(e: BodyCtx['body'][number]): Term[] {
  const t = e.terms;
  if (t.kind === 'term') return [t.term];
  if (t.kind === 'call') return t.args;
  return [];
}

function someBinding(s: Term, name: string, ctx: BodyCtx, out: Binding[]): void {
  if (s.kind !== 'call') return;
  const op = s.op.terms.map((t) => (t.kind === 'var' ? t.name : t.kind === 'scalar' ? String(t.value) : '')).join('.');
  if (op === 'internal.member_2' && isVar(s.args[0], name)) out.push({ kind: 'elem', coll: s.args[1]!, ctx });
  if (op === 'internal.member_3') {
    if (isVar(s.args[0], name)) out.push({ kind: 'key', coll: s.args[2]!, ctx });
    if (isVar(s.args[1], name)) out.push({ kind: 'elem', coll: s.args[2]!, ctx });
  }
}

export function isVar(t: Term | undefined, name?: string): t is Extract<Term, { kind: 'var' }> {
  return t !== undefined && t.kind === 'var' && (name === undefined || t.name === name) && !t.name.startsWith('$');
}

/** Whether some expression of `ctx` or around it is `f(<term with this text>)`, e.g. `is_string(x)`. */
export function guardedBy(fns: readonly string[], subject: Term, ctx: BodyCtx): boolean {
  const key = termKey(subject);
  for (let c: BodyCtx | undefined = ctx; c !== undefined; c = c.outer) {
    for (const e of c.body) {
      const call = exprCall(e);
      if (call === undefined || e.negated || !fns.includes(call.name)) continue;
      if (call.args.some((a) => termKey(a) === key)) return true;
    }
  }
  return false;
}

/** A location-free text of a term, to compare terms for sameness. */
export function termKey(t: Term): string {
  return JSON.stringify(t, (k, v) => (k === 'loc' ? undefined : v));
}

export interface CallSite {
  args: Term[];
  ctx: BodyCtx;
}

/**
 * Every call of the function defined by `rule` in the bundle, with the body it is made from.
 * Computed for all functions at once and cached on the model.
 */
export function callSitesOf(model: LintModel, rule: Rule): CallSite[] {
  const index = callIndex(model);
  const entry = entryOf(model, rule);
  if (entry === undefined) return [];
  return index.get(`${entry.pkg.path}\u0000${entry.name}`) ?? [];
}

const callIndexes = new WeakMap<LintModel, Map<string, CallSite[]>>();

function callIndex(model: LintModel): Map<string, CallSite[]> {
  let index = callIndexes.get(model);
  if (index !== undefined) return index;
  index = new Map();
  for (const m of model.modules) {
    for (const rule of m.rules) {
      forEachBody(rule, m, (ctx) => {
        for (const c of bodyCalls(ctx)) {
          const target = model.resolve(c.op, m);
          if (target === undefined || target.rest.length > 0) continue;
          const key = `${target.pkg.path}\u0000${target.name}`;
          const list = index!.get(key) ?? [];
          list.push({ args: c.args, ctx });
          index!.set(key, list);
        }
      });
    }
  }
  callIndexes.set(model, index);
  return index;
}

function entryOf(model: LintModel, rule: Rule): RuleEntry | undefined {
  for (const pkg of model.packages.values()) {
    for (const list of pkg.rules.values()) {
      for (const e of list) {
        for (let r: Rule | undefined = e.rule; r !== undefined; r = r.else) if (r === rule) return e;
      }
    }
  }
  return undefined;
}

/** The top-level body context of each definition (and `else` branch) of a rule. */
export function definitionBodies(entries: RuleEntry[]): { rule: Rule; ctx: BodyCtx }[] {
  const out: { rule: Rule; ctx: BodyCtx }[] = [];
  for (const e of entries) {
    for (let r: Rule | undefined = e.rule; r !== undefined; r = r.else) {
      out.push({ rule: r, ctx: { body: r.body, outer: undefined, rule: r, module: e.module } });
    }
  }
  return out;
}
