// Stage: safety. Reorders each body so that, evaluated left to right, every variable is bound
// before it is used as an input, and reports the variables that no ordering can bind
// (rego_unsafe_var_error). Mirrors OPA's reorderBodyForSafety: expressions move only when they
// must, closures (comprehensions, `every`) come after whatever binds the vars they close over.

import type { Body, Expr, RefTerm, Term } from '../ast.js';
import { SAFETY_PARAMS, exprVars, opName, termVars, walkTerms } from './walk.js';

export interface SafetyEnv {
  /** Number of input arguments of a function or built-in, or -1 when unknown. */
  arity(name: string): number;
}

export type UnsafeVars = Map<Expr, Set<string>>;

function addUnsafe(u: UnsafeVars, e: Expr, v: string): void {
  let s = u.get(e);
  if (s === undefined) u.set(e, (s = new Set()));
  s.add(v);
}

export function reorderBodyForSafety(env: SafetyEnv, globals: Set<string>, body: Body): { body: Body; unsafe: UnsafeVars } {
  const closures = reorderBodyForClosures(env, globals, body);
  if (closures.unsafe.size > 0) return { body, unsafe: closures.unsafe };
  body = closures.body;

  const reordered: Body = [];
  const placed = new Set<Expr>();
  const safe = new Set<string>();
  const unsafe: UnsafeVars = new Map();
  for (const e of body) {
    for (const v of exprVars(e, SAFETY_PARAMS)) {
      if (globals.has(v) || v === 'input' || v === 'data') safe.add(v);
      else addUnsafe(unsafe, e, v);
    }
  }
  for (;;) {
    const n = reordered.length;
    for (const e of body) {
      if (placed.has(e)) continue;
      for (const v of outputVarsForExpr(env, e, safe)) safe.add(v);
      const u = unsafe.get(e);
      if (u !== undefined) {
        for (const v of u) if (safe.has(v)) u.delete(v);
        if (u.size > 0) continue;
        unsafe.delete(e);
      }
      placed.add(e);
      reordered.push(e);
    }
    if (reordered.length === n) break;
  }

  // Closures inside each expression see the vars bound by the expressions before it.
  const g = new Set(globals);
  for (let i = 0; i < reordered.length; i++) {
    if (i > 0) exprVars(reordered[i - 1]!, SAFETY_PARAMS, g);
    checkClosures(env, reordered[i]!, g, unsafe);
  }
  for (const e of body) if (!placed.has(e)) reordered.push(e);
  return { body: reordered, unsafe };
}

function checkClosures(env: SafetyEnv, e: Expr, globals: Set<string>, unsafe: UnsafeVars): void {
  const visit = (t: Term): boolean => {
    switch (t.kind) {
      case 'arraycompr':
      case 'setcompr':
        t.body = reorderClosure(env, e, termVars(t.head, SAFETY_PARAMS), t.body, globals, unsafe);
        return true;
      case 'objectcompr': {
        const tv = termVars(t.key, SAFETY_PARAMS);
        termVars(t.value, SAFETY_PARAMS, tv);
        t.body = reorderClosure(env, e, tv, t.body, globals, unsafe);
        return true;
      }
    }
    return false;
  };
  const ts = e.terms;
  if (ts.kind === 'every') {
    walkTerms(ts.domain, visit);
    const g = new Set(globals);
    if (ts.key) termVars(ts.key, {}, g);
    termVars(ts.value, {}, g);
    ts.body = reorderClosure(env, e, new Set(), ts.body, g, unsafe);
  } else if (ts.kind === 'term') walkTerms(ts.term, visit);
  else if (ts.kind === 'call') for (const a of ts.args) walkTerms(a, visit);
  for (const w of e.with) walkTerms(w.value, visit);
}

function reorderClosure(env: SafetyEnv, current: Expr, headVars: Set<string>, body: Body, globals: Set<string>, unsafe: UnsafeVars): Body {
  const bv = new Set(globals);
  for (const x of body) exprVars(x, SAFETY_PARAMS, bv);
  for (const v of headVars) if (!bv.has(v) && v !== 'input' && v !== 'data') addUnsafe(unsafe, current, v);
  const r = reorderBodyForSafety(env, globals, body);
  if (r.unsafe.size === 0) return r.body;
  for (const [x, vs] of r.unsafe) for (const v of vs) addUnsafe(unsafe, x, v);
  return body;
}

