// Rule names that can never be reported, and violations that say too little: the ways a policy
// is written, tested against a failing config, and still never blocks anything.

import type { Location, Rule, Term } from '../../../rego/index.js';
import { DECISION_PACKAGE, field, isPartialSet, nameList, objectOf, producers, ruleShape, type Producer } from '../decisions.js';
import { moduleFormat, type LintModel, type PackageInfo } from '../model.js';
import { definitionBodies } from '../scope.js';
import type { LintRule, Report } from '../types.js';
import { literalString } from '../values.js';
import type { BodyCtx } from '../walk.js';

function org(model: LintModel): PackageInfo | undefined {
  return model.packages.get(DECISION_PACKAGE);
}

function where(loc: Location | undefined): string {
  return loc === undefined ? '' : `${loc.file}:${loc.row}`;
}

// ---- the seed's format ------------------------------------------------------------------------

export const filteredByEnabledRules: LintRule = {
  id: 'rule-not-enabled',
  severity: 'error',
  summary: 'a rule produced in hard_fail/soft_fail that enabled_rules leaves out',
  explanation: `In the seed's format, \`enabled_rules\` — when it is defined — keeps only the violations whose
"rule" it lists. A rule added later, or one whose name was mistyped, is evaluated, fails on the
config, and is then dropped from the decision: the policy looks tested and never blocks anything.
(The seed's own example lists three rules and so silently disables \`blocked_commands\`,
\`no_hardcoded_secrets\`, \`approved_orbs\` and the rest.)

Fix: add the rule's name to \`enabled_rules\`, or remove \`enabled_rules\` if every rule should count.
A rule that is deliberately off is clearer deleted or commented out.`,
  check(model, report) {
    const pkg = org(model);
    if (model.dialect === 'circleci' || pkg === undefined || !pkg.rules.has('enabled_rules')) return;
    const enabled = nameList(model, pkg.rules.get('enabled_rules')!);
    if (enabled.dynamic) return;
    const names = new Set(enabled.names.map((n) => n.value));
    for (const p of producers(model, pkg)) {
      if (p.name === undefined || names.has(p.name.value)) continue;
      report(p.name.loc, `rule "${p.name.value}" is added to ${p.set} but enabled_rules (${where(enabled.loc)}) leaves it out, so its violations are never reported`);
    }
  },
};

export const enabledUndefined: LintRule = {
  id: 'rule-enabled-undefined',
  severity: 'error',
  summary: 'a rule name enabled but never defined',
  explanation: `A name in \`enabled_rules\` (seed format) or \`enable_rule\`/\`enable_hard\` (CircleCI's format)
that no rule produces is silently ignored — usually a typo or a rule that was renamed, so the rule
meant to be enabled is not.

Fix: correct the name to the rule's name (CircleCI: the name of a rule in package org; seed: the
"rule" field of the violations), or remove it.`,
  check(model, report) {
    const pkg = org(model);
    if (pkg === undefined) return;
    if (model.dialect !== 'circleci') seedUndefined(model, pkg, report);
    if (model.dialect !== 'seed') circleciUndefined(model, pkg, report);
  },
};

function seedUndefined(model: LintModel, pkg: PackageInfo, report: Report): void {
  if (!pkg.rules.has('enabled_rules')) return;
  const ps = producers(model, pkg).filter((p) => p.member.kind !== 'scalar');
  // A violation whose rule name is computed could produce any name.
  if (ps.some((p) => p.name === undefined)) return;
  const produced = new Set(ps.map((p) => p.name!.value));
  for (const n of nameList(model, pkg.rules.get('enabled_rules')!).names) {
    if (!produced.has(n.value)) report(n.loc, `enabled_rules lists "${n.value}" but no hard_fail or soft_fail violation has that rule name`);
  }
}

function circleciUndefined(model: LintModel, pkg: PackageInfo, report: Report): void {
  for (const key of ['enable_rule', 'enable_hard']) {
    for (const n of nameList(model, pkg.rules.get(key) ?? []).names) {
      if (!pkg.rules.has(n.value)) report(n.loc, `${key} names "${n.value}" but package ${pkg.path} has no rule of that name`);
    }
  }
}

// ---- CircleCI's format ------------------------------------------------------------------------

function enabledNames(model: LintModel, pkg: PackageInfo): Map<string, Location> {
  const out = new Map<string, Location>();
  for (const key of ['enable_rule', 'enable_hard']) {
    for (const n of nameList(model, pkg.rules.get(key) ?? []).names) if (!out.has(n.value)) out.set(n.value, n.loc);
  }
  return out;
}

