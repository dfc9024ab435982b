// Stage: the rule tree. Every rule is filed under the longest constant prefix of its full
// reference (`data.<package>.<head ref>`), so that evaluation can find the rules behind any path
// of `data` without scanning, and rule conflicts can be reported at compile time.

import type { Rule, Term } from '../ast.js';
import { isFunction, isMultiValue } from '../ast.js';
import { RegoError } from '../errors.js';
import { type Value, canonicalKey, regoText } from '../value.js';

export type RuleKind = 'complete' | 'multi' | 'function';

export interface TreeRule {
  rule: Rule;
  node: RuleNode;
  /** The head ref after the node's path (vars or composite keys), empty for most rules. */
  suffix: Term[];
}

export class RuleNode {
  readonly children = new Map<string, RuleNode>();
  /** Rules (not functions) filed at this node. */
  readonly rules: TreeRule[] = [];
  readonly functions: TreeRule[] = [];
  defaultRule: TreeRule | undefined;
  /** Whether this node or a descendant has rules or is a package (so `data` lookups must evaluate). */
  hasRules = false;
  /** Evaluation data attached by the evaluator when it plans this node. */
  plan: unknown;

  constructor(
    readonly key: Value,
    readonly path: Value[],
    readonly parent: RuleNode | undefined,
  ) {}

  child(key: Value): RuleNode | undefined {
    return this.children.get(childKey(key));
  }

  ensureChild(key: Value): RuleNode {
    const k = childKey(key);
    let c = this.children.get(k);
    if (c === undefined) {
      c = new RuleNode(key, [...this.path, key], this);
      this.children.set(k, c);
    }
    return c;
  }

  /** `data.a.b` for messages. */
  get name(): string {
    let s = 'data';
    for (const k of this.path) s += typeof k === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? '.' + k : '[' + regoText(k) + ']';
    return s;
  }

  /** The kind of the rules filed here (they must agree). */
  get kind(): RuleKind | undefined {
    if (this.functions.length > 0) return 'function';
    const r = this.rules[0];
    if (r === undefined) return this.defaultRule ? 'complete' : undefined;
    return isMultiValue(r.rule) && r.suffix.length === 0 ? 'multi' : 'complete';
  }
}

function childKey(v: Value): string {
  return typeof v === 'string' ? v : '\u0000' + canonicalKey(v);
}

/** The rule's full ref: the package path, then the head ref with its name as a string key. */
export function fullRef(rule: Rule): Term[] {
  const pkg = rule.module!.package.path.terms;
  const head = rule.head.ref;
  const name = head[0]!;
  const nameTerm: Term = name.kind === 'var' ? { kind: 'scalar', value: name.name, loc: name.loc } : name;
  return [...pkg, nameTerm, ...head.slice(1)];
}

/** Files every rule; packages exist as (possibly empty) documents even without rules. */
export function buildRuleTree(rules: Rule[], packages: Term[][], errors: RegoError[]): RuleNode {
  const root = new RuleNode('data', [], undefined);
  for (const path of packages) {
    let node = root;
    for (const t of path.slice(1)) if (t.kind === 'scalar') node = node.ensureChild(t.value as Value);
    markVirtual(node);
  }
  for (const rule of rules) {
    const ref = fullRef(rule);
    let node = root;
    let i = 1;
    for (; i < ref.length; i++) {
      const t = ref[i]!;
      if (t.kind !== 'scalar') break;
      node = node.ensureChild(t.value as Value);
    }
    const tr: TreeRule = { rule, node, suffix: ref.slice(i) };
    if (rule.default) {
      if (node.defaultRule !== undefined) {
        errors.push(new RegoError('rego_type_error', `multiple default rules ${node.name} found`, rule.loc));
      }
      node.defaultRule = tr;
    } else if (isFunction(rule)) node.functions.push(tr);
    else node.rules.push(tr);
    markVirtual(node);
  }
  checkConflicts(root, errors);
  return root;
}

function markVirtual(node: RuleNode): void {
  for (let n: RuleNode | undefined = node; n !== undefined && !n.hasRules; n = n.parent) n.hasRules = true;
}

function checkConflicts(node: RuleNode, errors: RegoError[]): void {
  const all = [...node.rules, ...node.functions, ...(node.defaultRule ? [node.defaultRule] : [])];
  if (all.length > 0) {
    const kinds = new Set<string>();
    for (const r of node.rules) kinds.add(isMultiValue(r.rule) && r.suffix.length === 0 ? 'multi' : r.suffix.length === 0 ? 'complete' : 'object');
    if (node.functions.length > 0) kinds.add('function');
    if (node.defaultRule && !isFunction(node.defaultRule.rule)) kinds.add(kinds.has('object') ? 'object' : 'complete');
    const arities = new Set(node.functions.map((f) => f.rule.head.args!.length));
    if (node.defaultRule && isFunction(node.defaultRule.rule)) arities.add(node.defaultRule.rule.head.args!.length);
    if (kinds.size > 1 || arities.size > 1) {
      errors.push(new RegoError('rego_type_error', `conflicting rules ${node.name} found`, all[0]!.rule.loc));
    }
    const complete = node.rules.some((r) => r.suffix.length === 0 && !isMultiValue(r.rule)) || (node.defaultRule !== undefined && !isFunction(node.defaultRule.rule));
    if ((complete || node.functions.length > 0) && [...node.children.values()].some((c) => c.hasRules)) {
      const kids = [...node.children.values()].filter((c) => c.hasRules).map((c) => c.name);
      errors.push(new RegoError('rego_type_error', `rule ${node.name} conflicts with [${kids.join(' ')}]`, all[0]!.rule.loc));
    }
  }
  for (const c of node.children.values()) checkConflicts(c, errors);
}
