// Deciding many configs in one process: load (and compile) each, decide with the one compiled
// bundle, and keep going when one config cannot be read.

import type { CompiledBundle } from './compile.js';
import { type DecideOptions, decide } from './decide.js';
import { PolicyError } from './errors.js';
import { type InputOptions, loadInput } from './input.js';
import type { DecidedInput } from './report/model.js';

export interface RunOptions {
  input?: InputOptions;
  decide?: DecideOptions;
  /** Called after each config with the number done so far. */
  onProgress?: (done: number, total: number) => void;
}

export function decideFiles(compiled: CompiledBundle, files: string[], opts: RunOptions = {}): DecidedInput[] {
  const out: DecidedInput[] = [];
  for (const file of files) {
    out.push(decideFile(compiled, file, opts));
    opts.onProgress?.(out.length, files.length);
  }
  return out;
}

function decideFile(compiled: CompiledBundle, file: string, opts: RunOptions): DecidedInput {
  let loaded;
  try {
    loaded = loadInput(file, opts.input);
  } catch (err) {
    if (err instanceof PolicyError) return { file, failure: err, messages: [] };
    throw err;
  }
  try {
    const decision = decide(compiled, loaded.doc, opts.decide);
    return { file, decision, config: loaded.config, messages: loaded.messages };
  } catch (err) {
    // A bug of ours must not end a run over hundreds of configs: this one is reported, the rest decided.
    const failure = err instanceof PolicyError ? err : new PolicyError(`internal error: ${(err as Error).message ?? String(err)}`);
    return { file, failure, config: loaded.config, messages: loaded.messages };
  }
}