export const hardNotEnabled: LintRule = {
  id: 'rule-hard-not-enabled',
  severity: 'error',
  summary: 'CircleCI format: a rule marked hard_fail that is never enabled',
  explanation: `In CircleCI's format \`hard_fail\` only says which *enabled* rules are hard; a name in
\`hard_fail\` that \`enable_rule\` does not list has no effect at all — the rule is never evaluated into
the decision.

Fix: enable it too (\`enable_rule["name"]\`), or use \`enable_hard["name"]\`, which enables and marks hard at once.`,
  check(model, report) {
    const pkg = org(model);
    if (model.dialect === 'seed' || pkg === undefined) return;
    const enabled = enabledNames(model, pkg);
    const hard = nameList(model, (pkg.rules.get('hard_fail') ?? []).filter((e) => !producesObjects(e.rule)));
    if (nameList(model, pkg.rules.get('enable_rule') ?? []).dynamic) return;
    for (const n of hard.names) {
      if (!enabled.has(n.value)) report(n.loc, `hard_fail marks "${n.value}" hard but it is never enabled (enable_rule or enable_hard), so it is never reported`);
    }
  },
};

function producesObjects(rule: Rule): boolean {
  return isPartialSet(rule) && objectOf(rule.head.key!, { body: rule.body, outer: undefined, rule, module: rule.module! }) !== undefined;
}

export const booleanEnabled: LintRule = {
  id: 'rule-boolean-enabled',
  severity: 'error',
  summary: 'CircleCI format: an enabled rule whose value yields no violation',
  explanation: `CircleCI turns an enabled rule's value into violations only when it is a string, or a set,
array or object of strings. A rule written \`r { … }\` (or \`r if { … }\`) is \`true\` when its body holds —
a boolean, which yields nothing: the rule "fails" and the decision is still PASS. A function is not a
value at all.

Fix: give the rule a reason: \`r contains msg if { …; msg := sprintf("…", [...]) }\` (v1) or
\`r[msg] { …; msg := … }\` (v0), or \`r = "reason" { … }\`.`,
  check(model, report) {
    const pkg = org(model);
    if (model.dialect === 'seed' || pkg === undefined) return;
    for (const [name, loc] of enabledNames(model, pkg)) {
      const entries = pkg.rules.get(name);
      if (entries === undefined) continue;
      const shape = ruleShape(entries);
      if (shape === 'boolean') report(loc, `"${name}" is enabled but its rule (${where(entries[0]!.rule.loc)}) is boolean-valued, which CircleCI turns into no violation`);
      else if (shape === 'function') report(loc, `"${name}" is enabled but it is a function (${where(entries[0]!.rule.loc)}), which has no value to report`);
    }
  },
};

const IGNORED_KEYS: Record<string, string> = {
  soft_fail: 'CircleCI has no soft_fail key: enabled rules are soft unless hard_fail or enable_hard names them',
  enabled_rules: 'CircleCI reads enable_rule (singular), not enabled_rules',
  enable_rules: 'CircleCI reads enable_rule (singular), not enable_rules',
  enabled_rule: 'CircleCI reads enable_rule, not enabled_rule',
  hard_fails: 'CircleCI reads hard_fail, not hard_fails',
  enable_hard_fail: 'CircleCI reads enable_hard, not enable_hard_fail',
};

export const circleciIgnoredKey: LintRule = {
  id: 'circleci-ignored-key',
  severity: 'error',
  summary: 'CircleCI format: soft_fail (or a misspelt decision key) has no meaning',
  explanation: `CircleCI builds a decision from exactly three keys of package org: \`enable_rule\`,
\`enable_hard\` and \`hard_fail\`, all sets of rule names. \`soft_fail\` — though the docs call it an
enforcement level — is an ordinary rule with no effect, as are \`enabled_rules\` and other spellings.
Rules listed only there are never reported.

Fix: enable the rule with \`enable_rule["name"]\`; it is soft unless \`hard_fail["name"]\` or
\`enable_hard["name"]\` makes it hard.`,
  check(model, report) {
    const pkg = org(model);
    if (model.dialect === 'seed' || pkg === undefined) return;
    for (const [key, why] of Object.entries(IGNORED_KEYS)) {
      // A mixed bundle's seed files use soft_fail and enabled_rules as the seed means them.
      if (model.dialect === 'mixed' && (key === 'soft_fail' || key === 'enabled_rules')) continue;
      const first = pkg.rules.get(key)?.[0];
      if (first !== undefined) report(first.rule.loc, `${key}: ${why}`);
    }
  },
};

