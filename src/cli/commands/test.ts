// `policygate test DIR[/...]`: CircleCI's policy tests (`*_test.yaml`) and OPA-style `test_`
// rules, reported as text, JSON or JUnit. Parses flags, calls src/policy/testing, prints.

import type { Command, Io } from '../command.js';
import { CliError, EXIT } from '../errors.js';
import { flag, flagAll, flagBool, parseArgs } from '../flags.js';
import { DIALECTS, type Dialect } from '../../policy/index.js';
import {
  RunPatternError,
  TestPathError,
  allPassed,
  jsonReport,
  junitReport,
  runTests,
  textReport,
} from '../../policy/testing/index.js';

const USAGE = `Usage: policygate test [PATH[/...]] [options]

Runs policy tests as 'circleci policy test' does. For every folder (PATH, or PATH and all folders
below it with /...), the policies are the .rego files in it and below, and the tests are the
*_test.yaml / *_test.yml files directly in it: top-level test_<name> entries with input, meta,
decision, compile, pipeline_parameters and nested cases that inherit their parent's values.
'test_' rules in the policies run too, reported as <opa.tests>. Without PATH: ./...

Tests with 'compile: true' or pipeline_parameters compile their input offline (orbs from
--orb-dir or .circleci/orbs next to the test file) and put it at input._compiled_.

Options:
  --run REGEX                    run only tests whose full name (test_x/case) matches (Go RE2)
  -v, --verbose                  also list passed tests
  --debug                        print each test's decision, data and input (implies -v)
  --format text|json|junit       report format (default text)
  --json                         deprecated: use --format=json
  --dialect auto|seed|circleci   policy format (default auto)
  --v0                           parse seed-format files as Rego v0 (CircleCI files always are)
  --orb-dir DIR                  packed orbs for tests that compile (repeatable)
  --partial                      compare only the keys each expected decision lists (e.g. leave
                                 out enabled_rules); CircleCI compares whole decisions
  --owner-id ID                  accepted for compatibility with circleci policy test; unused
                                 (compiling needs no server here)

Exit codes: 0 every test passed (skipped folders are fine); 1 a test or a folder failed;
2 bad path, pattern or usage. (CircleCI's CLI exits 255 on failures.)`;

const FLAGS = {
  run: { value: true },
  verbose: { short: 'v' },
  debug: {},
  format: { value: true },
  json: {},
  dialect: { value: true },
  v0: {},
  'orb-dir': { value: true, repeat: true },
  partial: {},
  'owner-id': { value: true },
};

const FORMATS = ['text', 'json', 'junit'] as const;

export const testCommand: Command = {
  name: 'test',
  summary: "run policy tests (CircleCI's *_test.yaml and Rego test_ rules)",
  usage: USAGE,
  async run(args: string[], io: Io): Promise<number> {
    const p = parseArgs(args, FLAGS);
    if (p.positional.length > 1) throw new CliError(`accepts at most 1 path, received ${p.positional.length}\n\n${USAGE}`);
    const format = reportFormat(flag(p, 'format'), flagBool(p, 'json'), io);
    const dialect = (flag(p, 'dialect') ?? 'auto') as Dialect;
    if (!DIALECTS.includes(dialect)) throw new CliError(`invalid value for --dialect: '${dialect}' (expected one of ${DIALECTS.join(', ')})`);
    const debug = flagBool(p, 'debug');
    let results;
    try {
      results = runTests({
        path: p.positional[0] ?? './...',
        ...(flag(p, 'run') === undefined ? {} : { run: flag(p, 'run')! }),
        dialect,
        ...(flagBool(p, 'v0') ? { regoVersion: 0 as const } : {}),
        orbDirs: flagAll(p, 'orb-dir'),
        debug,
        partial: flagBool(p, 'partial'),
      });
    } catch (err) {
      if (err instanceof TestPathError) throw new CliError(err.message, { file: err.path });
      if (err instanceof RunPatternError) throw new CliError(err.message);
      throw err;
    }
    if (format === 'json') io.stdout(jsonReport(results, { debug }));
    else if (format === 'junit') io.stdout(junitReport(results));
    else io.stdout(textReport(results, { verbose: flagBool(p, 'verbose'), debug }));
    return allPassed(results) ? EXIT.ok : EXIT.hardFail;
  },
};

/** `--format` is case-insensitive as in CircleCI; `--json` is its deprecated spelling. */
function reportFormat(value: string | undefined, json: boolean, io: Io): (typeof FORMATS)[number] {
  if (json) io.stderr('Flag --json has been deprecated, use --format=json to print json test results\n');
  if (value === undefined) return json ? 'json' : 'text';
  const f = value.toLowerCase();
  if (!(FORMATS as readonly string[]).includes(f)) throw new CliError(`invalid value for --format: '${value}' (expected one of ${FORMATS.join(', ')})`);
  return f as (typeof FORMATS)[number];
}
