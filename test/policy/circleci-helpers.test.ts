// The helper library data.circleci.config / data.circleci.utils behaves as spec §4 describes,
// quirks included (they are what CircleCI users' tests expect).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toJS } from '../../src/rego/index.js';
import { evaluateQuery } from '../../src/policy/index.js';
import type { JsonValue } from '../../src/circleci/index.js';
import { compileFiles, decideFiles } from './support.js';

/** The value of `expr` in a CircleCI policy importing both helper packages. */
function value(expr: string, input: JsonValue = {}, meta?: JsonValue): unknown {
  const compiled = compileFiles(
    {
      'p.rego': `package org
import data.circleci.config
import data.circleci.utils
policy_name["p"]
# Strict mode wants both imports used whatever the expression is.
uses_imports := [config.orbs, utils.to_set(1)]
r := x { x := ${expr} }
`,
    },
    'circleci',
  );
  const v = evaluateQuery(compiled, input, 'data.org.r', { meta });
  return v === undefined ? undefined : toJS(v);
}

const orbsInput = {
  orbs: {
    node: 'circleci/node@5.0.0',
    py: 'circleci/python@2.1.0',
    dyn: 'circleci/aws-cli@<<pipeline.parameters.v>>',
    param: '<<pipeline.parameters.orb>>',
    inline: { jobs: {} },
    bad: 'a@b@c',
  },
};

test('orbs maps name to version for name@version references only', () => {
  assert.deepEqual(value('config.orbs', orbsInput), {
    'circleci/aws-cli': '<<pipeline.parameters.v>>',
    'circleci/node': '5.0.0',
    'circleci/python': '2.1.0',
  });
});

test('ban_orbs and ban_orbs_version report banned orbs and every parameterised reference', () => {
  assert.deepEqual(value('config.ban_orbs(["circleci/node", "circleci/ruby"])', orbsInput), {
    'circleci/node': 'circleci/node orb is not allowed in CircleCI configuration',
    'circleci/aws-cli@<<pipeline.parameters.v>>': 'invalid orb: circleci/aws-cli@<<pipeline.parameters.v>> - parameterized orbs are disallowed',
    '<<pipeline.parameters.orb>>': 'invalid orb: <<pipeline.parameters.orb>> - parameterized orbs are disallowed',
  });
  assert.deepEqual(value('config.ban_orbs_version({"circleci/python@2.1.0", "circleci/node@1.0.0"})', { orbs: { py: 'circleci/python@2.1.0', node: 'circleci/node@5.0.0' } }), {
    'circleci/python@2.1.0': 'circleci/python@2.1.0 orb is not allowed in CircleCI configuration',
  });
  // Without orbs in the config the call is undefined: no violations.
  assert.equal(value('config.ban_orbs(["circleci/node"])', { jobs: {} }), undefined);
});

test('orbs_allowlist: a set allows by name; an array flags everything; parameterised references slip through', () => {
  const input = { orbs: { node: 'circleci/node@5.0.0', other: 'acme/deploy@1.2.3', param: '<<pipeline.parameters.orb>>' } };
  assert.deepEqual(value('config.orbs_allowlist({"circleci/node"})', input), {
    'acme/deploy@1.2.3': 'acme/deploy orb is not allowed in CircleCI configuration',
  });
  assert.deepEqual(Object.keys(value('config.orbs_allowlist(["circleci/node"])', input) as object).sort(), ['acme/deploy@1.2.3', 'circleci/node@5.0.0']);
});

test('two aliases of one orb at different versions conflict: the decision is ERROR', () => {
  const d = decideFiles(
    { 'p.rego': 'package org\nimport data.circleci.config\npolicy_name["p"]\nenable_rule["r"]\nr = config.ban_orbs(["x"])\n' },
    { orbs: { a: 'circleci/node@1.0.0', b: 'circleci/node@2.0.0' } },
    undefined,
    'circleci',
  );
  assert.equal(d.status, 'ERROR');
  assert.match(d.reason!, /^circleci\/config\/orbs\.rego:\d+: eval_conflict_error: object keys must be unique$/);
});

