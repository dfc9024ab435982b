import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileConfig, loadConfig } from '../../src/circleci/index.js';
import type { CompileOptions, CompileResult, JsonObject } from '../../src/circleci/index.js';

function compile(yaml: string, options: CompileOptions = {}): CompileResult {
  return compileConfig(loadConfig(yaml, 'config.yml'), { orbDirs: [], ...options });
}

function compiled(yaml: string, options: CompileOptions = {}): JsonObject {
  const r = compile(yaml, options);
  assert.deepEqual(r.errors.map((e) => e.format()), []);
  return r.compiled!;
}

test('the output drops consumed keys, keeps invoked jobs only and adds workflows.version (§2)', () => {
  const out = compiled(`
version: 2.1
commands: { noop: { steps: [ { run: "true" } ] } }
jobs:
  build: { docker: [ { image: cimg/base:stable } ], steps: [ noop ] }
  unused: { docker: [ { image: cimg/base:stable } ], steps: [ checkout ] }
workflows:
  main: { jobs: [ build ] }
`);
  assert.deepEqual(out, {
    version: 2,
    jobs: { build: { docker: [{ image: 'cimg/base:stable' }], steps: [{ run: { command: 'true' } }] } },
    workflows: { main: { jobs: ['build'] }, version: 2 },
  });
});

test('orb jobs and commands from an orb directory are inlined under the alias (§3)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'orbs-'));
  writeFileSync(
    join(dir, 'acme__greet@1.0.0.yml'),
    `commands:
  hi: { parameters: { who: { type: string, default: world } }, steps: [ { run: "echo hi << parameters.who >>" } ] }
jobs:
  say: { docker: [ { image: cimg/base:stable } ], steps: [ hi ] }
`,
  );
  writeFileSync(join(dir, 'acme__greet@1.2.0.yml'), 'jobs: { say: { docker: [ { image: newer } ], steps: [] } }\n');
  const yaml = (v: string) => `version: 2.1\norbs: { g: acme/greet@${v} }\nworkflows: { w: { jobs: [ g/say ] } }\n`;
  const out = compiled(yaml('1.0.0'), { orbDirs: [dir] });
  assert.deepEqual(out.jobs, { 'g/say': { docker: [{ image: 'cimg/base:stable' }], steps: [{ run: { command: 'echo hi world' } }] } });
  assert.deepEqual(((compiled(yaml('1'), { orbDirs: [dir] }).jobs as JsonObject)['g/say'] as JsonObject).docker, [{ image: 'newer' }]);
  const missing = compile(yaml('2'), { orbDirs: [dir] });
  assert.deepEqual(missing.unresolvedOrbs, ['g: acme/greet@2']);
  assert.equal(missing.warnings[0]!.code, 'unresolved_orb');
  assert.deepEqual(missing.compiled!.workflows, { w: { jobs: ['g/say'] }, version: 2 });
});

test('an orb command cannot see the user commands, and inline orbs work (R3.3, R3.5)', () => {
  const r = compile(`
version: 2.1
commands: { secret: { steps: [ { run: user } ] } }
orbs:
  o:
    commands: { c: { steps: [ secret ] } }
    jobs: { j: { docker: [ { image: x } ], steps: [ c ] } }
workflows: { w: { jobs: [ o/j ] } }
`);
  assert.equal(r.errors[0]!.message, 'Cannot find a definition for command named secret');
  assert.deepEqual(r.errors[0]!.chain, ["Error calling workflow: 'w'", "Error calling job: 'o/j'", "Error calling command: 'c'"]);
});

test('executors are inlined, job keys win and environments merge (§6)', () => {
  const out = compiled(`
version: 2.1
executors:
  node: { docker: [ { image: cimg/node:lts } ], environment: { ENV: ci, A: exec } }
  py: { parameters: { tag: { type: string, default: "3.11" } }, docker: [ { image: "cimg/python:<< parameters.tag >>" } ], resource_class: large }
jobs:
  build: { executor: node, docker: [ { image: cimg/base:stable } ], environment: { A: job }, steps: [ { run: echo hi } ] }
  test: { executor: { name: py, tag: "2.7" }, steps: [ checkout ] }
workflows: { w: { jobs: [ build, test ] } }
`);
  assert.deepEqual((out.jobs as JsonObject).build, {
    docker: [{ image: 'cimg/base:stable' }],
    environment: { ENV: 'ci', A: 'job' },
    steps: [{ run: { command: 'echo hi' } }],
  });
  assert.deepEqual((out.jobs as JsonObject).test, { docker: [{ image: 'cimg/python:2.7' }], resource_class: 'large', steps: ['checkout'] });
});

