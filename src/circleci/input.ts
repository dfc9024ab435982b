// The document a policy reads: the config as written, the compiled config under `_compiled_`, and
// under `_policygate_` what compilation could not do, so that a policy can fail closed on it.

import type { JsonObject } from './json.js';
import { compileConfig } from './compile.js';
import type { CompileOptions, CompileResult } from './compile.js';
import type { LoadedConfig } from './yaml.js';

export interface PolicyInput {
  input: JsonObject;
  result: CompileResult;
}

/**
 * `_compiled_` and `_policygate_` are always ours: a key of that name in the source is replaced, or
 * removed when there is nothing to put there, so a config cannot vouch for itself (spec §3.1).
 */
export function buildInput(loaded: LoadedConfig, options: CompileOptions = {}): PolicyInput {
  const result = compileConfig(loaded, options);
  const input: JsonObject = { ...loaded.doc };
  delete input._compiled_;
  delete input._policygate_;
  if (result.compiled !== undefined) input._compiled_ = result.compiled;
  const record: JsonObject = {};
  if (result.unresolvedOrbs.length > 0) record.unresolved_orbs = result.unresolvedOrbs;
  if (result.errors.length > 0) record.compile_errors = result.errors.map((e) => e.toJSON());
  if (Object.keys(record).length > 0) input._policygate_ = record;
  return { input, result };
}
