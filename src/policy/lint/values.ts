// Static knowledge of values: the string constants a term can be (regex patterns, rule names,
// reasons), the types it can have, and whether it may be a CircleCI config value that is not
// always a string. Each question follows variables, rules and function parameters a few steps and
// answers "unknown" rather than guess.

import { BUILTINS } from '../../rego/index.js';
import type { Location, Term, Type } from '../../rego/index.js';
import type { LintModel, RuleEntry } from './model.js';
import { bindingsOf, callSitesOf, definitionBodies, guardedBy, type Binding } from './scope.js';
import { opName, type BodyCtx } from './walk.js';

const MAX_DEPTH = 6;

export interface StringConst {
  value: string;
  loc: Location;
}

/** String literals `t` can be: followed through variables, rules and call sites. */
export function constStrings(model: LintModel, t: Term, ctx: BodyCtx, depth = 0): StringConst[] {
  if (depth > MAX_DEPTH) return [];
  if (t.kind === 'scalar') return typeof t.value === 'string' ? [{ value: t.value, loc: t.loc }] : [];
  if (t.kind === 'var') {
    const bs = bindingsOf(t.name, ctx);
    if (bs.length === 0) return ruleStrings(model, t, ctx, depth);
    return bs.flatMap((b) => bindingStrings(model, b, depth + 1));
  }
  if (t.kind === 'ref') {
    const last = t.terms[t.terms.length - 1]!;
    const whole = model.resolve(t, ctx.module);
    if (whole !== undefined && whole.rest.length === 0 && !isLocal(t.terms[0]!, ctx)) return ruleValueStrings(model, model.entries(whole), depth);
    // `coll[_]`, `coll[i]`: a member of a collection.
    if (t.terms.length >= 2 && last.kind === 'var') {
      const coll: Term = t.terms.length === 2 ? t.terms[0]! : { kind: 'ref', terms: t.terms.slice(0, -1), loc: t.loc };
      return elementStrings(model, coll, ctx, depth + 1);
    }
  }
  return [];
}

function isLocal(head: Term, ctx: BodyCtx): boolean {
  return head.kind === 'var' && bindingsOf(head.name, ctx).length > 0;
}

function ruleStrings(model: LintModel, t: Term, ctx: BodyCtx, depth: number): StringConst[] {
  const target = model.resolve(t, ctx.module);
  return target === undefined || target.rest.length > 0 ? [] : ruleValueStrings(model, model.entries(target), depth);
}

function bindingStrings(model: LintModel, b: Binding, depth: number): StringConst[] {
  switch (b.kind) {
    case 'value':
      return constStrings(model, b.term, b.ctx, depth);
    case 'elem':
      return elementStrings(model, b.coll, b.ctx, depth);
    case 'param':
      return callSitesOf(model, b.rule).flatMap((c) => {
        const arg = c.args[b.index];
        return arg === undefined ? [] : constStrings(model, arg, c.ctx, depth + 1);
      });
    case 'key':
      return [];
  }
}

/** The string members of a collection term (literal, variable or rule). */
export function elementStrings(model: LintModel, coll: Term, ctx: BodyCtx, depth = 0): StringConst[] {
  if (depth > MAX_DEPTH) return [];
  if (coll.kind === 'array' || coll.kind === 'set') return coll.items.flatMap((i) => constStrings(model, i, ctx, depth + 1));
  if (coll.kind === 'var' && bindingsOf(coll.name, ctx).length > 0) {
    return bindingsOf(coll.name, ctx).flatMap((b) => (b.kind === 'value' ? elementStrings(model, b.term, b.ctx, depth + 1) : []));
  }
  if (coll.kind === 'var' || coll.kind === 'ref') {
    const target = model.resolve(coll, ctx.module);
    if (target === undefined || target.rest.length > 0) return [];
    return definitionBodies(model.entries(target)).flatMap(({ rule, ctx: c }) => {
      if (rule.head.key !== undefined && rule.head.value === undefined) return constStrings(model, rule.head.key, c, depth + 1);
      return rule.head.value === undefined ? [] : elementStrings(model, rule.head.value, c, depth + 1);
    });
  }
  return [];
}

