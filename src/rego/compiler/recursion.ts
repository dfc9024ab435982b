// Stage: recursion. Rules and functions may not depend on themselves through any chain of
// references (rego_recursion_error), since top-down evaluation of such a rule never ends.

import type { Rule, Term } from '../ast.js';
import { RegoError } from '../errors.js';
import type { RuleNode } from './ruletree.js';
import { opName, walkBodyTerms, walkTerms } from './walk.js';

export function checkRecursion(tree: RuleNode, functions: Map<string, RuleNode>, errors: RegoError[]): void {
  const deps = new Map<RuleNode, Set<RuleNode>>();
  const nodes: RuleNode[] = [];
  collect(tree, nodes);
  for (const n of nodes) {
    const out = new Set<RuleNode>();
    const rules = [...n.rules, ...n.functions, ...(n.defaultRule ? [n.defaultRule] : [])];
    for (const tr of rules) for (let r: Rule | undefined = tr.rule; r; r = r.else) ruleDeps(r, tree, functions, out);
    deps.set(n, out);
  }
  const reported = new Set<RuleNode>();
  const state = new Map<RuleNode, 'visiting' | 'done'>();
  const stack: RuleNode[] = [];
  const visit = (n: RuleNode): void => {
    state.set(n, 'visiting');
    stack.push(n);
    for (const d of deps.get(n) ?? []) {
      const s = state.get(d);
      if (s === 'visiting') {
        const cycle = stack.slice(stack.indexOf(d));
        if (!reported.has(d)) {
          reported.add(d);
          const kind = d.functions.length > 0 ? 'function' : 'rule';
          const path = [...cycle, d].map((x) => x.name).join(' -> ');
          const loc = (d.rules[0] ?? d.functions[0] ?? d.defaultRule)!.rule.loc;
          errors.push(new RegoError('rego_recursion_error', `${kind} ${d.name} is recursive: ${path}`, loc));
        }
      } else if (s === undefined) visit(d);
    }
    stack.pop();
    state.set(n, 'done');
  };
  for (const n of nodes) if (!state.has(n)) visit(n);
}

function collect(n: RuleNode, out: RuleNode[]): void {
  if (n.rules.length > 0 || n.functions.length > 0 || n.defaultRule) out.push(n);
  for (const c of n.children.values()) collect(c, out);
}

/** The rule nodes a rule's body and head refer to. */
function ruleDeps(r: Rule, tree: RuleNode, functions: Map<string, RuleNode>, out: Set<RuleNode>): void {
  const visit = (t: Term): boolean => {
    if (t.kind === 'ref') refDeps(t.terms, tree, out);
    else if (t.kind === 'call') {
      const f = functions.get(opName(t.op) ?? '');
      if (f) out.add(f);
    }
    return false;
  };
  walkBodyTerms(r.body, visit);
  for (const t of [r.head.key, r.head.value, ...r.head.ref.slice(1)]) if (t) walkTerms(t, visit);
}

/** Rules a `data` ref may read: a variable key matches any child, like OPA's rule graph. */
function refDeps(terms: Term[], tree: RuleNode, out: Set<RuleNode>): void {
  const head = terms[0]!;
  if (head.kind !== 'var' || head.name !== 'data') return;
  matchDeps(tree, terms, 1, out);
}

function matchDeps(node: RuleNode, terms: Term[], i: number, out: Set<RuleNode>): void {
  if (node.rules.length > 0 || node.defaultRule) {
    out.add(node);
    return;
  }
  if (i === terms.length) {
    addAll(node, out);
    return;
  }
  const t = terms[i]!;
  if (t.kind === 'scalar') {
    const c = node.child(t.value as string);
    if (c !== undefined) matchDeps(c, terms, i + 1, out);
    return;
  }
  for (const c of node.children.values()) if (c.hasRules) matchDeps(c, terms, i + 1, out);
}

function addAll(n: RuleNode, out: Set<RuleNode>): void {
  if (n.rules.length > 0 || n.defaultRule) out.add(n);
  for (const c of n.children.values()) if (c.hasRules) addAll(c, out);
}
