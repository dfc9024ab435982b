// Turning rule values into violations. CircleCI's table (spec §2.2): strings, string members of
// sets and arrays, string values of objects; everything else counts for nothing. The seed's
// format: `{"rule", "reason"}` objects in the `hard_fail` / `soft_fail` sets.

import { RObject, RSet, regoText, type Value } from '../rego/index.js';
import { PolicyError } from './errors.js';
import type { Violation } from './decision.js';

/** The reasons a rule's value yields (CircleCI's extractViolations). */
export function reasonsOf(value: Value | undefined): string[] {
  if (value === undefined) return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((x): x is string => typeof x === 'string');
  if (value instanceof RSet) return value.values().filter((x): x is string => typeof x === 'string');
  if (value instanceof RObject) return value.values().filter((x): x is string => typeof x === 'string');
  return [];
}

/**
 * `enable_rule`, `hard_fail`, `enable_hard` as lists of names: absent → empty; a set or array →
 * its string members (others dropped silently, as CircleCI does); any other type is an error that
 * is not a decision (spec §2.6).
 */
export function nameList(org: RObject, key: string): string[] {
  const v = org.get(key);
  if (v === undefined) return [];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  if (v instanceof RSet) return v.values().filter((x): x is string => typeof x === 'string');
  throw new PolicyError(`invalid ${key}: value is not a slice`);
}

export interface CircleciResult {
  enabled: string[];
  hard: Violation[];
  soft: Violation[];
}

/** CircleCI's decision over `data.org` (spec §2.1 steps 5–7). */
export function circleciViolations(org: RObject): CircleciResult {
  const enableRule = nameList(org, 'enable_rule');
  const hardFail = nameList(org, 'hard_fail');
  const enableHard = nameList(org, 'enable_hard');
  const enabled = [...enableRule];
  for (const r of enableHard) if (!enabled.includes(r)) enabled.push(r);
  const hardSet = new Set([...hardFail, ...enableHard]);
  const hard: Violation[] = [];
  const soft: Violation[] = [];
  for (const rule of enabled) {
    const target = hardSet.has(rule) ? hard : soft;
    for (const reason of reasonsOf(org.get(rule))) target.push({ rule, reason });
  }
  return { enabled, hard, soft };
}

export interface SeedResult {
  /** The `enabled_rules` filter, when defined. */
  enabled: string[] | undefined;
  hard: Violation[];
  soft: Violation[];
  notes: string[];
}

/**
 * The seed format's violations. `enabled_rules`, when defined, keeps only the violations of the
 * rules it names. In a mixed bundle string members of `hard_fail` are CircleCI rule names and
 * are left to circleciViolations; in a seed bundle they are reported as ignored.
 */
export function seedViolations(hardFail: Value | undefined, softFail: Value | undefined, enabledRules: Value | undefined, mixed: boolean): SeedResult {
  const notes: string[] = [];
  const enabled = enabledRules === undefined ? undefined : enabledList(enabledRules);
  const keep = (v: Violation) => enabled === undefined || enabled.includes(v.rule);
  const hard = members(hardFail, 'hard_fail', mixed, notes).filter(keep);
  const soft = members(softFail, 'soft_fail', mixed, notes).filter(keep);
  return { enabled, hard, soft, notes };
}

function enabledList(v: Value): string[] {
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  if (v instanceof RSet) return v.values().filter((x): x is string => typeof x === 'string');
  throw new PolicyError(`invalid enabled_rules: value is not a set or an array of rule names (got ${regoText(v).slice(0, 80)})`);
}

function members(value: Value | undefined, key: string, mixed: boolean, notes: string[]): Violation[] {
  if (value === undefined) return [];
  const items = value instanceof RSet ? value.values() : Array.isArray(value) ? value : undefined;
  if (items === undefined) {
    notes.push(`${key} is ${regoText(value).slice(0, 80)}, not a set of {"rule": ..., "reason": ...} objects: ignored`);
    return [];
  }
  const out: Violation[] = [];
  for (const item of items) {
    if (typeof item === 'string' && mixed) continue;
    const rule = item instanceof RObject ? item.get('rule') : undefined;
    const reason = item instanceof RObject ? item.get('reason') : undefined;
    if (typeof rule === 'string' && typeof reason === 'string') out.push({ rule, reason });
    else notes.push(`${key} member ${regoText(item).slice(0, 120)} has no string "rule" and "reason": ignored`);
  }
  return out;
}
