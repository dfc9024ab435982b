// examples/circleci: the bundle passes its own *_test.yaml files and decides its sample configs as
// documented. The test files are read here with the inheritance rules of CircleCI's format
// (spec §6.2) only to check this bundle's expectations; `policygate test` is the real runner.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { compileBundle, decide, decisionToJSON, loadBundle, loadInput, readMeta } from '../../src/policy/index.js';
import type { JsonValue } from '../../src/circleci/index.js';
import { circleciDir } from './support.js';

type Doc = JsonValue | undefined;

/** CircleCI's case merge: maps key by key (null deletes), arrays index by index, else the child. */
function merge(parent: Doc, child: Doc): Doc {
  if (child === undefined) return parent;
  if (isMap(parent) && isMap(child)) {
    const out: Record<string, JsonValue> = { ...parent };
    for (const [k, v] of Object.entries(child)) {
      if (v === null) delete out[k];
      else out[k] = merge(out[k], v) as JsonValue;
    }
    return out;
  }
  if (Array.isArray(parent) && Array.isArray(child)) {
    const out = [...parent];
    child.forEach((v, i) => (out[i] = merge(out[i], v) as JsonValue));
    return out.filter((v) => v !== null);
  }
  return child;
}

function isMap(v: Doc): v is Record<string, JsonValue> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

interface Case {
  name: string;
  input: Doc;
  meta: Doc;
  decision: Doc;
}

function cases(name: string, node: Record<string, JsonValue>, parent?: Case): Case[] {
  const c: Case = {
    name,
    input: merge(parent?.input, node.input),
    meta: merge(parent?.meta, node.meta),
    decision: merge(parent?.decision, node.decision),
  };
  const children = isMap(node.cases) ? Object.entries(node.cases) : [];
  return [c, ...children.flatMap(([k, v]) => cases(`${name}/${k}`, v as Record<string, JsonValue>, c))];
}

test('examples/circleci/policies passes its policy_test.yaml', () => {
  const dir = circleciDir + 'policies/';
  const compiled = compileBundle(loadBundle(dir), { dialect: 'auto' });
  assert.equal(compiled.dialect, 'circleci');
  const files = readdirSync(dir).filter((f) => /_test\.ya?ml$/.test(f));
  assert.ok(files.length > 0);
  let run = 0;
  for (const f of files) {
    const doc = parse(readFileSync(dir + f, 'utf8')) as Record<string, Record<string, JsonValue>>;
    for (const [name, node] of Object.entries(doc).filter(([k]) => k.startsWith('test_'))) {
      for (const c of cases(name, node)) {
        if (c.decision === undefined) continue;
        const actual = JSON.parse(decisionToJSON(decide(compiled, c.input ?? null, { meta: c.meta }), 'circleci'));
        assert.deepEqual(actual, c.decision, c.name);
        run++;
      }
    }
  }
  assert.equal(run, 5);
});

test('examples/circleci/configs: compliant passes with its project metadata, violating is blocked', () => {
  const compiled = compileBundle(loadBundle(circleciDir + 'policies'), { dialect: 'auto' });
  const meta = readMeta(undefined, circleciDir + 'meta.yml');
  const ok = decide(compiled, loadInput(circleciDir + 'configs/compliant.yml').doc, { meta });
  assert.equal(ok.status, 'PASS');
  const bad = decide(compiled, loadInput(circleciDir + 'configs/violating.yml').doc, { meta: { project_id: 'other', vcs: { branch: 'main' } } });
  assert.equal(bad.status, 'HARD_FAIL');
  // The image comes from an executor: only the compiled config shows it.
  assert.ok(bad.hard_failures.some((v) => v.rule === 'approved_docker_images' && v.reason.includes('random-registry/untrusted:latest')));
  assert.ok(bad.hard_failures.some((v) => v.rule === 'large_resource_classes'), 'hard on main');
});
