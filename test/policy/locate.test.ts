// Violations point at the config line they are about.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inputFromText, locateReason } from '../../src/policy/index.js';

const config = inputFromText(
  `version: 2.1
orbs:
  slack: circleci/slack@4.12.5
jobs:
  build:
    docker:
      - image: random-registry/untrusted:latest
    resource_class: 2xlarge
    steps:
      - checkout
      - run: curl https://example.com/script.sh | sh
  deploy:
    docker:
      - image: cimg/base:2024.01
workflows:
  main:
    jobs:
      - build
      - deploy:
          context: prod
`,
  'config.yml',
  { compile: false },
).config;

const at = (reason: string) => {
  const p = locateReason(config, reason);
  return p === undefined ? undefined : [p.line, p.col];
};

test('a quoted job name anchors, a quoted value inside it narrows', () => {
  assert.deepEqual(at("Job 'build' uses unapproved image 'random-registry/untrusted:latest'."), [7, 16]);
  assert.deepEqual(at("Job 'build' uses resource class '2xlarge'. Allowed classes: {\"small\"}"), [8, 21]);
  assert.deepEqual(at("Job 'build' contains a blocked command pattern. Review step: curl https://example.com/script.sh | sh"), [11, 14]);
  assert.deepEqual(at("Job 'deploy' missing required step"), [13, 5]);
});

test("CircleCI's workflow.job prefix, orb names without version, and nothing to go on", () => {
  assert.deepEqual(at('main.deploy: uses context value(s): prod - that must be limited to branches: main'), [20, 20]);
  assert.deepEqual(at('circleci/slack orb is not allowed in CircleCI configuration'), [3, 10]);
  assert.equal(at('something is wrong somewhere'), undefined);
});
