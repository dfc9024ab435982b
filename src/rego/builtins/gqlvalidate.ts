// GraphQL query validation as gqlparser does it: a walk over the document that resolves each
// field, argument and value against the schema, and rules that watch the walk and report in
// gqlparser's words, in its order (rules in name order, each node after its children).

import type {
  Argument,
  ArgumentDefinition,
  Definition,
  Directive,
  DirectiveDefinition,
  Field,
  FieldDefinition,
  FragmentDefinition,
  FragmentSpread,
  GValue,
  InlineFragment,
  OperationDefinition,
  Position,
  QueryDocument,
  Selection,
  TypeRef,
  VariableDefinition,
} from './gqlparse.js';
import { ValueKind } from './gqlparse.js';
import {
  isAbstractType,
  isCompatible,
  isCompositeType,
  isInputType,
  isLeafType,
  type Schema,
  typeName,
  typeString,
} from './gqlschema.js';

export interface ValidationError {
  message: string;
  pos: Position | null;
}

// What the walk learns about each node.
interface FieldInfo {
  def: FieldDefinition | null;
  parent: Definition | null;
}
interface ValueInfo {
  expected: TypeRef | null;
  def: Definition | null;
  variable: VariableDefinition | null;
}
interface DirectiveInfo {
  def: DirectiveDefinition | null;
  location: string;
}

type Report = (message: string, pos: Position | null) => void;

interface Rules {
  field: ((f: Field) => void)[];
  operation: ((o: OperationDefinition) => void)[];
  fragment: ((f: FragmentDefinition) => void)[];
  inlineFragment: ((f: InlineFragment) => void)[];
  fragmentSpread: ((f: FragmentSpread) => void)[];
  directive: ((d: Directive) => void)[];
  directiveList: ((ds: Directive[]) => void)[];
  value: ((v: GValue) => void)[];
}

// ---- messages --------------------------------------------------------------------------------------

function levenshtein(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0]!;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j]!;
      dp[j] = Math.min(dp[j]! + 1, dp[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length]!;
}

function lexicalDistance(a: string, b: string): number {
  if (a === b) return 0;
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la === lb) return 1;
  return levenshtein(la, lb);
}

/** Options close enough to what was typed, nearest first. */
function suggestionList(input: string, options: string[]): string[] {
  const threshold = Math.max(1, Math.floor(input.length * 0.4) + 1);
  const dist = new Map<string, number>();
  const out: string[] = [];
  for (const o of options) {
    const d = lexicalDistance(input, o);
    if (d <= threshold) {
      out.push(o);
      dist.set(o, d);
    }
  }
  return out.sort((x, y) => dist.get(x)! - dist.get(y)! || (x < y ? -1 : x > y ? 1 : 0));
}

function orList(items: string[]): string {
  items = items.slice(0, 5);
  if (items.length === 2) return `${items[0]} or ${items[1]}`;
  return items.map((x, i) => (i === 0 ? x : i === items.length - 1 ? `, or ${x}` : `, ${x}`)).join('');
}

const quoted = (xs: string[]) => orList(xs.map((x) => `"${x}"`));

function suggest(prefix: string, typed: string, options: string[], quote = true): string {
  const s = suggestionList(typed, options);
  return s.length === 0 ? '' : ` ${prefix} ${quote ? quoted(s) : orList(s)}?`;
}

function goQuote(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\u009f]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);
}

function valueString(v: GValue | null): string {
  if (v === null) return '<nil>';
  switch (v.Kind) {
    case ValueKind.Variable:
      return '$' + v.Raw;
    case ValueKind.String:
    case ValueKind.Block:
      return goQuote(v.Raw);
    case ValueKind.List:
      return '[' + (v.Children ?? []).map((c) => valueString(c.Value)).join(',') + ']';
    case ValueKind.Object:
      return '{' + (v.Children ?? []).map((c) => c.Name + ':' + valueString(c.Value)).join(',') + '}';
    default:
      return v.Raw;
  }
}

// ---- the walk --------------------------------------------------------------------------------------

class Walker {
  readonly fields = new Map<Field, FieldInfo>();
  readonly values = new Map<GValue, ValueInfo>();
  readonly directives = new Map<Directive, DirectiveInfo>();
  readonly spreadTargets = new Map<FragmentSpread, FragmentDefinition | null>();
  readonly parents = new Map<InlineFragment | FragmentSpread, Definition | null>();
  readonly used = new Set<VariableDefinition>();
  operation: OperationDefinition | null = null;
  private visitedSpreads = new Set<string>();

  constructor(
    readonly schema: Schema,
    readonly doc: QueryDocument,
    private readonly rules: Rules,
  ) {}

