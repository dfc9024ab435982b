// Shared by the policy tests: where the repository's examples and the shared corpus are, and
// small builders for bundles written inline.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bundleOf, compileBundle, decide, decisionToJSON, type CompiledBundle, type Decision, type Dialect } from '../../src/policy/index.js';
import type { JsonValue } from '../../src/circleci/index.js';

/** The repository root, found from this file's place (dist/test/policy/). */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const seedDir = repoRoot + 'examples/seed/';
export const circleciDir = repoRoot + 'examples/circleci/';
export const corpusConfigs = fileURLToPath(new URL('../../../../shared/corpus/configs/', import.meta.url));
export const hasCorpus = existsSync(corpusConfigs);

/** Compiles inline files: `{'policy.rego': '…'}`. */
export function compileFiles(files: Record<string, string>, dialect: Dialect = 'auto'): CompiledBundle {
  return compileBundle(
    bundleOf(Object.entries(files).map(([name, source]) => ({ name, source }))),
    { dialect },
  );
}

export function decideFiles(files: Record<string, string>, input: JsonValue, meta?: JsonValue, dialect: Dialect = 'auto'): Decision {
  return decide(compileFiles(files, dialect), input, { meta });
}

/** The decision JSON CircleCI would print for inline files. */
export function circleciJSON(files: Record<string, string>, input: JsonValue, meta?: JsonValue): string {
  return decisionToJSON(decideFiles(files, input, meta, 'circleci'), 'circleci');
}
