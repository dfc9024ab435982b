// The seed document's policies and configs (examples/seed/) decide as OPA's semantics make them
// decide: every reason string as OPA prints it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { bundleOf, compileBundle, decide, decisionToJSON, inputFromText, loadBundle, loadInput, PolicyError, type Bundle } from '../../src/policy/index.js';
import { compileFiles, seedDir } from './support.js';

const policies = seedDir + 'policies';
const fixture = (name: string) => loadInput(seedDir + 'test/fixtures/' + name).doc;
const seedBundle = () => compileBundle(loadBundle(policies), { dialect: 'auto' });

const FOUR = [
  {
    rule: 'approved_docker_images',
    reason: "Job 'build' uses unapproved image 'random-registry/untrusted:latest'. Use images from approved registries.",
  },
  { rule: 'blocked_commands', reason: "Job 'build' contains a blocked command pattern. Review step: curl https://example.com/script.sh | sh" },
  { rule: 'require_security_scan', reason: "Workflow 'main' contains deployment jobs but no security scan. Add a security scanning job before deployment." },
  // OPA's %v prints a set as Rego text: {"medium", "medium+", "small"} (the seed shows [small, medium, medium+]).
  { rule: 'resource_class_limit', reason: `Job 'build' uses resource class '2xlarge'. Allowed classes: {"medium", "medium+", "small"}` },
];

test('the seed bundle is recognised as the seed format and lists the rules its files report', () => {
  const c = seedBundle();
  assert.equal(c.dialect, 'seed');
  assert.deepEqual([...c.rules.keys()].sort(), [
    'approved_docker_images',
    'approved_orbs',
    'blocked_commands',
    'dangerous_commands',
    'no_hardcoded_secrets',
    'production_branch_protection',
    'require_security_scan',
    'resource_class_limit',
  ]);
  assert.equal(c.rules.get('approved_docker_images')!.file, policies + '/security/docker_images.rego');
});

test('invalid_config.yml: HARD_FAIL with exactly the four violations the seed lists', () => {
  const d = decide(seedBundle(), fixture('invalid_config.yml'));
  assert.equal(d.status, 'HARD_FAIL');
  assert.deepEqual(d.hard_failures, FOUR);
  assert.deepEqual(d.soft_failures, []);
});

test('valid_config.yml: PASS', () => {
  const d = decide(seedBundle(), fixture('valid_config.yml'));
  assert.deepEqual([d.status, d.hard_failures, d.soft_failures], ['PASS', [], []]);
});

test('the seed JSON shape: status, enabled_rules, hard_failures, soft_failures (empty lists kept)', () => {
  const json = JSON.parse(decisionToJSON(decide(seedBundle(), fixture('invalid_config.yml')), 'seed'));
  assert.deepEqual(Object.keys(json), ['status', 'enabled_rules', 'hard_failures', 'soft_failures']);
  assert.deepEqual(json.soft_failures, []);
  assert.deepEqual(json.hard_failures, FOUR);
});

/** The bundle with one file's source replaced (or removed when `source` is undefined). */
function withFile(bundle: Bundle, suffix: string, source: string | undefined): Bundle {
  const files = bundle.files.flatMap((f) => (f.name.endsWith(suffix) ? (source === undefined ? [] : [{ ...f, source }]) : [f]));
  return bundleOf(files);
}

test("with the seed's literal three-rule enabled_rules, blocked_commands does not count (only enabled rules do)", () => {
  const literal = 'package org\n\nimport future.keywords\n\nenabled_rules := {\n    "approved_docker_images",\n    "resource_class_limit",\n    "require_security_scan"\n}\n';
  const c = compileBundle(withFile(loadBundle(policies), '/main.rego', literal), { dialect: 'auto' });
  const d = decide(c, fixture('invalid_config.yml'));
  assert.deepEqual(d.hard_failures.map((v) => v.rule), ['approved_docker_images', 'require_security_scan', 'resource_class_limit']);
  assert.deepEqual(d.enabled_rules, ['approved_docker_images', 'require_security_scan', 'resource_class_limit']);
  // Without any enabled_rules every violation counts.
  const all = decide(compileBundle(withFile(loadBundle(policies), '/main.rego', undefined), { dialect: 'auto' }), fixture('invalid_config.yml'));
  assert.deepEqual(all.hard_failures, FOUR);
  assert.deepEqual(all.enabled_rules, []);
});

const decideText = (yaml: string, opts: { projectSlug?: string } = {}) => decide(seedBundle(), inputFromText(yaml, 'config.yml').doc, opts);

test('the helper library example (package lib.helpers imported as data.lib.helpers) reports dangerous commands', () => {
  const d = decideText(`version: 2.1
jobs:
  clean:
    docker: [{ image: cimg/base:2024.01 }]
    steps:
      - checkout
      - run:
          command: rm -rf ./build
workflows: { main: { jobs: [clean] } }
`);
  assert.deepEqual(d.hard_failures, [{ rule: 'dangerous_commands', reason: "Job 'clean' contains potentially dangerous command" }]);
});

