// Stage: type checking. Infers the types of local variables from literals and built-in results,
// and the argument types of functions from how their bodies use them, then reports calls whose
// arguments can never have the declared type (rego_type_error), as OPA's checker does. It is
// deliberately conservative: anything it cannot type is `any` and never an error.

import type { Body, Expr, Location, Rule, Term } from '../ast.js';
import { RegoError } from '../errors.js';
import type { Type } from '../types.js';
import { RObject, RSet, type Value } from '../value.js';
import type { BuiltinDecl } from './index.js';
import type { RuleNode } from './ruletree.js';
import { opName } from './walk.js';

const ANY: Type = { type: 'any' };

type Env = Map<string, Type>;

/** Whether a value of type `have` may be of type `want`. */
export function compatible(have: Type, want: Type): boolean {
  if (have.type === 'any') return !have.of || have.of.some((h) => compatible(h, want));
  if (want.type === 'any') return !want.of || want.of.some((w) => compatible(have, w));
  if (have.type !== want.type) return false;
  switch (have.type) {
    case 'array': {
      const w = want as Type & { type: 'array' };
      const hs = have.static ?? [];
      const wantElem = (i: number): Type => w.static?.[i] ?? w.dynamic ?? ANY;
      if (w.static && !w.dynamic && have.static && have.static.length !== w.static.length) return false;
      return hs.every((h, i) => compatible(h, wantElem(i))) && (!have.dynamic || compatible(have.dynamic, w.dynamic ?? ANY));
    }
    case 'set':
      return compatible(have.of, (want as Type & { type: 'set' }).of);
    default:
      return true;
  }
}

/** OPA's rendering of a type, e.g. `array[string]`, `any<number, string>`. */
export function typeText(t: Type): string {
  switch (t.type) {
    case 'any':
      return t.of ? `any<${t.of.map(typeText).join(', ')}>` : 'any';
    case 'array':
      if (t.static) return `array<${t.static.map(typeText).join(', ')}>` + (t.dynamic ? `[${typeText(t.dynamic)}]` : '');
      return `array[${typeText(t.dynamic ?? ANY)}]`;
    case 'set':
      return `set[${typeText(t.of)}]`;
    case 'object': {
      const parts: string[] = [];
      if (t.static) parts.push(`object<${t.static.map((f) => `${String(f.key)}: ${typeText(f.value)}`).join(', ')}>`);
      if (t.dynamic) parts.push(`object[${typeText(t.dynamic.key)}: ${typeText(t.dynamic.value)}]`);
      return parts.join('') || 'object';
    }
    case 'function':
      return `(${t.args.map(typeText).join(', ')}) => ${typeText(t.result ?? ANY)}`;
    default:
      return t.type;
  }
}

function valueType(v: Value): Type {
  if (v === null) return { type: 'null' };
  switch (typeof v) {
    case 'boolean':
      return { type: 'boolean' };
    case 'string':
      return { type: 'string' };
    case 'number':
      return { type: 'number' };
  }
  if (Array.isArray(v)) return { type: 'array', static: v.map(valueType) };
  if (v instanceof RSet) return { type: 'set', of: ANY };
  if (v instanceof RObject) return { type: 'object', dynamic: { key: ANY, value: ANY } };
  return { type: 'number' };
}

export class TypeChecker {
  /** Inferred argument types of user functions, by full name. */
  private readonly fnArgs = new Map<string, Type[]>();

  constructor(
    private readonly builtins: ReadonlyMap<string, BuiltinDecl>,
    private readonly functions: Map<string, RuleNode>,
    private readonly errors: RegoError[],
  ) {}

  check(rules: Rule[]): void {
    // Functions first, so that calls to them can be checked against what their bodies need.
    for (const [name, node] of this.functions) this.inferFunction(name, node);
    for (const r of rules) for (let x: Rule | undefined = r; x; x = x.else) this.body(x.body, this.argEnv(x));
  }

  private argEnv(r: Rule): Env {
    const env: Env = new Map();
    for (const a of r.head.args ?? []) if (a.kind === 'var') env.set(a.name, ANY);
    return env;
  }

  /** A function's argument type is what every one of its definitions requires of it. */
  private inferFunction(name: string, node: RuleNode): void {
    const defs = node.functions.map((tr) => tr.rule);
    if (defs.length === 0) return;
    const arity = defs[0]!.head.args!.length;
    const types: Type[] = new Array(arity).fill(undefined);
    for (const d of defs) {
      const required = new Map<string, Type>();
      this.body(d.body, this.argEnv(d), required, false);
      d.head.args!.forEach((a, i) => {
        const t = a.kind === 'var' ? required.get(a.name) : termType(a, new Map());
        const prev = types[i];
        types[i] = t === undefined || (prev !== undefined && !sameType(prev, t)) ? ANY : t;
      });
    }
    this.fnArgs.set(name, types.map((t) => t ?? ANY));
  }

  /**
   * Walks a body in order, typing variables; `required` collects the types built-ins demand of
   * untyped variables (function arguments). Reports errors only when `report` is set.
   */
  private body(b: Body, env: Env, required?: Map<string, Type>, report = true): void {
    for (const e of b) this.expr(e, env, required, report);
  }

