// Stage: OPA's strict mode. Locals that are declared but never used, and imports never used,
// are errors: they usually mean a typo made a condition silently do nothing.

import type { Module, Rule, Term } from '../ast.js';
import { RegoError } from '../errors.js';
import type { LocalNames } from './locals.js';
import { walkBodyTerms, walkTerms } from './walk.js';

export function checkStrict(modules: Module[], names: LocalNames, usedImports: Map<Module, Set<string>>, strict: boolean, errors: RegoError[]): void {
  if (!strict) return;
  for (const m of modules) {
    for (const rule of m.rules) {
      const name = rule.head.ref[0]!;
      if (name.kind === 'var' && (name.name === 'input' || name.name === 'data')) {
        errors.push(new RegoError('rego_compile_error', `rules must not shadow ${name.name} (use a different rule name)`, rule.loc));
      }
      for (let r: Rule | undefined = rule; r; r = r.else) checkUnusedVars(r, names, errors);
    }
    checkUnusedImports(m, usedImports.get(m) ?? new Set(), errors);
  }
}

function checkUnusedVars(r: Rule, names: LocalNames, errors: RegoError[]): void {
  const counts = new Map<string, number>();
  const visit = (t: Term): boolean => {
    if (t.kind === 'var') counts.set(t.name, (counts.get(t.name) ?? 0) + 1);
    return false;
  };
  walkBodyTerms(r.body, visit);
  for (const t of [r.head.key, r.head.value, ...r.head.ref.slice(1), ...(r.head.args ?? [])]) if (t) walkTerms(t, visit);
  const found: RegoError[] = [];
  for (const [name, decl] of names.declarations) {
    if (decl.rule !== r || (counts.get(name) ?? 0) > 1) continue;
    found.push(new RegoError('rego_compile_error', `${decl.kind} var ${names.userName(name)} unused`, decl.loc));
  }
  found.sort((a, b) => a.location!.row - b.location!.row || a.location!.col - b.location!.col);
  errors.push(...found);
}

function checkUnusedImports(m: Module, used: Set<string>, errors: RegoError[]): void {
  for (const imp of m.imports) {
    const head = imp.path.terms[0]!;
    if (head.kind !== 'var' || head.name === 'future' || head.name === 'rego') continue;
    const last = imp.path.terms[imp.path.terms.length - 1]!;
    const name = imp.alias ?? (imp.path.terms.length === 1 ? head.name : last.kind === 'scalar' ? String(last.value) : '');
    if (used.has(name)) continue;
    const text = importText(imp.path.terms);
    errors.push(new RegoError('rego_compile_error', `import ${text}${imp.alias ? ' as ' + imp.alias : ''} unused`, imp.loc));
  }
}

function importText(terms: Term[]): string {
  let s = '';
  for (const t of terms) {
    if (t.kind === 'var') s += t.name;
    else if (t.kind === 'scalar' && typeof t.value === 'string') s += /^[A-Za-z_][A-Za-z0-9_]*$/.test(t.value) ? '.' + t.value : `[${JSON.stringify(t.value)}]`;
  }
  return s;
}
