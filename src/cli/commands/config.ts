// `policygate config …`: compile a CircleCI config, show the input document a policy sees, or
// validate its structure. Parses flags, calls the circleci layer and prints; nothing more.

import { readFileSync } from 'node:fs';
import { stringify } from 'yaml';
import type { Command, Io } from '../command.js';
import { CliError, EXIT } from '../errors.js';
import { flag, flagAll, flagChoice, parseArgs } from '../flags.js';
import type { ParsedArgs } from '../flags.js';
import { buildInput, compileConfig, ConfigError, defaultOrbDirs, formatWarning, loadConfig, toJsonText, validateConfig } from '../../circleci/index.js';
import type { CompileOptions, ConfigWarning, JsonObject, JsonValue, LoadedConfig } from '../../circleci/index.js';

const USAGE = `Usage:
  policygate config compile FILE [options]    print the config as CircleCI compiles it (orbs inlined)
  policygate config input FILE [options]      print the whole input document a policy sees
  policygate config validate FILE             check the config's structure

Options (compile, input):
  --orb-dir DIR                  directory of packed orbs (<namespace>__<name>@<version>.yml); repeatable,
                                 searched in order before .circleci/orbs/ and ~/.cache/policygate/orbs
  --pipeline-parameters JSON|@F  values for the config's pipeline parameters
  --pipeline-values JSON|@F      pipeline values, e.g. {"git": {"branch": "main"}}
  --output yaml|json             output format (compile: yaml, input: json)

Exit codes: 0 success; 2 bad input or usage (compile also when the config has compile errors).`;

const COMPILE_FLAGS = {
  'orb-dir': { value: true, repeat: true },
  'pipeline-parameters': { value: true },
  'pipeline-values': { value: true },
  output: { value: true, short: 'o' },
};

export const configCommand: Command = {
  name: 'config',
  summary: 'compile, inspect and validate CircleCI configs',
  usage: USAGE,
  async run(args: string[], io: Io): Promise<number> {
    const [sub, ...rest] = args;
    if (sub === 'compile') return compile(rest, io);
    if (sub === 'input') return input(rest, io);
    if (sub === 'validate') return validate(rest, io);
    throw new CliError(sub === undefined ? `missing sub-command\n\n${USAGE}` : `unknown sub-command 'config ${sub}'\n\n${USAGE}`);
  },
};

function compile(args: string[], io: Io): number {
  const p = parseArgs(args, COMPILE_FLAGS);
  const format = flagChoice(p, 'output', ['yaml', 'json'] as const, 'yaml');
  const loaded = load(onlyFile(p));
  const result = compileConfig(loaded, compileOptions(p, loaded.file));
  report(io, result.warnings, result.errors);
  if (result.compiled !== undefined) io.stdout(render(result.compiled, format));
  return result.errors.length > 0 ? EXIT.usage : EXIT.ok;
}

function input(args: string[], io: Io): number {
  const p = parseArgs(args, COMPILE_FLAGS);
  const format = flagChoice(p, 'output', ['yaml', 'json'] as const, 'json');
  const loaded = load(onlyFile(p));
  const { input: doc, result } = buildInput(loaded, compileOptions(p, loaded.file));
  // Compile errors are part of the document (`_policygate_.compile_errors`); shown, not fatal.
  report(io, result.warnings, result.errors);
  io.stdout(render(doc, format));
  return EXIT.ok;
}

function validate(args: string[], io: Io): number {
  const loaded = load(onlyFile(parseArgs(args, {})));
  const errors = validateConfig(loaded);
  report(io, [], errors);
  if (errors.length === 0) io.stdout(`${loaded.file}: valid\n`);
  return errors.length > 0 ? EXIT.usage : EXIT.ok;
}

function onlyFile(p: ParsedArgs): string {
  if (p.positional.length !== 1) throw new CliError(`expected one config file, got ${p.positional.length}\n\n${USAGE}`);
  return p.positional[0]!;
}

function compileOptions(p: ParsedArgs, file: string): CompileOptions {
  return {
    orbDirs: [...flagAll(p, 'orb-dir'), ...defaultOrbDirs(file)],
    pipelineParameters: jsonFlag(p, 'pipeline-parameters'),
    pipelineValues: jsonFlag(p, 'pipeline-values'),
  };
}

/** A map given inline (JSON or YAML) or as `@file`. */
function jsonFlag(p: ParsedArgs, name: string): JsonObject | undefined {
  const v = flag(p, name);
  if (v === undefined) return undefined;
  return v.startsWith('@') ? load(v.slice(1)).doc : parseLoaded(v, `--${name}`).doc;
}

function load(file: string): LoadedConfig {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw new CliError(`cannot read file: ${reason}`, { file });
  }
  return parseLoaded(bytes, file);
}

function parseLoaded(text: string | Uint8Array, file: string): LoadedConfig {
  try {
    return loadConfig(text, file);
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(err.message, { file: err.file, line: err.line, col: err.col });
    throw err;
  }
}

function report(io: Io, warnings: ConfigWarning[], errors: ConfigError[]): void {
  for (const w of warnings) io.stderr(formatWarning(w) + '\n');
  for (const e of errors) io.stderr(e.format() + '\n');
}

function render(value: JsonValue, format: 'yaml' | 'json'): string {
  if (format === 'json') return toJsonText(value, 2) + '\n';
  // Aliases would be emitted for shared subtrees; the compiled config is printed in full instead.
  return stringify(value, { aliasDuplicateObjects: false, lineWidth: 0 });
}
