// `rego.metadata.rule()` and `rego.metadata.chain()`: the METADATA annotations that apply to
// the rule being evaluated, in OPA's JSON shape (authors as {name, email}, and so on).

import type { Annotation, Module, Package, Rule } from '../ast.js';
import type { CompiledPolicy } from '../compiler/index.js';
import { fullRef } from '../compiler/ruletree.js';
import { RObject, type Value, fromJS } from '../value.js';

export function metadataRule(rule: Rule | undefined): Value {
  const ann = rule?.annotations?.find((a) => a.scope === 'rule');
  return ann === undefined ? new RObject() : annotationValue(ann);
}

export function metadataChain(policy: CompiledPolicy, rule: Rule | undefined): Value {
  if (rule === undefined || rule.module === undefined) return [];
  const chain: Value[] = [];
  const rulePath = rulePathOf(rule);
  const own = rule.annotations?.find((a) => a.scope === 'rule');
  chain.push(entry(rulePath, own));
  for (const m of policy.modules) {
    for (const a of m.annotations) {
      if (a.scope !== 'document' || a.target === undefined || !('head' in a.target)) continue;
      if (samePath(rulePathOf(a.target as Rule, m), rulePath)) chain.push(entry(rulePath, a));
    }
  }
  const pkgPath = packagePath(rule.module.package);
  for (const m of policy.modules) {
    for (const a of m.annotations) {
      if (a.scope === 'package' && samePath(packagePath(m.package), pkgPath) && a.target === m.package) chain.push(entry(pkgPath, a));
    }
  }
  for (let n = pkgPath.length; n >= 1; n--) {
    const prefix = pkgPath.slice(0, n);
    for (const m of policy.modules) {
      for (const a of m.annotations) {
        if (a.scope === 'subpackages' && samePath(packagePath(m.package), prefix)) chain.push(entry(prefix, a));
      }
    }
  }
  return chain;
}

function entry(path: string[], ann: Annotation | undefined): Value {
  const o = new RObject();
  o.set('path', path);
  if (ann !== undefined) o.set('annotations', annotationValue(ann));
  return o;
}

function rulePathOf(rule: Rule, _m?: Module): string[] {
  const out: string[] = [];
  for (const t of fullRef(rule).slice(1)) {
    if (t.kind !== 'scalar') break;
    out.push(String(t.value));
  }
  return out;
}

function packagePath(p: Package): string[] {
  return p.path.terms.slice(1).map((t) => (t.kind === 'scalar' ? String(t.value) : ''));
}

function samePath(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** An annotation as OPA serialises it. */
export function annotationValue(ann: Annotation): Value {
  const f = ann.fields;
  const out: Record<string, unknown> = { scope: ann.scope };
  for (const key of ['title', 'description', 'organizations', 'entrypoint', 'custom', 'schemas']) {
    if (f[key] !== undefined && f[key] !== null) out[key] = f[key];
  }
  if (Array.isArray(f.authors)) out.authors = f.authors.map(author);
  if (Array.isArray(f.related_resources)) out.related_resources = f.related_resources.map(resource);
  return fromJS(out);
}

function author(a: unknown): unknown {
  if (typeof a !== 'string') return a;
  const m = /^(.*?)\s*<([^>]*)>\s*$/.exec(a.trim());
  if (m) {
    const out: Record<string, string> = {};
    if (m[1]) out.name = m[1];
    if (m[2]) out.email = m[2];
    return out;
  }
  return a.includes('@') && !a.includes(' ') ? { email: a.trim() } : { name: a.trim() };
}

function resource(r: unknown): unknown {
  return typeof r === 'string' ? { ref: r } : r;
}
