// How a bundle's rules become a decision, read statically: which violations `hard_fail` and
// `soft_fail` produce (the seed's format), which names `enabled_rules`, `enable_rule`,
// `enable_hard` and `hard_fail` list (CircleCI's), and where each name is written.

import type { Location, Rule, Term } from '../../rego/index.js';
import type { LintModel, PackageInfo, RuleEntry } from './model.js';
import { bindingsOf, definitionBodies } from './scope.js';
import { constStrings, type StringConst } from './values.js';
import type { BodyCtx } from './walk.js';

/** The package decisions are read from (both formats). */
export const DECISION_PACKAGE = 'org';

/** One member a `hard_fail`/`soft_fail` rule adds. */
export interface Producer {
  set: 'hard_fail' | 'soft_fail';
  rule: Rule;
  ctx: BodyCtx;
  /** The member as written in the head. */
  member: Term;
  /** The object literal it is, when that is known. */
  object: Extract<Term, { kind: 'object' }> | undefined;
  /** The value of its "rule" field when that is a literal. */
  name: StringConst | undefined;
  /** Its "reason" field, when the object has one. */
  reason: Term | undefined;
}

/** Members of every `hard_fail`/`soft_fail` partial set of a package. */
export function producers(model: LintModel, pkg: PackageInfo): Producer[] {
  const out: Producer[] = [];
  for (const set of ['hard_fail', 'soft_fail'] as const) {
    for (const { rule, ctx } of definitionBodies(pkg.rules.get(set) ?? [])) {
      if (!isPartialSet(rule)) continue;
      const member = rule.head.key!;
      const object = objectOf(member, ctx);
      const ruleField = object === undefined ? undefined : field(object, 'rule');
      const names = ruleField === undefined ? [] : constStrings(model, ruleField, ctx);
      out.push({ set, rule, ctx, member, object, name: names.length === 1 ? names[0] : undefined, reason: object === undefined ? undefined : field(object, 'reason') });
    }
  }
  return out;
}

export function isPartialSet(rule: Rule): boolean {
  return rule.head.key !== undefined && rule.head.value === undefined && rule.head.ref.length === 1 && rule.head.args === undefined;
}

/** The object literal a term is, directly or as the single value of a variable. */
export function objectOf(t: Term, ctx: BodyCtx): Extract<Term, { kind: 'object' }> | undefined {
  if (t.kind === 'object') return t;
  if (t.kind !== 'var') return undefined;
  const values = bindingsOf(t.name, ctx).filter((b) => b.kind === 'value');
  if (values.length !== 1) return undefined;
  const b = values[0]!;
  return b.kind === 'value' && b.term.kind === 'object' ? b.term : undefined;
}

export function field(o: Extract<Term, { kind: 'object' }>, key: string): Term | undefined {
  return o.items.find(([k]) => k.kind === 'scalar' && k.value === key)?.[1];
}

/** The names a rule such as `enabled_rules` or `enable_rule` lists; `dynamic` when not all are literals. */
export interface NameList {
  names: StringConst[];
  dynamic: boolean;
  /** Where the list is declared (its first definition). */
  loc: Location | undefined;
}

export function nameList(model: LintModel, entries: RuleEntry[]): NameList {
  const names: StringConst[] = [];
  let dynamic = false;
  for (const { rule, ctx } of definitionBodies(entries)) {
    if (rule.head.args !== undefined) {
      dynamic = true;
      continue;
    }
    const terms = isPartialSet(rule) ? [rule.head.key!] : rule.head.value !== undefined ? membersOf(rule.head.value) : undefined;
    if (terms === undefined) {
      dynamic = true;
      continue;
    }
    for (const t of terms) {
      const s = t.kind === 'scalar' && typeof t.value === 'string' ? [{ value: t.value, loc: t.loc }] : constStrings(model, t, ctx);
      if (s.length === 0) dynamic = true;
      names.push(...s);
    }
  }
  return { names, dynamic, loc: entries[0]?.rule.loc };
}

function membersOf(t: Term): Term[] | undefined {
  return t.kind === 'set' || t.kind === 'array' ? t.items : undefined;
}

/** What an enabled rule yields in CircleCI's format, as far as its heads tell. */
export type RuleShape = 'boolean' | 'function' | 'objects' | 'other';

export function ruleShape(entries: RuleEntry[]): RuleShape {
  const defs = definitionBodies(entries).filter(({ rule }) => !rule.default);
  if (defs.length === 0) return 'other';
  if (defs.every(({ rule }) => rule.head.args !== undefined)) return 'function';
  const isBool = ({ rule }: { rule: Rule }): boolean =>
    rule.head.ref.length === 1 && rule.head.key === undefined && (rule.head.value === undefined || (rule.head.value.kind === 'scalar' && typeof rule.head.value.value === 'boolean'));
  if (defs.every(isBool)) return 'boolean';
  if (defs.some(({ rule, ctx }) => isPartialSet(rule) && objectOf(rule.head.key!, ctx) !== undefined)) return 'objects';
  return 'other';
}
