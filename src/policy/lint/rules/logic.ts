// Expressions whose outcome does not depend on the config: `not` of something that is never
// false, and comparisons between values of types that can never be equal.

import type { Expr, Term } from '../../../rego/index.js';
import type { LintModel } from '../model.js';
import { exprText, termText } from '../print.js';
import { bindingsOf, definitionBodies } from '../scope.js';
import type { LintRule } from '../types.js';
import { typesOf, type TypeName } from '../values.js';
import { exprCall, forEachBody, opName, type BodyCtx } from '../walk.js';

function forEachExpr(model: LintModel, fn: (e: Expr, ctx: BodyCtx) => void): void {
  for (const m of model.modules) {
    for (const rule of m.rules) {
      forEachBody(rule, m, (ctx) => {
        for (const e of ctx.body) fn(e, ctx);
      });
    }
  }
}

export const notNeverFalse: LintRule = {
  id: 'not-never-false',
  severity: 'error',
  summary: '`not` applied to an expression that is never false',
  explanation: `\`not e\` holds only when \`e\` is undefined or \`false\`. Any other value — \`null\`, \`0\`, \`""\`, an
empty object or array — counts as true. So \`not object.get(job_config, "filters", null)\` never holds:
when the key is missing object.get returns the default \`null\`, which is not false, and when the key
is there it returns the filters. The rule can never fire (the seed's \`production_branch_protection\`).
The same goes for \`not count(x)\` (a number, never false) and \`not [x | …]\` (a comprehension is
always defined, possibly empty).

Fix: test what is meant:
    not job_config.filters                       # the key is missing
    object.get(job_config, "filters", null) == null
    count(x) == 0                                # the collection is empty`,
  check(model, report) {
    forEachExpr(model, (e, ctx) => {
      if (!e.negated || e.terms.kind === 'some' || e.terms.kind === 'every') return;
      const why = neverFalse(model, e, ctx);
      if (why !== undefined) report(e.loc, `\`${exprText(e)}\` never holds: ${why}`);
    });
  },
};

function neverFalse(model: LintModel, e: Expr, ctx: BodyCtx): string | undefined {
  const call = exprCall(e);
  if (call !== undefined) return totalNonFalse(model, { kind: 'call', op: call.op, args: call.args, loc: e.loc }, ctx, 0);
  return e.terms.kind === 'term' ? totalNonFalse(model, e.terms.term, ctx, 0) : undefined;
}

/**
 * Why `t` always has a value other than false (so `not t` never holds), or undefined. Calls of
 * the policy's own functions count only when a definition holds unconditionally: `not f(x)` is
 * otherwise the usual test that f is undefined for x.
 */
function totalNonFalse(model: LintModel, t: Term, ctx: BodyCtx, depth: number): string | undefined {
  if (depth > 4) return undefined;
  switch (t.kind) {
    case 'scalar':
      return t.value === false ? undefined : `${termText(t)} is a constant that is not false`;
    case 'array':
    case 'set':
    case 'object':
      return `a ${t.kind} literal is always defined and never false`;
    case 'arraycompr':
    case 'setcompr':
    case 'objectcompr':
      return 'a comprehension is always defined (possibly empty) and never false; test `count(…) == 0`';
    case 'var': {
      const bs = bindingsOf(t.name, ctx);
      if (bs.length !== 1 || bs[0]!.kind !== 'value') return undefined;
      const why = totalNonFalse(model, bs[0]!.term, bs[0]!.ctx, depth + 1);
      return why === undefined ? undefined : `${t.name} := ${termText(bs[0]!.term)}, and ${why}`;
    }
    case 'call':
      return callNonFalse(model, t, ctx, depth);
    default:
      return undefined;
  }
}

function callNonFalse(model: LintModel, t: Extract<Term, { kind: 'call' }>, ctx: BodyCtx, depth: number): string | undefined {
  const name = opName(t.op);
  const args = t.args;
  const target = model.resolve(t.op, ctx.module);
  if (target !== undefined && target.rest.length === 0) {
    for (const { rule, ctx: c } of definitionBodies(model.entries(target))) {
      if (rule.head.value === undefined || !(rule.default || unconditional(rule.body))) continue;
      const why = totalNonFalse(model, rule.head.value, c, depth + 1);
      if (why !== undefined) return `${target.name} (${rule.loc.file}:${rule.loc.row}) always has a value: ${why}`;
    }
    return undefined;
  }
  if (name === 'object.get' && args.length === 3) {
    const d = args[2]!;
    const literal = d.kind === 'scalar' || d.kind === 'array' || d.kind === 'set' || d.kind === 'object';
    if (!literal || (d.kind === 'scalar' && d.value === false)) return undefined;
    return `object.get returns the default ${termText(d)} when ${termText(args[1]!)} is missing, and ${termText(d)} is not false, so \`not\` fails either way; write \`not ${termText({ kind: 'ref', terms: [args[0]!, args[1]!], loc: t.loc })}\` to test for a missing key`;
  }
  if (name.startsWith('internal.')) return undefined;
  const types = typesOf(model, t, ctx);
  if (types === undefined || types.has('boolean') || types.size === 0) return undefined;
  return `${name}(…) is ${names(types)}, never false, so \`not\` only tests that the call fails`;
}

function unconditional(body: Expr[]): boolean {
  return body.every((e) => !e.negated && e.terms.kind === 'term' && e.terms.term.kind === 'scalar' && e.terms.term.value === true);
}

const COMPARISONS: Record<string, string> = { equal: '==', eq: '=', neq: '!=', lt: '<', gt: '>', lte: '<=', gte: '>=' };

export const typeMismatch: LintRule = {
  id: 'type-mismatch-comparison',
  severity: 'error',
  summary: 'a comparison decided by types, not values',
  explanation: `Rego never converts types: \`count(jobs) == "0"\` compares a number with a string and is
never true; \`lower(x) != 1\` is always true; and \`<\`/\`>\` between a number and a string compare the
types (numbers sort before strings), so the result never depends on the values. In a condition this
makes the rule fire always or never.

Fix: compare like with like — a number with a number literal (\`count(jobs) == 0\`), a string with a
string (convert with \`format_int\`, \`to_number\` or \`sprintf\` where needed).`,
  check(model, report) {
    forEachExpr(model, (e, ctx) => {
      const call = exprCall(e);
      const op = call === undefined ? undefined : COMPARISONS[call.name];
      if (call === undefined || op === undefined || call.args.length !== 2) return;
      const [a, b] = call.args as [Term, Term];
      const ta = typesOf(model, a, ctx);
      const tb = typesOf(model, b, ctx);
      if (ta === undefined || tb === undefined || overlaps(ta, tb)) return;
      const what = `${termText(a)} is ${names(ta)} and ${termText(b)} is ${names(tb)}`;
      const verdict = op === '!=' ? (e.negated ? 'never holds' : 'always holds') : op === '==' || op === '=' ? (e.negated ? 'always holds' : 'never holds') : 'is decided by the types alone';
      report(e.loc, `\`${exprText(e)}\` ${verdict}: ${what}`);
    });
  },
};

function overlaps(a: Set<TypeName>, b: Set<TypeName>): boolean {
  for (const x of a) if (b.has(x)) return true;
  return false;
}

function names(s: Set<TypeName>): string {
  return [...s].map((t) => (t === 'array' || t === 'object' ? `an ${t}` : `a ${t}`)).join(' or ');
}

export const LOGIC_RULES: LintRule[] = [notNeverFalse, typeMismatch];
