// Logic statements of `when`/`unless` steps and workflow `when` (§8.1), evaluated in three values:
// a condition that reads a pipeline value nobody supplied is neither true nor false but unknown.

import type { JsonValue } from './json.js';
import { deepEqual, isObject, isTruthy, scalarText } from './json.js';
import { hasUnresolvedRef } from './parameters.js';
import { RE2JS } from 're2js';

export type Truth = boolean | 'unknown';

const MAX_NESTING = 100;
const OPERATORS = new Set(['and', 'or', 'not', 'equal', 'matches']);

export class ConditionError extends Error {}

/** Evaluates a substituted logic statement; throws ConditionError on a malformed one. */
export function evaluate(cond: JsonValue, depth = 0): Truth {
  if (depth > MAX_NESTING) throw new ConditionError(`logic statements nest deeper than ${MAX_NESTING} levels`);
  const op = operatorOf(cond);
  if (op === undefined) return hasUnresolvedRef(cond) || looksLikeExpression(cond) ? 'unknown' : isTruthy(cond);
  const arg = (cond as Record<string, JsonValue>)[op]!;
  switch (op) {
    case 'not':
      return not(evaluate(arg, depth + 1));
    case 'and':
    case 'or':
      return combine(op, listOf(op, arg).map((a) => evaluate(a, depth + 1)));
    case 'equal': {
      const values = listOf(op, arg);
      if (values.some(hasUnresolvedRef)) return 'unknown';
      return values.every((v) => deepEqual(v, values[0]!));
    }
    default:
      return matches(arg);
  }
}

function operatorOf(cond: JsonValue): string | undefined {
  if (!isObject(cond)) return undefined;
  const keys = Object.keys(cond);
  return keys.length === 1 && OPERATORS.has(keys[0]!) ? keys[0] : undefined;
}

/** Expressions (R5.13) are not evaluated yet; treat a bare one as unknown rather than as a truthy string. */
function looksLikeExpression(cond: JsonValue): boolean {
  return typeof cond === 'string' && /\bpipeline\.[a-z_]/.test(cond);
}

export function not(t: Truth): Truth {
  return t === 'unknown' ? t : !t;
}

function combine(op: 'and' | 'or', parts: Truth[]): Truth {
  const decisive = op === 'or';
  if (parts.includes(decisive)) return decisive;
  return parts.includes('unknown') ? 'unknown' : !decisive;
}

function listOf(op: string, arg: JsonValue): JsonValue[] {
  if (!Array.isArray(arg)) throw new ConditionError(`'${op}' takes a list`);
  if (arg.length === 0 && op !== 'equal') throw new ConditionError(`'${op}' needs at least one statement`);
  return arg;
}

const compiled = new Map<string, RE2JS>();

/** `matches` is a full match of a Java regular expression, run with RE2 semantics. */
function matches(arg: JsonValue): Truth {
  if (!isObject(arg) || typeof arg.pattern !== 'string' || !('value' in arg)) throw new ConditionError("'matches' takes {pattern, value}");
  if (hasUnresolvedRef(arg.value!) || hasUnresolvedRef(arg.pattern)) return 'unknown';
  let re = compiled.get(arg.pattern);
  if (re === undefined) {
    try {
      re = RE2JS.compile(arg.pattern);
    } catch (err) {
      throw new ConditionError(`invalid pattern ${JSON.stringify(arg.pattern)}: ${(err as Error).message}`);
    }
    compiled.set(arg.pattern, re);
  }
  return re.matches(scalarText(arg.value!));
}
