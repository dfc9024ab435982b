// One name, several definitions in different files of a package: Rego merges every file of a
// package into one document, so definitions that disagree collide when the bundle is decided.

import type { Rule } from '../../../rego/index.js';
import { isPartialSet } from '../decisions.js';
import type { RuleEntry } from '../model.js';
import type { LintRule } from '../types.js';

const METADATA = '__policy_metadata__';

export const conflictingDefinitions: LintRule = {
  id: 'conflicting-definitions',
  severity: 'error',
  summary: 'a complete rule or function defined differently in several files of one package',
  explanation: `All files of a package form one namespace. A helper such as \`get_command(step)\` written in
two policy files with different bodies is one function with all those definitions: for an input both
apply to with different results, evaluation fails with "functions must not produce multiple outputs
for same inputs" (a complete rule: "complete rules must not produce multiple outputs") — and in
CircleCI a conflict anywhere turns the whole decision into ERROR. Where the results agree today, the
next edit to one copy breaks the other file's rules.

Fix: define the helper once (a shared file of the package, or a library package imported where
needed) and delete the other copies; or give the variants different names.`,
  check(model, report) {
    for (const pkg of model.packages.values()) {
      for (const [name, entries] of pkg.rules) {
        if (name === METADATA || entries.every((e) => isPartialSet(e.rule) || e.rule.head.ref.length > 1)) continue;
        const files = byFile(entries.filter((e) => !e.rule.default));
        if (files.size < 2) continue;
        const [firstFile, firstDefs] = [...files][0]!;
        const firstText = bodiesText(firstDefs);
        for (const [, defs] of [...files].slice(1)) {
          if (bodiesText(defs) === firstText) continue;
          const kind = defs[0]!.rule.head.args !== undefined ? 'function' : 'rule';
          report(defs[0]!.rule.loc, `${kind} ${name} is also defined in ${firstFile}:${firstDefs[0]!.rule.loc.row} with a different body; both apply to package ${pkg.path} and can conflict`);
        }
      }
    }
  },
};

function byFile(entries: RuleEntry[]): Map<string, RuleEntry[]> {
  const out = new Map<string, RuleEntry[]>();
  for (const e of entries) {
    const list = out.get(e.module.file) ?? [];
    list.push(e);
    out.set(e.module.file, list);
  }
  return out;
}

/** The definitions of one file as location-free text, order-independent. */
function bodiesText(entries: RuleEntry[]): string {
  return entries
    .map((e) => ruleText(e.rule))
    .sort()
    .join('\n');
}

function ruleText(rule: Rule): string {
  return JSON.stringify({ head: rule.head, body: rule.body, else: rule.else }, (k, v) => (k === 'loc' || k === 'module' || k === 'annotations' ? undefined : v));
}

export const duplicateMetadata: LintRule = {
  id: 'duplicate-policy-metadata',
  severity: 'error',
  summary: '`__policy_metadata__` declared more than once in one package',
  explanation: `\`__policy_metadata__ := {…}\` is a complete rule of its package like any other. Two files of
package org that each declare it — natural when every policy file describes itself — define one rule
twice: with \`:=\` the bundle does not compile, with \`=\` evaluation fails with a conflict, and either
way no file's metadata is shown.

Fix: one \`__policy_metadata__\` per package. To describe several policies, put each in its own package
(\`package org.secrets\`, … imported where the decision is built), or key one object by rule name:
    __policy_metadata__ := {"no_hardcoded_secrets": {…}, "blocked_commands": {…}}`,
  check(model, report) {
    for (const pkg of model.packages.values()) {
      const entries = (pkg.rules.get(METADATA) ?? []).filter((e) => !e.rule.default);
      if (entries.length < 2) continue;
      const first = entries[0]!.rule.loc;
      for (const e of entries.slice(1)) report(e.rule.loc, `__policy_metadata__ is already declared in package ${pkg.path} at ${first.file}:${first.row}`);
    }
  },
};

export const DEFINITION_RULES: LintRule[] = [conflictingDefinitions, duplicateMetadata];