  type(name: string): Definition | null {
    return this.schema.types.get(name) ?? null;
  }

  fragment(name: string): FragmentDefinition | null {
    return (this.doc.Fragments ?? []).find((f) => f.Name === name) ?? null;
  }

  walk(): void {
    for (const op of this.doc.Operations ?? []) {
      this.visitedSpreads = new Set();
      this.walkOperation(op);
    }
    for (const frag of this.doc.Fragments ?? []) {
      this.visitedSpreads = new Set();
      const def = this.type(frag.TypeCondition);
      this.walkDirectives(frag.Directives, 'FRAGMENT_DEFINITION');
      this.walkSelectionSet(def, frag.SelectionSet);
      for (const r of this.rules.fragment) r(frag);
    }
  }

  private walkOperation(op: OperationDefinition): void {
    this.operation = op;
    const roots: Record<string, [Definition | null, string]> = {
      query: [this.schema.query, 'QUERY'],
      '': [this.schema.query, 'QUERY'],
      mutation: [this.schema.mutation, 'MUTATION'],
      subscription: [this.schema.subscription, 'SUBSCRIPTION'],
    };
    const [def, loc] = roots[op.Operation] ?? [null, ''];
    for (const v of op.VariableDefinitions ?? []) {
      const vdef = v.Type === null ? null : this.type(typeName(v.Type));
      if (v.DefaultValue !== null) this.walkValue(v.DefaultValue, { expected: v.Type, def: vdef, variable: null });
      this.walkDirectives(v.Directives, 'VARIABLE_DEFINITION');
    }
    this.walkDirectives(op.Directives, loc);
    this.walkSelectionSet(def, op.SelectionSet);
    for (const r of this.rules.operation) r(op);
    this.operation = null;
  }

  private walkDirectives(dirs: Directive[] | null, location: string): void {
    for (const dir of dirs ?? []) {
      const def = this.schema.directives.get(dir.Name) ?? null;
      this.directives.set(dir, { def, location });
      for (const arg of dir.Arguments ?? []) this.walkArgument(arg, argumentDef(def?.Arguments ?? null, arg.Name));
      for (const r of this.rules.directive) r(dir);
    }
    for (const r of this.rules.directiveList) r(dirs ?? []);
  }

  private walkArgument(arg: Argument, def: ArgumentDefinition | null): void {
    if (arg.Value === null) return;
    const info: ValueInfo = { expected: null, def: null, variable: null };
    if (def !== null && def.Type !== null) {
      info.expected = def.Type;
      info.def = this.type(typeName(def.Type));
    }
    this.walkValue(arg.Value, info);
  }

  private walkValue(v: GValue, info: ValueInfo): void {
    if (v.Kind === ValueKind.Variable && this.operation !== null) {
      info.variable = (this.operation.VariableDefinitions ?? []).find((d) => d.Variable === v.Raw) ?? null;
      if (info.variable !== null) this.used.add(info.variable);
    }
    this.values.set(v, info);
    for (const child of v.Children ?? []) {
      if (child.Value === null) continue;
      const ci: ValueInfo = { expected: null, def: null, variable: null };
      if (v.Kind === ValueKind.Object && info.def !== null) {
        const fd = (info.def.Fields ?? []).find((f) => f.Name === child.Name);
        if (fd !== undefined && fd.Type !== null) {
          ci.expected = fd.Type;
          ci.def = this.type(typeName(fd.Type));
        }
      } else if (v.Kind === ValueKind.List && info.expected !== null && info.expected.Elem !== null) {
        ci.expected = info.expected.Elem;
        ci.def = info.def;
      }
      if (v.Kind === ValueKind.Object || v.Kind === ValueKind.List) this.walkValue(child.Value, ci);
    }
    for (const r of this.rules.value) r(v);
  }

  private walkSelectionSet(parent: Definition | null, sels: Selection[] | null): void {
    for (const s of sels ?? []) this.walkSelection(parent, s);
  }

