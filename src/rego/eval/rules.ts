// Virtual documents: the value of any node of the rule tree (complete rules, partial sets,
// objects built by ref-head rules, whole packages), function calls, conflicts and defaults.
// Rule bodies are planned lazily, the first time a rule is needed, and cached per evaluation.

import type { Location, Rule, Term } from '../ast.js';
import { isMultiValue } from '../ast.js';
import type { CompiledPolicy } from '../compiler/index.js';
import type { RuleNode, TreeRule } from '../compiler/ruletree.js';
import { termVars } from '../compiler/walk.js';
import { RegoError } from '../errors.js';
import { RObject, RSet, type Value, valueEqual } from '../value.js';
import { lookupPath } from './access.js';
import { type DataOverride, type EvalContext, UNDEF } from './context.js';
import { type Frame, type Planner, type RuleAccess, Scope, type Step, evalAll, upsert } from './planner.js';
import { type RuleIndex, buildIndex } from './index.js';
import { metadataChain, metadataRule } from './metadata.js';

const ACC = 0;
const ARGS = 1;

interface PlannedRule {
  rule: Rule;
  size: number;
  step: Step;
  else: PlannedRule | undefined;
}

interface NodePlan {
  kind: 'complete' | 'multi' | 'document' | 'function';
  rules: PlannedRule[];
  /** Every rule yields the same constant: the first success decides the value. */
  constant: boolean;
  defaultRule: PlannedRule | undefined;
  children: RuleNode[];
  /** Selects the rules worth trying when many test the same value against constants. */
  index: RuleIndex<PlannedRule> | undefined;
}

/** Accumulates a complete rule's or function's value, catching conflicting outputs. */
class Single {
  value: Value | undefined;
}

export class RuleEvaluator implements RuleAccess {
  private readonly plans = new Map<RuleNode, NodePlan>();

  constructor(
    private readonly policy: CompiledPolicy,
    private readonly planner: Planner,
  ) {
    planner.rules = this;
  }

  // ---- documents ------------------------------------------------------------------------------

  nodeValue(ctx: EvalContext, node: RuleNode): Value | undefined {
    if (ctx.overrides !== null) {
      const o = overrideAt(ctx.overrides, node.path);
      if (o !== NO_OVERRIDE) return o;
    }
    const cached = ctx.cache.get(node);
    if (cached !== undefined) return cached === UNDEF ? undefined : cached;
    let v = this.compute(ctx, node);
    if (ctx.overrides !== null && v !== undefined) v = applyOverridesBelow(v, node.path, ctx.overrides);
    ctx.cache.set(node, v === undefined ? UNDEF : v);
    return v;
  }

  private compute(ctx: EvalContext, node: RuleNode): Value | undefined {
    const plan = this.nodePlan(node);
    ctx.state.tick();
    switch (plan.kind) {
      case 'complete':
        return this.completeValue(ctx, plan);
      case 'multi': {
        const set = new RSet();
        for (const pr of candidates(ctx, plan, undefined)) this.run(ctx, pr, set, undefined);
        return set;
      }
      case 'document':
        return this.documentValue(ctx, node, plan);
      case 'function':
        return undefined;
    }
  }

  private completeValue(ctx: EvalContext, plan: NodePlan): Value | undefined {
    let value: Value | undefined;
    for (const pr of candidates(ctx, plan, undefined)) {
      const v = this.runWithElse(ctx, pr, undefined);
      if (v === undefined) continue;
      if (value === undefined) {
        value = v;
        if (plan.constant) break;
      } else if (!valueEqual(value, v)) {
        throw new RegoError('eval_conflict_error', 'complete rules must not produce multiple outputs', pr.rule.loc);
      }
    }
    return value !== undefined ? value : this.defaultValue(ctx, plan);
  }

  /** The default rule's value; a default may be a comprehension, so it is evaluated. */
  private defaultValue(ctx: EvalContext, plan: NodePlan): Value | undefined {
    if (plan.defaultRule === undefined) return undefined;
    return this.runWithElse(ctx, plan.defaultRule, undefined);
  }