test('__policy_metadata__ describes the rules of its file and travels with their violations', () => {
  const d = decideText(`version: 2.1
jobs:
  build:
    docker: [{ image: cimg/node:20.0 }]
    steps:
      - run: export API_KEY="abc123"
workflows: { main: { jobs: [build] } }
`);
  assert.equal(d.status, 'HARD_FAIL');
  const [v] = d.hard_failures;
  assert.equal(v!.rule, 'no_hardcoded_secrets');
  assert.equal(v!.reason, "Job 'build' may contain hardcoded secrets. Use environment variables or contexts.");
  assert.deepEqual(v!.metadata, {
    name: 'No Hardcoded Secrets',
    category: 'security',
    severity: 'critical',
    description: 'Prevents hardcoded secrets in pipeline configuration',
    remediation: 'Use CircleCI contexts or project environment variables',
  });
  assert.equal(JSON.parse(decisionToJSON(d, 'seed')).hard_failures[0].metadata.severity, 'critical');
  assert.equal(JSON.parse(decisionToJSON(d, 'circleci')).hard_failures[0].metadata, undefined);
});

test('input._project_slug comes from the project slug; the seed\'s production rule never fires as written', () => {
  const yaml = `version: 2.1
jobs:
  security-scan: { docker: [{ image: cimg/base:2024.01 }], steps: [checkout] }
  deploy: { docker: [{ image: cimg/base:2024.01 }], steps: [checkout] }
workflows:
  main:
    jobs:
      - security-scan
      - deploy:
          requires: [security-scan]
`;
  const doc = inputFromText(yaml, 'config.yml').doc;
  // `not object.get(job_config, "filters", null)`: null is a value, and in Rego only false and
  // undefined fail an expression, so the negation never holds and the rule reports nothing.
  assert.equal(decide(seedBundle(), doc, { projectSlug: 'gh/my-org/payment-service' }).status, 'PASS');
  // With `false` as the default, as the rule means, the slug decides whether it applies.
  const fixed = withFile(
    loadBundle(policies),
    '/conditional/project_based.rego',
    readFileSync(policies + '/conditional/project_based.rego', 'utf8').replace('"filters", null)', '"filters", false)'),
  );
  const c = compileBundle(fixed, { dialect: 'auto' });
  assert.equal(decide(c, doc, { projectSlug: 'gh/my-org/other' }).status, 'PASS');
  assert.equal(decide(c, doc).status, 'PASS');
  assert.deepEqual(decide(c, doc, { projectSlug: 'gh/my-org/payment-service' }).hard_failures, [
    { rule: 'production_branch_protection', reason: "Production project deployment 'deploy' must have branch filters" },
  ]);
});

test('orb restrictions: trusted namespaces pass, others are reported with alias and reference', () => {
  const d = decideText(`version: 2.1
orbs:
  node: circleci/node@5.1.0
  deployer: acme/deployer@1.2.3
jobs:
  build: { docker: [{ image: cimg/base:2024.01 }], steps: [checkout] }
workflows: { main: { jobs: [build] } }
`);
  assert.deepEqual(d.hard_failures, [
    {
      rule: 'approved_orbs',
      reason: "Orb 'deployer' (acme/deployer@1.2.3) is not in the approved list. Request approval at https://wiki.example.com/orb-requests",
    },
  ]);
});

test('the seed policies parse and decide the same under Rego v0 (they import future.keywords)', () => {
  const c = compileBundle(loadBundle(policies), { dialect: 'seed', regoVersion: 0 });
  assert.deepEqual(decide(c, fixture('invalid_config.yml')).hard_failures, FOUR);
});

test('soft_fail objects give SOFT_FAIL; several files may each declare __policy_metadata__', () => {
  const c = compileFiles({
    'a.rego': 'package org\n__policy_metadata__ := {"severity": "low"}\nsoft_fail contains {"rule": "a", "reason": "soft a"} if { input.a }\n',
    'b.rego': 'package org\n__policy_metadata__ := {"severity": "high"}\nsoft_fail contains {"rule": "b", "reason": "soft b"} if { input.b }\n',
  });
  const d = decide(c, { a: true, b: true });
  assert.equal(d.status, 'SOFT_FAIL');
  assert.deepEqual(d.soft_failures.map((v) => [v.rule, v.metadata?.severity]), [['a', 'low'], ['b', 'high']]);
});

test('__policy_metadata__ must be a constant object; members of hard_fail without rule and reason are noted', () => {
  assert.throws(
    () => compileFiles({ 'a.rego': 'package org\n__policy_metadata__ := {"name": input.x}\n' }),
    (e: unknown) => e instanceof PolicyError && e.file === 'a.rego' && e.line === 2 && /must be a constant object/.test(e.message),
  );
  const d = decide(compileFiles({ 'a.rego': 'package org\nhard_fail contains "just a string"\nhard_fail contains {"rule": "r", "reason": "ok"}\n' }), {});
  assert.deepEqual(d.hard_failures, [{ rule: 'r', reason: 'ok' }]);
  assert.match(d.notes![0]!, /hard_fail member "just a string" has no string "rule" and "reason": ignored/);
});

test('the seed example config of the input-structure section decides without violations of its own kind', () => {
  const doc = inputFromText(readFileSync(seedDir + '.circleci/config.yml'), '.circleci/config.yml').doc;
  const d = decide(seedBundle(), doc);
  assert.equal(d.status, 'PASS');
});
