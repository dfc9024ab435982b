// The planner turns compiled bodies into chains of closures, once, at prepare time.
//
// After the compiler's safety stage we know, for every expression, which variables are already
// bound. So instead of interpreting terms and unifying at run time, each expression becomes a
// Step that reads bound variables from numbered frame slots, binds the rest in place, calls the
// next Step for each solution and unbinds on the way back. A Step returns true to stop the
// search early (e.g. `not` after the first solution).

import type { Body, Expr, Location, Rule, Term } from '../ast.js';
import type { BuiltinDef } from '../builtins/registry.js';
import { BuiltinError, BuiltinHalt } from '../builtins/registry.js';
import type { CompiledPolicy } from '../compiler/index.js';
import type { RuleNode } from '../compiler/ruletree.js';
import { opName, termVars, walkTerms } from '../compiler/walk.js';
import { RegoError } from '../errors.js';
import { RObject, RSet, type Value, regoText, valueEqual } from '../value.js';
import { lookup } from './access.js';
import { type DataOverride, EvalContext, type Mock } from './context.js';
import { operandGuard } from './guards.js';

export type Frame = unknown[];
export type Step = (ctx: EvalContext, f: Frame) => boolean;
export type ValueStep = (ctx: EvalContext, f: Frame, v: Value) => boolean;
export type Getter = (ctx: EvalContext, f: Frame) => Value | undefined;

export const STOP: Step = () => true;

/** Slots of one frame and which variables are bound at the point being planned. */
export class Scope {
  readonly slots = new Map<string, number>();
  bound = new Set<string>();
  size: number;

  constructor(
    /** The rule being planned (for `rego.metadata.*`), if any. */
    readonly rule: Rule | undefined,
    reserved: number,
  ) {
    this.size = reserved;
  }

  slot(name: string): number {
    let s = this.slots.get(name);
    if (s === undefined) {
      s = this.size++;
      this.slots.set(name, s);
    }
    return s;
  }

  temp(): number {
    return this.size++;
  }

  isBound(name: string): boolean {
    return name === 'input' || name === 'data' || this.bound.has(name);
  }
}

/** What the planner needs from the rule evaluator. */
export interface RuleAccess {
  nodeValue(ctx: EvalContext, node: RuleNode): Value | undefined;
  callFunction(ctx: EvalContext, node: RuleNode, args: Value[], loc: Location): Value | undefined;
  /** The annotations chain / rule metadata for rego.metadata.* built-ins. */
  metadataChain(rule: Rule | undefined): Value;
  metadataRule(rule: Rule | undefined): Value;
}

export class Planner {
  rules!: RuleAccess;

  constructor(
    readonly policy: CompiledPolicy,
    readonly builtins: ReadonlyMap<string, BuiltinDef>,
  ) {}

  // ---- bodies and expressions -----------------------------------------------------------------

  body(exprs: Body, sc: Scope, final: () => Step): Step {
    const plan = (i: number): Step => (i === exprs.length ? final() : this.expr(exprs[i]!, sc, () => plan(i + 1)));
    return plan(0);
  }

  expr(e: Expr, sc: Scope, cont: () => Step): Step {
    if (e.with.length > 0) return this.withExpr(e, sc, cont);
    if (e.negated) return this.notExpr(e, sc, cont);
    return this.exprInner(e, sc, cont);
  }

  private notExpr(e: Expr, sc: Scope, cont: () => Step): Step {
    const saved = new Set(sc.bound);
    const inner = this.exprInner(e, sc, () => STOP);
    sc.bound = saved;
    const k = cont();
    return (ctx, f) => (inner(ctx, f) ? false : k(ctx, f));
  }

  private exprInner(e: Expr, sc: Scope, cont: () => Step): Step {
    const ts = e.terms;
    switch (ts.kind) {
      case 'term':
        return this.enumTerm(ts.term, sc, () => {
          const k = cont();
          return (ctx, f, v) => (v === false ? false : k(ctx, f));
        });
      case 'call': {
        const name = opName(ts.op)!;
        if (name === 'eq') return this.unify(ts.args[0]!, ts.args[1]!, sc, cont);
        return this.callExpr(name, ts.args, sc, cont, ts.op.loc);
      }
      case 'every':
        return this.everyExpr(ts.key, ts.value, ts.domain, ts.body, sc, cont);
      case 'some':
        return cont();
    }
  }

  private everyExpr(key: Term | undefined, value: Term, domain: Term, body: Body, sc: Scope, cont: () => Step): Step {
    return this.enumTerm(domain, sc, () => {
      const saved = new Set(sc.bound);
      const ks = key !== undefined && key.kind === 'var' ? sc.slot(key.name) : -1;
      const vs = value.kind === 'var' ? sc.slot(value.name) : -1;
      if (key !== undefined && key.kind === 'var') sc.bound.add(key.name);
      if (value.kind === 'var') sc.bound.add(value.name);
      const inner = this.body(body, sc, () => STOP);
      sc.bound = saved;
      const k = cont();
      return (ctx, f, d) => {
        const ok = everyHolds(ctx, f, d, ks, vs, inner);
        if (ks >= 0) f[ks] = undefined;
        if (vs >= 0) f[vs] = undefined;
        return ok ? k(ctx, f) : false;
      };
    });
  }

