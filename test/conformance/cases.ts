// Reading OPA's conformance case files (YAML as Go writes it) with exact numbers, and judging
// one case against the engine as the suite's README describes.

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Node } from 'yaml';
import {
  BuiltinError,
  type BuiltinDef,
  Policy,
  RObject,
  RSet,
  RegoErrors,
  T,
  type Value,
  fromJS,
  parseNumber,
  prepareValue,
  regoText,
  sortValues,
  toJSONText,
  valueEqual,
} from '../../src/rego/index.js';

export interface Case {
  file: string;
  index: number;
  note: string;
  query: string;
  modules: string[];
  data?: Value;
  input?: Value;
  inputTerm?: string;
  wantResult?: Value[];
  sortBindings: boolean;
  wantErrorCode?: string;
  wantError?: string;
  strictError: boolean;
}

export interface CaseResult {
  file: string;
  index: number;
  note: string;
  status: 'pass' | 'fail' | 'skip';
  detail: string;
}

/** YAML node → value, keeping every digit of numbers (Go's reader does). */
function nodeValue(n: Node | null | undefined): Value {
  if (n === null || n === undefined) return null;
  if (isScalar(n)) {
    const v = n.value;
    if (typeof v === 'number' || typeof v === 'bigint') {
      const exact = parseNumber(String(n.source ?? v));
      return exact ?? fromJS(v);
    }
    return fromJS(v);
  }
  if (isSeq(n)) return n.items.map((x) => nodeValue(x as Node));
  if (isMap(n)) {
    const o = new RObject();
    for (const pair of n.items) {
      const k = nodeValue(pair.key as Node);
      o.set(typeof k === 'string' ? k : regoText(k), nodeValue(pair.value as Node));
    }
    return o;
  }
  return null;
}

export function findCaseFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.yaml') || name.endsWith('.yml')) out.push(p);
    }
  };
  walk(root);
  return out;
}

export function loadCases(root: string, path: string): Case[] {
  const doc = parseDocument(readFileSync(path, 'utf8'), { version: '1.1', uniqueKeys: false });
  const top = nodeValue(doc.contents as Node);
  const file = relative(root, path);
  if (!(top instanceof RObject)) return [];
  const cases = top.get('cases');
  if (!Array.isArray(cases)) return [];
  return cases.map((c, index) => {
    const o = c as RObject;
    const get = (k: string): Value | undefined => o.get(k);
    const str = (k: string): string | undefined => {
      const v = get(k);
      return typeof v === 'string' ? v : undefined;
    };
    const want = get('want_result');
    return {
      file,
      index,
      note: str('note') ?? '',
      query: str('query') ?? '',
      modules: ((get('modules') as Value[] | undefined) ?? []).map(String),
      ...(get('data') !== undefined && get('data') !== null ? { data: get('data') } : {}),
      ...(get('input') !== undefined ? { input: get('input') } : {}),
      ...(str('input_term') !== undefined ? { inputTerm: str('input_term') } : {}),
      ...(Array.isArray(want) ? { wantResult: want } : {}),
      sortBindings: get('sort_bindings') === true,
      ...(str('want_error_code') !== undefined ? { wantErrorCode: str('want_error_code') } : {}),
      ...(str('want_error') !== undefined ? { wantError: str('want_error') } : {}),
      strictError: get('strict_error') === true,
    };
  });
}

/** The built-in OPA's own runner registers for these cases. */
const testSleep: BuiltinDef = {
  name: 'test.sleep',
  decl: T.fn([T.string], T.null),
  fn: (args) => {
    const d = args[0];
    if (typeof d !== 'string') throw new BuiltinError('operand 1 must be string', 'type');
    const m = /^(\d+)(ms|s)$/.exec(d);
    const ms = m ? Number(m[1]) * (m[2] === 's' ? 1000 : 1) : 0;
    const end = Date.now() + ms;
    while (Date.now() < end) {
      /* busy wait: the engine is synchronous */
    }
    return null;
  },
};

