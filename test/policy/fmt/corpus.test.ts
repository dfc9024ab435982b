// Formatting OPA's conformance modules (thousands of real-world shapes, v0 and v1): every one
// formats, a second pass changes nothing, and the formatted modules evaluate exactly as the
// originals do on the cases' queries, inputs and data.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { formatRego } from '../../../src/policy/fmt/index.js';
import { SourceIndex } from '../../../src/policy/fmt/source.js';
import { Policy, type RegoVersion, fromJS, toJSONText } from '../../../src/rego/index.js';

const root = fileURLToPath(new URL('../../../../../shared/conformance/', import.meta.url));

interface Case {
  file: string;
  version: RegoVersion;
  modules: string[];
  query: string;
  input?: unknown;
  data?: unknown;
}

function cases(): Case[] {
  const out: Case[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.yaml')) {
        const doc = parse(readFileSync(p, 'utf8')) as { cases?: Record<string, unknown>[] };
        for (const c of doc.cases ?? []) {
          if (!Array.isArray(c.modules) || typeof c.query !== 'string' || c.input_term !== undefined) continue;
          out.push({ file: p, version: p.includes('opa-v0') ? 0 : 1, modules: c.modules as string[], query: c.query, input: c.input, data: c.data });
        }
      }
    }
  };
  walk(root);
  return out;
}

/** What evaluating a case gives: its results, or the kind of error (messages carry rows). */
function outcome(c: Case, modules: string[]): string {
  let policy: Policy;
  try {
    policy = Policy.compile(modules.map((source, i) => ({ file: `m${i}.rego`, source })), { regoVersion: c.version });
  } catch {
    return 'compile error';
  }
  try {
    const r = policy.prepare(c.query).eval({
      ...(c.input === undefined ? {} : { input: fromJS(c.input) }),
      ...(c.data === undefined ? {} : { data: fromJS(c.data) }),
      limits: { timeoutMs: 2000 },
    });
    if (r.error) return `error ${r.error.code}`;
    return r.results.map((row) => [...row].map(([k, v]) => `${k}=${toJSONText(v)}`).sort().join(',')).sort().join('\n');
  } catch (e) {
    return `thrown ${(e as Error).name}`;
  }
}

const skip = existsSync(root) ? false : 'the shared conformance corpus (../shared/conformance) is not checked out here';

test('every conformance module formats, stably', { skip }, () => {
  let count = 0;
  for (const c of cases()) {
    for (const m of c.modules) {
      const once = formatRego('m.rego', m, { regoVersion: c.version }).text;
      assert.equal(formatRego('m.rego', once, { regoVersion: c.version }).text, once, `${c.file}: second pass differs`);
      count++;
    }
  }
  assert.ok(count > 3000, `only ${count} modules found`);
});

test('formatted conformance modules evaluate as the originals (every fourth case)', { skip }, () => {
  const all = cases().filter((_, i) => i % 4 === 0);
  for (const c of all) {
    const formatted = c.modules.map((m) => formatRego('m.rego', m, { regoVersion: c.version }).text);
    assert.equal(outcome(c, formatted), outcome(c, c.modules), `${c.file}: ${c.query}`);
  }
  assert.ok(all.length > 500);
});

test('v0 conformance modules rewritten with --rego-v1 evaluate as the originals (every fourth case)', { skip }, () => {
  const v0 = cases().filter((c, i) => c.version === 0 && i % 4 === 1);
  let refused = 0;
  for (const c of v0) {
    let converted: string[];
    try {
      converted = c.modules.map((m) => formatRego('m.rego', m, { regoVersion: 0, toV1: true }).text);
    } catch (e) {
      // Deprecated built-ins do not exist in v1: conversion must refuse them, and only them.
      assert.match((e as Error).message, /deprecated built-in/, c.file);
      refused++;
      continue;
    }
    assert.equal(outcome({ ...c, version: 1 }, converted), outcome(c, c.modules), `${c.file}: ${c.query}`);
  }
  assert.ok(v0.length - refused > 200);
});

/** The module with a comment at the end of every line that can take one (not inside raw strings or METADATA). */
function commented(module: string, own: boolean): string {
  const idx = new SourceIndex(module);
  const blocked = new Set<number>();
  for (const t of idx.tokens) {
    if (t.kind === 'string' && t.text.includes('\n')) for (let r = idx.rowOf(t.offset); r < idx.rowOf(t.end - 1); r++) blocked.add(r);
  }
  if (module.includes('METADATA')) return module;
  return module
    .split('\n')
    .map((l, i) => (blocked.has(i + 1) || l.includes('#') || l.trim() === '' ? l : own ? `# note ${i}\n${l}` : `${l} # note ${i}`))
    .join('\n');
}

test('with comments on every line, modules still format, keep every comment and are stable (every third)', { skip }, () => {
  let count = 0;
  cases().forEach((c, i) => {
    if (i % 3 !== 0) return;
    for (const m of c.modules) {
      for (const own of [false, true]) {
        // formatRego refuses output that loses a comment or changes the module, so not throwing is the check.
        const once = formatRego('m.rego', commented(m, own), { regoVersion: c.version }).text;
        assert.equal(formatRego('m.rego', once, { regoVersion: c.version }).text, once, `${c.file}: second pass differs`);
        count++;
      }
    }
  });
  assert.ok(count > 1500);
});