  // ---- with -----------------------------------------------------------------------------------

  private withExpr(e: Expr, sc: Scope, cont: () => Step): Step {
    const mods = e.with.map((w) => this.withModifier(w.target, w.value, w.fn, sc));
    const bare: Expr = { ...e, with: [], negated: false };
    const back = (): Step => {
      const k = cont();
      return (ctx, f) => k(ctx.parent!, f);
    };
    let inner: Step;
    if (e.negated) {
      const saved = new Set(sc.bound);
      const probe = this.exprInner(bare, sc, () => STOP);
      sc.bound = saved;
      const k = cont();
      return (ctx, f) => (probe(withContext(ctx, f, mods), f) ? false : k(ctx, f));
    }
    inner = this.exprInner(bare, sc, back);
    return (ctx, f) => inner(withContext(ctx, f, mods), f);
  }

  private withModifier(target: Term & { kind: 'ref' }, value: Term, fn: string | undefined, sc: Scope): WithModifier {
    const head = target.terms[0]!;
    const name = opName(target);
    const isInput = head.kind === 'var' && head.name === 'input';
    const isData = head.kind === 'var' && head.name === 'data';
    if (name !== undefined && !isInput && (!isData || this.policy.functions.has(name))) {
      // Replacing a function or built-in: by another function, or by a constant value.
      if (fn !== undefined) return { kind: 'mock', name, mock: { kind: 'function', name: fn } };
      return { kind: 'mock', name, value: this.getter(value, sc) };
    }
    const path = target.terms.slice(1).map((t) => (t.kind === 'scalar' ? t.value : undefined));
    if (path.some((p) => p === undefined)) throw new RegoError('rego_compile_error', 'with target path must be constant', target.loc);
    return { kind: isInput ? 'input' : 'data', path: path as Value[], value: this.getter(value, sc) };
  }

  // ---- terms: ground values -------------------------------------------------------------------

  /** Whether a term has one value given the bound variables (relations like `walk` have many). */
  isGround(t: Term, sc: Scope): boolean {
    for (const v of termVars(t, { skipClosures: true, skipCallOp: true })) if (!sc.isBound(v)) return false;
    return !this.callsRelation(t);
  }

  private readonly relationCache = new WeakMap<Term, boolean>();

  private callsRelation(t: Term): boolean {
    let r = this.relationCache.get(t);
    if (r === undefined) {
      r = false;
      walkTerms(t, (x) => {
        if (x.kind === 'arraycompr' || x.kind === 'setcompr' || x.kind === 'objectcompr') return true;
        if (x.kind === 'call' && this.isRelation(opName(x.op)!)) r = true;
        return false;
      });
      this.relationCache.set(t, r);
    }
    return r;
  }

  private isRelation(name: string): boolean {
    return this.builtins.get(name)?.relation === true && !this.policy.functions.has(name);
  }

  /** A term whose variables are all bound, evaluated to one value (or undefined). */
  getter(t: Term, sc: Scope): Getter {
    switch (t.kind) {
      case 'scalar':
      case 'value':
        return constGetter(t.value);
      case 'var': {
        if (t.name === 'input') return (ctx) => ctx.input;
        if (t.name === 'data') return this.dataBase([t]).getter;
        const s = sc.slot(t.name);
        return (_ctx, f) => f[s] as Value | undefined;
      }
      case 'ref':
        return this.refGetter(t.terms, sc);
      case 'array': {
        const gs = t.items.map((x) => this.getter(x, sc));
        const c = constants(gs);
        if (c !== undefined) return constGetter(c);
        return (ctx, f) => evalAll(gs, ctx, f);
      }
      case 'set': {
        const gs = t.items.map((x) => this.getter(x, sc));
        const c = constants(gs);
        if (c !== undefined) return constGetter(RSet.of(c));
        return (ctx, f) => {
          const out = new RSet();
          for (const g of gs) {
            const v = g(ctx, f);
            if (v === undefined) return undefined;
            out.add(v);
          }
          return out;
        };
      }
      case 'object': {
        const ks = t.items.map(([k]) => this.getter(k, sc));
        const vs = t.items.map(([, v]) => this.getter(v, sc));
        return (ctx, f) => {
          const out = new RObject();
          for (let i = 0; i < ks.length; i++) {
            const k = ks[i]!(ctx, f);
            if (k === undefined) return undefined;
            const v = vs[i]!(ctx, f);
            if (v === undefined) return undefined;
            out.set(k, v);
          }
          return out;
        };
      }
      case 'call':
        return this.callGetter(opName(t.op)!, t.args.map((a) => this.getter(a, sc)), t.op.loc, sc);
      case 'arraycompr':
      case 'setcompr':
      case 'objectcompr':
        return this.comprehension(t, sc);
    }
  }

