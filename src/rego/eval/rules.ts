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
import { type Frame, type Getter, type Planner, type RuleAccess, Scope, type Step, upsert } from './planner.js';
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
  defaultValue: Value | undefined;
  children: RuleNode[];
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
        for (const pr of plan.rules) this.run(ctx, pr, set, undefined);
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
    for (const pr of plan.rules) {
      const v = this.runWithElse(ctx, pr, undefined);
      if (v === undefined) continue;
      if (value === undefined) {
        value = v;
        if (plan.constant) break;
      } else if (!valueEqual(value, v)) {
        throw new RegoError('eval_conflict_error', 'complete rules must not produce multiple outputs', pr.rule.loc);
      }
    }
    return value ?? plan.defaultValue;
  }

  private documentValue(ctx: EvalContext, node: RuleNode, plan: NodePlan): Value {
    const base = lookupPath(ctx.data, node.path);
    const doc = new DocBuilder(base instanceof RObject ? base.copy() : new RObject());
    for (const pr of plan.rules) this.run(ctx, pr, doc, undefined);
    for (const child of plan.children) {
      const v = this.nodeValue(ctx, child);
      if (v !== undefined) doc.root.set(child.key, v);
    }
    return doc.root;
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
    for (const pr of plan.rules) {
      const v = this.runWithElse(ctx, pr, args);
      if (v === undefined) continue;
      if (result === undefined) {
        result = v;
        if (plan.constant) break;
      } else if (!valueEqual(result, v)) {
        throw new RegoError('eval_conflict_error', 'functions must not produce multiple outputs for same inputs', loc);
      }
    }
    return result ?? plan.defaultValue;
  }

  // ---- planning -------------------------------------------------------------------------------

  private nodePlan(node: RuleNode): NodePlan {
    let plan = this.plans.get(node);
    if (plan === undefined) {
      plan = this.planNode(node);
      this.plans.set(node, plan);
    }
    return plan;
  }

  private planNode(node: RuleNode): NodePlan {
    const children = [...node.children.values()].filter((c) => c.hasRules);
    const defaultValue = node.defaultRule ? constantOf(node.defaultRule.rule.head.value) : undefined;
    if (node.functions.length > 0 || (node.defaultRule && node.defaultRule.rule.head.args)) {
      const rules = node.functions.map((tr) => this.planRule(tr, 'function'));
      return { kind: 'function', rules, constant: sameConstants(node.functions), defaultValue, children };
    }
    const first = node.rules[0];
    if (first !== undefined && first.suffix.length === 0 && isMultiValue(first.rule)) {
      return { kind: 'multi', rules: node.rules.map((tr) => this.planRule(tr, 'multi')), constant: false, defaultValue, children };
    }
    if ((first !== undefined && first.suffix.length === 0) || (first === undefined && node.defaultRule)) {
      const rules = node.rules.map((tr) => this.planRule(tr, 'complete'));
      return { kind: 'complete', rules, constant: sameConstants(node.rules), defaultValue, children };
    }
    return { kind: 'document', rules: node.rules.map((tr) => this.planRule(tr, 'document')), constant: false, defaultValue, children };
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

/** Builds the object of a document from rules that write below it (`p[x] := y`, `p.q[r].s := v`). */
class DocBuilder {
  private readonly owned = new Set<RObject>();

  constructor(readonly root: RObject) {
    this.owned.add(root);
  }

  insert(path: Value[], v: Value, multi: boolean, loc: Location): void {
    const last = path.length - 1;
    let obj = this.root;
    for (let i = 0; i < last; i++) obj = this.childObject(obj, path[i]!, loc);
    const k = path[last]!;
    const prev = obj.get(k);
    if (multi) {
      // `p[x] contains y`: the set of members lives at the full path.
      if (prev === undefined) obj.set(k, RSet.of([v]));
      else if (prev instanceof RSet) prev.add(v);
      else throw new RegoError('eval_conflict_error', 'object keys must be unique', loc);
      return;
    }
    if (prev !== undefined && !valueEqual(prev, v)) throw new RegoError('eval_conflict_error', 'object keys must be unique', loc);
    obj.set(k, v);
  }

  private childObject(parent: RObject, key: Value, loc: Location): RObject {
    const cur = parent.get(key);
    if (cur instanceof RObject) {
      if (this.owned.has(cur)) return cur;
      const copy = cur.copy();
      this.owned.add(copy);
      parent.set(key, copy);
      return copy;
    }
    if (cur !== undefined) throw new RegoError('eval_conflict_error', 'object keys must be unique', loc);
    const fresh = new RObject();
    this.owned.add(fresh);
    parent.set(key, fresh);
    return fresh;
  }
}

function evalAll(gs: Getter[], ctx: EvalContext, f: Frame): Value[] | undefined {
  const out: Value[] = new Array(gs.length);
  for (let i = 0; i < gs.length; i++) {
    const v = gs[i]!(ctx, f);
    if (v === undefined) return undefined;
    out[i] = v;
  }
  return out;
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