  private walkSelection(parent: Definition | null, s: Selection): void {
    switch (s.kind) {
      case 'Field': {
        let def: FieldDefinition | null = null;
        if (s.Name === '__typename') def = typenameField();
        else if (parent !== null) def = (parent.Fields ?? []).find((f) => f.Name === s.Name) ?? null;
        this.fields.set(s, { def, parent });
        const next = def !== null && def.Type !== null ? this.type(typeName(def.Type)) : null;
        for (const arg of s.Arguments ?? []) this.walkArgument(arg, def === null ? null : argumentDef(def.Arguments, arg.Name));
        this.walkDirectives(s.Directives, 'FIELD');
        this.walkSelectionSet(next, s.SelectionSet);
        for (const r of this.rules.field) r(s);
        return;
      }
      case 'InlineFragment': {
        this.parents.set(s, parent);
        const next = s.TypeCondition !== '' ? this.type(s.TypeCondition) : parent;
        this.walkDirectives(s.Directives, 'INLINE_FRAGMENT');
        this.walkSelectionSet(next, s.SelectionSet);
        for (const r of this.rules.inlineFragment) r(s);
        return;
      }
      case 'FragmentSpread': {
        const frag = this.fragment(s.Name);
        this.spreadTargets.set(s, frag);
        this.parents.set(s, parent);
        const next = frag !== null ? this.type(frag.TypeCondition) : null;
        this.walkDirectives(s.Directives, 'FRAGMENT_SPREAD');
        if (frag !== null && !this.visitedSpreads.has(frag.Name)) {
          this.visitedSpreads.add(frag.Name);
          this.walkSelectionSet(next, frag.SelectionSet);
        }
        for (const r of this.rules.fragmentSpread) r(s);
      }
    }
  }
}

function typenameField(): FieldDefinition {
  return {
    Description: '', Name: '__typename', Arguments: null, DefaultValue: null, Directives: null, Position: null,
    Type: { NamedType: 'String', Elem: null, NonNull: true, Position: null },
  };
}

function argumentDef(defs: ArgumentDefinition[] | null, name: string): ArgumentDefinition | null {
  return (defs ?? []).find((a) => a.Name === name) ?? null;
}

// ---- rules (in gqlparser's order) -----------------------------------------------------------------

function suggestedTypeNames(w: Walker, parent: Definition, name: string): string[] {
  if (!isAbstractType(parent)) return [];
  const objects: string[] = [];
  const interfaces: string[] = [];
  const usage = new Map<string, number>();
  for (const pt of w.schema.possibleTypes.get(parent.Name) ?? []) {
    if (!(pt.Fields ?? []).some((f) => f.Name === name)) continue;
    objects.push(pt.Name);
    for (const i of pt.Interfaces ?? []) {
      const idef = w.type(i);
      if (idef !== null && (idef.Fields ?? []).some((f) => f.Name === name)) {
        if (!usage.has(i)) interfaces.push(i);
        usage.set(i, (usage.get(i) ?? 0) + 1);
      }
    }
  }
  return [...interfaces, ...objects].sort((a, b) => (usage.get(b) ?? 0) - (usage.get(a) ?? 0) || (a < b ? -1 : a > b ? 1 : 0));
}

function fieldRules(w: Walker, report: Report, rules: Rules): void {
  // FieldsOnCorrectType
  rules.field.push((f) => {
    const info = w.fields.get(f)!;
    if (info.parent === null || info.def !== null) return;
    let msg = `Cannot query field "${f.Name}" on type "${info.parent.Name}".`;
    const types = suggestedTypeNames(w, info.parent, f.Name);
    if (types.length > 0) msg += ` Did you mean to use an inline fragment on ${quoted(types)}?`;
    else if (info.parent.Kind === 'OBJECT' || info.parent.Kind === 'INTERFACE')
      msg += suggest('Did you mean', f.Name, (info.parent.Fields ?? []).map((x) => x.Name));
    report(msg, f.Position);
  });
  // FragmentsOnCompositeTypes
  rules.inlineFragment.push((f) => {
    const t = w.type(f.TypeCondition);
    if (t === null || isCompositeType(t)) return;
    report(`Fragment cannot condition on non composite type "${f.TypeCondition}".`, f.Position);
  });
  rules.fragment.push((f) => {
    const t = w.type(f.TypeCondition);
    if (t === null || f.TypeCondition === '' || isCompositeType(t)) return;
    report(`Fragment "${f.Name}" cannot condition on non composite type "${f.TypeCondition}".`, f.Position);
  });
  // KnownArgumentNames
  rules.field.push((f) => {
    const info = w.fields.get(f)!;
    if (info.def === null || info.parent === null) return;
    for (const arg of f.Arguments ?? []) {
      if (argumentDef(info.def.Arguments, arg.Name) !== null) continue;
      const names = (info.def.Arguments ?? []).map((a) => a.Name);
      report(`Unknown argument "${arg.Name}" on field "${info.parent.Name}.${f.Name}".` + suggest('Did you mean', arg.Name, names), f.Position);
    }
  });
  rules.directive.push((d) => {
    const def = w.directives.get(d)!.def;
    if (def === null) return;
    for (const arg of d.Arguments ?? []) {
      if (argumentDef(def.Arguments, arg.Name) !== null) continue;
      const names = (def.Arguments ?? []).map((a) => a.Name);
      report(`Unknown argument "${arg.Name}" on directive "@${d.Name}".` + suggest('Did you mean', arg.Name, names), d.Position);
    }
  });
}