/** A result value as OPA's JSON: sets become sorted arrays, non-string keys their JSON text. */
function asJSON(v: Value): Value {
  if (Array.isArray(v)) return v.map(asJSON);
  if (v instanceof RSet) return v.values().map(asJSON);
  if (v instanceof RObject) {
    const o = new RObject();
    for (const [k, x] of v.entries()) o.set(typeof k === 'string' ? k : toJSONText(k), asJSON(x));
    return o;
  }
  return v;
}

function rowText(row: Map<string, Value>): string {
  return '{' + [...row.entries()].map(([k, v]) => `${k}: ${toJSONText(v)}`).join(', ') + '}';
}

export function runCase(c: Case, regoVersion: 0 | 1): CaseResult {
  const base = { file: c.file, index: c.index, note: c.note };
  const fail = (detail: string): CaseResult => ({ ...base, status: 'fail', detail });
  let policy: Policy;
  try {
    policy = Policy.compile(
      c.modules.map((source, i) => ({ file: `test-${i}.rego`, source })),
      { regoVersion, allowNetwork: true, builtins: [testSleep] },
    );
  } catch (e) {
    return fail(`compile error: ${e instanceof RegoErrors ? e.message : String(e)}`);
  }
  let input = c.input;
  if (c.inputTerm !== undefined) {
    try {
      const empty = Policy.compile([], { regoVersion });
      input = prepareValue(empty, c.inputTerm).value();
    } catch (e) {
      return fail(`input_term error: ${String(e instanceof Error ? e.message : e)}`);
    }
  }
  let result;
  try {
    const q = policy.prepare(c.query);
    result = q.eval({ input, data: c.data, strictBuiltinErrors: c.strictError, limits: { timeoutMs: 10_000 } });
  } catch (e) {
    return fail(`query error: ${e instanceof Error ? e.message : String(e)}`);
  }
  const err = result.error;
  const gotRows = result.results.map((row) => {
    const m = new Map<string, Value>();
    for (const [k, v] of row) {
      let j = asJSON(v);
      if (c.sortBindings && Array.isArray(j)) j = sortValues([...j]);
      m.set(k, j);
    }
    return m;
  });
  const gotText = () => (err ? `error: ${err.toString()}` : '') + (gotRows.length ? ` results: [${gotRows.map(rowText).join(', ')}]` : ' results: []');
  if (c.wantError !== undefined || c.wantErrorCode !== undefined) {
    if (err === undefined) return fail(`want error ${c.wantErrorCode ?? ''} ${JSON.stringify(c.wantError ?? '')}, got${gotText()}`);
    if (c.wantErrorCode !== undefined && err.code !== c.wantErrorCode) return fail(`want error code ${c.wantErrorCode}, got ${err.toString()}`);
    if (c.wantError !== undefined && !err.toString().includes(c.wantError)) return fail(`want error containing ${JSON.stringify(c.wantError)}, got ${err.toString()}`);
  } else if (err !== undefined) return fail(`unexpected error: ${err.toString()}`);
  if (c.wantResult !== undefined) {
    const want = c.wantResult.map((r) => {
      const m = new Map<string, Value>();
      if (r instanceof RObject) for (const [k, v] of r.entries()) m.set(String(k), v);
      return m;
    });
    if (!sameRowSets(want, gotRows)) {
      return fail(`want results: [${want.map(rowText).join(', ')}]\n      got${gotText()}`);
    }
  }
  return { ...base, status: 'pass', detail: '' };
}

function rowEqual(a: Map<string, Value>, b: Map<string, Value>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) {
    const w = b.get(k);
    if (w === undefined || !valueEqual(v, w)) return false;
  }
  return true;
}

function sameRowSets(a: Map<string, Value>[], b: Map<string, Value>[]): boolean {
  return a.every((x) => b.some((y) => rowEqual(x, y))) && b.every((y) => a.some((x) => rowEqual(x, y)));
}
