// CircleCI's rules for the files of a bundle (spec §1.2): `policy_name` as the first rule, a
// well-formed unique name, `package org` only, and no `data.meta.branch`. Each check returns
// problems worded exactly as CircleCI's policy agent words them, located in the file.

import type { Expr, Module, Rule, Term } from '../../rego/index.js';
import type { Problem } from '../errors.js';
import { decodeNameKey, packageText, refText } from './text.js';

export interface NamedModule {
  module: Module;
  /** The declared policy name (absent when the declaration is broken). */
  name?: string;
}

const NAME_CHARS = /^\w+$/;
const MAX_NAME_BYTES = 80;

function at(file: string, loc: { row: number; col: number } | undefined, message: string): Problem {
  return loc === undefined ? { file, message } : { file, line: loc.row, col: loc.col, message };
}

/** The policy name a module declares, or the problem with its declaration. */
export function policyName(m: Module): { name: string } | { problem: Problem } {
  const file = m.file;
  const fail = (loc: { row: number; col: number } | undefined, text: string) => ({
    problem: at(file, loc, `failed to parse file: ${JSON.stringify(file)}: ${text}`),
  });
  const first = m.rules[0];
  if (first === undefined) return fail(m.package.loc, 'must declare rule "policy_name" but module contains no rules');
  const head = first.head.ref[0];
  const ruleName = head?.kind === 'var' ? head.name : '';
  if (ruleName !== 'policy_name' || first.head.args !== undefined)
    return fail(first.loc, `first rule declaration must be "policy_name" but found ${JSON.stringify(ruleName)}`);
  const key = declaredKey(first);
  if (key === undefined) return fail(first.loc, 'invalid policy_name declaration: must declare as key');
  const decoded = decodeNameKey(key);
  if ('error' in decoded) return fail(key.loc, `invalid policy_name: ${decoded.error}`);
  const name = decoded.name;
  if (name === '') return fail(key.loc, 'policy_name must not be empty');
  const bytes = Buffer.byteLength(name);
  if (bytes > MAX_NAME_BYTES) return fail(key.loc, `policy_name must be maximum ${MAX_NAME_BYTES} characters but got ${bytes}`);
  if (!NAME_CHARS.test(name)) return fail(key.loc, '"policy_name" must use alphanumeric and underscore characters only');
  return { name };
}

/** The key of `policy_name["x"]` / `policy_name contains "x"` (also `policy_name["x"] = v`). */
function declaredKey(rule: Rule): Term | undefined {
  if (rule.default) return undefined;
  if (rule.head.key !== undefined) return rule.head.key;
  if (rule.head.ref.length === 2) return rule.head.ref[1];
  return undefined;
}

/** `policy "<name>" declared <n> times`, located at every declaration after the first. */
export function duplicateNames(named: NamedModule[]): Problem[] {
  const byName = new Map<string, Module[]>();
  for (const n of named) if (n.name !== undefined) byName.set(n.name, [...(byName.get(n.name) ?? []), n.module]);
  const out: Problem[] = [];
  for (const [name, modules] of byName) {
    if (modules.length < 2) continue;
    const second = modules[1]!;
    out.push(at(second.file, second.rules[0]?.loc, `policy ${JSON.stringify(name)} declared ${modules.length} times`));
  }
  return out;
}

/** The lint of one policy: package must be `org`; `data.meta.branch` is gone. */
export function lintPolicy(m: Module, name: string): Problem[] {
  const out: Problem[] = [];
  const prefix = JSON.stringify(name);
  const pkg = packageText(m.package.path.terms);
  if (pkg !== 'package org')
    out.push(at(m.file, m.package.loc, `${prefix}: invalid package name: expected one of packages [org] but got ${JSON.stringify(pkg)}`));
  for (const rule of m.rules) {
    for (const expr of rule.body) {
      for (const term of topLevelTerms(expr)) {
        if (term.kind === 'ref' && refText(term.terms) === 'data.meta.branch')
          out.push(at(m.file, term.loc, `${prefix}: ${m.file}:${term.loc.row}: invalid use of data.meta.branch use data.meta.vcs.branch instead`));
      }
    }
  }
  return out;
}

/**
 * The terms CircleCI's lint looks at: an expression's own term, or its call's operator and
 * arguments. Heads, comprehensions, `else` bodies and nested calls are not looked into.
 */
function topLevelTerms(expr: Expr): Term[] {
  const t = expr.terms;
  if (t.kind === 'term') return [t.term];
  if (t.kind === 'call') return [t.op, ...t.args];
  return [];
}
