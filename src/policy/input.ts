// Inputs for decisions: a config file loaded safely, compiled unless asked not to (so policies
// can read `_compiled_`), with every problem located at the config's line and column.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { buildInput, ConfigError, defaultOrbDirs, formatWarning, loadConfig } from '../circleci/index.js';
import type { JsonObject, JsonValue, LoadedConfig } from '../circleci/index.js';
import { PolicyError } from './errors.js';

export interface InputOptions {
  /** Add `_compiled_` (default true); false uses the file as written (CircleCI's `--no-compile`). */
  compile?: boolean;
  /** Searched before the default orb directories next to the config. */
  orbDirs?: string[];
  pipelineParameters?: JsonObject;
  pipelineValues?: JsonObject;
}

export interface LoadedInput {
  file: string;
  /** The input document. */
  doc: JsonValue;
  /** The loaded YAML, to point violations at config lines. */
  config: LoadedConfig;
  /** Compile warnings and errors, located (`file:line:col: …`); they do not stop a decision. */
  messages: string[];
}

/** Loads and (unless `compile: false`) compiles one config; throws PolicyError located in it. */
export function loadInput(file: string, opts: InputOptions = {}): LoadedInput {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file or directory' : code === 'EISDIR' ? 'is a directory' : (err as Error).message;
    throw new PolicyError(`failed to read input file: ${reason}`, [{ file, message: `failed to read input file: ${reason}` }]);
  }
  return inputFromText(bytes, file, opts);
}

export function inputFromText(text: string | Uint8Array, file: string, opts: InputOptions = {}): LoadedInput {
  const config = parseConfig(text, file);
  if (opts.compile === false) return { file, doc: config.doc, config, messages: [] };
  const { input, result } = buildInput(config, {
    orbDirs: [...(opts.orbDirs ?? []), ...defaultOrbDirs(file)],
    pipelineParameters: opts.pipelineParameters,
    pipelineValues: opts.pipelineValues,
  });
  let messages: string[] | undefined;
  return {
    file,
    doc: input,
    config,
    // Formatting warnings locates them in the text: only when someone asks.
    get messages() {
      return (messages ??= [...result.warnings.map(formatWarning), ...result.errors.map((e) => e.format())]);
    },
  };
}

/** A YAML or JSON document (config, metadata, parameters), with located syntax errors. */
export function parseConfig(text: string | Uint8Array, file: string): LoadedConfig {
  try {
    return loadConfig(text, file);
  } catch (err) {
    if (err instanceof ConfigError) throw new PolicyError(`${file}:${err.line}:${err.col}: ${err.message}`, [{ file: err.file, line: err.line, col: err.col, message: err.message }]);
    throw err;
  }
}

/** The config files named: files as given, directories walked for `*.yml` / `*.yaml` (sorted). */
export function listInputs(paths: string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    let dir = false;
    try {
      dir = statSync(p).isDirectory();
    } catch {
      // a missing file is reported when it is loaded, in order with the others
    }
    if (dir) out.push(...walkConfigs(p));
    else out.push(p);
  }
  return out;
}

function walkConfigs(root: string): string[] {
  const out: string[] = [];
  const visit = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = dir.endsWith('/') ? dir + name : `${dir}/${name}`;
      const st = statSync(path, { throwIfNoEntry: false });
      if (st?.isDirectory()) visit(path);
      else if (st?.isFile() && /\.ya?ml$/i.test(name)) out.push(path);
    }
  };
  visit(root);
  return out;
}
