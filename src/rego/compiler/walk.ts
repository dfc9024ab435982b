// Visiting and collecting the variables of terms and expressions, with the same switches OPA's
// VarVisitor has (skip closures, skip ref heads, ...), used by the compiler stages.

import type { Body, Expr, Term } from '../ast.js';

export interface VarParams {
  /** Do not look inside comprehensions or `every` bodies. */
  skipClosures?: boolean;
  /** Do not count the head var of a ref (`x` in `x.y`). */
  skipRefHead?: boolean;
  /** Do not count the operator of a call (`f` in `f(x)`). */
  skipCallOp?: boolean;
  /** Do not count vars in object keys. */
  skipObjectKeys?: boolean;
  /** Do not count vars inside set literals. */
  skipSets?: boolean;
}

export const SAFETY_PARAMS: VarParams = { skipClosures: true, skipCallOp: true };

export function termVars(t: Term, p: VarParams = {}, out: Set<string> = new Set()): Set<string> {
  switch (t.kind) {
    case 'var':
      out.add(t.name);
      break;
    case 'ref': {
      const head = t.terms[0]!;
      if (head.kind !== 'var' || !p.skipRefHead) termVars(head, p, out);
      for (let i = 1; i < t.terms.length; i++) termVars(t.terms[i]!, p, out);
      break;
    }
    case 'array':
      for (const x of t.items) termVars(x, p, out);
      break;
    case 'set':
      if (!p.skipSets) for (const x of t.items) termVars(x, p, out);
      break;
    case 'object':
      for (const [k, v] of t.items) {
        if (!p.skipObjectKeys) termVars(k, p, out);
        termVars(v, p, out);
      }
      break;
    case 'call':
      if (!p.skipCallOp) termVars(t.op, p, out);
      for (const a of t.args) termVars(a, p, out);
      break;
    case 'arraycompr':
    case 'setcompr':
      if (!p.skipClosures) {
        termVars(t.head, p, out);
        bodyVars(t.body, p, out);
      }
      break;
    case 'objectcompr':
      if (!p.skipClosures) {
        termVars(t.key, p, out);
        termVars(t.value, p, out);
        bodyVars(t.body, p, out);
      }
      break;
  }
  return out;
}

export function exprVars(e: Expr, p: VarParams = {}, out: Set<string> = new Set()): Set<string> {
  const ts = e.terms;
  switch (ts.kind) {
    case 'term':
      termVars(ts.term, p, out);
      break;
    case 'call':
      if (!p.skipCallOp) termVars(ts.op, p, out);
      for (const a of ts.args) termVars(a, p, out);
      break;
    case 'some':
      for (const s of ts.symbols) {
        if (s.kind === 'call') for (const a of s.args) termVars(a, p, out);
        else termVars(s, p, out);
      }
      break;
    case 'every':
      termVars(ts.domain, p, out);
      if (!p.skipClosures) {
        if (ts.key) termVars(ts.key, p, out);
        termVars(ts.value, p, out);
        bodyVars(ts.body, p, out);
      }
      break;
  }
  for (const w of e.with) {
    // A function named as a replacement is not a variable.
    if (w.fn === undefined) termVars(w.value, p, out);
  }
  return out;
}

export function bodyVars(b: Body, p: VarParams = {}, out: Set<string> = new Set()): Set<string> {
  for (const e of b) exprVars(e, p, out);
  return out;
}

/** Calls f on every term, depth first; f returns true to skip a term's children. */
export function walkTerms(t: Term, f: (t: Term) => boolean | void): void {
  if (f(t) === true) return;
  switch (t.kind) {
    case 'ref':
      for (const x of t.terms) walkTerms(x, f);
      break;
    case 'array':
    case 'set':
      for (const x of t.items) walkTerms(x, f);
      break;
    case 'object':
      for (const [k, v] of t.items) {
        walkTerms(k, f);
        walkTerms(v, f);
      }
      break;
    case 'call':
      walkTerms(t.op, f);
      for (const a of t.args) walkTerms(a, f);
      break;
    case 'arraycompr':
    case 'setcompr':
      walkTerms(t.head, f);
      walkBodyTerms(t.body, f);
      break;
    case 'objectcompr':
      walkTerms(t.key, f);
      walkTerms(t.value, f);
      walkBodyTerms(t.body, f);
      break;
  }
}

export function walkExprTerms(e: Expr, f: (t: Term) => boolean | void): void {
  const ts = e.terms;
  switch (ts.kind) {
    case 'term':
      walkTerms(ts.term, f);
      break;
    case 'call':
      // Visited as a call term so visitors see expression-level calls like nested ones.
      walkTerms({ kind: 'call', op: ts.op, args: ts.args, loc: e.loc, exprCall: true }, f);
      break;
    case 'some':
      for (const s of ts.symbols) walkTerms(s, f);
      break;
    case 'every':
      if (ts.key) walkTerms(ts.key, f);
      walkTerms(ts.value, f);
      walkTerms(ts.domain, f);
      walkBodyTerms(ts.body, f);
      break;
  }
  for (const w of e.with) {
    walkTerms(w.target, f);
    walkTerms(w.value, f);
  }
}

export function walkBodyTerms(b: Body, f: (t: Term) => boolean | void): void {
  for (const e of b) walkExprTerms(e, f);
}

/** The name of a call's operator, e.g. `count`, `data.lib.f`, `internal.member_2`. */
export function opName(op: Term): string | undefined {
  if (op.kind === 'var') return op.name;
  if (op.kind !== 'ref') return undefined;
  const head = op.terms[0]!;
  if (head.kind !== 'var') return undefined;
  let name = head.name;
  for (let i = 1; i < op.terms.length; i++) {
    const k = op.terms[i]!;
    if (k.kind !== 'scalar' || typeof k.value !== 'string') return undefined;
    name += '.' + k.value;
  }
  return name;
}
