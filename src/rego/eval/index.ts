// Rule indexing: when many rules of one node each test the same input value against a constant
// (`input.kind == "Deployment"`, or a function argument written as a constant, `f("a") := ...`),
// evaluate only the rules whose constant matches instead of scanning them all.

import type { Expr, Rule, Term } from '../ast.js';
import { opName } from '../compiler/walk.js';
import { type Value, canonicalKey } from '../value.js';
import { lookupPath } from './access.js';
import type { EvalContext } from './context.js';

/** Fewer rules than this are cheaper to scan than to index. */
const MIN_RULES = 6;

/** Where the indexed value comes from: a constant path into input, or a function argument. */
type Source = { kind: 'input'; path: Value[] } | { kind: 'arg'; index: number };

export interface RuleIndex<T> {
  /** The rules to try, in their original order, for this evaluation. */
  select(ctx: EvalContext, args: Value[] | undefined): T[];
}

interface Keyed<T> {
  item: T;
  key: string | undefined;
}

/** Builds an index over rules, or returns undefined when no test is shared by enough of them. */
export function buildIndex<T>(items: T[], ruleOf: (t: T) => Rule): RuleIndex<T> | undefined {
  if (items.length < MIN_RULES) return undefined;
  const candidates = new Map<string, { source: Source; keys: (string | undefined)[] }>();
  items.forEach((item, i) => {
    for (const [sig, source, key] of indexableTests(ruleOf(item))) {
      let c = candidates.get(sig);
      if (c === undefined) candidates.set(sig, (c = { source, keys: new Array(items.length).fill(undefined) }));
      c.keys[i] = key;
    }
  });
  let best: { source: Source; keys: (string | undefined)[] } | undefined;
  let bestCount = 0;
  for (const c of candidates.values()) {
    const n = c.keys.filter((k) => k !== undefined).length;
    if (n > bestCount) {
      best = c;
      bestCount = n;
    }
  }
  if (best === undefined || bestCount < MIN_RULES) return undefined;
  return makeIndex(items.map((item, i) => ({ item, key: best!.keys[i] })), best.source);
}

function makeIndex<T>(keyed: Keyed<T>[], source: Source): RuleIndex<T> {
  const unkeyed = keyed.filter((k) => k.key === undefined).map((k) => k.item);
  const byKey = new Map<string, T[]>();
  for (const k of keyed) {
    if (k.key !== undefined && !byKey.has(k.key)) {
      byKey.set(
        k.key,
        keyed.filter((x) => x.key === undefined || x.key === k.key).map((x) => x.item),
      );
    }
  }
  return {
    select(ctx, args) {
      const v = source.kind === 'input' ? lookupPath(ctx.input, source.path) : args?.[source.index];
      if (v === undefined) return unkeyed;
      return byKey.get(canonicalKey(v)) ?? unkeyed;
    },
  };
}

/** The tests a rule makes that an index could serve: [signature, source, constant's key]. */
function indexableTests(rule: Rule): [string, Source, string][] {
  // A rule with `else` branches runs them when its body fails, so it must always be tried.
  if (rule.else !== undefined) return [];
  const out: [string, Source, string][] = [];
  (rule.head.args ?? []).forEach((a, i) => {
    const c = constant(a);
    if (c !== undefined) out.push([`arg:${i}`, { kind: 'arg', index: i }, canonicalKey(c)]);
  });
  for (const e of rule.body) {
    const t = equalityTest(e);
    if (t !== undefined) out.push(t);
  }
  return out;
}

function equalityTest(e: Expr): [string, Source, string] | undefined {
  if (e.negated || e.with.length > 0 || e.terms.kind !== 'call') return undefined;
  const op = opName(e.terms.op);
  if ((op !== 'eq' && op !== 'equal') || e.terms.args.length !== 2) return undefined;
  const [a, b] = e.terms.args as [Term, Term];
  const ca = constant(a);
  const cb = constant(b);
  const path = inputPath(ca === undefined ? a : b);
  const c = ca ?? cb;
  if (path === undefined || c === undefined) return undefined;
  return [`input:${path.map((p) => canonicalKey(p)).join('/')}`, { kind: 'input', path }, canonicalKey(c)];
}

function inputPath(t: Term): Value[] | undefined {
  if (t.kind !== 'ref') return undefined;
  const head = t.terms[0]!;
  if (head.kind !== 'var' || head.name !== 'input') return undefined;
  const path: Value[] = [];
  for (const k of t.terms.slice(1)) {
    if (k.kind !== 'scalar') return undefined;
    path.push(k.value as Value);
  }
  return path;
}

function constant(t: Term): Value | undefined {
  return t.kind === 'scalar' || t.kind === 'value' ? t.value : undefined;
}
