// `policygate lint PATH…`: the mistakes that make a CI policy never fire or fire on everything.
// Parses flags, calls src/policy/lint, prints; nothing more.

import { existsSync, readFileSync } from 'node:fs';
import type { Command, Io } from '../command.js';
import { CliError, EXIT } from '../errors.js';
import { flag, flagAll, flagBool, flagChoice, parseArgs } from '../flags.js';
import { FORMATS, RULES, SEVERITIES, formatFindings, lintSources, regoFiles, ruleDoc, severityRank } from '../../policy/lint/index.js';
import type { Dialect, LintSource, Severity } from '../../policy/lint/index.js';

const USAGE = `Usage: policygate lint PATH… [options]   (each PATH is one bundle)
       policygate lint --explain ID
       policygate lint --list-rules

Checks .rego files (a directory is searched recursively) for the mistakes that make a CI policy
never fire, fire on everything, or fail the whole decision: regexes whose | is not a pipe, rules
that enabled_rules leaves out, not on values that are never false, jobs read where orbs hide them…

Options:
  --output text|json|sarif|github   output format (default text)
  --fail-level error|warning|info|none
                                    exit 1 when a finding is at least this severe (default warning)
  --dialect auto|seed|circleci      decision format to judge by (default auto: CircleCI's when
                                    package org declares policy_name or enable_rule)
  --disable ID                      leave a rule out (repeatable)
  --v0 | --v1                       parse every file as Rego v0 or v1 (default: v0, else v1)
  --explain ID                      why a rule matters and how to fix what it finds
  --list-rules                      every rule with its severity and summary

A finding can be silenced where it is reported with a comment on its line or the line above:
  # policygate-lint: ignore[regex-pipe-alternation]

Exit codes: 0 no findings at or above --fail-level; 1 findings at or above it; 2 usage, unreadable
files or files that do not parse.`;

const FLAGS = {
  output: { value: true, short: 'o' },
  'fail-level': { value: true },
  dialect: { value: true },
  disable: { value: true, repeat: true },
  v0: {},
  v1: {},
  explain: { value: true },
  'list-rules': {},
};

export const lintCommand: Command = {
  name: 'lint',
  summary: 'find policy mistakes: rules that never fire, regexes that match everything, …',
  usage: USAGE,
  async run(args: string[], io: Io): Promise<number> {
    const p = parseArgs(args, FLAGS);
    const explain = flag(p, 'explain');
    if (explain !== undefined) return explainRule(explain, io);
    if (flagBool(p, 'list-rules')) return listRules(io);
    if (p.positional.length === 0) throw new CliError(`expected a directory or .rego file\n\n${USAGE}`);
    const format = flagChoice(p, 'output', FORMATS, 'text');
    const failLevel = flagChoice(p, 'fail-level', [...SEVERITIES, 'none'] as const, 'warning');
    const dialect = flagChoice(p, 'dialect', ['auto', 'seed', 'circleci'] as const, 'auto');
    if (flagBool(p, 'v0') && flagBool(p, 'v1')) throw new CliError('--v0 and --v1 exclude each other');
    const disable = flagAll(p, 'disable');
    for (const id of disable) if (ruleDoc(id) === undefined) throw new CliError(`unknown rule id '${id}' (see policygate lint --list-rules)`);

    const opts = {
      dialect: dialect === 'auto' ? undefined : (dialect as Dialect),
      regoVersion: flagBool(p, 'v0') ? 0 : flagBool(p, 'v1') ? 1 : undefined,
      disable,
    } as const;
    // Each PATH is a bundle of its own, as `policygate decide PATH` would load it.
    const results = p.positional.map((path) => lintSources(readSources(path), opts));
    const result = {
      findings: results.flatMap((r) => r.findings),
      problems: results.flatMap((r) => r.problems),
      files: results.reduce((n, r) => n + r.files, 0),
      dialect: [...new Set(results.map((r) => r.dialect))].join(','),
    };
    for (const e of result.problems) io.stderr(`${e.file}:${e.line}:${e.col}: ${e.message}\n`);
    io.stdout(formatFindings(result, format));
    if (result.problems.length > 0) return EXIT.usage;
    return failLevel !== 'none' && result.findings.some((f) => severityRank(f.severity) >= severityRank(failLevel as Severity)) ? EXIT.hardFail : EXIT.ok;
  },
};

function readSources(path: string): LintSource[] {
  if (!existsSync(path)) throw new CliError('no such file or directory', { file: path });
  const files = regoFiles(path);
  if (files.length === 0) throw new CliError('no .rego files found', { file: path });
  return files.map((file) => ({ file, source: read(file) }));
}

function read(file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(file));
  } catch (err) {
    const reason = err instanceof TypeError ? 'not valid UTF-8 text' : (err as Error).message;
    throw new CliError(`cannot read file: ${reason}`, { file });
  }
}

function explainRule(id: string, io: Io): number {
  const doc = ruleDoc(id);
  if (doc === undefined) throw new CliError(`unknown rule id '${id}'; known ids: ${RULES.map((r) => r.id).join(', ')}`);
  io.stdout(`${doc.id} (${doc.severity}): ${doc.summary}\n\n${doc.explanation}\n`);
  return EXIT.ok;
}

function listRules(io: Io): number {
  const width = Math.max(...RULES.map((r) => r.id.length));
  for (const r of RULES) io.stdout(`${r.id.padEnd(width)}  ${r.severity.padEnd(7)}  ${r.summary}\n`);
  return EXIT.ok;
}