  private refGetter(terms: Term[], sc: Scope): Getter {
    const head = terms[0]!;
    let base: Getter;
    let rest: Term[];
    if (head.kind === 'var' && head.name === 'data') {
      const d = this.dataBase(terms, sc);
      base = d.getter;
      rest = d.rest;
    } else {
      base = this.getter(head, sc);
      rest = terms.slice(1);
    }
    if (rest.length === 0) return base;
    if (rest.every((k) => k.kind === 'scalar')) {
      const keys = rest.map((k) => (k as Term & { kind: 'scalar' }).value as Value);
      if (keys.length === 1) {
        const k0 = keys[0]!;
        return (ctx, f) => {
          const b = base(ctx, f);
          return b === undefined ? undefined : lookup(b, k0);
        };
      }
      return (ctx, f) => {
        let v = base(ctx, f);
        for (let i = 0; i < keys.length && v !== undefined; i++) v = lookup(v, keys[i]!);
        return v;
      };
    }
    const kgs = rest.map((k) => this.getter(k, sc));
    return (ctx, f) => {
      let v = base(ctx, f);
      for (let i = 0; i < kgs.length && v !== undefined; i++) {
        const k = kgs[i]!(ctx, f);
        if (k === undefined) return undefined;
        v = lookup(v, k);
      }
      return v;
    };
  }

  /**
   * Walks the rule tree along a `data` ref's keys: constant keys at plan time, bound variable
   * keys at run time. The getter reads either a rule node's value or the base document, and
   * `rest` are the keys (from the first unbound one) to apply to that value.
   */
  dataBase(terms: Term[], sc?: Scope): { getter: Getter; rest: Term[]; node?: RuleNode } {
    let node = this.policy.tree;
    let i = 1;
    for (; i < terms.length; i++) {
      if (hasOwnRules(node)) break;
      const k = terms[i]!;
      if (k.kind !== 'scalar') break;
      const child = node.child(k.value as Value);
      if (child === undefined || !child.hasRules) {
        // No rule lives below this key: it is base data only, whatever rules its siblings have.
        const path = [...node.path, k.value as Value];
        return { getter: (ctx) => lookupPathValue(ctx.data, path), rest: terms.slice(i + 1) };
      }
      node = child;
    }
    const n = node;
    if (!hasOwnRules(n) && sc !== undefined && i < terms.length && this.isGround(terms[i]!, sc)) {
      // Keys known only at run time: keep descending the tree then, so that `data[x].p`
      // evaluates the rules of one package rather than all of them.
      let j = i;
      while (j < terms.length && this.isGround(terms[j]!, sc)) j++;
      const kgs = terms.slice(i, j).map((t) => this.getter(t, sc));
      return {
        getter: (ctx, f) => {
          const keys: Value[] = new Array(kgs.length);
          for (let x = 0; x < kgs.length; x++) {
            const k = kgs[x]!(ctx, f);
            if (k === undefined) return undefined;
            keys[x] = k;
          }
          return this.walkData(ctx, n, keys);
        },
        rest: terms.slice(j),
      };
    }
    if (n.hasRules) return { getter: (ctx) => this.rules.nodeValue(ctx, n), rest: terms.slice(i), ...(hasOwnRules(n) ? {} : { node: n }) };
    const path = n.path;
    return { getter: (ctx) => lookupPathValue(ctx.data, path), rest: terms.slice(i) };
  }

  private walkData(ctx: EvalContext, start: RuleNode, keys: Value[]): Value | undefined {
    let node = start;
    for (let i = 0; i < keys.length; i++) {
      if (hasOwnRules(node)) return lookupPathValue(this.rules.nodeValue(ctx, node)!, keys.slice(i));
      const child = node.child(keys[i]!);
      if (child === undefined || !child.hasRules) return lookupPathValue(ctx.data, [...node.path, ...keys.slice(i)]);
      node = child;
    }
    return node.hasRules ? this.rules.nodeValue(ctx, node) : lookupPathValue(ctx.data, node.path);
  }

  // ---- terms: enumeration ---------------------------------------------------------------------

  /** All values of a term, binding the unbound variables in its refs along the way. */
  enumTerm(t: Term, sc: Scope, cont: () => ValueStep): Step {
    if (this.isGround(t, sc)) {
      const g = this.getter(t, sc);
      const k = cont();
      return (ctx, f) => {
        const v = g(ctx, f);
        return v === undefined ? false : k(ctx, f, v);
      };
    }
    switch (t.kind) {
      case 'ref':
        return this.refEnum(t.terms, sc, cont);
      case 'call': {
        const name = opName(t.op)!;
        const relation = this.isRelation(name);
        return this.enumAll(t.args, sc, (gs) => {
          const call = this.callGetter(name, gs, t.op.loc, sc);
          const k = cont();
          if (relation) {
            return (ctx, f) => {
              const vs = call(ctx, f);
              if (!Array.isArray(vs)) return false;
              for (let i = 0; i < vs.length; i++) if (k(ctx, f, vs[i]!)) return true;
              return false;
            };
          }
          return (ctx, f) => {
            const v = call(ctx, f);
            return v === undefined ? false : k(ctx, f, v);
          };
        });
      }
      case 'array':
      case 'set':
        return this.enumAll(t.items, sc, () => {
          const g = this.getter(t, sc);
          const k = cont();
          return (ctx, f) => {
            const v = g(ctx, f);
            return v === undefined ? false : k(ctx, f, v);
          };
        });
      case 'object':
        return this.enumAll(
          t.items.flatMap(([k, v]) => [k, v]),
          sc,
          () => {
            const g = this.getter(t, sc);
            const k = cont();
            return (ctx, f) => {
              const v = g(ctx, f);
              return v === undefined ? false : k(ctx, f, v);
            };
          },
        );
      default:
        throw new RegoError('rego_unsafe_var_error', `var ${this.userName(t)} is unsafe`, t.loc);
    }
  }