  /**
   * A document built from rules writing below it, the documents of child nodes, and the base
   * data at its path. Rules and children merge where both write objects (or sets); the base
   * document wins where it has a value.
   */
  private documentValue(ctx: EvalContext, node: RuleNode, plan: NodePlan): Value {
    const doc = new DocBuilder();
    for (const pr of candidates(ctx, plan, undefined)) this.run(ctx, pr, doc, undefined);
    for (const child of plan.children) {
      const v = this.nodeValue(ctx, child);
      if (v !== undefined) doc.merge(doc.root, child.key, v, node.rules[0]?.rule.loc ?? child.rules[0]?.rule.loc);
    }
    const base = lookupPath(ctx.data, node.path);
    return base instanceof RObject ? overlayBase(doc.root, base) : doc.root;
  }

  /** Runs one rule's body with a fresh frame; its final step records into `acc`. */
  private run(ctx: EvalContext, pr: PlannedRule, acc: unknown, args: Value[] | undefined): void {
    const f: Frame = new Array(pr.size);
    f[ACC] = acc;
    if (args !== undefined) f[ARGS] = args;
    pr.step(ctx, f);
  }

  private runWithElse(ctx: EvalContext, pr: PlannedRule, args: Value[] | undefined): Value | undefined {
    for (let r: PlannedRule | undefined = pr; r !== undefined; r = r.else) {
      const acc = new Single();
      this.run(ctx, r, acc, args);
      if (acc.value !== undefined) return acc.value;
    }
    return undefined;
  }

  // ---- functions ------------------------------------------------------------------------------

  callFunction(ctx: EvalContext, node: RuleNode, args: Value[], loc: Location): Value | undefined {
    const plan = this.nodePlan(node);
    ctx.state.tick();
    let result: Value | undefined;
    for (const pr of candidates(ctx, plan, args)) {
      const v = this.runWithElse(ctx, pr, args);
      if (v === undefined) continue;
      if (result === undefined) {
        result = v;
        if (plan.constant) break;
      } else if (!valueEqual(result, v)) {
        throw new RegoError('eval_conflict_error', 'functions must not produce multiple outputs for same inputs', loc);
      }
    }
    if (result !== undefined) return result;
    return plan.defaultRule === undefined ? undefined : this.runWithElse(ctx, plan.defaultRule, args);
  }

  // ---- planning -------------------------------------------------------------------------------

  private nodePlan(node: RuleNode): NodePlan {
    let plan = this.plans.get(node);
    if (plan === undefined) {
      plan = this.planNode(node);
      plan.index = buildIndex(plan.rules, (pr) => pr.rule);
      this.plans.set(node, plan);
    }
    return plan;
  }

  private planNode(node: RuleNode): NodePlan {
    const children = [...node.children.values()].filter((c) => c.hasRules);
    const dr = node.defaultRule;
    const defaultRule = dr ? this.planRule(dr, dr.rule.head.args ? 'function' : 'complete') : undefined;
    if (node.functions.length > 0 || (node.defaultRule && node.defaultRule.rule.head.args)) {
      const rules = node.functions.map((tr) => this.planRule(tr, 'function'));
      return { kind: 'function', rules, constant: sameConstants(node.functions), defaultRule, children, index: undefined };
    }
    const first = node.rules[0];
    if (first !== undefined && first.suffix.length === 0 && isMultiValue(first.rule)) {
      return { kind: 'multi', rules: node.rules.map((tr) => this.planRule(tr, 'multi')), constant: false, defaultRule, children, index: undefined };
    }
    if ((first !== undefined && first.suffix.length === 0) || (first === undefined && node.defaultRule)) {
      const rules = node.rules.map((tr) => this.planRule(tr, 'complete'));
      return { kind: 'complete', rules, constant: sameConstants(node.rules), defaultRule, children, index: undefined };
    }
    return { kind: 'document', rules: node.rules.map((tr) => this.planRule(tr, 'document')), constant: false, defaultRule, children, index: undefined };
  }