  private expr(e: Expr, env: Env, required: Map<string, Type> | undefined, report: boolean): void {
    const ts = e.terms;
    if (e.with.length > 0) return;
    if (ts.kind === 'every') {
      this.body(ts.body, new Map(env), required, report);
      return;
    }
    if (ts.kind === 'term') {
      this.nestedCalls(ts.term, env, required, report, e.loc);
      return;
    }
    if (ts.kind !== 'call') return;
    for (const a of ts.args) this.nestedCalls(a, env, required, report, e.loc);
    const name = opName(ts.op);
    if (name === undefined) return;
    if (name === 'eq') {
      const [a, b] = ts.args as [Term, Term];
      if (a.kind === 'var' && !env.has(a.name)) env.set(a.name, this.termType(b, env));
      else if (b.kind === 'var' && !env.has(b.name)) env.set(b.name, this.termType(a, env));
      return;
    }
    const want = this.call(name, ts.args, env, required, report, locOf(ts.op.loc, e.loc));
    if (want === undefined) return;
    const out = ts.args[want.length];
    if (out !== undefined && out.kind === 'var' && !env.has(out.name)) env.set(out.name, this.resultType(name));
  }

  /** Checks the calls nested in a term (not inside comprehensions, which have their own bodies). */
  private nestedCalls(t: Term, env: Env, required: Map<string, Type> | undefined, report: boolean, loc: Location): void {
    switch (t.kind) {
      case 'call': {
        for (const a of t.args) this.nestedCalls(a, env, required, report, loc);
        const name = opName(t.op);
        if (name !== undefined) this.call(name, t.args, env, required, report, locOf(t.op.loc, loc));
        return;
      }
      case 'ref':
        for (const x of t.terms) this.nestedCalls(x, env, required, report, loc);
        return;
      case 'array':
      case 'set':
        for (const x of t.items) this.nestedCalls(x, env, required, report, loc);
        return;
      case 'object':
        for (const [k, v] of t.items) {
          this.nestedCalls(k, env, required, report, loc);
          this.nestedCalls(v, env, required, report, loc);
        }
        return;
      case 'arraycompr':
      case 'setcompr':
      case 'objectcompr':
        this.body(t.body, new Map(env), required, report);
        return;
    }
  }

  /** Checks one call's inputs; returns the parameter types when the callee is known. */
  private call(name: string, args: Term[], env: Env, required: Map<string, Type> | undefined, report: boolean, loc: Location): Type[] | undefined {
    const want = this.paramTypes(name);
    if (want === undefined) return undefined;
    const inputs = args.slice(0, want.length);
    if (required !== undefined) {
      inputs.forEach((a, i) => {
        if (a.kind !== 'var' || want[i]!.type === 'any' || !isUntyped(env.get(a.name))) return;
        const prev = required.get(a.name);
        // Two different demands on one argument: give up on it rather than guess.
        required.set(a.name, prev === undefined || sameType(prev, want[i]!) ? want[i]! : ANY);
      });
    }
    const have = inputs.map((a) => this.termType(a, env));
    if (report && have.some((h, i) => !compatible(h, want[i]!))) {
      this.errors.push(
        new RegoError('rego_type_error', `${name}: invalid argument(s)\n\thave: (${have.map(typeText).join(', ')})\n\twant: (${want.map(typeText).join(', ')})`, loc),
      );
    }
    return want;
  }

  private resultType(name: string): Type {
    return this.builtins.get(name)?.decl.result ?? ANY;
  }

  private termType(t: Term, env: Env): Type {
    if (t.kind === 'call') {
      const name = opName(t.op);
      return name !== undefined && !this.functions.has(name) ? this.resultType(name) : ANY;
    }
    return termType(t, env);
  }

  private paramTypes(name: string): Type[] | undefined {
    const fn = this.fnArgs.get(name);
    if (fn !== undefined) return fn;
    if (this.functions.has(name)) return undefined;
    const b = this.builtins.get(name);
    if (b === undefined || b.decl.variadic) return undefined;
    return b.decl.args;
  }
}

function isUntyped(t: Type | undefined): boolean {
  return t !== undefined && t.type === 'any' && t.of === undefined;
}

function locOf(a: Location, b: Location): Location {
  return a.row > 0 ? a : b;
}

function sameType(a: Type, b: Type): boolean {
  return typeText(a) === typeText(b);
}

/** The static type of a term where it is evident; `any` otherwise. */
function termType(t: Term, env: Env): Type {
  switch (t.kind) {
    case 'scalar':
    case 'value':
      return valueType(t.value);
    case 'var':
      return env.get(t.name) ?? ANY;
    case 'array':
      return { type: 'array', static: t.items.map((x) => termType(x, env)) };
    case 'set':
      return { type: 'set', of: ANY };
    case 'object':
      return { type: 'object', dynamic: { key: ANY, value: ANY } };
    case 'arraycompr':
      return { type: 'array', dynamic: ANY };
    case 'setcompr':
      return { type: 'set', of: ANY };
    case 'objectcompr':
      return { type: 'object', dynamic: { key: ANY, value: ANY } };
    default:
      return ANY;
  }
}
