// CircleCI's helper library, linked into a bundle only when a module imports it (spec §1.3):
// `import data.circleci.config` (any alias) adds the three config modules; then any module
// importing `data.circleci.utils` (the config modules do) adds the utils module.

import type { Module } from '../../../rego/index.js';
import { parseModule } from '../../../rego/index.js';
import { CONTEXTS_FILE, CONTEXTS_SOURCE } from './contexts.js';
import { ORBS_FILE, ORBS_SOURCE } from './orbs.js';
import { RUNNER_FILE, RUNNER_SOURCE } from './runner.js';
import { UTILS_FILE, UTILS_SOURCE } from './utils.js';

export const CONFIG_PACKAGE = 'data.circleci.config';
export const UTILS_PACKAGE = 'data.circleci.utils';

const CONFIG_SOURCES = [
  { file: CONTEXTS_FILE, source: CONTEXTS_SOURCE },
  { file: ORBS_FILE, source: ORBS_SOURCE },
  { file: RUNNER_FILE, source: RUNNER_SOURCE },
];
const UTILS_SOURCES = [{ file: UTILS_FILE, source: UTILS_SOURCE }];

/** Parsed afresh for every bundle: the compiler rewrites the modules it is given in place. */
function helperModule(file: string, source: string): Module {
  return parseModule(file, source, { regoVersion: 0 });
}

/** The printed path of an import, e.g. `data.circleci.config`. */
export function importPath(imp: Module['imports'][number]): string {
  const parts: string[] = [];
  for (const t of imp.path.terms) {
    if (t.kind === 'var') parts.push(t.name);
    else if (t.kind === 'scalar' && typeof t.value === 'string') parts.push(t.value);
    else return '';
  }
  return parts.join('.');
}

function imports(modules: Module[], path: string): boolean {
  return modules.some((m) => m.imports.some((i) => importPath(i) === path));
}

/** The helper modules the given modules need, in link order (config first, then utils). */
export function linkHelpers(modules: Module[]): Module[] {
  const added: Module[] = [];
  if (imports(modules, CONFIG_PACKAGE)) for (const s of CONFIG_SOURCES) added.push(helperModule(s.file, s.source));
  if (imports([...modules, ...added], UTILS_PACKAGE)) for (const s of UTILS_SOURCES) added.push(helperModule(s.file, s.source));
  return added;
}

/** Every helper module's name and source, for documentation and tests. */
export const HELPER_SOURCES: readonly { file: string; source: string }[] = [...CONFIG_SOURCES, ...UTILS_SOURCES];
