// Errors the CLI reports to the user: a message, optionally located, and an exit code.

export interface SourceLocation {
  file: string;
  line?: number;
  col?: number;
}

/** Exit codes shared by every command. */
export const EXIT = {
  ok: 0,
  hardFail: 1,
  usage: 2,
} as const;

/** A user-facing failure: printed as `file:line:col: message` and exits with `code`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly location?: SourceLocation,
    readonly code: number = EXIT.usage,
  ) {
    super(message);
  }

  format(): string {
    const loc = this.location;
    if (loc === undefined) return this.message;
    let where = loc.file;
    if (loc.line !== undefined) where += `:${loc.line}`;
    if (loc.line !== undefined && loc.col !== undefined) where += `:${loc.col}`;
    return `${where}: ${this.message}`;
  }
}