test('steps parameters splice and resolve in the caller scope (§7.3)', () => {
  const out = compiled(`
version: 2.1
commands:
  wrap:
    parameters: { inner: { type: steps, default: [] } }
    steps: [ { run: before }, { steps: << parameters.inner >> }, { run: after } ]
  mid: { steps: [ { run: mid } ] }
jobs:
  j:
    docker: [ { image: cimg/base:stable } ]
    steps: [ { wrap: { inner: [ checkout, mid ] } } ]
workflows: { w: { jobs: [ j ] } }
`);
  assert.deepEqual(((out.jobs as JsonObject).j as JsonObject).steps, [
    { run: { command: 'before' } },
    'checkout',
    { run: { command: 'mid' } },
    { run: { command: 'after' } },
  ]);
});

test('parameters substitute with their types; interpolation, sections and escapes (§5)', () => {
  const out = compiled(`
version: 2.1
jobs:
  j:
    parameters:
      p: { type: integer, default: 2 }
      flag: { type: boolean, default: false }
      name: { type: string, default: "" }
    docker: [ { image: x } ]
    parallelism: << parameters.p >>
    steps:
      - run: echo << parameters.p >> <<# parameters.flag >>on<</ parameters.flag >><<^ parameters.flag >>off<</ parameters.flag >> \\<< parameters.p >> cat <<EOF
      - run: { name: "n=<< parameters.name >>", command: x }
workflows: { w: { jobs: [ { j: { flag: yes } }, { j: { p: 3 } }, { j: { name: named, p: 4 } } ] } }
`);
  const jobs = out.jobs as JsonObject;
  assert.deepEqual(jobs['j-1'], {
    docker: [{ image: 'x' }],
    parallelism: 2,
    steps: [{ run: { command: 'echo 2 on << parameters.p >> cat <<EOF' } }, { run: { name: 'n=', command: 'x' } }],
  });
  assert.equal((jobs['j-2'] as JsonObject).parallelism, 3);
  assert.deepEqual(((jobs['j-2'] as JsonObject).steps as JsonObject[])[0], { run: { command: 'echo 3 off << parameters.p >> cat <<EOF' } });
  assert.equal((jobs.named as JsonObject).parallelism, 4);
  assert.deepEqual((out.workflows as JsonObject).w, { jobs: ['j-1', 'j-2', 'named'] });
});

test('argument errors: missing, unexpected, wrong type, undeclared reference (§4)', () => {
  const r = compile(`
version: 2.1
commands:
  c:
    parameters: { req: { type: string }, n: { type: integer, default: 1 }, e: { type: enum, enum: [a, b], default: a } }
    steps: [ { run: "<< parameters.req >> << parameters.nope >>" } ]
jobs:
  j: { docker: [ { image: x } ], steps: [ { c: { n: "two", e: c, extra: 1 } } ] }
workflows: { w: { jobs: [ j ] } }
`);
  const messages = r.errors.map((e) => e.message);
  assert.ok(messages.includes('Unexpected argument(s): extra'));
  assert.ok(messages.includes('Missing required argument(s): req'));
  assert.ok(messages.some((m) => /Type error for argument n: .*type/.test(m)));
  assert.ok(messages.some((m) => /Type error for argument e: /.test(m)));
  assert.ok(messages.includes('Arguments referenced without declared parameters: nope'));
  assert.ok(r.errors.every((e) => e.file === 'config.yml' && e.line > 1));
});

