// Problems with a bundle or an input, as values: each one located where it was found, and the
// whole error also as one line of text (for the circleci dialect, exactly CircleCI's wording).

import { RegoError, RegoErrors } from '../rego/index.js';

export interface Problem {
  file: string;
  /** 1-based; absent when the problem concerns the whole file. */
  line?: number;
  col?: number;
  message: string;
}

export function formatProblem(p: Problem): string {
  let where = p.file;
  if (p.line !== undefined) where += `:${p.line}`;
  if (p.line !== undefined && p.col !== undefined) where += `:${p.col}`;
  return where === '' ? p.message : `${where}: ${p.message}`;
}

/** A file that cannot be used, with the place it went wrong where one is known. */
export class LocatedError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line?: number,
    readonly col?: number,
  ) {
    super(message);
  }

  /** `file:line:col: message`. */
  format(): string {
    return formatProblem(this);
  }
}

/**
 * A bundle that cannot be loaded or compiled, or an input or result that cannot be decided on.
 * `message` is the single-line text a tool would print (CircleCI's exact text in the circleci
 * dialect); `problems` lists every located problem.
 */
export class PolicyError extends Error {
  readonly problems: Problem[];

  constructor(message: string, problems: Problem[] = []) {
    super(message);
    this.problems = problems.length > 0 ? problems : [{ file: '', message }];
  }

  /** The first problem's location, for callers that report one place. */
  get file(): string {
    return this.problems[0]!.file;
  }
  get line(): number | undefined {
    return this.problems[0]!.line;
  }
  get col(): number | undefined {
    return this.problems[0]!.col;
  }
}

/** A located problem from one of the engine's errors (`code: message` as OPA words it). */
export function problemOf(err: RegoError): Problem {
  const loc = err.location;
  const message = `${err.code}: ${err.message}`;
  if (loc === undefined) return { file: '', message };
  return { file: loc.file, line: loc.row, col: loc.col, message };
}

/** Every engine error carried by `err` (a RegoErrors or a single RegoError). */
export function regoErrorsOf(err: unknown): RegoError[] | undefined {
  if (err instanceof RegoErrors) return err.errors;
  if (err instanceof RegoError) return [err];
  return undefined;
}
