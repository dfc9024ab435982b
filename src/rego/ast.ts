// The Rego syntax tree, as the parser produces it and the compiler rewrites it.
// Knows nothing about evaluation. Every node carries its source location.

import type { Scalar, Value } from './value.js';

export interface Location {
  file: string;
  /** 1-based line. */
  row: number;
  /** 1-based column. */
  col: number;
}

export type Term =
  | ScalarTerm
  | VarTerm
  | RefTerm
  | ArrayTerm
  | SetTerm
  | ObjectTerm
  | ArrayComprehension
  | SetComprehension
  | ObjectComprehension
  | CallTerm
  | ValueTerm;

export interface ScalarTerm {
  kind: 'scalar';
  value: Scalar;
  loc: Location;
}

export interface VarTerm {
  kind: 'var';
  name: string;
  loc: Location;
}

/** `head.a[b]...`: terms[0] is the head (a var, call or composite), the rest are keys. */
export interface RefTerm {
  kind: 'ref';
  terms: Term[];
  loc: Location;
}

export interface ArrayTerm {
  kind: 'array';
  items: Term[];
  loc: Location;
}

export interface SetTerm {
  kind: 'set';
  items: Term[];
  loc: Location;
}

export interface ObjectTerm {
  kind: 'object';
  items: [Term, Term][];
  loc: Location;
}

export interface ArrayComprehension {
  kind: 'arraycompr';
  head: Term;
  body: Body;
  loc: Location;
}

export interface SetComprehension {
  kind: 'setcompr';
  head: Term;
  body: Body;
  loc: Location;
}

export interface ObjectComprehension {
  kind: 'objectcompr';
  key: Term;
  value: Term;
  body: Body;
  loc: Location;
}

/** A function call used as a term: `f(x)`, or an infix operator such as `a + b` (op `plus`). */
export interface CallTerm {
  kind: 'call';
  op: RefTerm;
  args: Term[];
  loc: Location;
  /** A whole expression's call (visitors see those as call terms too): may have an output arg. */
  exprCall?: boolean;
}

/** A constant composite value built by the compiler (never produced by the parser). */
export interface ValueTerm {
  kind: 'value';
  value: Value;
  loc: Location;
}

export type Body = Expr[];

export interface With {
  target: RefTerm;
  value: Term;
  loc: Location;
  /** Set by the compiler when the value names a function or built-in (`with f as g`). */
  fn?: string;
}

export type ExprTerms =
  | { kind: 'term'; term: Term }
  | { kind: 'call'; op: RefTerm; args: Term[] }
  | { kind: 'some'; symbols: Term[] }
  | { kind: 'every'; key: Term | undefined; value: Term; domain: Term; body: Body };

export interface Expr {
  terms: ExprTerms;
  negated: boolean;
  with: With[];
  loc: Location;
  /** Added by the compiler rather than written by the user. */
  generated?: boolean;
}

export interface Head {
  /** The rule's reference: `p`, `p.q[r]`; ref[0] is a var (the rule's name). */
  ref: Term[];
  args: Term[] | undefined;
  /** The member of a multi-value rule (`p contains x`, v0 `p[x]`). */
  key: Term | undefined;
  value: Term | undefined;
  /** Written with `:=`. */
  assign: boolean;
  loc: Location;
}

export interface Rule {
  head: Head;
  body: Body;
  default: boolean;
  else: Rule | undefined;
  loc: Location;
  /** Set once the rule is part of a module. */
  module?: Module;
  annotations?: Annotation[];
}

export interface Import {
  path: RefTerm;
  alias: string | undefined;
  loc: Location;
}

export interface Package {
  /** `data.a.b` as a ref. */
  path: RefTerm;
  loc: Location;
}

export interface Comment {
  text: string;
  loc: Location;
}

export type AnnotationScope = 'package' | 'rule' | 'document' | 'subpackages';

/** A METADATA block: its YAML fields plus where it applies. */
export interface Annotation {
  scope: AnnotationScope;
  fields: Record<string, unknown>;
  loc: Location;
  /** The rule or package it annotates, filled in by the parser. */
  target?: Rule | Package;
}

export type RegoVersion = 0 | 1;

export interface Module {
  file: string;
  package: Package;
  imports: Import[];
  rules: Rule[];
  comments: Comment[];
  annotations: Annotation[];
  regoVersion: RegoVersion;
  /** Keywords enabled by `future.keywords` / `rego.v1` imports (v0 modules). */
  keywords: Set<string>;
}

// ---- helpers ----------------------------------------------------------------------------------

export function varTerm(name: string, loc: Location): VarTerm {
  return { kind: 'var', name, loc };
}

export function scalarTerm(value: Scalar, loc: Location): ScalarTerm {
  return { kind: 'scalar', value, loc };
}

export function refTerm(terms: Term[], loc: Location): RefTerm {
  return { kind: 'ref', terms, loc };
}

/** Turns `a.b["c"]` into the dotted name `a.b.c` when every key is a string; else undefined. */
export function refName(ref: RefTerm): string | undefined {
  const head = ref.terms[0]!;
  if (head.kind !== 'var') return undefined;
  let name = head.name;
  for (let i = 1; i < ref.terms.length; i++) {
    const t = ref.terms[i]!;
    if (t.kind !== 'scalar' || typeof t.value !== 'string') return undefined;
    name += '.' + t.value;
  }
  return name;
}

/** A ref's string keys after its head, e.g. `data.a.b` → ['a', 'b']; undefined if any is not a string. */
export function refPath(ref: RefTerm): string[] | undefined {
  const out: string[] = [];
  for (let i = 1; i < ref.terms.length; i++) {
    const t = ref.terms[i]!;
    if (t.kind !== 'scalar' || typeof t.value !== 'string') return undefined;
    out.push(t.value);
  }
  return out;
}

export function isMultiValue(rule: Rule): boolean {
  return rule.head.key !== undefined && rule.head.value === undefined;
}

/** A rule with arguments. `f()` with none is a plain rule that can also be called, as in OPA. */
export function isFunction(rule: Rule): boolean {
  return rule.head.args !== undefined && rule.head.args.length > 0;
}

export function locText(loc: Location): string {
  return `${loc.file}:${loc.row}`;
}
