// The only public entry of policy decisions: bundles of Rego files in the seed's format or
// CircleCI's, compiled once and decided on many inputs.
//
//   loadBundle(path)                       → Bundle          a directory (recursive), a file or a .tar.gz
//   compileBundle(bundle, {dialect})       → CompiledBundle  file rules, helper linking, engine compile
//   decide(compiled, input, {meta, projectSlug}) → Decision  PASS / SOFT_FAIL / HARD_FAIL / ERROR
//   decisionToJSON(decision, dialect)      → string          exact text (circleci: Go's encoder)
//   evaluateData(compiled, input, opts)    → Value           the `data` document (eval, --debug)
//
// Everything that cannot be decided throws PolicyError, whose `problems` are located
// (`file:line:col`); evaluation errors of a policy are ERROR decisions instead.

export { loadBundle, bundleOf, buildArchive, isArchivePath } from './bundle.js';
export type { Bundle, BundleFile } from './bundle.js';
export { compileBundle, CompiledBundle, NETWORK_BUILTINS } from './compile.js';
export type { CompileOptions } from './compile.js';
export { DIALECTS, declaresPolicyName } from './dialect.js';
export type { Dialect, BundleDialect } from './dialect.js';
export { decide, dataDocument, inputDocument, DEFAULT_TIMEOUT_MS } from './decide.js';
export type { DecideOptions } from './decide.js';
export { blocks, makeDecision, sortViolations } from './decision.js';
export type { Decision, Status, Violation } from './decision.js';
export { decisionToJSON, decisionObject, goJSON } from './json.js';
export { evaluateData, evaluateQuery, evalJSON } from './evaluate.js';
export { PolicyError, formatProblem } from './errors.js';
export type { Problem } from './errors.js';
export type { RuleInfo, RuleMetadata } from './metadata.js';
export { loadInput, inputFromText, listInputs, parseConfig } from './input.js';
export type { InputOptions, LoadedInput } from './input.js';
export { HELPER_SOURCES } from './circleci/helpers/index.js';
export { readMeta, readParameters } from './options.js';
export { capabilities, capabilitiesJSON } from './capabilities.js';
export { decideFiles } from './run.js';
export { decideFilesParallel, defaultJobs } from './parallel.js';
export type { ParallelOptions } from './parallel.js';
export type { RunOptions } from './run.js';
export { textReport, verdict } from './report/text.js';
export { jsonReport } from './report/json.js';
export { junitReport } from './report/junit.js';
export { sarifReport } from './report/sarif.js';
export { githubReport } from './report/github.js';
export { progressLine, clearProgress } from './report/progress.js';
export { locateReason } from './report/locate.js';
export { showMessages } from './report/model.js';
export type { DecidedInput, RunReport, Mode } from './report/model.js';
