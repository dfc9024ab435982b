// Shallow checks of built-in operands against their declared types. Policies often pass the
// wrong type on purpose-less paths (an object `run` step to regex.match); outside strict mode
// such a call is simply undefined, so the evaluator skips it instead of letting it throw.

import { isNum } from '../number.js';
import type { Type } from '../types.js';
import { RObject, RSet, type Value } from '../value.js';

type Check = (v: Value) => boolean;

const ANY: Check = () => true;

function check(t: Type): Check {
  switch (t.type) {
    case 'any':
      if (t.of === undefined) return ANY;
      {
        const cs = t.of.map(check);
        if (cs.includes(ANY)) return ANY;
        return (v) => cs.some((c) => c(v));
      }
    case 'null':
      return (v) => v === null;
    case 'boolean':
      return (v) => typeof v === 'boolean';
    case 'number':
      return isNum as Check;
    case 'string':
      return (v) => typeof v === 'string';
    case 'array':
      return (v) => Array.isArray(v);
    case 'set':
      return (v) => v instanceof RSet;
    case 'object':
      return (v) => v instanceof RObject;
    default:
      return ANY;
  }
}

/** A check of all operands, or undefined when every operand accepts anything. */
export function operandGuard(args: Type[]): ((vs: Value[]) => boolean) | undefined {
  const cs = args.map(check);
  if (cs.every((c) => c === ANY)) return undefined;
  return (vs) => {
    for (let i = 0; i < cs.length; i++) if (!cs[i]!(vs[i]!)) return false;
    return true;
  };
}