  private userName(t: Term): string {
    const vs = [...termVars(t)];
    return vs.length > 0 ? this.policy.names.userName(vs[0]!) : '?';
  }

  /**
   * Evaluates terms left to right, enumerating those that bind variables; `cont` receives a
   * getter for each term's value (reading a temporary slot for the enumerated ones).
   */
  private enumAll(terms: Term[], sc: Scope, cont: (gs: Getter[]) => Step): Step {
    const gs: Getter[] = new Array(terms.length);
    const build = (i: number): Step => {
      if (i === terms.length) return cont(gs);
      const t = terms[i]!;
      if (this.isGround(t, sc)) {
        gs[i] = this.getter(t, sc);
        return build(i + 1);
      }
      const s = sc.temp();
      gs[i] = (_ctx, f) => f[s] as Value;
      return this.enumTerm(t, sc, () => {
        const next = build(i + 1);
        return (ctx, f, v) => {
          f[s] = v;
          return next(ctx, f);
        };
      });
    };
    return build(0);
  }

  private refEnum(terms: Term[], sc: Scope, cont: () => ValueStep): Step {
    const head = terms[0]!;
    if (head.kind === 'var' && head.name === 'data') {
      const d = this.dataBase(terms, sc);
      const first = d.rest[0];
      if (d.node !== undefined && first !== undefined && first.kind === 'var' && !sc.isBound(first.name)) {
        return this.dataChildren(d.node, d.getter, d.rest, sc, cont);
      }
      const keys = this.refKeys(d.rest, 0, sc, cont);
      const base = d.getter;
      return (ctx, f) => {
        const b = base(ctx, f);
        return b === undefined ? false : keys(ctx, f, b);
      };
    }
    if (this.isGround(head, sc)) {
      const base = this.getter(head, sc);
      const keys = this.refKeys(terms.slice(1), 0, sc, cont);
      return (ctx, f) => {
        const b = base(ctx, f);
        return b === undefined ? false : keys(ctx, f, b);
      };
    }
    return this.enumTerm(head, sc, () => this.refKeys(terms.slice(1), 0, sc, cont));
  }

  /**
   * `data.pkgs[x].rule`: iterates the children of a package-like node one at a time and keeps
   * descending the tree, so only the rules named after the variable are evaluated — not every
   * package's whole document.
   */
  private dataChildren(node: RuleNode, whole: Getter, rest: Term[], sc: Scope, cont: () => ValueStep): Step {
    const v = rest[0] as Term & { kind: 'var' };
    const slot = sc.slot(v.name);
    sc.bound.add(v.name);
    let j = 1;
    while (j < rest.length && rest[j]!.kind === 'scalar') j++;
    const path = rest.slice(1, j).map((t) => (t as Term & { kind: 'scalar' }).value as Value);
    const next = this.refKeys(rest.slice(j), 0, sc, cont);
    const generic = this.refKeys(rest.slice(1, j), 0, sc, () => next);
    return (ctx, f) => {
      let found = false;
      if (ctx.overrides !== null) {
        // A `with data...` override may reshape this node: take its whole value instead.
        const all = whole(ctx, f);
        found = all !== undefined && iterateBinding(ctx, f, all, slot, generic);
      } else {
        for (const key of dataKeys(ctx, node)) {
          ctx.state.tick();
          f[slot] = key;
          const x = this.walkData(ctx, node, [key, ...path]);
          if (x !== undefined && next(ctx, f, x)) {
            found = true;
            break;
          }
        }
      }
      f[slot] = undefined;
      return found;
    };
  }

