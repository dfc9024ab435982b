// Short Rego text of a term or expression for messages (`object.get(job, "filters", null)`);
// not a formatter: long composites are elided.

import { numText } from '../../rego/index.js';
import type { Expr, Num, Term } from '../../rego/index.js';
import { opName } from './walk.js';

const INFIX: Record<string, string> = {
  equal: '==',
  neq: '!=',
  lt: '<',
  gt: '>',
  lte: '<=',
  gte: '>=',
  eq: '=',
  assign: ':=',
  plus: '+',
  minus: '-',
  mul: '*',
  div: '/',
  rem: '%',
  and: '&',
  or: '|',
};

export function termText(t: Term, depth = 0): string {
  if (depth > 4) return '…';
  switch (t.kind) {
    case 'scalar':
      return typeof t.value === 'string' ? JSON.stringify(t.value) : t.value === null || typeof t.value === 'boolean' ? String(t.value) : numText(t.value as Num);
    case 'var':
      return t.name.startsWith('$') ? '_' : t.name;
    case 'ref':
      return refText(t.terms, depth);
    case 'array':
      return `[${items(t.items, depth)}]`;
    case 'set':
      return t.items.length === 0 ? 'set()' : `{${items(t.items, depth)}}`;
    case 'object':
      return t.items.length > 3 ? '{…}' : `{${t.items.map(([k, v]) => `${termText(k, depth + 1)}: ${termText(v, depth + 1)}`).join(', ')}}`;
    case 'call':
      return callText(opName(t.op), t.args, depth);
    case 'arraycompr':
      return `[${termText(t.head, depth + 1)} | …]`;
    case 'setcompr':
      return `{${termText(t.head, depth + 1)} | …}`;
    case 'objectcompr':
      return `{${termText(t.key, depth + 1)}: ${termText(t.value, depth + 1)} | …}`;
    case 'value':
      return '…';
  }
}

function items(ts: Term[], depth: number): string {
  const shown = ts.slice(0, 3).map((x) => termText(x, depth + 1));
  return ts.length > 3 ? `${shown.join(', ')}, …` : shown.join(', ');
}

function refText(terms: Term[], depth: number): string {
  let out = termText(terms[0]!, depth + 1);
  for (const k of terms.slice(1)) {
    if (k.kind === 'scalar' && typeof k.value === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(k.value)) out += `.${k.value}`;
    else out += `[${termText(k, depth + 1)}]`;
  }
  return out;
}

function callText(name: string, allArgs: Term[], depth: number): string {
  // `not f(x)` is parsed with a generated output variable: `f(x, __local0__)`.
  const last = allArgs[allArgs.length - 1];
  const args = last?.kind === 'var' && /^__local\d+__$/.test(last.name) ? allArgs.slice(0, -1) : allArgs;
  const op = INFIX[name];
  if (op !== undefined && args.length === 2) return `${termText(args[0]!, depth + 1)} ${op} ${termText(args[1]!, depth + 1)}`;
  if (name === 'internal.member_2' && args.length === 2) return `${termText(args[0]!, depth + 1)} in ${termText(args[1]!, depth + 1)}`;
  return `${name}(${args.map((a) => termText(a, depth + 1)).join(', ')})`;
}

export function exprText(e: Expr): string {
  const t = e.terms;
  let body: string;
  switch (t.kind) {
    case 'term':
      body = termText(t.term);
      break;
    case 'call':
      body = callText(opName(t.op), t.args, 0);
      break;
    case 'some':
      body = `some ${t.symbols.map((s) => termText(s)).join(', ')}`;
      break;
    case 'every':
      body = `every … in ${termText(t.domain)}`;
      break;
  }
  return e.negated ? `not ${body}` : body;
}