export const circleciObjectViolations: LintRule = {
  id: 'circleci-object-violation',
  severity: 'error',
  summary: 'CircleCI format: {rule, reason} objects where CircleCI expects names or reason strings',
  explanation: `The seed's \`hard_fail contains {"rule": …, "reason": …}\` is not CircleCI's format: there
\`hard_fail\` is a set of rule *names*, and an enabled rule's set members must be reason *strings*.
Object members are silently dropped, so the bundle never fails anything.

Fix: one rule per check whose members are reasons, enabled by name:
    my_check contains reason if { …; reason := sprintf("…", [...]) }
    enable_hard["my_check"]`,
  check(model, report) {
    const pkg = org(model);
    if (model.dialect === 'seed' || pkg === undefined) return;
    for (const p of producers(model, pkg)) {
      if (p.set === 'hard_fail' && p.object !== undefined && moduleFormat(p.ctx.module) === 'circleci') report(p.member.loc, `hard_fail holds rule names in CircleCI's format; this {rule, reason} object is dropped`);
    }
    for (const [name] of enabledNames(model, pkg)) {
      for (const { rule, ctx } of definitionBodies(pkg.rules.get(name) ?? [])) {
        if (isPartialSet(rule) && objectOf(rule.head.key!, ctx) !== undefined) report(rule.head.key!.loc, `"${name}" is enabled but adds objects; CircleCI reports only string members, so this one is dropped`);
      }
    }
  },
};

// ---- violations -------------------------------------------------------------------------------

export const violationFields: LintRule = {
  id: 'violation-missing-field',
  severity: 'error',
  summary: 'seed format: a violation without both "rule" and "reason"',
  explanation: `In the seed's format every member of \`hard_fail\`/\`soft_fail\` is an object with a "rule"
(the name \`enabled_rules\` filters by and reports group by) and a "reason" (what the developer reads).
Without "rule" the violation cannot be attributed or enabled; without "reason" the developer is told
that something failed and not what. Common slips: "msg" or "message" instead of "reason", a bare
string member.

Fix: \`decision := {"rule": "<rule name>", "reason": sprintf("…", [...])}\`.`,
  check(model, report) {
    if (model.dialect === 'circleci') return;
    for (const pkg of model.packages.values()) {
      for (const p of producers(model, pkg)) if (moduleFormat(p.ctx.module) === 'seed') checkFields(p, report);
    }
  },
};

function checkFields(p: Producer, report: Report): void {
  if (p.object === undefined) {
    if (p.member.kind === 'scalar') report(p.member.loc, `${p.set} member ${JSON.stringify(p.member.value)} is not an object with "rule" and "reason"`);
    return;
  }
  const missing = ['rule', 'reason'].filter((k) => field(p.object!, k) === undefined);
  if (missing.length === 0) return;
  const keys = p.object.items.map(([k]) => (k.kind === 'scalar' ? String(k.value) : '…'));
  report(p.object.loc, `${p.set} violation has no ${missing.map((m) => `"${m}"`).join(' or ')} field (it has ${keys.length === 0 ? 'none' : keys.map((k) => `"${k}"`).join(', ')})`);
}

export const vagueReason: LintRule = {
  id: 'vague-reason',
  severity: 'warning',
  summary: 'a constant, vague violation reason',
  explanation: `A reason such as "Invalid image" is the same text for every job and every image: the developer
who sees it does not learn which job failed, what value was wrong, or what to do. (The seed's
"Vague Error Messages" pitfall.)

Fix: build the reason with sprintf and name the job, the offending value and the fix:
    sprintf("Job '%s' uses image '%s', which is not from an approved registry (%v). Use one of those.", [job_name, image, approved])`,
  check(model, report) {
    for (const r of reasons(model)) {
      const s = literalString(r.term, r.ctx);
      if (s === undefined || !isVague(s.value)) continue;
      report(s.loc, `reason ${JSON.stringify(s.value)} is constant: it names neither what failed nor how to fix it`);
    }
  },
};

/** Fewer than six words cannot name a job, a value and a fix. */
function isVague(reason: string): boolean {
  return reason.trim().split(/\s+/).filter(Boolean).length < 6;
}

function reasons(model: LintModel): { term: Term; ctx: BodyCtx }[] {
  const out: { term: Term; ctx: BodyCtx }[] = [];
  if (model.dialect !== 'circleci') {
    for (const pkg of model.packages.values()) for (const p of producers(model, pkg)) if (p.reason !== undefined) out.push({ term: p.reason, ctx: p.ctx });
  }
  const pkg = org(model);
  if (pkg === undefined || model.dialect === 'seed') return out;
  for (const [name] of enabledNames(model, pkg)) {
    for (const { rule, ctx } of definitionBodies(pkg.rules.get(name) ?? [])) {
      const t = isPartialSet(rule) ? rule.head.key : rule.head.value;
      if (t !== undefined && rule.head.args === undefined) out.push({ term: t, ctx });
    }
  }
  return out;
}

export const DECISION_RULES: LintRule[] = [
  filteredByEnabledRules,
  enabledUndefined,
  hardNotEnabled,
  booleanEnabled,
  circleciIgnoredKey,
  circleciObjectViolations,
  violationFields,
  vagueReason,
];
