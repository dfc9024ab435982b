// The compiler: a list of named stages run in order over all modules (resolve names, rename
// locals, build the rule tree, check functions, safety, recursion, strict-mode rules). Each stage
// is a small function; errors are collected as values and reported together, as OPA does.

import type { Body, Expr, Location, Module, RegoVersion, Rule, Term, With } from '../ast.js';
import { RegoError, RegoErrors } from '../errors.js';
import type { FunctionType } from '../types.js';
import { LocalNames, rewriteQueryLocals, rewriteRuleLocals } from './locals.js';
import { importName, moduleGlobals, resolveModule, resolveQuery } from './resolve.js';
import { type RuleNode, buildRuleTree } from './ruletree.js';
import { type UnsafeVars, reorderBodyForSafety } from './safety.js';
import { SAFETY_PARAMS, exprVars, opName, termVars, walkExprTerms, walkTerms } from './walk.js';
import { checkRecursion } from './recursion.js';
import { checkStrict } from './strict.js';
import { TypeChecker } from './typecheck.js';

export { RuleNode, fullRef } from './ruletree.js';
export type { TreeRule } from './ruletree.js';
export { LocalNames } from './locals.js';

/** What the compiler needs to know about a built-in. */
export interface BuiltinDecl {
  decl: FunctionType;
  deprecated?: boolean;
  relation?: boolean;
}

export interface CompileOptions {
  /** Built-ins that policies may call, by name. */
  builtins: ReadonlyMap<string, BuiltinDecl>;
  /** OPA's strict mode: unused vars and imports, duplicate imports, deprecated built-ins. */
  strict?: boolean;
  /** Rego version for queries (which built-ins exist). */
  queryVersion?: RegoVersion;
}

export interface CompiledPolicy {
  modules: Module[];
  tree: RuleNode;
  names: LocalNames;
  builtins: ReadonlyMap<string, BuiltinDecl>;
  /** User functions by full name (`data.pkg.f`) → their node. */
  functions: Map<string, RuleNode>;
  /** Package paths (`data.a.b`) → globals visible to a query written in that package. */
  packages: Map<string, Module[]>;
}

export interface CompiledQuery {
  body: Body;
  /** The vars a caller sees in results: internal name → name as written. */
  outputs: Map<string, string>;
}

export class Compiler {
  readonly errors: RegoError[] = [];
  private readonly names = new LocalNames();
  private readonly usedImports = new Map<Module, Set<string>>();

  constructor(private readonly opts: CompileOptions) {}

  compile(modules: Module[]): CompiledPolicy {
    const stages: [string, (ms: Module[]) => void][] = [
      ['checkImports', (ms) => ms.forEach((m) => this.checkImports(m))],
      ['resolveRefs', (ms) => this.resolveRefs(ms)],
      ['rewriteLocals', (ms) => this.forEachRule(ms, (r) => rewriteRuleLocals(r, this.names, this.errors))],
    ];
    for (const [, stage] of stages) {
      stage(modules);
      if (this.errors.length > 0) throw new RegoErrors(this.sorted());
    }
    const allRules: Rule[] = [];
    this.forEachRule(modules, (r) => allRules.push(r), false);
    const tree = buildRuleTree(allRules, modules.map((m) => m.package.path.terms), this.errors);
    const functions = new Map<string, RuleNode>();
    collectFunctions(tree, functions);
    const later: [string, () => void][] = [
      ['checkCalls', () => this.forEachRule(modules, (r) => this.checkCalls(r, functions))],
      ['checkSafety', () => this.forEachRule(modules, (r) => this.checkRuleSafety(r, functions))],
      ['checkRecursion', () => checkRecursion(tree, functions, this.errors)],
      ['checkTypes', () => new TypeChecker(this.opts.builtins, functions, this.errors).check(allRules)],
      ['checkStrict', () => checkStrict(modules, this.names, this.usedImports, this.opts.strict ?? false, this.errors)],
    ];
    for (const [, stage] of later) {
      stage();
      if (this.errors.length > 0) throw new RegoErrors(this.sorted());
    }
    const packages = new Map<string, Module[]>();
    for (const m of modules) {
      const key = packageKey(m);
      packages.set(key, [...(packages.get(key) ?? []), m]);
    }
    return { modules, tree, names: this.names, builtins: this.opts.builtins, functions, packages };
  }