/** The strings a rule's value can be: a complete rule's string value or a partial set's string keys. */
function ruleValueStrings(model: LintModel, entries: RuleEntry[], depth: number): StringConst[] {
  return definitionBodies(entries).flatMap(({ rule, ctx }) => {
    if (rule.head.args !== undefined) return [];
    if (rule.head.key !== undefined && rule.head.value === undefined) return constStrings(model, rule.head.key, ctx, depth + 1);
    return rule.head.value === undefined ? [] : constStrings(model, rule.head.value, ctx, depth + 1);
  });
}

/** A term's string value when it is exactly one literal (directly or through one variable); else undefined. */
export function literalString(t: Term, ctx: BodyCtx): StringConst | undefined {
  if (t.kind === 'scalar' && typeof t.value === 'string') return { value: t.value, loc: t.loc };
  if (t.kind !== 'var') return undefined;
  const bs = bindingsOf(t.name, ctx);
  if (bs.length !== 1 || bs[0]!.kind !== 'value') return undefined;
  const v = bs[0]!.term;
  return v.kind === 'scalar' && typeof v.value === 'string' ? { value: v.value, loc: v.loc } : undefined;
}

// ---- types ------------------------------------------------------------------------------------

export type TypeName = 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object' | 'set';

/** The types `t` can have, or undefined when not known. */
export function typesOf(model: LintModel, t: Term, ctx: BodyCtx, depth = 0): Set<TypeName> | undefined {
  if (depth > MAX_DEPTH) return undefined;
  switch (t.kind) {
    case 'scalar':
      return new Set([scalarType(t.value)]);
    case 'array':
    case 'arraycompr':
      return new Set(['array']);
    case 'set':
    case 'setcompr':
      return new Set(['set']);
    case 'object':
    case 'objectcompr':
      return new Set(['object']);
    case 'call':
      return callTypes(model, t, ctx, depth);
    case 'var': {
      const bs = bindingsOf(t.name, ctx);
      if (bs.length === 0) return undefined;
      return unionAll(bs.map((b) => (b.kind === 'value' ? typesOf(model, b.term, b.ctx, depth + 1) : undefined)));
    }
    default:
      return undefined;
  }
}

function scalarType(v: unknown): TypeName {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'string') return 'string';
  return 'number';
}

function callTypes(model: LintModel, t: Extract<Term, { kind: 'call' }>, ctx: BodyCtx, depth: number): Set<TypeName> | undefined {
  const name = opName(t.op);
  const target = model.resolve(t.op, ctx.module);
  if (target !== undefined && target.rest.length === 0) {
    const defs = definitionBodies(model.entries(target));
    return unionAll(defs.map(({ rule, ctx: c }) => (rule.head.value === undefined ? new Set<TypeName>(['boolean']) : typesOf(model, rule.head.value, c, depth + 1))));
  }
  const b = BUILTINS.get(name);
  return b?.decl.result === undefined ? undefined : typeNames(b.decl.result);
}

/** Concrete types of a declared type; undefined for `any` without alternatives. */
export function typeNames(ty: Type): Set<TypeName> | undefined {
  switch (ty.type) {
    case 'any':
      if (ty.of === undefined || ty.of.length === 0) return undefined;
      return unionAll(ty.of.map(typeNames));
    case 'function':
      return undefined;
    default:
      return new Set([ty.type]);
  }
}

function unionAll(sets: (Set<TypeName> | undefined)[]): Set<TypeName> | undefined {
  if (sets.length === 0) return undefined;
  const out = new Set<TypeName>();
  for (const s of sets) {
    if (s === undefined) return undefined;
    for (const x of s) out.add(x);
  }
  return out;
}

// ---- config values that are not always strings ------------------------------------------------