  private planRule(tr: TreeRule, kind: NodePlan['kind'], rule: Rule = tr.rule): PlannedRule {
    const sc = new Scope(rule, 2);
    const planner = this.planner;
    const args = rule.head.args;
    const final = (): Step => this.finalStep(tr, rule, kind, sc);
    let step: Step;
    if (args !== undefined && args.length > 0) {
      const arg = (i: number): Step => {
        if (i === args.length) return planner.body(rule.body, sc, final);
        const p = planner.pattern(args[i]!, sc, () => arg(i + 1));
        return (ctx, f) => p(ctx, f, (f[ARGS] as Value[])[i]!);
      };
      step = arg(0);
    } else step = planner.body(rule.body, sc, final);
    const elseRule = rule.else ? this.planRule(tr, kind, rule.else) : undefined;
    return { rule, size: sc.size, step, else: elseRule };
  }

  private finalStep(tr: TreeRule, rule: Rule, kind: NodePlan['kind'], sc: Scope): Step {
    const p = this.planner;
    const head = rule.head;
    const loc = rule.loc;
    if (kind === 'multi') {
      const kg = p.getter(head.key!, sc);
      return (ctx, f) => {
        const k = kg(ctx, f);
        if (k !== undefined) (f[ACC] as RSet).add(k);
        return false;
      };
    }
    const valueTerm = head.value ?? (isMultiValue(rule) ? undefined : trueTerm(loc));
    if (kind === 'document') {
      const keys = tr.suffix.map((t) => p.getter(t, sc));
      const multi = isMultiValue(rule);
      const leaf = p.getter(multi ? head.key! : valueTerm!, sc);
      return (ctx, f) => {
        const path = evalAll(keys, ctx, f);
        const v = leaf(ctx, f);
        if (path === undefined || v === undefined) return false;
        (f[ACC] as DocBuilder).insert(path, v, multi, loc);
        return false;
      };
    }
    const vg = p.getter(valueTerm!, sc);
    const constant = termVars(valueTerm!).size === 0;
    const message = kind === 'function' ? 'functions must not produce multiple outputs for same inputs' : 'complete rules must not produce multiple outputs';
    return (ctx, f) => {
      const v = vg(ctx, f);
      if (v === undefined) return false;
      const acc = f[ACC] as Single;
      if (acc.value === undefined) {
        acc.value = v;
        return constant;
      }
      if (!valueEqual(acc.value, v)) throw new RegoError('eval_conflict_error', message, loc);
      return false;
    };
  }

  // ---- metadata -------------------------------------------------------------------------------

  metadataChain(rule: Rule | undefined): Value {
    return metadataChain(this.policy, rule);
  }

  metadataRule(rule: Rule | undefined): Value {
    return metadataRule(rule);
  }
}

/** Objects that are paths of a document (built by rules writing below them), not rule values. */
const STRUCTURE = new WeakSet<RObject>();

function structure(): RObject {
  const o = new RObject();
  STRUCTURE.add(o);
  return o;
}

/** Builds the object of a document from rules that write below it (`p[x] := y`, `p.q[r].s := v`). */
class DocBuilder {
  readonly root = structure();

  insert(path: Value[], v: Value, multi: boolean, loc: Location): void {
    const last = path.length - 1;
    let obj = this.root;
    for (let i = 0; i < last; i++) obj = this.childObject(obj, path[i]!, loc);
    // A multi-value rule's members form a set at the full path.
    this.merge(obj, path[last]!, multi ? RSet.of([v]) : v, loc);
  }

