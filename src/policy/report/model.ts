// What every report format is given: the decisions on the inputs of one run, each with the
// config it was made on (to point at lines), and the organization's mode.

import type { LoadedConfig } from '../../circleci/index.js';
import type { CompiledBundle } from '../compile.js';
import type { Decision, Violation } from '../decision.js';
import { PolicyError, formatProblem } from '../errors.js';
import { type ConfigPosition, locateReason } from './locate.js';

export type Mode = 'soft' | 'hard';

export interface DecidedInput {
  file: string;
  decision?: Decision;
  /** Why there is no decision (an unreadable input or result). */
  failure?: PolicyError;
  config?: LoadedConfig;
  /** Compile warnings and errors of the config, located. */
  messages: string[];
  /** The violations already located (decided on another thread, where the config was loaded). */
  located?: LocatedViolation[];
}

export interface RunReport {
  compiled: CompiledBundle;
  mode: Mode;
  inputs: DecidedInput[];
  /** Show every config's compile messages even when deciding many (they are shown for one). */
  verbose?: boolean;
}

/** Whether compile messages are shown: always for one config, for many only when verbose. */
export function showMessages(run: RunReport): boolean {
  return run.inputs.length <= 1 || run.verbose === true;
}

export interface LocatedViolation extends Violation {
  level: 'hard' | 'soft';
  position?: ConfigPosition;
}

/** The violations of a decision, hard first, each pointed at its config line when found. */
export function locatedViolations(input: DecidedInput): LocatedViolation[] {
  const d = input.decision;
  if (d === undefined) return [];
  if (input.located !== undefined) return input.located;
  const locate = (v: Violation, level: 'hard' | 'soft'): LocatedViolation => {
    const position = input.config === undefined ? undefined : locateReason(input.config, v.reason);
    return position === undefined ? { ...v, level } : { ...v, level, position };
  };
  return [...d.hard_failures.map((v) => locate(v, 'hard')), ...d.soft_failures.map((v) => locate(v, 'soft'))];
}

/** One line for an input without a decision. */
export function failureText(input: DecidedInput): string {
  const f = input.failure;
  if (f === undefined) return '';
  return f.problems.map((p) => formatProblem(p.file === '' ? { ...p, file: input.file } : p)).join('\n');
}

export interface Totals {
  PASS: number;
  SOFT_FAIL: number;
  HARD_FAIL: number;
  ERROR: number;
  unreadable: number;
}

export function totals(inputs: DecidedInput[]): Totals {
  const t: Totals = { PASS: 0, SOFT_FAIL: 0, HARD_FAIL: 0, ERROR: 0, unreadable: 0 };
  for (const i of inputs) {
    if (i.decision === undefined) t.unreadable++;
    else t[i.decision.status]++;
  }
  return t;
}