function directiveAndFragmentRules(w: Walker, report: Report, rules: Rules): void {
  // KnownDirectives
  const seen = new Set<string>();
  rules.directive.push((d) => {
    const info = w.directives.get(d)!;
    if (info.def === null) {
      report(`Unknown directive "@${d.Name}".`, d.Position);
      return;
    }
    if ((info.def.Locations ?? []).includes(info.location)) return;
    const key = `${d.Name}:${d.Position?.Line}:${d.Position?.Column}`;
    if (!seen.has(key)) report(`Directive "@${d.Name}" may not be used on ${info.location}.`, d.Position);
    seen.add(key);
  });
  // KnownFragmentNames
  rules.fragmentSpread.push((s) => {
    if (w.spreadTargets.get(s) === null) report(`Unknown fragment "${s.Name}".`, s.Position);
  });
  // KnownRootType
  rules.operation.push((o) => {
    const root = o.Operation === 'mutation' ? w.schema.mutation : o.Operation === 'subscription' ? w.schema.subscription : w.schema.query;
    if (root === null) report(`Schema does not support operation type "${o.Operation}"`, o.Position);
  });
  // KnownTypeNames
  rules.operation.push((o) => {
    for (const v of o.VariableDefinitions ?? []) {
      const name = v.Type === null ? '' : typeName(v.Type);
      if (w.type(name) === null) report(`Unknown type "${name}".`, o.Position);
    }
  });
  rules.inlineFragment.push((f) => {
    if (f.TypeCondition !== '' && w.type(f.TypeCondition) === null) report(`Unknown type "${f.TypeCondition}".`, f.Position);
  });
  rules.fragment.push((f) => {
    if (w.type(f.TypeCondition) !== null) return;
    const names = [...w.schema.types.keys()];
    report(`Unknown type "${f.TypeCondition}".` + suggest('Did you mean', f.TypeCondition, names), f.Position);
  });
  // LoneAnonymousOperation
  rules.operation.push((o) => {
    if (o.Name === '' && (w.doc.Operations ?? []).length > 1)
      report('This anonymous operation must be the only defined operation.', o.Position);
  });
  // NoFragmentCycles
  const visited = new Set<string>();
  rules.fragment.push((frag) => {
    const path: FragmentSpread[] = [];
    const indexByName = new Map<string, number>();
    const recurse = (f: FragmentDefinition) => {
      if (visited.has(f.Name)) return;
      visited.add(f.Name);
      const spreads = spreadsIn(f.SelectionSet);
      if (spreads.length === 0) return;
      indexByName.set(f.Name, path.length);
      for (const s of spreads) {
        const cycle = indexByName.get(s.Name);
        path.push(s);
        if (cycle === undefined) {
          const target = w.fragment(s.Name);
          if (target !== null) recurse(target);
        } else {
          const via = path.slice(cycle, -1).map((x) => `"${x.Name}"`);
          report(`Cannot spread fragment "${s.Name}" within itself${via.length > 0 ? ' via ' + via.join(', ') : ''}.`, s.Position);
        }
        path.pop();
      }
      indexByName.delete(f.Name);
    };
    recurse(frag);
  });
}

function spreadsIn(sels: Selection[] | null): FragmentSpread[] {
  const out: FragmentSpread[] = [];
  for (const s of sels ?? []) {
    if (s.kind === 'FragmentSpread') out.push(s);
    else out.push(...spreadsIn(s.SelectionSet));
  }
  return out;
}

function usageRules(w: Walker, report: Report, rules: Rules): void {
  // NoUndefinedVariables
  rules.value.push((v) => {
    const op = w.operation;
    if (op === null || v.Kind !== ValueKind.Variable || w.values.get(v)!.variable !== null) return;
    if (op.Name !== '') report(`Variable "${valueString(v)}" is not defined by operation "${op.Name}".`, v.Position);
    else report(`Variable "${valueString(v)}" is not defined.`, v.Position);
  });
  // NoUnusedFragments
  let inFragments = false;
  const usedFragments = new Set<string>();
  rules.fragmentSpread.push((s) => {
    if (!inFragments) usedFragments.add(s.Name);
  });
  rules.fragment.push((f) => {
    inFragments = true;
    if (!usedFragments.has(f.Name)) report(`Fragment "${f.Name}" is never used.`, f.Position);
  });
  // NoUnusedVariables
  rules.operation.push((o) => {
    for (const v of o.VariableDefinitions ?? []) {
      if (w.used.has(v)) continue;
      if (o.Name !== '') report(`Variable "$${v.Variable}" is never used in operation "${o.Name}".`, v.Position);
      else report(`Variable "$${v.Variable}" is never used.`, v.Position);
    }
  });
}