  /** Applies ref keys to a value; a key with unbound variables iterates the collection. */
  private refKeys(keys: Term[], i: number, sc: Scope, cont: () => ValueStep): ValueStep {
    if (i === keys.length) return cont();
    const k = keys[i]!;
    if (this.isGround(k, sc)) {
      if (k.kind === 'scalar') {
        const kv = k.value as Value;
        const next = this.refKeys(keys, i + 1, sc, cont);
        return (ctx, f, cur) => {
          const x = lookup(cur, kv);
          return x === undefined ? false : next(ctx, f, x);
        };
      }
      const g = this.getter(k, sc);
      const next = this.refKeys(keys, i + 1, sc, cont);
      return (ctx, f, cur) => {
        const kv = g(ctx, f);
        if (kv === undefined) return false;
        const x = lookup(cur, kv);
        return x === undefined ? false : next(ctx, f, x);
      };
    }
    if (k.kind === 'var') {
      const s = sc.slot(k.name);
      sc.bound.add(k.name);
      const next = this.refKeys(keys, i + 1, sc, cont);
      return (ctx, f, cur) => {
        const r = iterateBinding(ctx, f, cur, s, next);
        f[s] = undefined;
        return r;
      };
    }
    if (isPatternLike(k)) {
      const tmp = sc.temp();
      const pat = this.pattern(k, sc, () => {
        const next = this.refKeys(keys, i + 1, sc, cont);
        return (ctx, f) => next(ctx, f, f[tmp] as Value);
      });
      const cur = sc.temp();
      return (ctx, f, c) => {
        f[cur] = c;
        return iterateKeys(ctx, f, c, tmp, pat);
      };
    }
    const tmp = sc.temp();
    const kstep = this.enumTerm(k, sc, () => {
      const next = this.refKeys(keys, i + 1, sc, cont);
      return (ctx, f, kv) => {
        const x = lookup(f[tmp] as Value, kv);
        return x === undefined ? false : next(ctx, f, x);
      };
    });
    return (ctx, f, cur) => {
      f[tmp] = cur;
      return kstep(ctx, f);
    };
  }

  // ---- unification ----------------------------------------------------------------------------

  /** Matches a term against a value, binding its unbound variables. */
  pattern(t: Term, sc: Scope, cont: () => Step): ValueStep {
    switch (t.kind) {
      case 'var': {
        if (sc.isBound(t.name)) {
          const g = this.getter(t, sc);
          const k = cont();
          return (ctx, f, v) => {
            const w = g(ctx, f);
            return w !== undefined && valueEqual(w, v) ? k(ctx, f) : false;
          };
        }
        const s = sc.slot(t.name);
        sc.bound.add(t.name);
        const k = cont();
        return (ctx, f, v) => {
          f[s] = v;
          const r = k(ctx, f);
          f[s] = undefined;
          return r;
        };
      }
      case 'array': {
        if (this.isGround(t, sc)) break;
        const n = t.items.length;
        const tmp = sc.temp();
        const item = (i: number): Step => {
          if (i === n) return cont();
          const p = this.pattern(t.items[i]!, sc, () => item(i + 1));
          return (ctx, f) => p(ctx, f, (f[tmp] as Value[])[i]!);
        };
        const first = item(0);
        return (ctx, f, v) => {
          if (!Array.isArray(v) || v.length !== n) return false;
          f[tmp] = v;
          return first(ctx, f);
        };
      }
      case 'object': {
        if (this.isGround(t, sc)) break;
        const n = t.items.length;
        const tmp = sc.temp();
        const keyGetters = t.items.map(([k]) => this.getter(k, sc));
        const item = (i: number): Step => {
          if (i === n) return cont();
          const p = this.pattern(t.items[i]![1], sc, () => item(i + 1));
          const kg = keyGetters[i]!;
          return (ctx, f) => {
            const key = kg(ctx, f);
            const x = key === undefined ? undefined : (f[tmp] as RObject).get(key);
            return x === undefined ? false : p(ctx, f, x);
          };
        };
        const first = item(0);
        return (ctx, f, v) => {
          if (!(v instanceof RObject) || v.size !== n) return false;
          f[tmp] = v;
          return first(ctx, f);
        };
      }
    }
    if (this.isGround(t, sc)) {
      const g = this.getter(t, sc);
      const k = cont();
      return (ctx, f, v) => {
        const w = g(ctx, f);
        return w !== undefined && valueEqual(w, v) ? k(ctx, f) : false;
      };
    }
    // A ref or call with unbound variables: enumerate it and compare.
    const tmp = sc.temp();
    const step = this.enumTerm(t, sc, () => {
      const k = cont();
      return (ctx, f, w) => (valueEqual(w, f[tmp] as Value) ? k(ctx, f) : false);
    });
    return (ctx, f, v) => {
      f[tmp] = v;
      return step(ctx, f);
    };
  }