  /** Puts a value at a key: paths merge, sets of members unite, other values must agree. */
  merge(obj: RObject, k: Value, v: Value, loc: Location | undefined): void {
    const prev = obj.get(k);
    if (prev === undefined) {
      obj.set(k, v);
      return;
    }
    if (prev instanceof RObject && STRUCTURE.has(prev) && v instanceof RObject && STRUCTURE.has(v)) {
      for (const [kk, vv] of v.entries()) this.merge(prev, kk, vv, loc);
      return;
    }
    if (prev instanceof RSet && v instanceof RSet) {
      for (const m of v.values()) prev.add(m);
      return;
    }
    if (!valueEqual(prev, v)) throw new RegoError('eval_conflict_error', 'object keys must be unique', loc);
  }

  private childObject(parent: RObject, key: Value, loc: Location): RObject {
    const cur = parent.get(key);
    if (cur instanceof RObject && STRUCTURE.has(cur)) return cur;
    if (cur !== undefined) throw new RegoError('eval_conflict_error', 'object keys must be unique', loc);
    const fresh = structure();
    parent.set(key, fresh);
    return fresh;
  }
}

/** Lays the base document over the virtual one: where both have a key, the base value wins. */
function overlayBase(virtual: RObject, base: RObject): RObject {
  for (const [k, b] of base.entries()) {
    const v = virtual.get(k);
    if (v instanceof RObject && b instanceof RObject) virtual.set(k, overlayBase(STRUCTURE.has(v) ? v : v.copy(), b));
    else virtual.set(k, b);
  }
  return virtual;
}

function candidates(ctx: EvalContext, plan: NodePlan, args: Value[] | undefined): PlannedRule[] {
  return plan.index === undefined ? plan.rules : plan.index.select(ctx, args);
}

function trueTerm(loc: Location): Term {
  return { kind: 'scalar', value: true, loc };
}

function constantOf(t: Term | undefined): Value | undefined {
  if (t === undefined) return true;
  switch (t.kind) {
    case 'scalar':
    case 'value':
      return t.value;
    case 'array':
      return mapConst(t.items);
    case 'set': {
      const items = mapConst(t.items);
      return items === undefined ? undefined : RSet.of(items);
    }
    case 'object': {
      const o = new RObject();
      for (const [k, v] of t.items) {
        const kv = constantOf(k);
        const vv = constantOf(v);
        if (kv === undefined || vv === undefined) return undefined;
        o.set(kv, vv);
      }
      return o;
    }
    default:
      return undefined;
  }
}

function mapConst(ts: Term[]): Value[] | undefined {
  const out: Value[] = [];
  for (const t of ts) {
    const v = constantOf(t);
    if (v === undefined) return undefined;
    out.push(v);
  }
  return out;
}

/** Whether every rule (and else branch) has the same constant value, so the first one decides. */
function sameConstants(rules: TreeRule[]): boolean {
  let value: Value | undefined;
  for (const tr of rules) {
    for (let r: Rule | undefined = tr.rule; r !== undefined; r = r.else) {
      const v = r.head.value === undefined ? true : termVars(r.head.value).size === 0 ? constantOf(r.head.value) : undefined;
      if (v === undefined) return false;
      if (value === undefined) value = v;
      else if (!valueEqual(value, v)) return false;
    }
  }
  return true;
}

const NO_OVERRIDE = Symbol('no override');

/** The value a `with data...` override gives a path at or below it. */
function overrideAt(overrides: DataOverride[], path: Value[]): Value | undefined | typeof NO_OVERRIDE {
  for (let i = overrides.length - 1; i >= 0; i--) {
    const o = overrides[i]!;
    if (o.path.length <= path.length && o.path.every((k, j) => valueEqual(k, path[j]!))) {
      return lookupPath(o.value, path.slice(o.path.length));
    }
  }
  return NO_OVERRIDE;
}

function applyOverridesBelow(v: Value, path: Value[], overrides: DataOverride[]): Value {
  for (const o of overrides) {
    if (o.path.length > path.length && path.every((k, j) => valueEqual(k, o.path[j]!))) {
      v = upsert(v, o.path.slice(path.length), o.value);
    }
  }
  return v;
}
