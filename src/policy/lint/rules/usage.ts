// Names nobody reads: rules, functions and imports that are dead code (often the remains of a
// rename, so the live copy is elsewhere), and `data.meta.branch`, which CircleCI does not provide.

import type { Module, Rule, Term } from '../../../rego/index.js';
import type { LintModel, PackageInfo } from '../model.js';
import { importName, stringKeys } from '../model.js';
import { nameList } from '../decisions.js';
import type { LintRule, Report } from '../types.js';
import { forEachBodyTerm, forEachTerm } from '../walk.js';

/** Rules a decision reads by name, and tests run by name: never "unused". */
const ENTRY_POINTS = new Set(['hard_fail', 'soft_fail', 'enabled_rules', '__policy_metadata__', 'policy_name', 'enable_rule', 'enable_hard']);

/** Calls `fn` on every term of a rule except the rule's own name in its head. */
function forEachUseTerm(rule: Rule, fn: (t: Term) => void): void {
  for (let r: Rule | undefined = rule; r !== undefined; r = r.else) {
    for (const t of r.head.ref.slice(1)) forEachTerm(t, fn);
    for (const t of r.head.args ?? []) forEachTerm(t, fn);
    if (r.head.key !== undefined) forEachTerm(r.head.key, fn);
    if (r.head.value !== undefined) forEachTerm(r.head.value, fn);
    forEachBodyTerm(r.body, fn);
  }
}

/** `pkg\0name` of every rule something refers to; a `*` name marks a whole package. */
function usedNames(model: LintModel): Set<string> {
  const used = new Set<string>();
  for (const m of model.modules) {
    const pkg = model.packageOf(m);
    for (const imp of m.imports) markRef(model, imp.path.terms, used);
    for (const rule of m.rules) {
      forEachUseTerm(rule, (t) => {
        if (t.kind === 'var' && pkg.rules.has(t.name)) used.add(`${pkg.path}\u0000${t.name}`);
        if (t.kind === 'ref' || t.kind === 'var') {
          const target = model.resolve(t, m);
          if (target !== undefined) used.add(`${target.pkg.path}\u0000${target.name}`);
        }
        if (t.kind === 'ref') markRef(model, absolute(t.terms, m), used);
      });
    }
  }
  return used;
}

/** A ref as `data.…` terms, through an import alias; otherwise as written. */
function absolute(terms: Term[], m: Module): Term[] {
  const head = terms[0];
  if (head?.kind !== 'var') return terms;
  const imp = m.imports.find((i) => importName(i) === head.name);
  return imp === undefined ? terms : [...imp.path.terms, ...terms.slice(1)];
}

/** `data.lib.helpers` or `data.lib[x]` refers to every rule under that prefix. */
function markRef(model: LintModel, terms: Term[], used: Set<string>): void {
  if (terms[0]?.kind !== 'var' || terms[0].name !== 'data') return;
  const keys = stringKeys(terms.slice(1));
  const prefix = keys.join('.');
  const exact = model.packages.get(prefix);
  const dynamic = keys.length < terms.length - 1;
  if (exact === undefined && !dynamic) return;
  for (const pkg of model.packages.values()) {
    if (pkg.path === prefix || (dynamic && (prefix === '' || pkg.path.startsWith(prefix + '.')))) used.add(`${pkg.path}\u0000*`);
    if (!dynamic && pkg.path.startsWith(prefix + '.')) used.add(`${pkg.path}\u0000*`);
  }
}

/** Packages whose rules a decision reads: the others are libraries, whose rules are their API. */
function isPolicyPackage(pkg: PackageInfo): boolean {
  for (const k of ENTRY_POINTS) if (k !== '__policy_metadata__' && pkg.rules.has(k)) return true;
  return false;
}

function unusedRules(model: LintModel, functions: boolean, report: Report): void {
  const used = usedNames(model);
  for (const pkg of model.packages.values()) {
    if (!isPolicyPackage(pkg) || used.has(`${pkg.path}\u0000*`)) continue;
    const enabled = new Set(['enable_rule', 'enable_hard'].flatMap((k) => nameList(model, pkg.rules.get(k) ?? []).names.map((n) => n.value)));
    for (const [name, entries] of pkg.rules) {
      if (ENTRY_POINTS.has(name) || /^(todo_)?test_/.test(name) || enabled.has(name) || used.has(`${pkg.path}\u0000${name}`)) continue;
      const isFn = entries.some((e) => e.rule.head.args !== undefined);
      if (isFn !== functions) continue;
      const loc = entries[0]!.rule.loc;
      report(loc, `${isFn ? 'function' : 'rule'} ${name} is never used: nothing in the bundle refers to it${isFn ? '' : ' and no decision reports it'}`);
    }
  }
}