/** Moves expressions with closures after the expressions that bind the vars they close over. */
function reorderBodyForClosures(env: SafetyEnv, globals: Set<string>, body: Body): { body: Body; unsafe: UnsafeVars } {
  const reordered: Body = [];
  const placed = new Set<Expr>();
  const unsafe: UnsafeVars = new Map();
  const bodyVars = new Set<string>();
  for (const e of body) exprVars(e, SAFETY_PARAMS, bodyVars);
  for (;;) {
    const n = reordered.length;
    for (const e of body) {
      if (placed.has(e)) continue;
      const closed = closureVars(e);
      const outputs = outputVarsForBody(env, reordered, globals);
      const uv = new Set<string>();
      for (const v of closed) if (bodyVars.has(v) && !globals.has(v) && !outputs.has(v) && v !== 'input' && v !== 'data') uv.add(v);
      if (uv.size === 0) {
        reordered.push(e);
        placed.add(e);
        unsafe.delete(e);
      } else unsafe.set(e, uv);
    }
    if (reordered.length === n) break;
  }
  return { body: reordered, unsafe };
}

/** Vars used inside the closures (comprehensions, `every` bodies) of an expression. */
function closureVars(e: Expr): Set<string> {
  const out = new Set<string>();
  const visit = (t: Term): boolean => {
    switch (t.kind) {
      case 'arraycompr':
      case 'setcompr':
      case 'objectcompr':
        termVars(t, {}, out);
        return true;
    }
    return false;
  };
  const ts = e.terms;
  if (ts.kind === 'every') {
    for (const x of ts.body) exprVars(x, {}, out);
    walkTerms(ts.domain, visit);
  } else if (ts.kind === 'term') walkTerms(ts.term, visit);
  else if (ts.kind === 'call') for (const a of ts.args) walkTerms(a, visit);
  for (const w of e.with) walkTerms(w.value, visit);
  return out;
}

function outputVarsForBody(env: SafetyEnv, body: Body, safe: Set<string>): Set<string> {
  const o = new Set(safe);
  for (const e of body) for (const v of outputVarsForExpr(env, e, o)) o.add(v);
  for (const v of safe) o.delete(v);
  return o;
}

export function isEquality(e: Expr): boolean {
  return e.terms.kind === 'call' && opName(e.terms.op) === 'eq' && e.terms.args.length === 2;
}

/** The vars an expression binds when the vars in `safe` are already bound. */
export function outputVarsForExpr(env: SafetyEnv, e: Expr, safe: Set<string>): Set<string> {
  if (e.negated) return new Set();
  for (const w of e.with) {
    if (w.fn !== undefined) continue;
    for (const v of termVars(w.value, SAFETY_PARAMS)) if (!safe.has(v) && v !== 'input' && v !== 'data') return new Set();
  }
  const ts = e.terms;
  switch (ts.kind) {
    case 'term':
      return outputVarsForTerms([ts.term], safe);
    case 'call': {
      if (isEquality(e)) {
        const out = outputVarsForTerms(ts.args, safe);
        for (const v of safe) out.add(v);
        for (const v of unify(out, ts.args[0]!, ts.args[1]!)) out.add(v);
        for (const v of safe) out.delete(v);
        return out;
      }
      const name = opName(ts.op);
      const ar = name === undefined ? -1 : env.arity(name);
      if (ar < 0) return new Set();
      const out = outputVarsForTerms(ts.args, safe);
      if (ar >= ts.args.length) return out;
      const params = { skipClosures: true, skipSets: true, skipObjectKeys: true, skipRefHead: true };
      const inputs = new Set<string>();
      for (let i = 0; i < ar; i++) termVars(ts.args[i]!, params, inputs);
      for (const v of inputs) if (!out.has(v) && !safe.has(v)) return new Set();
      for (let i = ar; i < ts.args.length; i++) termVars(ts.args[i]!, params, out);
      return out;
    }
    case 'every':
      return outputVarsForTerms([ts.domain], safe);
    case 'some':
      return new Set();
  }
}

/** Vars in the keys of refs whose head is bound: evaluating the ref binds them. */
function outputVarsForTerms(terms: Term[], safe: Set<string>): Set<string> {
  const out = new Set<string>();
  for (const t of terms) {
    walkTerms(t, (x) => {
      switch (x.kind) {
        case 'arraycompr':
        case 'setcompr':
        case 'objectcompr':
          return true;
        case 'ref':
          if (!isRefSafe(x, safe)) return true;
          for (let i = 1; i < x.terms.length; i++) termVars(x.terms[i]!, { skipRefHead: true }, out);
          return false;
      }
      return false;
    });
  }
  return out;
}

function isRefSafe(r: RefTerm, safe: Set<string>): boolean {
  const head = r.terms[0]!;
  if (head.kind === 'var') return safe.has(head.name) || head.name === 'input' || head.name === 'data';
  if (head.kind === 'call') return isCallSafe(head, safe);
  // A composite or comprehension head: only the vars it closes over must be bound.
  for (const v of termVars(head, SAFETY_PARAMS)) if (!safe.has(v) && v !== 'input' && v !== 'data') return false;
  return true;
}

