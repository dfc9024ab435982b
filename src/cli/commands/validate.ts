// `policygate validate BUNDLE`: parse, apply the format's file rules and compile; every problem
// printed as `file:line:col: message`.

import type { Command, Io } from '../command.js';
import { EXIT } from '../errors.js';
import { flagBool, flagChoice, parseArgs } from '../flags.js';
import { type CompiledBundle, PolicyError, compileBundle, formatProblem, goJSON, loadBundle } from '../../policy/index.js';
import { dialectFlag, printProblems } from './decide.js';

const USAGE = `Usage: policygate validate BUNDLE [options]

Checks a bundle (a directory of .rego files, one file, or a .tar.gz): syntax, the format's file
rules (CircleCI: policy_name first, package org, unique names, no data.meta.branch; strict
compile), and compilation (unknown functions, unsafe variables, conflicting rules, types).

Options:
  --dialect auto|seed|circleci   policy format (default auto)
  --v0                           parse seed-format files as Rego v0
  --output text|json             (default text)

Exit codes: 0 valid; 2 problems found or usage.`;

const FLAGS = { dialect: { value: true }, v0: {}, output: { value: true, short: 'o' } };

export const validateCommand: Command = {
  name: 'validate',
  summary: 'check a policy bundle: syntax, file rules, compilation',
  usage: USAGE,
  async run(args: string[], io: Io): Promise<number> {
    const p = parseArgs(args, FLAGS);
    const output = flagChoice(p, 'output', ['text', 'json'] as const, 'text');
    if (p.positional.length !== 1) {
      io.stderr(`expected one bundle, got ${p.positional.length}\n\n${USAGE}\n`);
      return EXIT.usage;
    }
    const path = p.positional[0]!;
    let compiled: CompiledBundle;
    try {
      compiled = compileBundle(loadBundle(path), { dialect: dialectFlag(p), regoVersion: flagBool(p, 'v0') ? 0 : undefined });
    } catch (err) {
      if (!(err instanceof PolicyError)) throw err;
      printProblems(io, err, path);
      if (output === 'json') io.stdout(goJSON({ valid: false, error: err.message, problems: err.problems.map(problemJSON) }) + '\n');
      return EXIT.usage;
    }
    const files = compiled.bundle.files.map((f) => f.name);
    if (output === 'json') io.stdout(goJSON({ valid: true, dialect: compiled.dialect, files }) + '\n');
    else io.stdout(`${path}: valid (${files.length} file${files.length === 1 ? '' : 's'}, ${compiled.dialect} format)\n`);
    return EXIT.ok;
  },
};

function problemJSON(p: PolicyError['problems'][number]): Record<string, unknown> {
  return { file: p.file, line: p.line, col: p.col, message: p.message, text: formatProblem(p) };
}
