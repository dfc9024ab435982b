// Policy tests, as `circleci policy test` runs them: `*_test.yaml` files of expected decisions
// next to the policies (nested cases inherit by deep merge) and OPA-style `test_` rules, with
// CircleCI's text, JSON and JUnit reports.
//
//   runTests({path, run?, dialect, orbDirs?, debug?}) → TestResult[]   in CircleCI's order
//   textReport(results, {verbose, debug}) / jsonReport(results, {debug}) / junitReport(results)
//   allPassed(results)                                                  skips count as passed

export { runTests, compileRunPattern, RunPatternError, OPA_GROUP } from './runner.js';
export type { TestResult, RunOptions } from './runner.js';
export { TestPathError } from './discover.js';
export { TestFileError, parseTests } from './load.js';
export type { TestSpec } from './load.js';
export { merge, mergeMaps } from './merge.js';
export { goYAML } from './goyaml.js';
export { unifiedDiff, unifiedDiffLines, splitLines, fileLines } from './diff.js';
export { textReport } from './report/text.js';
export { jsonReport, allPassed } from './report/json.js';
export { junitReport, rfc3339 } from './report/junit.js';
export { goDuration, tabwrite } from './report/format.js';
