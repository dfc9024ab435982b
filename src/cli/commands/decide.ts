// `policygate decide BUNDLE --input FILE…`: the verdict of a bundle on one or many configs, for
// people (text) or tools (json, junit, sarif, github). Parses flags, calls src/policy, prints.

import { createRequire } from 'node:module';
import type { Command, Io } from '../command.js';
import { CliError, EXIT } from '../errors.js';
import { flag, flagAll, flagBool, flagChoice, parseArgs } from '../flags.js';
import type { ParsedArgs } from '../flags.js';
import {
  type CompileOptions,
  type CompiledBundle,
  type DecidedInput,
  type Dialect,
  DIALECTS,
  type InputOptions,
  type Mode,
  PolicyError,
  type RunReport,
  clearProgress,
  compileBundle,
  decideFiles,
  decideFilesParallel,
  defaultJobs,
  formatProblem,
  githubReport,
  jsonReport,
  junitReport,
  listInputs,
  loadBundle,
  progressLine,
  readMeta,
  readParameters,
  sarifReport,
  showMessages,
  textReport,
} from '../../policy/index.js';
import { loadPack, readPackSettings, withPack } from '../../policy/pack/index.js';

const DEFAULT_PACK = 'circleci';

const USAGE = `Usage: policygate decide BUNDLE --input FILE [--input FILE|DIR …] [options]
       policygate decide [BUNDLE] --pack circleci --input FILE …
       policygate decide --input FILE …          (no bundle: the built-in circleci pack)

Decides configs with a bundle (a directory of .rego files, one file, or a .tar.gz from
'policygate bundle build').

Options:
  --input FILE|DIR               a config to decide (repeatable; a directory means its *.yml/*.yaml)
  --meta JSON                    data.meta, e.g. '{"project_id": "…", "vcs": {"branch": "main"}}'
  --metafile FILE                data.meta from a YAML or JSON file
  --project-slug SLUG            input._project_slug, e.g. gh/my-org/payment-service (seed format)
  --orb-dir DIR                  packed orbs for compiling (repeatable)
  --pack NAME                    add a built-in policy pack (circleci); BUNDLE is then optional
  --pack-settings FILE           the pack's settings (YAML or JSON), merged over its defaults
  --no-compile                   use the config as written: no _compiled_ key
  --pipeline-parameters JSON|@F  values of the config's pipeline parameters
  --mode hard|soft               hard (default): HARD_FAIL blocks (exit 1); soft: reported as
                                 "would block", exit 0
  --dialect auto|seed|circleci   policy format (default auto: CircleCI's when every file declares
                                 policy_name, the seed's when none does, both when mixed)
  --v0                           parse seed-format files as Rego v0 (CircleCI files always are)
  --strict                       also exit 1 on ERROR (as circleci policy decide --strict)
  --output text|json|junit|sarif|github   (default text)
  -v, --verbose                  with many configs, also list each one's compile warnings
  -j, --jobs N                   decide many configs on N threads (0: one per CPU; default 1); each
                                 thread starts cold, so only large batches on idle cores can gain

Exit codes: 0 PASS or SOFT_FAIL (or HARD_FAIL in soft mode); 1 HARD_FAIL; 2 bad bundle, bad input,
usage, or an ERROR decision.`;

export const DECIDE_FLAGS = {
  input: { value: true, repeat: true, short: 'i' },
  meta: { value: true },
  metafile: { value: true },
  'project-slug': { value: true },
  'orb-dir': { value: true, repeat: true },
  'no-compile': {},
  'pipeline-parameters': { value: true },
  'pipeline-values': { value: true },
  mode: { value: true },
  dialect: { value: true },
  v0: {},
  strict: {},
  output: { value: true, short: 'o' },
  verbose: { short: 'v' },
  jobs: { value: true, short: 'j' },
  pack: { value: true },
  'pack-settings': { value: true },
};

const OUTPUTS = ['text', 'json', 'junit', 'sarif', 'github'] as const;

export const decideCommand: Command = {
  name: 'decide',
  summary: 'decide configs with a policy bundle (PASS, SOFT_FAIL, HARD_FAIL, ERROR)',
  usage: USAGE,
  async run(args: string[], io: Io): Promise<number> {
    const p = parseArgs(args, DECIDE_FLAGS);
    const output = flagChoice(p, 'output', OUTPUTS, 'text');
    const mode = flagChoice(p, 'mode', ['hard', 'soft'] as const, 'hard');
    const inputs = flagAll(p, 'input');
    if (inputs.length === 0) throw new CliError(`required flag --input not set\n\n${USAGE}`);
    const compiled = loadCompiled(p, io);
    if (compiled === undefined) return EXIT.usage;
    const decideOpts = policyCall(io, () => ({ meta: readMeta(flag(p, 'meta'), flag(p, 'metafile')), projectSlug: flag(p, 'project-slug') }));
    const inputOpts = policyCall(io, () => inputOptions(p));
    if (decideOpts === undefined || inputOpts === undefined) return EXIT.usage;

    const files = listInputs(inputs);
    if (files.length === 0) throw new CliError(`no *.yml or *.yaml configs found in ${inputs.join(', ')}`);
    const showProgress = io.isTTY && files.length > 1 && output === 'text';
    const onProgress = showProgress ? (done: number, total: number) => io.stderr(progressLine(done, total)) : undefined;
    const jobs = jobsFlag(p, files.length);
    const decided =
      jobs > 1
        ? await decideFilesParallel(compiled.bundle, compileOptions(p), files, { input: inputOpts, decide: decideOpts, jobs, onProgress })
        : decideFiles(compiled, files, { input: inputOpts, decide: decideOpts, onProgress });
    if (showProgress) io.stderr(clearProgress());
    const run: RunReport = { compiled, mode, inputs: decided, verbose: flagBool(p, 'verbose') };
    printReport(run, output, io);
    return exitCode(decided, mode, flagBool(p, 'strict'));
  },
};