function isCallSafe(c: Term & { kind: 'call' }, safe: Set<string>): boolean {
  for (const a of c.args) for (const v of termVars(a, SAFETY_PARAMS)) if (!safe.has(v)) return false;
  return true;
}

// ---- unification of safety ---------------------------------------------------------------------

class Unifier {
  readonly unified = new Set<string>();
  private readonly unknown = new Map<string, Set<string>>();

  constructor(private readonly safe: Set<string>) {}

  private isSafe(v: string): boolean {
    return this.safe.has(v) || this.unified.has(v) || v === 'input' || v === 'data';
  }

  private markSafe(x: string): void {
    this.unified.add(x);
    const deps = this.unknown.get(x);
    this.unknown.delete(x);
    if (deps) for (const v of deps) this.markSafe(v);
    for (const [v, d] of [...this.unknown]) {
      if (d.has(x)) {
        d.delete(x);
        if (d.size === 0) this.markSafe(v);
      }
    }
  }

  private markUnknown(a: string, b: string): void {
    let s = this.unknown.get(a);
    if (s === undefined) this.unknown.set(a, (s = new Set()));
    s.add(b);
  }

  private markAllSafe(t: Term): void {
    for (const v of termVars(t, { skipRefHead: true, skipObjectKeys: true, skipClosures: true, skipCallOp: true })) this.markSafe(v);
  }

  private unifyAll(a: string, b: Term): void {
    if (this.isSafe(a)) {
      this.markAllSafe(b);
      return;
    }
    const unsafe = [...termVars(b, SAFETY_PARAMS)].filter((v) => !this.isSafe(v));
    if (unsafe.length === 0) this.markSafe(a);
    else for (const v of unsafe) this.markUnknown(a, v);
  }

  unify(a: Term, b: Term): void {
    switch (a.kind) {
      case 'var':
        switch (b.kind) {
          case 'var':
            if (this.isSafe(b.name)) this.markSafe(a.name);
            else if (this.isSafe(a.name)) this.markSafe(b.name);
            else {
              this.markUnknown(a.name, b.name);
              this.markUnknown(b.name, a.name);
            }
            return;
          case 'array':
          case 'object':
            this.unifyAll(a.name, b);
            return;
          case 'ref':
            if (isRefSafe(b, this.unifiedAndSafe())) this.markSafe(a.name);
            return;
          case 'call':
            if (isCallSafe(b, this.unifiedAndSafe())) this.markSafe(a.name);
            return;
          default:
            this.markSafe(a.name);
            return;
        }
      case 'ref':
        if (isRefSafe(a, this.unifiedAndSafe())) this.unifySafeWith(b);
        return;
      case 'call':
        if (isCallSafe(a, this.unifiedAndSafe())) this.unifySafeWith(b);
        return;
      case 'arraycompr':
      case 'setcompr':
      case 'objectcompr':
        this.unifySafeWith(b);
        return;
      case 'array':
      case 'object':
        switch (b.kind) {
          case 'var':
            this.unifyAll(b.name, a);
            return;
          case 'ref':
          case 'call':
          case 'arraycompr':
          case 'setcompr':
          case 'objectcompr':
            this.unify(b, a);
            return;
          case 'array':
            if (a.kind === 'array' && a.items.length === b.items.length) a.items.forEach((x, i) => this.unify(x, b.items[i]!));
            return;
          case 'object':
            if (a.kind === 'object' && a.items.length === b.items.length) {
              for (const [k, v] of a.items) {
                const other = b.items.find(([k2]) => sameConstant(k, k2));
                if (other) this.unify(v, other[1]);
              }
            }
            return;
        }
        return;
      default:
        if (b.kind === 'var') this.markSafe(b.name);
        else if (b.kind === 'array' || b.kind === 'object') this.markAllSafe(b);
    }
  }

  /** `a` is known; whatever `b` binds becomes safe. */
  private unifySafeWith(b: Term): void {
    if (b.kind === 'var') this.markSafe(b.name);
    else if (b.kind === 'array' || b.kind === 'object') this.markAllSafe(b);
  }

  private unifiedAndSafe(): Set<string> {
    const s = new Set(this.safe);
    for (const v of this.unified) s.add(v);
    return s;
  }
}

function sameConstant(a: Term, b: Term): boolean {
  return a.kind === 'scalar' && b.kind === 'scalar' && a.value === b.value;
}

export function unify(safe: Set<string>, a: Term, b: Term): Set<string> {
  const u = new Unifier(safe);
  u.unify(a, b);
  const out = new Set<string>();
  for (const v of u.unified) if (!safe.has(v)) out.add(v);
  return out;
}