/** Keys of a CircleCI config whose value may be a string or something else. */
const SHAPES: Record<string, string> = {
  run: '`run` may be a map (`run: {command: …}`, and always is in the compiled config)',
  context: '`context` may be a list of contexts',
  only: 'a branch or tag filter (`only`) may be a list',
  ignore: 'a branch or tag filter (`ignore`) may be a list',
  executor: '`executor` may be a map (`executor: {name: …}`)',
};

const ELEMENT_SHAPES: Record<string, string> = {
  steps: 'a step may be a map (`- run: …`) as well as a string (`- checkout`)',
  jobs: 'a workflow job entry may be a map (`- build: {requires: …}`) as well as a string',
  orbs: 'an orb may be an inline definition (a map) as well as a `ns/name@version` string',
};

/**
 * Why `t` may hold a CircleCI config value that is not a string, or undefined when it is a string
 * (or when that is not known). Values checked with `is_string` are strings.
 */
export function mayBeNonString(model: LintModel, t: Term, ctx: BodyCtx, depth = 0): string | undefined {
  if (depth > MAX_DEPTH) return undefined;
  if (t.kind === 'scalar') return typeof t.value === 'string' ? undefined : `the literal ${JSON.stringify(t.value)} is not a string`;
  if (t.kind === 'array' || t.kind === 'set' || t.kind === 'object' || t.kind.endsWith('compr')) return `a ${t.kind.replace('compr', '')} literal is not a string`;
  if (guardedBy(['is_string'], t, ctx)) return undefined;
  if (t.kind === 'ref') return refShape(t);
  if (t.kind === 'var') {
    for (const b of bindingsOf(t.name, ctx)) {
      const why = bindingShape(model, b, depth + 1);
      if (why !== undefined) return why;
    }
    return undefined;
  }
  if (t.kind === 'call') return callShape(model, t, ctx, depth);
  return undefined;
}

function refShape(t: Extract<Term, { kind: 'ref' }>): string | undefined {
  const last = t.terms[t.terms.length - 1]!;
  if (last.kind === 'scalar' && typeof last.value === 'string') return SHAPES[last.value];
  // `job.steps[_]`: a member of a list whose members come in several shapes.
  const prev = t.terms[t.terms.length - 2];
  if (last.kind === 'var' && prev?.kind === 'scalar' && typeof prev.value === 'string') return ELEMENT_SHAPES[prev.value];
  return undefined;
}

function bindingShape(model: LintModel, b: Binding, depth: number): string | undefined {
  switch (b.kind) {
    case 'value':
      return mayBeNonString(model, b.term, b.ctx, depth);
    case 'elem': {
      const key = lastKey(b.coll);
      return key === undefined ? undefined : ELEMENT_SHAPES[key];
    }
    case 'param':
      for (const c of callSitesOf(model, b.rule)) {
        const arg = c.args[b.index];
        const why = arg === undefined ? undefined : mayBeNonString(model, arg, c.ctx, depth + 1);
        if (why !== undefined) return why;
      }
      return undefined;
    case 'key':
      return undefined;
  }
}

function callShape(model: LintModel, t: Extract<Term, { kind: 'call' }>, ctx: BodyCtx, depth: number): string | undefined {
  const target = model.resolve(t.op, ctx.module);
  if (target === undefined || target.rest.length > 0) return undefined;
  for (const { rule, ctx: c } of definitionBodies(model.entries(target))) {
    if (rule.head.value === undefined) continue;
    const why = mayBeNonString(model, rule.head.value, c, depth + 1);
    if (why !== undefined) return `${why}; ${target.name} (${rule.loc.file}:${rule.loc.row}) returns it without checking is_string`;
  }
  return undefined;
}

function lastKey(t: Term): string | undefined {
  if (t.kind !== 'ref') return undefined;
  const last = t.terms[t.terms.length - 1]!;
  return last.kind === 'scalar' && typeof last.value === 'string' ? last.value : undefined;
}