test('when/unless steps resolve when known and stay when a pipeline value is missing (§8)', () => {
  const yaml = `
version: 2.1
jobs:
  j:
    parameters: { clean: { type: boolean, default: false } }
    docker: [ { image: x } ]
    steps:
      - when:   { condition: << parameters.clean >>, steps: [ { run: npm ci } ] }
      - unless: { condition: << parameters.clean >>, steps: [ { run: npm install } ] }
      - when:
          condition: { equal: [ main, << pipeline.git.branch >> ] }
          steps: [ { run: deploy } ]
      - when:
          condition: { and: [ { matches: { pattern: "^v\\\\d+$", value: << pipeline.git.tag >> } }, { not: false } ] }
          steps: [ { run: release } ]
workflows: { w: { jobs: [ j ] } }
`;
  const unknown = ((compiled(yaml).jobs as JsonObject).j as JsonObject).steps as JsonObject[];
  assert.deepEqual(unknown[0], { run: { command: 'npm install' } });
  assert.deepEqual(unknown[1], { when: { condition: { equal: ['main', '<< pipeline.git.branch >>'] }, steps: [{ run: { command: 'deploy' } }] } });
  assert.equal(unknown.length, 3);
  const known = ((compiled(yaml, { pipelineValues: { git: { branch: 'main', tag: 'v12' } } }).jobs as JsonObject).j as JsonObject).steps;
  assert.deepEqual(known, [{ run: { command: 'npm install' } }, { run: { command: 'deploy' } }, { run: { command: 'release' } }]);
  const other = ((compiled(yaml, { pipelineValues: { 'pipeline.git.branch': 'dev', 'pipeline.git.tag': 'x' } }).jobs as JsonObject).j as JsonObject).steps;
  assert.deepEqual(other, [{ run: { command: 'npm install' } }]);
});

test('workflow when drops, keeps or leaves undecided workflows; pipeline parameters apply (§8.3, §5.1)', () => {
  const yaml = `
version: 2.1
parameters: { run-it: { type: boolean, default: false } }
jobs: { j: { docker: [ { image: x } ], steps: [ checkout ] } }
workflows:
  a: { when: << pipeline.parameters.run-it >>, jobs: [ j ] }
  b: { unless: << pipeline.parameters.run-it >>, jobs: [ j ] }
  c: { when: { equal: [ api, << pipeline.trigger_source >> ] }, jobs: [ j ] }
`;
  const wf = compiled(yaml).workflows as JsonObject;
  assert.deepEqual(Object.keys(wf), ['b', 'c', 'version']);
  assert.deepEqual(wf.b, { jobs: ['j'] });
  assert.deepEqual((wf.c as JsonObject).when, { equal: ['api', '<< pipeline.trigger_source >>'] });
  assert.deepEqual(Object.keys(compiled(yaml, { pipelineParameters: { 'run-it': true } }).workflows as JsonObject), ['a', 'c', 'version']);
  assert.equal(compile(yaml, { pipelineParameters: { nope: 1 } }).errors[0]!.message, 'Unexpected argument(s): nope');
});

test('matrix jobs expand in order with generated names and requires rewritten (§9)', () => {
  const out = compiled(`
version: 2.1
jobs:
  test: { parameters: { os: { type: string }, node: { type: string } }, docker: [ { image: "cimg/node:<< parameters.node >>" } ], steps: [ { run: "echo << parameters.os >>" } ] }
  report: { docker: [ { image: x } ], steps: [ checkout ] }
workflows:
  w:
    jobs:
      - test: { matrix: { parameters: { os: [linux, mac], node: ["18", "20"] }, exclude: [ { os: mac, node: "18" } ] } }
      - report: { requires: [ test ] }
      - test: { name: "again-<< matrix.node >>", matrix: { alias: again, parameters: { os: [linux], node: ["22"] } } }
`);
  assert.deepEqual((out.workflows as JsonObject).w, {
    jobs: ['test-18-linux', 'test-20-linux', 'test-20-mac', { report: { requires: ['test-18-linux', 'test-20-linux', 'test-20-mac'] } }, 'again-22'],
  });
  assert.deepEqual(((out.jobs as JsonObject)['test-20-mac'] as JsonObject).docker, [{ image: 'cimg/node:20' }]);
});