// ---- overlapping fields (a faithful-enough port of the usual algorithm) ---------------------------

interface FieldAndParent {
  field: Field;
  parent: Definition | null;
}

function collectFields(w: Walker, sels: Selection[] | null, out: Map<string, FieldAndParent[]>, seen: Set<string>): void {
  for (const s of sels ?? []) {
    if (s.kind === 'Field') {
      const list = out.get(s.Alias) ?? [];
      list.push({ field: s, parent: w.fields.get(s)?.parent ?? null });
      out.set(s.Alias, list);
    } else if (s.kind === 'InlineFragment') {
      collectFields(w, s.SelectionSet, out, seen);
    } else {
      const frag = w.fragment(s.Name);
      if (frag === null || seen.has(frag.Name)) continue;
      seen.add(frag.Name);
      collectFields(w, frag.SelectionSet, out, seen);
    }
  }
}

function sameArguments(a: Argument[] | null, b: Argument[] | null): boolean {
  const x = a ?? [];
  const y = b ?? [];
  if (x.length !== y.length) return false;
  return x.every((arg) => {
    const other = y.find((o) => o.Name === arg.Name);
    return other !== undefined && valueString(arg.Value) === valueString(other.Value);
  });
}

function typesConflict(w: Walker, a: TypeRef, b: TypeRef): boolean {
  if (a.Elem !== null || b.Elem !== null) {
    if (a.Elem === null || b.Elem === null) return true;
    return a.NonNull !== b.NonNull || typesConflict(w, a.Elem, b.Elem);
  }
  if (a.NonNull !== b.NonNull) return true;
  const da = w.type(a.NamedType);
  const db = w.type(b.NamedType);
  if ((da !== null && isLeafType(da)) || (db !== null && isLeafType(db))) return a.NamedType !== b.NamedType;
  return false;
}

interface Conflict {
  name: string;
  reason: string;
  subs: Conflict[];
}

function conflictText(c: Conflict): string {
  if (c.subs.length === 0) return c.reason;
  return c.subs.map((s) => `subfields "${s.name}" conflict because ${conflictText(s)}`).join(' and ');
}

function findConflict(w: Walker, name: string, a: FieldAndParent, b: FieldAndParent, exclusive: boolean): Conflict | null {
  const areExclusive =
    exclusive || (a.parent !== null && b.parent !== null && a.parent !== b.parent && a.parent.Kind === 'OBJECT' && b.parent.Kind === 'OBJECT');
  const defA = w.fields.get(a.field)?.def ?? null;
  const defB = w.fields.get(b.field)?.def ?? null;
  if (!areExclusive) {
    if (a.field.Name !== b.field.Name)
      return { name, reason: `${a.field.Name} and ${b.field.Name} are different fields`, subs: [] };
    if (!sameArguments(a.field.Arguments, b.field.Arguments)) return { name, reason: 'they have differing arguments', subs: [] };
  }
  if (defA?.Type && defB?.Type && typesConflict(w, defA.Type, defB.Type))
    return { name, reason: `they return conflicting types ${typeString(defA.Type)} and ${typeString(defB.Type)}`, subs: [] };
  if (a.field.SelectionSet !== null && b.field.SelectionSet !== null) {
    const subs = conflictsBetween(w, a.field.SelectionSet, b.field.SelectionSet, areExclusive);
    if (subs.length > 0) return { name, reason: '', subs };
  }
  return null;
}

function conflictsBetween(w: Walker, x: Selection[], y: Selection[], exclusive: boolean): Conflict[] {
  const fx = new Map<string, FieldAndParent[]>();
  const fy = new Map<string, FieldAndParent[]>();
  collectFields(w, x, fx, new Set());
  collectFields(w, y, fy, new Set());
  const out: Conflict[] = [];
  for (const [name, as] of fx) {
    for (const a of as) for (const b of fy.get(name) ?? []) {
      const c = findConflict(w, name, a, b, exclusive);
      if (c !== null) out.push(c);
    }
  }
  return out;
}

interface Overlap {
  name: string;
  text: string;
  pos: Position | null;
}

function conflictsWithin(w: Walker, sels: Selection[] | null): Overlap[] {
  const fields = new Map<string, FieldAndParent[]>();
  collectFields(w, sels, fields, new Set());
  const out: Overlap[] = [];
  for (const [name, list] of fields) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const c = findConflict(w, name, list[i]!, list[j]!, false);
        if (c !== null) out.push({ name, text: conflictText(c), pos: list[i]!.field.Position });
      }
    }
  }
  return out;
}

