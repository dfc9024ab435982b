// Where the shared corpus lives, found from this file's place (dist/test/circleci/) in the repo.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/circleci/index.js';
import type { LoadedConfig } from '../../src/circleci/index.js';

export const corpusDir = fileURLToPath(new URL('../../../../shared/corpus/', import.meta.url));
export const configsDir = corpusDir + 'configs/';
export const orbsDir = corpusDir + 'orbs/';

export function loadCorpusConfig(name: string): LoadedConfig {
  return loadConfig(readFileSync(configsDir + name), name);
}