  /** Compiles a query against a compiled policy, optionally as if written in a package. */
  compileQuery(policy: CompiledPolicy, body: Body, pkg?: Module): CompiledQuery {
    const exports = pkg ? packageRuleNames(policy, packageKey(pkg)) : [];
    const globals = pkg ? moduleGlobals(pkg, exports) : new Map<string, Term[]>();
    let q = resolveQuery(body, globals);
    q = rewriteQueryLocals(q, policy.names, this.errors);
    if (this.errors.length > 0) throw new RegoErrors(this.sorted());
    for (const e of q) this.checkExprCalls(e, policy.functions, pkg?.regoVersion ?? this.opts.queryVersion ?? 1);
    if (this.errors.length > 0) throw new RegoErrors(this.sorted());
    const env = { arity: (n: string) => this.arity(n, policy.functions) };
    const r = reorderBodyForSafety(env, new Set(), q);
    this.reportUnsafe(r.unsafe);
    if (this.errors.length > 0) throw new RegoErrors(this.sorted());
    const outputs = new Map<string, string>();
    for (const v of bodyOutputVars(r.body)) {
      const user = policy.names.userName(v);
      if (user !== '_') outputs.set(v, user);
    }
    return { body: r.body, outputs };
  }

  private sorted(): RegoError[] {
    return [...this.errors];
  }

  private forEachRule(modules: Module[], f: (r: Rule) => void, withElse = false): void {
    for (const m of modules) {
      for (const r of m.rules) {
        f(r);
        if (withElse) for (let e = r.else; e !== undefined; e = e.else) f(e);
      }
    }
  }

  // ---- stages ---------------------------------------------------------------------------------

  private checkImports(m: Module): void {
    const seen = new Map<string, Location>();
    for (const imp of m.imports) {
      const name = importName(imp);
      if (name === undefined) continue;
      const head = imp.path.terms[0]!;
      if (head.kind === 'var' && (head.name === 'input' || head.name === 'data') && imp.path.terms.length === 1 && imp.alias === undefined && m.regoVersion === 1) {
        this.errors.push(new RegoError('rego_compile_error', `import must not shadow ${head.name}`, imp.loc));
        continue;
      }
      if (seen.has(name) && (this.opts.strict || m.regoVersion === 1)) {
        this.errors.push(new RegoError('rego_compile_error', `import must not shadow import ${name}`, imp.loc));
      }
      seen.set(name, imp.loc);
    }
  }

  private resolveRefs(modules: Module[]): void {
    const byPackage = new Map<string, Set<string>>();
    for (const m of modules) {
      const key = packageKey(m);
      let names = byPackage.get(key);
      if (names === undefined) byPackage.set(key, (names = new Set()));
      for (const r of m.rules) {
        const h = r.head.ref[0]!;
        if (h.kind === 'var') names.add(h.name);
      }
    }
    for (const m of modules) this.usedImports.set(m, resolveModule(m, moduleGlobals(m, byPackage.get(packageKey(m))!)));
  }

  arity(name: string, functions: Map<string, RuleNode>, version: RegoVersion = 0): number {
    const b = this.opts.builtins.get(name);
    // Deprecated built-ins do not exist for Rego v1 modules.
    if (b !== undefined && !(b.deprecated && version === 1)) return b.decl.variadic ? Number.MAX_SAFE_INTEGER : b.decl.args.length;
    const f = functions.get(name);
    if (f !== undefined) {
      const r = f.functions[0] ?? f.defaultRule ?? f.rules[0];
      return r?.rule.head.args?.length ?? 0;
    }
    if (name === 'eq' || name === 'assign') return 2;
    return -1;
  }

