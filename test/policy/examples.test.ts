// examples/circleci: the bundle passes its own *_test.yaml files (run by the same runner as
// `policygate test`) and decides its sample configs as documented.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileBundle, decide, loadBundle, loadInput, readMeta } from '../../src/policy/index.js';
import { runTests } from '../../src/policy/testing/index.js';
import { circleciDir } from './support.js';

test('examples/circleci/policies passes its policy_test.yaml', () => {
  const compiled = compileBundle(loadBundle(circleciDir + 'policies'), { dialect: 'auto' });
  assert.equal(compiled.dialect, 'circleci');
  const results = runTests({ path: circleciDir + 'policies', dialect: 'auto' }).filter((r) => r.name !== undefined && !r.group.startsWith('<'));
  assert.deepEqual(
    results.filter((r) => !r.passed).map((r) => `${r.name}: ${r.err}`),
    [],
  );
  assert.equal(results.length, 5);
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