test('pre-steps and post-steps surround the job steps (§10)', () => {
  const out = compiled(`
version: 2.1
jobs: { j: { docker: [ { image: x } ], steps: [ { run: main } ] } }
workflows: { w: { jobs: [ { j: { pre-steps: [ checkout ], post-steps: [ { run: after } ], context: [ org ] } } ] } }
`);
  assert.deepEqual(((out.jobs as JsonObject).j as JsonObject).steps, ['checkout', { run: { command: 'main' } }, { run: { command: 'after' } }]);
  assert.deepEqual((out.workflows as JsonObject).w, { jobs: [{ j: { context: ['org'] } }] });
});

test('a command calling itself ends with an error naming the cycle (R7.6)', () => {
  const r = compile(`
version: 2.1
commands:
  a: { steps: [ b ] }
  b: { steps: [ { run: x }, a ] }
jobs: { j: { docker: [ { image: x } ], steps: [ a ] } }
workflows: { w: { jobs: [ j ] } }
`);
  assert.equal(r.errors.length, 1);
  assert.equal(r.errors[0]!.code, 'recursive_command');
  assert.match(r.errors[0]!.format(), /^config\.yml:5:\d+: command a calls itself: a -> b -> a/);
});

test('commands that multiply are stopped by the step budget', () => {
  const commands = Array.from({ length: 40 }, (_, i) => `  c${i}: { steps: [ c${i + 1}, c${i + 1} ] }`).join('\n');
  const r = compile(`version: 2.1\ncommands:\n${commands}\n  c40: { steps: [ { run: x } ] }\njobs: { j: { docker: [ { image: x } ], steps: [ c0 ] } }\nworkflows: { w: { jobs: [ j ] } }\n`);
  assert.equal(r.errors[0]!.code, 'too_many_steps');
});

test('parameters that refer to each other end with an error naming them', () => {
  const r = compile(`
version: 2.1
parameters:
  a: { type: string, default: "<< pipeline.parameters.b >>" }
  b: { type: string, default: "x<< pipeline.parameters.a >>" }
jobs:
  j:
    parameters: { p: { type: string, default: "<< parameters.q >>" }, q: { type: string, default: "<< parameters.p >>" } }
    docker: [ { image: x } ]
    steps: [ { run: "<< parameters.p >> << pipeline.parameters.a >>" } ]
workflows: { w: { jobs: [ j ] } }
`);
  const cycles = r.errors.filter((e) => e.code === 'parameter_cycle').map((e) => e.message);
  assert.deepEqual(cycles, ['parameters refer to each other: a -> b -> a', 'parameters refer to each other: p -> q -> p']);
});

test('version 2.0 configs pass through unchanged (R12.1) and setup is kept (R12.3)', () => {
  const loaded = loadConfig('version: 2\njobs: { build: { docker: [ { image: x } ], steps: [ { run: "echo << parameters.x >>" } ] } }\n', 'c.yml');
  const r = compileConfig(loaded, { orbDirs: [] });
  assert.equal(r.compiled, loaded.doc);
  assert.equal(compiled('version: 2.1\nsetup: true\njobs: { j: { docker: [ { image: x } ], steps: [ checkout ] } }\nworkflows: { w: { jobs: [ j ] } }\n').setup, true);
  assert.equal(compile('version: 3\n').errors[0]!.code, 'unsupported_version');
});

test('executor-typed parameters look names up where they were written (§4.2)', () => {
  const out = compiled(`
version: 2.1
executors: { mac: { macos: { xcode: "15.0" } } }
orbs:
  o:
    executors: { base: { docker: [ { image: orb-default } ] } }
    jobs: { j: { parameters: { e: { type: executor, default: base } }, executor: << parameters.e >>, steps: [ checkout ] } }
workflows: { w: { jobs: [ o/j, { o/j: { name: on-mac, e: mac } } ] } }
`);
  assert.deepEqual(((out.jobs as JsonObject)['o/j'] as JsonObject).docker, [{ image: 'orb-default' }]);
  assert.deepEqual(((out.jobs as JsonObject)['on-mac'] as JsonObject).macos, { xcode: '15.0' });
});