  private checkCalls(rule: Rule, functions: Map<string, RuleNode>): void {
    const version = rule.module?.regoVersion ?? 1;
    for (let r: Rule | undefined = rule; r !== undefined; r = r.else) {
      for (const e of r.body) this.checkExprCalls(e, functions, version);
      const terms = [r.head.key, r.head.value, ...r.head.ref.slice(1)].filter((t): t is Term => t !== undefined);
      for (const t of terms) walkTerms(t, (x) => this.checkTermCall(x, functions, version));
    }
  }

  private checkExprCalls(e: Expr, functions: Map<string, RuleNode>, version: RegoVersion): void {
    for (const w of e.with) this.checkWith(w, functions, version);
    walkExprTerms(e, (x) => this.checkTermCall(x, functions, version));
  }

  private checkTermCall(t: Term, functions: Map<string, RuleNode>, version: RegoVersion): void {
    if (t.kind === 'call') this.checkCall(t.op, t.args.length, functions, t.exprCall === true, t.loc, version);
  }

  private checkCall(op: Term, nargs: number, functions: Map<string, RuleNode>, expr: boolean, loc: Location, version: RegoVersion): void {
    const name = opName(op);
    if (name === undefined) {
      this.errors.push(new RegoError('rego_type_error', `illegal call`, loc));
      return;
    }
    if (name === 'eq' || name === 'assign') return;
    const ar = this.arity(name, functions, version);
    const decl = this.opts.builtins.get(name);
    if (ar >= 0 && decl?.deprecated && this.opts.strict) {
      this.errors.push(new RegoError('rego_type_error', `deprecated built-in function calls in expression: ${name}`, op.loc));
    }
    if (ar < 0) {
      this.errors.push(new RegoError('rego_type_error', `undefined function ${name}`, op.loc));
      return;
    }
    if (decl?.decl.variadic) return;
    const maxArgs = expr ? ar + 1 : ar;
    if (nargs < ar || nargs > maxArgs) {
      const b = this.opts.builtins.get(name);
      const want = b ? b.decl.args.length : ar;
      this.errors.push(new RegoError('rego_type_error', `${name}: arity mismatch\n\thave: (${nargs} args)\n\twant: (${want} args)`, op.loc));
    }
  }

  /** Checks a `with` target and notes when its value names a function (`with f as g`). */
  private checkWith(w: With, functions: Map<string, RuleNode>, version: RegoVersion): void {
    const target = w.target;
    const head = target.terms[0]!;
    const mocksFunction = head.kind === 'var' && (head.name !== 'input' && head.name !== 'data' || functions.has(opName(target) ?? ''));
    if (mocksFunction && (w.value.kind === 'var' || w.value.kind === 'ref')) {
      const name = opName(w.value);
      if (name !== undefined && (functions.has(name) || this.arity(name, functions, version) >= 0)) w.fn = name;
    }
    this.checkWithTarget(target, functions);
  }

  private checkWithTarget(target: Term, functions: Map<string, RuleNode>): void {
    if (target.kind !== 'ref') return;
    const head = target.terms[0]!;
    if (head.kind !== 'var') {
      this.errors.push(new RegoError('rego_type_error', `with keyword target must reference existing input, data, or a function`, target.loc));
      return;
    }
    if (head.name === 'input' || head.name === 'data') return;
    const name = opName(target);
    if (name === undefined || (this.opts.builtins.get(name) === undefined && !functions.has(name))) {
      this.errors.push(new RegoError('rego_type_error', `with keyword target must reference existing input, data, or a function`, target.loc));
    }
  }