function printReport(run: RunReport, output: (typeof OUTPUTS)[number], io: Io): void {
  // Machine formats keep stdout clean; what they cannot carry goes to stderr.
  if (output !== 'text' && showMessages(run)) for (const i of run.inputs) for (const m of i.messages) io.stderr(m + '\n');
  // Inputs that could not be decided are errors: located on stderr in every format.
  for (const i of run.inputs) if (i.failure) printProblems(io, i.failure, i.file);
  switch (output) {
    case 'text':
      io.stdout(textReport(run));
      break;
    case 'json':
      if (!(run.inputs.length === 1 && run.inputs[0]!.failure)) io.stdout(jsonReport(run));
      break;
    case 'junit':
      io.stdout(junitReport(run));
      break;
    case 'sarif':
      io.stdout(JSON.stringify(sarifReport(run, version()), null, 2) + '\n');
      break;
    case 'github':
      io.stdout(githubReport(run));
      break;
  }
}

function exitCode(decided: DecidedInput[], mode: Mode, strict: boolean): number {
  let code: number = EXIT.ok;
  for (const i of decided) {
    const s = i.decision?.status;
    if (s === undefined || s === 'ERROR') return strict && s === 'ERROR' ? EXIT.hardFail : EXIT.usage;
    if (s === 'HARD_FAIL' && mode === 'hard') code = EXIT.hardFail;
  }
  return code;
}

// ---- shared by the policy commands ---------------------------------------------------------

export function dialectFlag(p: ParsedArgs): Dialect {
  return flagChoice(p, 'dialect', DIALECTS, 'auto');
}

export function compileOptions(p: ParsedArgs): CompileOptions {
  return { dialect: dialectFlag(p), regoVersion: flagBool(p, 'v0') ? 0 : undefined };
}

/** Loads and compiles the bundle named by the only positional argument (and --pack); prints problems. */
export function loadCompiled(p: ParsedArgs, io: Io): CompiledBundle | undefined {
  const bundles = p.positional.length;
  // Without a bundle of one's own, the built-in pack is the policy: the embedded default.
  const pack = flag(p, 'pack') ?? (bundles === 0 ? DEFAULT_PACK : undefined);
  const settings = flag(p, 'pack-settings');
  if (settings !== undefined && pack === undefined) throw new CliError('--pack-settings needs --pack');
  if (bundles > 1) {
    // `--input *.yml` leaves all but the first file positional; say how to pass many configs.
    const configs = p.positional.some((a) => /\.ya?ml$/i.test(a));
    const hint = configs ? '; pass each config with its own --input, or --input DIR for a directory' : '';
    throw new CliError(`expected one bundle (a directory, a .rego file or a .tar.gz), got ${bundles}${hint}`);
  }
  return policyCall(io, () => {
    const packBundle = pack === undefined ? undefined : loadPack(pack, { settings: settings === undefined ? undefined : readPackSettings(settings) });
    const own = bundles === 1 ? loadBundle(p.positional[0]!) : undefined;
    const bundle = own === undefined ? packBundle! : packBundle === undefined ? own : withPack(own, packBundle);
    return compileBundle(bundle, compileOptions(p));
  });
}

/**
 * Threads for deciding many configs: opt-in, because each worker starts cold (modules, bundle
 * compile, JIT warm-up: a few hundred configs' worth of work), so only large batches on idle
 * cores gain. `--jobs 0` means one per CPU.
 */
function jobsFlag(p: ParsedArgs, inputs: number): number {
  const v = flag(p, 'jobs');
  if (v === undefined || inputs < 2) return 1;
  if (!/^[0-9]+$/.test(v)) throw new CliError(`invalid value for --jobs: '${v}' (expected a number)`);
  return v === '0' ? defaultJobs() : Math.min(Number(v), 64);
}

/** Runs f; a PolicyError is printed (every problem, located) and gives undefined. */
export function policyCall<T>(io: Io, f: () => T): T | undefined {
  try {
    return f();
  } catch (err) {
    if (err instanceof PolicyError) {
      printProblems(io, err);
      return undefined;
    }
    throw err;
  }
}

export function printProblems(io: Io, err: PolicyError, fallbackFile = ''): void {
  for (const problem of err.problems) io.stderr(formatProblem(problem.file === '' ? { ...problem, file: fallbackFile } : problem) + '\n');
}

export function inputOptions(p: ParsedArgs): InputOptions {
  const values = flag(p, 'pipeline-values');
  return {
    compile: !flagBool(p, 'no-compile'),
    orbDirs: flagAll(p, 'orb-dir'),
    pipelineParameters: readParameters(flag(p, 'pipeline-parameters')),
    pipelineValues: readParameters(values),
  };
}

let cachedVersion: string | undefined;

/** policygate's version, from package.json (two levels above dist/src/cli). */
export function version(): string {
  if (cachedVersion === undefined) {
    try {
      cachedVersion = String((createRequire(import.meta.url)('../../../../package.json') as { version: string }).version);
    } catch {
      cachedVersion = '0.0.0';
    }
  }
  return cachedVersion;
}
