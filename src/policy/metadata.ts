// The seed format's `__policy_metadata__`: a constant object in a file that describes the rules the
// file produces (name, category, severity, description, remediation). It is read from the syntax
// tree, per file, and taken out of the evaluated package: in OPA two files declaring it would
// conflict, while the seed means one description per file.

import type { Module, Rule, Term } from '../rego/index.js';
import type { JsonObject, JsonValue } from '../circleci/index.js';
import type { Problem } from './errors.js';

export const METADATA_RULE = '__policy_metadata__';

/** Fields of syntax nodes that point back up the tree (walking them would loop). */
const BACK_REFERENCES = new Set(['loc', 'module', 'annotations', 'target']);

/** What the text, SARIF and GitHub reports show with a rule's violations. */
export interface RuleMetadata {
  name?: string;
  category?: string;
  severity?: string;
  description?: string;
  remediation?: string;
  [field: string]: JsonValue | undefined;
}

/** Where a rule's violations come from, and what its file says about it. */
export interface RuleInfo {
  rule: string;
  file: string;
  line: number;
  col: number;
  metadata?: RuleMetadata;
}

function ruleName(r: Rule): string | undefined {
  const head = r.head.ref[0];
  return r.head.ref.length === 1 && head?.kind === 'var' ? head.name : undefined;
}

/** The constant JSON value of a term, or undefined when it is not a literal. */
function constant(t: Term): JsonValue | undefined {
  switch (t.kind) {
    case 'scalar':
      return typeof t.value === 'object' && t.value !== null ? Number(t.value.text) : (t.value as JsonValue);
    case 'array': {
      const out: JsonValue[] = [];
      for (const item of t.items) {
        const v = constant(item);
        if (v === undefined) return undefined;
        out.push(v);
      }
      return out;
    }
    case 'object': {
      const out: JsonObject = {};
      for (const [k, v] of t.items) {
        const key = constant(k);
        const value = constant(v);
        if (typeof key !== 'string' || value === undefined) return undefined;
        out[key] = value;
      }
      return out;
    }
    default:
      return undefined;
  }
}

/**
 * Takes `__policy_metadata__` out of a module (in place) and returns it, or a located problem
 * when it is not a constant object.
 */
export function takeMetadata(m: Module): { metadata?: RuleMetadata; problems: Problem[] } {
  const problems: Problem[] = [];
  let metadata: RuleMetadata | undefined;
  const keep: Rule[] = [];
  for (const r of m.rules) {
    if (ruleName(r) !== METADATA_RULE || r.head.args !== undefined) {
      keep.push(r);
      continue;
    }
    const value = r.head.value === undefined || r.body.some((e) => !e.generated) ? undefined : constant(r.head.value);
    if (value === undefined || typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.push({ file: m.file, line: r.loc.row, col: r.loc.col, message: `${METADATA_RULE} must be a constant object, e.g. {"name": "...", "severity": "high"}` });
    } else if (metadata !== undefined) {
      problems.push({ file: m.file, line: r.loc.row, col: r.loc.col, message: `${METADATA_RULE} declared twice in one file` });
    } else metadata = value as RuleMetadata;
  }
  m.rules = keep;
  return { metadata, problems };
}

/**
 * The rule names a seed-format file reports: the string `"rule"` fields of the objects its
 * `hard_fail` / `soft_fail` rules build, with the place of the rule that builds each.
 */
export function reportedRules(m: Module): { rule: string; line: number; col: number }[] {
  const out: { rule: string; line: number; col: number }[] = [];
  for (const r of m.rules) {
    const name = ruleName(r);
    if (name !== 'hard_fail' && name !== 'soft_fail') continue;
    const seen = new Set<string>();
    const visit = (t: unknown): void => {
      if (t === null || typeof t !== 'object') return;
      if (Array.isArray(t)) return t.forEach(visit);
      const node = t as { kind?: string; items?: [Term, Term][] };
      if (node.kind === 'object' && node.items !== undefined) {
        for (const [k, v] of node.items) {
          if (k.kind === 'scalar' && k.value === 'rule' && v.kind === 'scalar' && typeof v.value === 'string' && !seen.has(v.value)) {
            seen.add(v.value);
            out.push({ rule: v.value, line: r.loc.row, col: r.loc.col });
          }
        }
      }
      for (const [key, child] of Object.entries(t)) if (!BACK_REFERENCES.has(key)) visit(child);
    };
    visit(r.head);
    visit(r.body);
  }
  return out;
}
