// Which format a bundle's files are written in. CircleCI's format is recognised by its mandatory
// `policy_name` declaration; every other file is in the seed's format. A bundle of only CircleCI
// files is decided as CircleCI decides, one without any as the seed describes, and a mix by both.

import type { RegoVersion } from '../rego/index.js';

/** What a caller asks for: a format, or `auto` to recognise it from the files. */
export type Dialect = 'seed' | 'circleci' | 'auto';

/** What a compiled bundle is decided as. */
export type BundleDialect = 'seed' | 'circleci' | 'mixed';

export const DIALECTS: readonly Dialect[] = ['auto', 'seed', 'circleci'];

/**
 * Whether a file declares `policy_name` as a rule at the start of a line (`policy_name["x"]`,
 * `policy_name contains "x"`). A text test, because the declaration decides how to parse the file.
 */
export function declaresPolicyName(source: string): boolean {
  return /^[ \t]*policy_name[ \t]*(\[|contains\b)/m.test(source);
}

export type FileFormat = 'seed' | 'circleci';

export function fileFormat(source: string, dialect: Dialect): FileFormat {
  if (dialect !== 'auto') return dialect;
  return declaresPolicyName(source) ? 'circleci' : 'seed';
}

export function bundleDialect(formats: FileFormat[], dialect: Dialect): BundleDialect {
  if (dialect !== 'auto') return dialect;
  const circle = formats.filter((f) => f === 'circleci').length;
  if (circle === 0) return 'seed';
  return circle === formats.length ? 'circleci' : 'mixed';
}

/**
 * The Rego syntax a file is parsed with when it does not choose one itself (`import rego.v1`):
 * CircleCI parses v0; seed files default to v1, OPA 1.x's default, which the seed's policies
 * (written with `import future.keywords`) parse under as well as under v0.
 */
export function defaultRegoVersion(format: FileFormat, seedVersion: RegoVersion | undefined): RegoVersion {
  return format === 'circleci' ? 0 : (seedVersion ?? 1);
}