export const unusedRule: LintRule = {
  id: 'unused-rule',
  severity: 'warning',
  summary: 'a rule nothing refers to and no decision reports',
  explanation: `In a policy package, a rule that is not one of the decision's keys (hard_fail, soft_fail,
enabled_rules; CircleCI: enable_rule, enable_hard, hard_fail and the rules they enable) and that no
other rule refers to is evaluated and thrown away. It is usually a leftover of a rename, or a check
that was meant to be wired into hard_fail and never was.

Fix: refer to it where it was meant to count, or delete it. Library packages (those without decision
keys) are not checked: their rules are their interface.`,
  check(model, report) {
    unusedRules(model, false, report);
  },
};

export const unusedFunction: LintRule = {
  id: 'unused-function',
  severity: 'warning',
  summary: 'a function nothing calls',
  explanation: `A function of a policy package that no rule calls is dead code. Often a copy of a helper
that now lives elsewhere — the kind of copy that drifts from the original (see conflicting-definitions).

Fix: call it or delete it.`,
  check(model, report) {
    unusedRules(model, true, report);
  },
};

export const unusedImport: LintRule = {
  id: 'unused-import',
  severity: 'warning',
  summary: 'an import nothing uses',
  explanation: `An import whose name no rule of the file uses. CircleCI compiles in strict mode, where an
unused import is a compile error that rejects the whole bundle at push time.

Fix: remove the import (\`future.keywords\` and \`rego.v1\` imports are not checked: they change syntax).`,
  check(model, report) {
    for (const m of model.modules) {
      const names = new Set<string>();
      for (const rule of m.rules) {
        forEachUseTerm(rule, (t) => {
          if (t.kind === 'var') names.add(t.name);
        });
        for (const t of rule.head.ref) if (t.kind === 'var') names.add(t.name);
      }
      for (const imp of m.imports) {
        const root = imp.path.terms[0];
        if (root?.kind === 'var' && (root.name === 'future' || root.name === 'rego')) continue;
        const name = importName(imp);
        if (name !== undefined && !names.has(name)) report(imp.loc, `import ${importText(imp.path.terms)}${imp.alias ? ` as ${imp.alias}` : ''} is never used`);
      }
    }
  },
};

function importText(terms: Term[]): string {
  return terms.map((t, i) => (t.kind === 'var' ? t.name : t.kind === 'scalar' ? (i === 0 ? '' : '.') + String(t.value) : '[…]')).join('');
}

export const metaBranch: LintRule = {
  id: 'meta-branch',
  severity: 'error',
  summary: '`data.meta.branch` (use `data.meta.vcs.branch`)',
  explanation: `CircleCI's pipeline metadata has the branch at \`data.meta.vcs.branch\`; the top-level
\`data.meta.branch\` of early documentation does not exist, so a rule using it is always undefined —
and CircleCI rejects the bundle at push ("invalid use of data.meta.branch use data.meta.vcs.branch
instead"). CircleCI's own check only looks at top-level terms of rule bodies; this one looks
everywhere: heads, comprehensions, \`else\`, nested calls, imports and aliases.

Fix: \`data.meta.vcs.branch\`.`,
  check(model, report) {
    for (const m of model.modules) {
      for (const imp of m.imports) if (isMetaBranch(imp.path.terms)) report(imp.loc, 'import of data.meta.branch, which does not exist; use data.meta.vcs.branch');
      for (const rule of m.rules) {
        forEachUseTerm(rule, (t) => {
          if (t.kind === 'ref' && isMetaBranch(absolute(t.terms, m))) report(t.loc, 'data.meta.branch does not exist (CircleCI rejects it at push); use data.meta.vcs.branch');
        });
      }
    }
  },
};

function isMetaBranch(terms: Term[]): boolean {
  const keys = stringKeys(terms.slice(1));
  return terms[0]?.kind === 'var' && terms[0].name === 'data' && keys[0] === 'meta' && keys[1] === 'branch';
}

export const USAGE_RULES: LintRule[] = [unusedRule, unusedFunction, unusedImport, metaBranch];

