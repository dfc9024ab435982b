// Errors as values: a code as OPA names it, a message, and where it happened.

import type { Location } from './ast.js';

export type ErrorCode =
  | 'rego_parse_error'
  | 'rego_compile_error'
  | 'rego_type_error'
  | 'rego_unsafe_var_error'
  | 'rego_recursion_error'
  | 'eval_conflict_error'
  | 'eval_type_error'
  | 'eval_builtin_error'
  | 'eval_cancel_error'
  | 'eval_internal_error';

export class RegoError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly location?: Location,
  ) {
    super(message);
  }

  /** OPA's rendering: `file:row: code: message`. */
  override toString(): string {
    if (this.location === undefined) return `${this.code}: ${this.message}`;
    return `${this.location.file}:${this.location.row}: ${this.code}: ${this.message}`;
  }
}

/** Several errors of one phase (parse or compile), rendered as OPA renders ast.Errors. */
export class RegoErrors extends Error {
  constructor(readonly errors: RegoError[]) {
    super(renderErrors(errors));
  }
}

export function renderErrors(errors: RegoError[]): string {
  if (errors.length === 0) return 'no error(s)';
  if (errors.length === 1) return `1 error occurred: ${errors[0]!.toString()}`;
  return `${errors.length} errors occurred:\n${errors.map((e) => e.toString()).join('\n')}`;
}
