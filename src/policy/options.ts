// Reading the values callers pass by text: metadata (`--meta` JSON or `--metafile` YAML/JSON) and
// pipeline parameters (inline JSON/YAML, `@file`, or a readable file path as CircleCI's CLI does).

import { readFileSync, statSync } from 'node:fs';
import type { JsonObject, JsonValue } from '../circleci/index.js';
import { PolicyError } from './errors.js';
import { parseConfig } from './input.js';

/** `data.meta` from `--meta` or `--metafile` (not both, as in CircleCI's CLI); undefined when neither. */
export function readMeta(meta: string | undefined, metafile: string | undefined): JsonValue | undefined {
  if (meta !== undefined && metafile !== undefined) throw new PolicyError('use either --meta or --metafile flag, but not both');
  if (meta !== undefined) return parseMap(meta, '--meta');
  if (metafile !== undefined) return parseMap(readText(metafile, 'failed to read metadata'), metafile);
  return undefined;
}

/** Pipeline parameters: `@file`, a readable file path, or inline JSON/YAML. */
export function readParameters(value: string | undefined): JsonObject | undefined {
  if (value === undefined) return undefined;
  if (value.startsWith('@')) return parseMap(readText(value.slice(1), "invalid 'pipeline-parameters' provided"), value.slice(1));
  if (isFile(value)) return parseMap(readText(value, "invalid 'pipeline-parameters' provided"), value);
  return parseMap(value, '--pipeline-parameters');
}

function parseMap(text: string, file: string): JsonObject {
  return parseConfig(text, file).doc;
}

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (err as Error).message;
    throw new PolicyError(`${what}: ${reason}`, [{ file, message: `${what}: ${reason}` }]);
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