  unify(a: Term, b: Term, sc: Scope, cont: () => Step): Step {
    const ga = this.isGround(a, sc);
    const gb = this.isGround(b, sc);
    if (ga && gb) {
      const A = this.getter(a, sc);
      const B = this.getter(b, sc);
      const k = cont();
      return (ctx, f) => {
        const x = A(ctx, f);
        if (x === undefined) return false;
        const y = B(ctx, f);
        return y !== undefined && valueEqual(x, y) ? k(ctx, f) : false;
      };
    }
    if (gb || ga) {
      const [known, other] = gb ? [b, a] : [a, b];
      const G = this.getter(known, sc);
      const P = this.pattern(other, sc, cont);
      return (ctx, f) => {
        const v = G(ctx, f);
        return v === undefined ? false : P(ctx, f, v);
      };
    }
    if (a.kind === 'array' && b.kind === 'array' && a.items.length === b.items.length) {
      const pair = (i: number): Step => (i === a.items.length ? cont() : this.unify(a.items[i]!, b.items[i]!, sc, () => pair(i + 1)));
      return pair(0);
    }
    if (a.kind === 'object' && b.kind === 'object' && a.items.length === b.items.length) {
      const pairs = matchObjectKeys(a, b);
      if (pairs !== undefined) {
        const pair = (i: number): Step => (i === pairs.length ? cont() : this.unify(pairs[i]![0], pairs[i]![1], sc, () => pair(i + 1)));
        return pair(0);
      }
      return () => false;
    }
    // One side must produce values (a ref or call binding its own variables): match the other.
    const [producer, receiver] = isPatternLike(a) && !isPatternLike(b) ? [b, a] : [a, b];
    return this.enumTerm(producer, sc, () => this.pattern(receiver, sc, cont));
  }

  // ---- calls ----------------------------------------------------------------------------------

  arity(name: string): number {
    const fn = this.policy.functions.get(name);
    if (fn === undefined) {
      const b = this.builtins.get(name);
      if (b !== undefined) return b.decl.variadic ? Number.MAX_SAFE_INTEGER : b.decl.args.length;
    }
    if (fn !== undefined) return (fn.functions[0] ?? fn.defaultRule ?? fn.rules[0])?.rule.head.args?.length ?? 0;
    return 0;
  }

  private callExpr(name: string, args: Term[], sc: Scope, cont: () => Step, loc: Location): Step {
    const ar = this.arity(name);
    const inputs = args.slice(0, ar);
    const output = args.length > ar ? args[ar] : undefined;
    const relation = this.isRelation(name);
    return this.enumAll(inputs, sc, (gs) => {
      const call = this.callGetter(name, gs, loc, sc);
      if (relation) {
        const each: ValueStep =
          output === undefined
            ? (() => {
                const k = cont();
                return (ctx: EvalContext, f: Frame, v: Value) => (v === false ? false : k(ctx, f));
              })()
            : this.pattern(output, sc, cont);
        return (ctx, f) => {
          const vs = call(ctx, f);
          if (!Array.isArray(vs)) return false;
          for (let i = 0; i < vs.length; i++) if (each(ctx, f, vs[i]!)) return true;
          return false;
        };
      }
      if (output === undefined) {
        const k = cont();
        return (ctx, f) => {
          const v = call(ctx, f);
          return v === undefined || v === false ? false : k(ctx, f);
        };
      }
      const p = this.pattern(output, sc, cont);
      return (ctx, f) => {
        const v = call(ctx, f);
        return v === undefined ? false : p(ctx, f, v);
      };
    });
  }

  /** A call with ground arguments as a getter: user function, built-in, or its `with` mock. */
  callGetter(name: string, gs: Getter[], loc: Location, sc: Scope): Getter {
    const special = this.specialCall(name, gs, loc, sc);
    if (special !== undefined) return special;
    const invoke = this.invoker(name, loc);
    const n = gs.length;
    return (ctx, f) => {
      const args: Value[] = new Array(n);
      for (let i = 0; i < n; i++) {
        const v = gs[i]!(ctx, f);
        if (v === undefined) return undefined;
        args[i] = v;
      }
      if (ctx.mocks !== null) {
        const m = ctx.mocks.get(name);
        if (m !== undefined) return this.callMock(ctx, m, name, args, loc);
      }
      return invoke(ctx, args);
    };
  }

  /** Calls a function or built-in by name, without looking at mocks. */
  invoker(name: string, loc: Location): (ctx: EvalContext, args: Value[]) => Value | undefined {
    const fn = this.policy.functions.get(name);
    if (fn !== undefined) {
      // `f()` without arguments is a rule: calling it reads its value.
      if (fn.functions.length === 0 && fn.rules.length > 0) return (ctx) => this.rules.nodeValue(ctx, fn);
      return (ctx, args) => this.rules.callFunction(ctx, fn, args, loc);
    }
    const b = this.builtins.get(name);
    if (b === undefined) throw new RegoError('rego_type_error', `undefined function ${name}`, loc);
    const impl = b.fn;
    const guard = b.decl.variadic || b.lenient ? undefined : operandGuard(b.decl.args);
    return (ctx, args) => {
      // A wrong operand type fails anyway; skip the call (strict mode runs it for the message).
      if (guard !== undefined && !ctx.state.strict && !guard(args)) return undefined;
      try {
        return impl(args, ctx.state.bctx);
      } catch (e) {
        return builtinFailure(ctx, e, name, loc);
      }
    };
  }

  private callMock(ctx: EvalContext, m: Mock, name: string, args: Value[], loc: Location): Value | undefined {
    if (m.kind === 'value') return m.value;
    // The replacement runs without mocks: it may call the function it replaces, and other
    // replacements do not apply inside it (as in OPA).
    const inner = new EvalContext(ctx.input, ctx.data, ctx.state, null, ctx.overrides, ctx.parent);
    return this.invoker(m.name, loc)(inner, args);
  }

