// Reading `*_test.yaml` files. CircleCI reads them with go-yaml v2, i.e. YAML 1.1 (`yes`, `on`,
// `off` are booleans; `<<` merges), into `test_<name>` entries with `input`, `meta`, `decision`,
// `compile`, `pipeline_parameters` and nested `cases`; other keys are ignored. Type mistakes are
// reported located (CircleCI reports them as go-yaml unmarshal errors).

import { readFileSync } from 'node:fs';
import { LineCounter, type Document, parseDocument } from 'yaml';
import type { JsonObject, JsonValue } from '../../circleci/index.js';
import { LocatedError } from '../errors.js';

export interface TestSpec {
  name: string;
  /** Undefined when absent or null: the parent's value is used. */
  input?: JsonValue;
  meta?: JsonValue;
  decision?: JsonValue;
  compile?: boolean;
  pipelineParameters?: JsonObject;
  /** Sorted by name. */
  cases: TestSpec[];
}

/** A test file that cannot be used, located. */
export class TestFileError extends LocatedError {}

export function isTestFile(name: string): boolean {
  return name.endsWith('_test.yaml') || name.endsWith('_test.yml');
}

/** The tests of a file: its `test_` entries, sorted by name. */
export function loadTestFile(file: string): TestSpec[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new TestFileError(`cannot read: ${(err as Error).message}`, file);
  }
  return parseTests(text, file);
}

export function parseTests(text: string, file: string): TestSpec[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, {
    version: '1.1',
    lineCounter: lines,
    intAsBigInt: true,
    prettyErrors: false,
    // go-yaml v2 leaves timestamps as strings when decoding into interface{} values.
    customTags: (tags) => tags.filter((t) => typeof t !== 'object' || t.tag !== 'tag:yaml.org,2002:timestamp'),
  });
  const fail = (message: string, offset?: number): never => {
    const p = offset === undefined ? undefined : lines.linePos(offset);
    throw new TestFileError(message, file, p?.line, p?.col);
  };
  const err = doc.errors[0];
  if (err !== undefined) fail(err.message.split('\n')[0]!, err.pos[0]);
  const root = plain(doc.toJS({ maxAliasCount: 10_000 }) as unknown);
  if (root === null) return [];
  if (!isObject(root)) fail('a test file must be a map of tests (test_<name>: …)', (doc.contents as { range?: number[] } | null)?.range?.[0]);
  const reader = new SpecReader(doc, fail);
  return Object.keys(root as JsonObject)
    .filter((k) => k.startsWith('test_'))
    .sort(byName)
    .map((k) => reader.spec(k, (root as JsonObject)[k]!, [k]));
}

class SpecReader {
  constructor(
    private readonly doc: Document,
    private readonly fail: (message: string, offset?: number) => never,
  ) {}

  spec(name: string, value: JsonValue, path: string[]): TestSpec {
    if (value === null) return { name, cases: [] };
    if (!isObject(value)) this.wrong(path, `${path.join('.')}: a test must be a map (input, meta, decision, compile, pipeline_parameters, cases)`);
    const t = value as JsonObject;
    const out: TestSpec = { name, cases: [] };
    if (t.input !== undefined && t.input !== null) out.input = t.input;
    if (t.meta !== undefined && t.meta !== null) out.meta = t.meta;
    if (t.decision !== undefined && t.decision !== null) out.decision = t.decision;
    if (t.compile !== undefined && t.compile !== null) {
      if (typeof t.compile !== 'boolean') this.wrong([...path, 'compile'], `${path.join('.')}.compile: must be true or false`);
      out.compile = t.compile as boolean;
    }
    const pp = t.pipeline_parameters;
    if (pp !== undefined && pp !== null) {
      if (!isObject(pp)) this.wrong([...path, 'pipeline_parameters'], `${path.join('.')}.pipeline_parameters: must be a map`);
      out.pipelineParameters = pp as JsonObject;
    }
    const cases = t.cases;
    if (cases !== undefined && cases !== null) {
      if (!isObject(cases)) this.wrong([...path, 'cases'], `${path.join('.')}.cases: must be a map of named cases`);
      out.cases = Object.keys(cases as JsonObject)
        .sort(byName)
        .map((k) => this.spec(k, (cases as JsonObject)[k]!, [...path, 'cases', k]));
    }
    return out;
  }

  private wrong(path: string[], message: string): never {
    const node = this.doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
    return this.fail(message, node?.range?.[0]);
  }
}

function isObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Test and case names sort as Go sorts strings (bytes). */
function byName(a: string, b: string): number {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return Buffer.compare(x, y);
}

/** The parsed value as plain JSON-like data: safe integers as numbers, other keys stringified. */
function plain(v: unknown): JsonValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map(plain);
  if (v instanceof Map) {
    const out: JsonObject = {};
    for (const [k, x] of v) define(out, String(k), plain(x));
    return out;
  }
  if (v instanceof Set) return [...v].map(plain);
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) define(out, k, plain(x));
  return out;
}

function define(obj: JsonObject, key: string, value: JsonValue): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}