const compiledWorkflows: JsonValue = {
  _compiled_: {
    workflows: {
      version: 2,
      deploy: { jobs: [{ release: { context: ['prod-secrets', 'shared'] } }, { lint: {} }, 'plain'] },
    },
  },
};

test('contexts by project id: blocked, allowed, reserved (reserved also fires without metadata)', () => {
  assert.deepEqual(value('config.contexts_blocked_by_project_ids("p1", ["prod-secrets"])', compiledWorkflows, { project_id: 'p1' }), [
    'deploy.release: uses context value(s) in blocklist for project: prod-secrets',
  ]);
  assert.deepEqual(value('config.contexts_blocked_by_project_ids("p1", ["prod-secrets"])', compiledWorkflows, { project_id: 'p2' }), []);
  assert.deepEqual(value('config.contexts_allowed_by_project_ids(["p1"], {"shared"})', compiledWorkflows, { project_id: 'p1' }), [
    'deploy.release: uses context value(s) not in allowlist for project: prod-secrets',
  ]);
  assert.deepEqual(value('config.contexts_reserved_by_project_ids("p1", "prod-secrets")', compiledWorkflows, { project_id: 'p1' }), []);
  assert.deepEqual(value('config.contexts_reserved_by_project_ids("p1", "prod-secrets")', compiledWorkflows), [
    'deploy.release: uses context value(s) reserved to other projects: prod-secrets',
  ]);
});

test('contexts by branch read the source workflows: only-filters outside the list, or none at all', () => {
  const input: JsonValue = {
    workflows: {
      w: {
        jobs: [
          { a: { context: 'prod', filters: { branches: { only: ['main', 'dev', 'feature'] } } } },
          { b: { context: ['prod', 'other'], filters: { branches: { only: 'main' } } } },
          { c: { context: 'prod', filters: { branches: { ignore: 'dev' } } } },
          { d: { context: 'unrelated' } },
        ],
      },
    },
  };
  assert.deepEqual(value('config.contexts_reserved_by_branches(["main", "release"], ["prod"])', input), [
    'w.a: uses context value(s): prod - that cannot be used with branches: dev, feature',
    'w.c: uses context value(s): prod - that must be limited to branches: main, release',
  ]);
});

test('resource_class_by_project: reserved classes need the project in the list; a string value always fires', () => {
  const input = { _compiled_: { jobs: { big: { resource_class: 'xlarge' }, small: { resource_class: 'small' }, gpu: { resource_class: 'gpu' } } } };
  const rule = 'config.resource_class_by_project({"xlarge": {"p1"}, "gpu": "p1"})';
  assert.deepEqual(value(rule, input, { project_id: 'p1' }), ['project is not allowed to use resource_class "gpu" declared in job "gpu"']);
  assert.deepEqual(value(rule, input), [
    'project is not allowed to use resource_class "gpu" declared in job "gpu"',
    'project is not allowed to use resource_class "xlarge" declared in job "big"',
  ]);
});

test('utils: to_set, to_array, get_element_name, is_parameterized_expression', () => {
  assert.deepEqual(value('utils.to_set([1, 2, 1])'), [1, 2]);
  assert.deepEqual(value('utils.to_set({"a": 1})'), [{ a: 1 }]);
  assert.deepEqual(value('utils.to_set("x")'), ['x']);
  assert.deepEqual(value('utils.to_array({1})'), [[1]]);
  assert.deepEqual(value('utils.to_array([1])'), [1]);
  assert.equal(value('utils.get_element_name({"job": {"requires": []}})'), 'job');
  assert.equal(value('utils.get_element_name("job")'), 'job');
  assert.equal(value('utils.get_element_name({"a": 1, "b": 2})'), undefined);
  assert.equal(value('utils.is_parameterized_expression("release-<<parameters.version>>")'), true);
  assert.equal(value('utils.is_parameterized_expression("<< pipeline.git.branch >>")'), true);
  assert.equal(value('utils.is_parameterized_expression("circleci/node@5")'), false);
  assert.equal(value('utils.is_parameterized_expression(input.n)', { n: 42 }), undefined);
});