  private specialCall(name: string, gs: Getter[], loc: Location, sc: Scope): Getter | undefined {
    switch (name) {
      case 'rego.metadata.chain': {
        const v = this.rules.metadataChain(sc.rule);
        return () => v;
      }
      case 'rego.metadata.rule': {
        const v = this.rules.metadataRule(sc.rule);
        return () => v;
      }
      case 'print':
      case 'internal.print':
        return (ctx, f) => {
          const parts = gs.map((g) => {
            const v = g(ctx, f);
            return v === undefined ? '<undefined>' : typeof v === 'string' ? v : regoText(v);
          });
          const line = `${loc.file}:${loc.row}: ${parts.join(' ')}`;
          ctx.state.printed.push(line);
          ctx.state.bctx.print(parts.join(' '));
          return true;
        };
    }
    return undefined;
  }

  // ---- comprehensions -------------------------------------------------------------------------

  private comprehension(t: Term & { kind: 'arraycompr' | 'setcompr' | 'objectcompr' }, sc: Scope): Getter {
    const acc = sc.temp();
    const saved = new Set(sc.bound);
    let body: Step;
    if (t.kind === 'objectcompr') {
      const loc = t.loc;
      body = this.body(t.body, sc, () => {
        const kg = this.getter(t.key, sc);
        const vg = this.getter(t.value, sc);
        return (ctx, f) => {
          const k = kg(ctx, f);
          const v = vg(ctx, f);
          if (k === undefined || v === undefined) return false;
          const o = f[acc] as RObject;
          const prev = o.get(k);
          if (prev !== undefined && !valueEqual(prev, v)) {
            throw new RegoError('eval_conflict_error', 'object keys must be unique', loc);
          }
          o.set(k, v);
          return false;
        };
      });
    } else {
      const isSet = t.kind === 'setcompr';
      body = this.body(t.body, sc, () => {
        const hg = this.getter(t.head, sc);
        return (ctx, f) => {
          const v = hg(ctx, f);
          if (v === undefined) return false;
          if (isSet) (f[acc] as RSet).add(v);
          else (f[acc] as Value[]).push(v);
          return false;
        };
      });
    }
    sc.bound = saved;
    const make = t.kind === 'arraycompr' ? () => [] as Value[] : t.kind === 'setcompr' ? () => new RSet() : () => new RObject();
    return (ctx, f) => {
      const out = make();
      f[acc] = out;
      body(ctx, f);
      f[acc] = undefined;
      return out;
    };
  }
}

// ---- helpers ------------------------------------------------------------------------------------

type WithModifier =
  | { kind: 'input' | 'data'; path: Value[]; value: Getter }
  | { kind: 'mock'; name: string; mock?: Mock; value?: Getter };

function withContext(ctx: EvalContext, f: Frame, mods: WithModifier[]): EvalContext {
  let input = ctx.input;
  let data = ctx.data;
  let mocks = ctx.mocks;
  let overrides = ctx.overrides;
  for (const m of mods) {
    if (m.kind === 'mock') {
      let mock = m.mock;
      if (mock === undefined) {
        const v = m.value!(ctx, f);
        if (v === undefined) continue;
        mock = { kind: 'value', value: v };
      }
      mocks = new Map(mocks ?? []);
      mocks.set(m.name, mock);
      continue;
    }
    const v = m.value(ctx, f);
    if (v === undefined) continue;
    if (m.kind === 'input') input = m.path.length === 0 ? v : upsert(input, m.path, v);
    else {
      data = upsert(data, m.path, v);
      overrides = [...(overrides ?? []), { path: m.path, value: v } satisfies DataOverride];
    }
  }
  return new EvalContext(input, data, ctx.state, mocks, overrides, ctx);
}

/** A copy of `doc` with `v` written at `path` (objects created as needed). */
export function upsert(doc: Value | undefined, path: Value[], v: Value): Value {
  if (path.length === 0) return v;
  const obj = doc instanceof RObject ? doc.copy() : new RObject();
  const [k, ...rest] = path;
  obj.set(k!, upsert(obj.get(k!), rest, v));
  return obj;
}

/** The keys below a node: its children with rules and the base document's keys there. */
function dataKeys(ctx: EvalContext, node: RuleNode): Value[] {
  const keys = new RSet();
  for (const c of node.children.values()) if (c.hasRules) keys.add(c.key);
  const base = lookupPathValue(ctx.data, node.path);
  if (base instanceof RObject) for (const k of base.keys()) keys.add(k);
  return keys.values();
}

function hasOwnRules(n: RuleNode): boolean {
  return n.rules.length > 0 || n.defaultRule !== undefined;
}

function lookupPathValue(v: Value | undefined, path: readonly Value[]): Value | undefined {
  for (let i = 0; i < path.length && v !== undefined; i++) v = lookup(v, path[i]!);
  return v;
}

