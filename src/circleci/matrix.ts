// Matrix jobs (§9): the combinations of a `matrix:` stanza, in CircleCI's order and with its names.

import type { JsonValue } from './json.js';
import { isObject, scalarText } from './json.js';

export type Combination = ReadonlyMap<string, JsonValue>;

/**
 * The combinations of `matrix.parameters` less `exclude` (R9.1). Parameters are taken in alphabetical
 * order, the first varying slowest and each list in its written order (R9.3).
 */
export function combinations(matrix: JsonValue, limit: number): Combination[] {
  if (!isObject(matrix) || !isObject(matrix.parameters)) throw new MatrixError('matrix needs a parameters map');
  const params = matrix.parameters;
  const names = Object.keys(params).sort();
  const lists = names.map((n) => (Array.isArray(params[n]) ? (params[n] as JsonValue[]) : [params[n]!]));
  const total = lists.reduce((n, l) => n * l.length, 1);
  if (total > limit) throw new MatrixError(`matrix expands to ${total} jobs, more than the limit of ${limit}`);
  let combos: Map<string, JsonValue>[] = [new Map()];
  names.forEach((name, i) => {
    combos = combos.flatMap((c) => lists[i]!.map((v) => new Map(c).set(name, v)));
  });
  const excluded = Array.isArray(matrix.exclude) ? matrix.exclude.filter(isObject) : [];
  return combos.filter((c) => !excluded.some((ex) => Object.keys(ex).every((k) => c.has(k) && scalarText(c.get(k)!) === scalarText(ex[k]!))));
}

/** `<job>-<value>-<value>…`, values in alphabetical order of their parameter names (R9.2). */
export function matrixJobName(ref: string, combo: Combination): string {
  return [ref, ...[...combo.values()].map(scalarText)].join('-');
}

export class MatrixError extends Error {}
