// Problems found in a config, as values with a code, a message and the place they were written.

/** A config problem: thrown by loading, returned as a value by compiling and validating. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly code: string,
    message: string,
    readonly file: string,
    readonly line: number = 1,
    readonly col: number = 1,
    /** CircleCI's "Error calling workflow: 'w'" lines, outermost first. */
    readonly chain: readonly string[] = [],
  ) {
    super(message);
  }

  /** `file:line:col: message`, followed by the calling chain one entry per line. */
  format(): string {
    const head = `${this.file}:${this.line}:${this.col}: ${this.message}`;
    return this.chain.length === 0 ? head : [head, ...this.chain.map((c) => `  ${c}`)].join('\n');
  }

  toJSON(): { code: string; message: string; file: string; line: number; col: number; chain: string[] } {
    return { code: this.code, message: this.message, file: this.file, line: this.line, col: this.col, chain: [...this.chain] };
  }
}

/** Something a policy author should know about that does not stop compilation. */
export interface ConfigWarning {
  code: string;
  message: string;
  file: string;
  line: number;
  col: number;
}

export function formatWarning(w: ConfigWarning): string {
  return `${w.file}:${w.line}:${w.col}: warning: ${w.message}`;
}