/** The values of several getters, or undefined as soon as one is undefined. */
export function evalAll(gs: Getter[], ctx: EvalContext, f: Frame): Value[] | undefined {
  const out: Value[] = new Array(gs.length);
  for (let i = 0; i < gs.length; i++) {
    const v = gs[i]!(ctx, f);
    if (v === undefined) return undefined;
    out[i] = v;
  }
  return out;
}

/** Getters of constants are remembered so composites of constants are built once. */
const CONSTANT = new WeakMap<Getter, Value>();

function constGetter(v: Value): Getter {
  const g: Getter = () => v;
  CONSTANT.set(g, v);
  return g;
}

function constants(gs: Getter[]): Value[] | undefined {
  const out: Value[] = [];
  for (const g of gs) {
    const v = CONSTANT.get(g);
    if (v === undefined) return undefined;
    out.push(v);
  }
  return out;
}

function isPatternLike(t: Term): boolean {
  switch (t.kind) {
    case 'var':
    case 'scalar':
    case 'value':
      return true;
    case 'array':
      return t.items.every(isPatternLike);
    case 'object':
      return t.items.every(([, v]) => isPatternLike(v));
    default:
      return false;
  }
}

function matchObjectKeys(a: Term & { kind: 'object' }, b: Term & { kind: 'object' }): [Term, Term][] | undefined {
  const out: [Term, Term][] = [];
  for (const [k, v] of a.items) {
    if (k.kind !== 'scalar') return undefined;
    const other = b.items.find(([k2]) => k2.kind === 'scalar' && k2.value === k.value);
    if (other === undefined) return undefined;
    out.push([v, other[1]]);
  }
  return out;
}

function iterateBinding(ctx: EvalContext, f: Frame, cur: Value, slot: number, next: ValueStep): boolean {
  const state = ctx.state;
  if (cur instanceof RObject) {
    const ks = cur.keys();
    for (let i = 0; i < ks.length; i++) {
      state.tick();
      const k = ks[i]!;
      f[slot] = k;
      if (next(ctx, f, cur.get(k)!)) return true;
    }
    return false;
  }
  if (Array.isArray(cur)) {
    for (let i = 0; i < cur.length; i++) {
      state.tick();
      f[slot] = i;
      if (next(ctx, f, cur[i]!)) return true;
    }
    return false;
  }
  if (cur instanceof RSet) {
    const vs = cur.values();
    for (let i = 0; i < vs.length; i++) {
      state.tick();
      f[slot] = vs[i]!;
      if (next(ctx, f, vs[i]!)) return true;
    }
  }
  return false;
}

/** Iterates keys, matching each against a key pattern (the value is kept in slot `tmp`). */
function iterateKeys(ctx: EvalContext, f: Frame, cur: Value, tmp: number, pat: ValueStep): boolean {
  if (cur instanceof RObject) {
    for (const k of cur.keys()) {
      f[tmp] = cur.get(k)!;
      if (pat(ctx, f, k)) return true;
    }
  } else if (Array.isArray(cur)) {
    for (let i = 0; i < cur.length; i++) {
      f[tmp] = cur[i]!;
      if (pat(ctx, f, i)) return true;
    }
  } else if (cur instanceof RSet) {
    for (const v of cur.values()) {
      f[tmp] = v;
      if (pat(ctx, f, v)) return true;
    }
  }
  return false;
}

function everyHolds(ctx: EvalContext, f: Frame, d: Value, ks: number, vs: number, inner: Step): boolean {
  if (d instanceof RObject) {
    for (const k of d.keys()) {
      if (ks >= 0) f[ks] = k;
      if (vs >= 0) f[vs] = d.get(k)!;
      if (!inner(ctx, f)) return false;
    }
    return true;
  }
  if (Array.isArray(d)) {
    for (let i = 0; i < d.length; i++) {
      if (ks >= 0) f[ks] = i;
      if (vs >= 0) f[vs] = d[i]!;
      if (!inner(ctx, f)) return false;
    }
    return true;
  }
  if (d instanceof RSet) {
    for (const v of d.values()) {
      if (ks >= 0) f[ks] = v;
      if (vs >= 0) f[vs] = v;
      if (!inner(ctx, f)) return false;
    }
    return true;
  }
  return false;
}

/** Records a failed built-in call; the call is undefined unless the error must halt. */
export function builtinFailure(ctx: EvalContext, e: unknown, name: string, loc: Location): undefined {
  if (e instanceof BuiltinHalt) {
    throw new RegoError(e.kind === 'type' ? 'eval_type_error' : 'eval_builtin_error', `${name}: ${e.message}`, loc);
  }
  if (e instanceof RegoError) throw e;
  // Only strict mode reports built-in errors; otherwise the call is just undefined.
  if (ctx.state.strict && ctx.state.builtinError === undefined) {
    const code = e instanceof BuiltinError && e.kind === 'type' ? 'eval_type_error' : 'eval_builtin_error';
    const message = e instanceof Error || e instanceof BuiltinError ? e.message : String(e);
    ctx.state.builtinError = new RegoError(code, `${name}: ${message}`, loc);
  }
  return undefined;
}