function overlapRule(w: Walker, report: Report, rules: Rules): void {
  const check = (sels: Selection[] | null) => {
    for (const c of conflictsWithin(w, sels))
      report(`Fields "${c.name}" conflict because ${c.text}. Use different aliases on the fields to fetch both if this was intentional.`, c.pos);
  };
  rules.operation.push((o) => check(o.SelectionSet));
  rules.field.push((f) => {
    if (w.operation !== null) check(f.SelectionSet);
  });
  rules.inlineFragment.push((f) => {
    if (w.operation !== null) check(f.SelectionSet);
  });
  rules.fragment.push((f) => check(f.SelectionSet));
}

function spreadRules(w: Walker, report: Report, rules: Rules): void {
  // PossibleFragmentSpreads
  const possible = (parent: Definition | null, fragType: string): boolean => {
    if (parent === null) return true;
    let parents: Definition[];
    if (parent.Kind === 'OBJECT') parents = [parent];
    else if (isAbstractType(parent)) parents = w.schema.possibleTypes.get(parent.Name) ?? [];
    else return true;
    const frag = w.type(fragType);
    if (frag === null || !isCompositeType(frag)) return true;
    const fragTypes = w.schema.possibleTypes.get(frag.Name) ?? [];
    return fragTypes.some((f) => parents.some((p) => p.Name === f.Name));
  };
  rules.inlineFragment.push((f) => {
    const parent = w.parents.get(f) ?? null;
    if (!possible(parent, f.TypeCondition))
      report(`Fragment cannot be spread here as objects of type "${parent!.Name}" can never be of type "${f.TypeCondition}".`, f.Position);
  });
  rules.fragmentSpread.push((s) => {
    const frag = w.spreadTargets.get(s) ?? null;
    const parent = w.parents.get(s) ?? null;
    if (frag === null || possible(parent, frag.TypeCondition)) return;
    report(`Fragment "${s.Name}" cannot be spread here as objects of type "${parent!.Name}" can never be of type "${frag.TypeCondition}".`, s.Position);
  });
}

function requiredArgumentRules(w: Walker, report: Report, rules: Rules): void {
  // ProvidedRequiredArguments
  const missing = (defs: ArgumentDefinition[] | null, args: Argument[] | null) =>
    (defs ?? []).filter((d) => d.Type!.NonNull && d.DefaultValue === null && !(args ?? []).some((a) => a.Name === d.Name));
  rules.field.push((f) => {
    const def = w.fields.get(f)!.def;
    if (def === null) return;
    for (const d of missing(def.Arguments, f.Arguments))
      report(`Field "${f.Name}" argument "${d.Name}" of type "${typeString(d.Type!)}" is required, but it was not provided.`, f.Position);
  });
  rules.directive.push((dir) => {
    const def = w.directives.get(dir)!.def;
    if (def === null) return;
    for (const d of missing(def.Arguments, dir.Arguments))
      report(`Directive "@${def.Name}" argument "${d.Name}" of type "${typeString(d.Type!)}" is required, but it was not provided.`, dir.Position);
  });
  // ScalarLeafs
  rules.field.push((f) => {
    const def = w.fields.get(f)!.def;
    if (def === null || def.Type === null) return;
    const t = w.type(typeName(def.Type));
    if (t === null) return;
    const hasSelection = (f.SelectionSet ?? []).length > 0;
    if (isLeafType(t) && hasSelection)
      report(`Field "${f.Name}" must not have a selection since type "${t.Name}" has no subfields.`, f.Position);
    if (!isLeafType(t) && !hasSelection)
      report(`Field "${f.Name}" of type "${typeString(def.Type)}" must have a selection of subfields. Did you mean "${f.Name} { ... }"?`, f.Position);
  });
  // SingleFieldSubscriptions
  rules.operation.push((o) => {
    if (w.schema.subscription === null || o.Operation !== 'subscription') return;
    const fields = topFields(w, o.SelectionSet, new Set());
    const name = o.Name !== '' ? `Subscription ${JSON.stringify(o.Name)}` : 'Anonymous Subscription';
    if (fields.length > 1) report(`${name} must select only one top level field.`, fields[1]!.Position);
    for (const f of fields) if (f.Name.startsWith('__')) report(`${name} must not select an introspection top level field.`, f.Position);
  });
}