  private checkRuleSafety(rule: Rule, functions: Map<string, RuleNode>): void {
    const env = { arity: (n: string) => this.arity(n, functions) };
    for (let r: Rule | undefined = rule; r !== undefined; r = r.else) {
      const globals = new Set<string>();
      for (const a of r.head.args ?? []) termVars(a, {}, globals);
      const res = reorderBodyForSafety(env, globals, r.body);
      r.body = res.body;
      this.reportUnsafe(res.unsafe);
      if (res.unsafe.size > 0) continue;
      // Head vars must be bound by the body (or the args).
      const safe = new Set(globals);
      for (const e of r.body) exprVars(e, SAFETY_PARAMS, safe);
      const headTerms = [r.head.key, r.head.value, ...r.head.ref.slice(1)].filter((t): t is Term => t !== undefined);
      const reported = new Set<string>();
      for (const t of headTerms) {
        for (const v of termVars(t, SAFETY_PARAMS)) {
          if (safe.has(v) || reported.has(v)) continue;
          reported.add(v);
          this.errors.push(new RegoError('rego_unsafe_var_error', `var ${this.names.userName(v)} is unsafe`, findVar(t, v) ?? r.head.loc));
        }
      }
      // Closures in the head see every var of the body.
      for (const t of headTerms) this.checkHeadClosures(t, safe, env);
    }
  }

  private checkHeadClosures(t: Term, safe: Set<string>, env: { arity(n: string): number }): void {
    walkTerms(t, (x) => {
      if (x.kind === 'arraycompr' || x.kind === 'setcompr' || x.kind === 'objectcompr') {
        const res = reorderBodyForSafety(env, safe, x.body);
        x.body = res.body;
        this.reportUnsafe(res.unsafe);
        return true;
      }
      return false;
    });
  }

  private reportUnsafe(unsafe: UnsafeVars): void {
    const seen = new Set<string>();
    for (const [e, vars] of unsafe) {
      for (const v of [...vars].sort()) {
        const user = this.names.userName(v);
        const loc = findVarInExpr(e, v) ?? e.loc;
        const key = `${user}@${loc.row}:${loc.col}`;
        if (seen.has(key)) continue;
        seen.add(key);
        this.errors.push(new RegoError('rego_unsafe_var_error', `var ${user} is unsafe`, loc));
      }
    }
  }
}

function collectFunctions(node: RuleNode, out: Map<string, RuleNode>): void {
  const callable = (r: Rule): boolean => r.head.args !== undefined;
  if (node.functions.length > 0 || node.rules.some((tr) => callable(tr.rule)) || (node.defaultRule !== undefined && callable(node.defaultRule.rule))) {
    out.set(node.name, node);
  }
  for (const c of node.children.values()) collectFunctions(c, out);
}

function packageKey(m: Module): string {
  return m.package.path.terms.map((t) => (t.kind === 'var' ? t.name : JSON.stringify(t.kind === 'scalar' ? t.value : ''))).join('.');
}

function packageRuleNames(policy: CompiledPolicy, key: string): string[] {
  const names = new Set<string>();
  for (const m of policy.packages.get(key) ?? []) {
    for (const r of m.rules) {
      const h = r.head.ref[0]!;
      if (h.kind === 'var') names.add(h.name);
    }
  }
  return [...names];
}

function bodyOutputVars(body: Body): Set<string> {
  const out = new Set<string>();
  for (const e of body) exprVars(e, SAFETY_PARAMS, out);
  return out;
}

function findVar(t: Term, name: string): Location | undefined {
  let found: Location | undefined;
  walkTerms(t, (x) => {
    if (found) return true;
    if (x.kind === 'var' && x.name === name) found = x.loc;
    return false;
  });
  return found;
}

function findVarInExpr(e: Expr, name: string): Location | undefined {
  let found: Location | undefined;
  walkExprTerms(e, (x) => {
    if (found) return true;
    if (x.kind === 'var' && x.name === name) found = x.loc;
    return false;
  });
  return found;
}
