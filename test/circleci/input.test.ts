import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildInput, loadConfig, validateConfig } from '../../src/circleci/index.js';

const seed = `version: 2.1

jobs:
  build:
    docker:
      - image: cimg/python:3.11
    resource_class: medium
    steps:
      - checkout
      - run: pip install -r requirements.txt
      - run: pytest

workflows:
  main:
    jobs:
      - build
`;

test('input is the config as written plus _compiled_ (seed example)', () => {
  const { input } = buildInput(loadConfig(seed, 'config.yml'), { orbDirs: [] });
  const { _compiled_, ...written } = input;
  assert.deepEqual(written, {
    version: 2.1,
    jobs: {
      build: {
        docker: [{ image: 'cimg/python:3.11' }],
        resource_class: 'medium',
        steps: ['checkout', { run: 'pip install -r requirements.txt' }, { run: 'pytest' }],
      },
    },
    workflows: { main: { jobs: ['build'] } },
  });
  assert.deepEqual(_compiled_, {
    version: 2,
    jobs: {
      build: {
        docker: [{ image: 'cimg/python:3.11' }],
        resource_class: 'medium',
        steps: ['checkout', { run: { command: 'pip install -r requirements.txt' } }, { run: { command: 'pytest' } }],
      },
    },
    workflows: { main: { jobs: ['build'] }, version: 2 },
  });
  assert.equal(input._policygate_, undefined);
});

test('a written _compiled_ or _policygate_ is replaced; unresolved orbs and errors are recorded', () => {
  const yaml = `version: 2.1
orbs: { node: circleci/node@99 }
_compiled_: { jobs: {} }
_policygate_: { unresolved_orbs: [] }
jobs: { build: { docker: [ { image: x } ], steps: [ node/install, nope ] } }
workflows: { main: { jobs: [ build ] } }
`;
  const { input } = buildInput(loadConfig(yaml, 'config.yml'), { orbDirs: [] });
  const record = input._policygate_ as { unresolved_orbs: string[]; compile_errors: { message: string; line: number }[] };
  assert.deepEqual(record.unresolved_orbs, ['node: circleci/node@99']);
  assert.deepEqual(record.compile_errors.map((e) => [e.message, e.line]), [['Cannot find a definition for command named nope', 5]]);
  const compiledJobs = (input._compiled_ as { jobs: { build: { steps: unknown[] } } }).jobs;
  assert.deepEqual(compiledJobs.build.steps, ['node/install', 'nope']);
});

test('validation reports located structural problems and accepts a good config', () => {
  assert.deepEqual(validateConfig(loadConfig(seed, 'config.yml')), []);
  const bad = loadConfig(
    `version: 2.1
jobs:
  build:
    docker: [ { tag: x } ]
    machine: true
  test:
    docker: [ { image: x } ]
parameters:
  p: { type: steps }
workflows:
  main:
    jobs: [ [ build ] ]
`,
    'config.yml',
  );
  const found = validateConfig(bad).map((e) => e.format());
  assert.deepEqual(found, [
    'config.yml:4:5: jobs.build: only one of docker, machine may be given',
    'config.yml:4:15: jobs.build.docker.0: each docker entry needs an image',
    'config.yml:4:5: jobs.build: a job needs steps',
    'config.yml:7:5: jobs.test: a job needs steps',
    'config.yml:12:13: workflows.main.jobs.0: a workflow job is a name or a one-key map of a name to its settings',
    'config.yml:9:14: parameters.p.type: type must be one of string, boolean, integer, enum',
    'config.yml:9:6: parameters.p: a pipeline parameter needs a default',
  ]);
});