function topFields(w: Walker, sels: Selection[] | null, seen: Set<string>): Field[] {
  const out: Field[] = [];
  for (const s of sels ?? []) {
    if (s.kind === 'Field') {
      if (!out.some((f) => f.Alias === s.Alias)) out.push(s);
    } else if (s.kind === 'InlineFragment') out.push(...topFields(w, s.SelectionSet, seen));
    else {
      const frag = w.fragment(s.Name);
      if (frag !== null && !seen.has(frag.Name)) {
        seen.add(frag.Name);
        out.push(...topFields(w, frag.SelectionSet, seen));
      }
    }
  }
  return out;
}

function uniquenessRules(w: Walker, report: Report, rules: Rules): void {
  // UniqueArgumentNames
  const uniqueArgs = (args: Argument[] | null) => {
    const counts = new Map<string, number>();
    for (const a of args ?? []) {
      if (counts.get(a.Name) === 1) report(`There can be only one argument named "${a.Name}".`, a.Position);
      counts.set(a.Name, (counts.get(a.Name) ?? 0) + 1);
    }
  };
  rules.field.push((f) => uniqueArgs(f.Arguments));
  rules.directive.push((d) => uniqueArgs(d.Arguments));
  // UniqueDirectivesPerLocation
  rules.directiveList.push((dirs) => {
    const seen = new Set<string>();
    for (const d of dirs) {
      const repeatable = w.directives.get(d)?.def?.IsRepeatable === true;
      if (!repeatable && seen.has(d.Name)) report(`The directive "@${d.Name}" can only be used once at this location.`, d.Position);
      seen.add(d.Name);
    }
  });
  // UniqueFragmentNames
  const fragments = new Set<string>();
  rules.fragment.push((f) => {
    if (fragments.has(f.Name)) report(`There can be only one fragment named "${f.Name}".`, f.Position);
    fragments.add(f.Name);
  });
  // UniqueInputFieldNames
  rules.value.push((v) => {
    if (v.Kind !== ValueKind.Object) return;
    const seen = new Set<string>();
    for (const c of v.Children ?? []) {
      if (seen.has(c.Name)) report(`There can be only one input field named "${c.Name}".`, c.Position);
      seen.add(c.Name);
    }
  });
  // UniqueOperationNames
  const operations = new Set<string>();
  rules.operation.push((o) => {
    if (operations.has(o.Name)) report(`There can be only one operation named "${o.Name}".`, o.Position);
    operations.add(o.Name);
  });
  // UniqueVariableNames
  rules.operation.push((o) => {
    const counts = new Map<string, number>();
    for (const v of o.VariableDefinitions ?? []) {
      if (counts.get(v.Variable) === 1) report(`There can be only one variable named "$${v.Variable}".`, v.Position);
      counts.set(v.Variable, (counts.get(v.Variable) ?? 0) + 1);
    }
  });
}

// ---- values ----------------------------------------------------------------------------------------

const INT32 = /^-?\d+$/;

function unexpectedType(v: GValue, info: ValueInfo): string {
  const s = valueString(v);
  switch (typeString(info.expected!)) {
    case 'Int':
    case 'Int!': {
      const n = INT32.test(v.Raw) ? BigInt(v.Raw) : null;
      if (n !== null && (n > 2147483647n || n < -2147483648n)) return `Int cannot represent non 32-bit signed integer value: ${s}`;
      return `Int cannot represent non-integer value: ${s}`;
    }
    case 'String':
    case 'String!':
    case '[String]':
      return `String cannot represent a non string value: ${s}`;
    case 'Boolean':
    case 'Boolean!':
      return `Boolean cannot represent a non boolean value: ${s}`;
    case 'Float':
    case 'Float!':
      return `Float cannot represent non numeric value: ${s}`;
    case 'ID':
    case 'ID!':
      return `ID cannot represent a non-string and non-integer value: ${s}`;
    default:
      if (info.def!.Kind === 'ENUM') return `Enum "${typeString(info.expected!)}" cannot represent non-enum value: ${s}.`;
      return `Expected value of type "${typeString(info.expected!)}", found ${s}.`;
  }
}

/** Whether gqlparser's Value.Value would fail to read the literal (only numbers can). */
function unreadable(v: GValue): boolean {
  if (v.Kind === ValueKind.Int) {
    const n = BigInt(v.Raw);
    return n > 9223372036854775807n || n < -9223372036854775808n;
  }
  if (v.Kind === ValueKind.Float) return !Number.isFinite(Number(v.Raw));
  return (v.Children ?? []).some((c) => c.Value !== null && unreadable(c.Value));
}

