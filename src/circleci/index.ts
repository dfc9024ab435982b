// The only public entry of CircleCI config processing: everything between a `.circleci/config.yml`
// on disk and the `input` document a policy reads.
//
//   loadConfig(text, file, limits?)   → LoadedConfig   safe YAML loading; throws ConfigError (file:line:col)
//     .doc                            the config as written (anchors, aliases, `<<` merges resolved)
//     .positionOf(['jobs','build'])   {line, col} where a node was written, computed on demand
//   compileConfig(loaded, options)    → CompileResult  orbs inlined, parameters, executors, matrix, when…;
//                                     problems come back as values (errors, warnings, unresolvedOrbs)
//   buildInput(loaded, options)       → {input, result} config as written + `_compiled_` + `_policygate_`
//   validateConfig(loaded)            → ConfigError[]  structural checks against CircleCI's schema
//
// Values are plain JSON-like data (integers beyond 2^53 as bigint) and are never mutated after loading:
// compiled output shares unchanged parts with the source.

export { loadConfig, DEFAULT_LIMITS } from './yaml.js';
export type { LoadedConfig, LoadLimits } from './yaml.js';
export type { Position } from './positions.js';
export { compileConfig } from './compile.js';
export type { CompileOptions, CompileResult } from './compile.js';
export { DEFAULT_COMPILE_LIMITS } from './context.js';
export type { CompileLimits } from './context.js';
export { buildInput } from './input.js';
export { validateConfig } from './validate.js';
export type { PolicyInput } from './input.js';
export { defaultOrbDirs } from './orbs.js';
export { ConfigError, formatWarning } from './errors.js';
export type { ConfigWarning } from './errors.js';
export { toJsonText } from './json.js';
export type { JsonObject, JsonValue, PathSegment } from './json.js';