function checkValue(w: Walker, v: GValue, report: Report): void {
  const info = w.values.get(v)!;
  const def = info.def;
  const expected = info.expected;
  if (def === null || expected === null) return;
  if (v.Kind === ValueKind.Null && expected.NonNull)
    report(`Expected value of type "${typeString(expected)}", found ${valueString(v)}.`, v.Position);
  if (def.Kind === 'SCALAR' && !['Int', 'Float', 'String', 'Boolean', 'ID'].includes(def.Name)) return;
  const enums = (def.EnumValues ?? []).map((e) => e.Name);
  const is = (...names: string[]) => names.includes(def.Name);
  if (unreadable(v)) report(unexpectedType(v, info), v.Position);
  switch (v.Kind) {
    case ValueKind.List:
      if (expected.Elem === null) report(unexpectedType(v, info), v.Position);
      return;
    case ValueKind.Int:
      if (!is('Int', 'Float', 'ID')) report(unexpectedType(v, info), v.Position);
      return;
    case ValueKind.Float:
      if (!is('Float')) report(unexpectedType(v, info), v.Position);
      return;
    case ValueKind.String:
    case ValueKind.Block:
      if (def.Kind === 'ENUM')
        report(`Enum "${typeString(expected)}" cannot represent non-enum value: ${valueString(v)}.` + suggest('Did you mean the enum value', v.Raw, enums), v.Position);
      else if (!is('String', 'ID')) report(unexpectedType(v, info), v.Position);
      return;
    case ValueKind.Enum:
      if (def.Kind !== 'ENUM') report(unexpectedType(v, info) + suggest('Did you mean the enum value', v.Raw, enums, false), v.Position);
      else if (!enums.includes(v.Raw))
        report(`Value "${v.Raw}" does not exist in "${typeString(expected)}" enum.` + suggest('Did you mean the enum value', v.Raw, enums), v.Position);
      return;
    case ValueKind.Boolean:
      if (!is('Boolean')) report(unexpectedType(v, info), v.Position);
      return;
    case ValueKind.Object:
      checkObjectValue(def, v, report);
  }
}

function checkObjectValue(def: Definition, v: GValue, report: Report): void {
  for (const f of def.Fields ?? []) {
    if (!f.Type!.NonNull) continue;
    if (!(v.Children ?? []).some((c) => c.Name === f.Name) && f.DefaultValue === null)
      report(`Field "${def.Name}.${f.Name}" of required type "${typeString(f.Type!)}" was not provided.`, v.Position);
  }
  for (const c of v.Children ?? []) {
    if ((def.Fields ?? []).some((f) => f.Name === c.Name)) continue;
    const names = (def.Fields ?? []).map((f) => f.Name);
    report(`Field "${c.Name}" is not defined by type "${def.Name}".` + suggest('Did you mean', c.Name, names), c.Position);
  }
}

function valueRules(w: Walker, report: Report, rules: Rules): void {
  // ValuesOfCorrectType
  rules.value.push((v) => checkValue(w, v, report));
  // VariablesAreInputTypes
  rules.operation.push((o) => {
    for (const v of o.VariableDefinitions ?? []) {
      const def = v.Type === null ? null : w.type(typeName(v.Type));
      if (def !== null && !isInputType(def))
        report(`Variable "$${v.Variable}" cannot be non-input type "${typeString(v.Type!)}".`, v.Position);
    }
  });
  // VariablesInAllowedPosition
  rules.value.push((v) => {
    const info = w.values.get(v)!;
    if (v.Kind !== ValueKind.Variable || info.expected === null || info.variable === null || w.operation === null) return;
    const expected = { ...info.expected };
    const dflt = info.variable.DefaultValue;
    if (dflt !== null && dflt.Kind !== ValueKind.Null && expected.NonNull) expected.NonNull = false;
    if (info.variable.Type !== null && !isCompatible(info.variable.Type, expected))
      report(
        `Variable "${valueString(v)}" of type "${typeString(info.variable.Type)}" used in position expecting type "${typeString(info.expected)}".`,
        v.Position,
      );
  });
}

/** All validation errors of a query against a schema, in gqlparser's order. */
export function validateQuery(schema: Schema, doc: QueryDocument): ValidationError[] {
  const errors: ValidationError[] = [];
  const report: Report = (message, pos) => errors.push({ message, pos });
  const rules: Rules = {
    field: [], operation: [], fragment: [], inlineFragment: [], fragmentSpread: [], directive: [], directiveList: [], value: [],
  };
  const w = new Walker(schema, doc, rules);
  fieldRules(w, report, rules);
  directiveAndFragmentRules(w, report, rules);
  usageRules(w, report, rules);
  overlapRule(w, report, rules);
  spreadRules(w, report, rules);
  requiredArgumentRules(w, report, rules);
  uniquenessRules(w, report, rules);
  valueRules(w, report, rules);
  w.walk();
  return errors;
}
