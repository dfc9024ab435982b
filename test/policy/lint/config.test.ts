import { test } from 'node:test';
import assert from 'node:assert/strict';
import { found, org, where } from './helpers.js';

test('use-compiled-config: images, resource classes and steps of input.jobs', () => {
  const src = org(`hard_fail contains {"rule": "images", "reason": sprintf("Job %s uses image %s, which is not approved", [name, d.image])} if {
	some name, job in input.jobs
	some d in job.docker
	not startswith(d.image, "cimg/")
}

hard_fail contains {"rule": "size", "reason": sprintf("Job %s uses resource class %s; use medium or smaller", [name, rc])} if {
	some name, _ in input.jobs
	rc := object.get(input.jobs[name], "resource_class", "medium")
	rc == "xlarge"
}

hard_fail contains {"rule": "sudo", "reason": sprintf("Job %s runs sudo; use an image with the tools installed", [name])} if {
	some name in object.keys(input.jobs)
	input.jobs[name].steps[_].run == "sudo make"
}`);
  const fs = found('use-compiled-config', { 'p.rego': src });
  assert.deepEqual(where(fs), ['p.rego:6:20', 'p.rego:13:19', 'p.rego:19:2']);
  assert.match(fs[0]!.message, /reads `docker` of jobs from input\.jobs/);
  assert.match(fs[1]!.message, /`resource_class`/);
});

test('use-compiled-config: a job passed to a helper of another package that reads its steps', () => {
  const lib = `package lib.helpers\n\nimport rego.v1\n\nall_steps(job) := object.get(job, "steps", [])\n`;
  const src = org(`import data.lib.helpers

hard_fail contains {"rule": "sudo", "reason": sprintf("Job %s runs sudo; use an image with the tools installed", [name])} if {
	some name, job in input.jobs
	some step in helpers.all_steps(job)
	step.run == "sudo"
}`).replace('import rego.v1\n\nimport data.lib.helpers', 'import rego.v1\nimport data.lib.helpers');
  assert.deepEqual(where(found('use-compiled-config', { 'lib.rego': lib, 'p.rego': src })), ['p.rego:7:20']);
});

test('use-compiled-config: input._compiled_.jobs, workflows and job names are quiet', () => {
  const src = org(`hard_fail contains {"rule": "images", "reason": sprintf("Job %s uses image %s, which is not approved", [name, d.image])} if {
	some name, job in input._compiled_.jobs
	some d in job.docker
	not startswith(d.image, "cimg/")
}

hard_fail contains {"rule": "names", "reason": sprintf("Job name %s has spaces; use dashes instead", [name])} if {
	some name, _ in input.jobs
	contains(name, " ")
}

hard_fail contains {"rule": "filters", "reason": sprintf("Workflow %s job %v has no branch filter", [w, j])} if {
	some w, wf in input.workflows
	some j in wf.jobs
	is_object(j)
	not j[_].filters
}`);
  assert.deepEqual(found('use-compiled-config', { 'p.rego': src }), []);
});

test('first-element-only: job.docker[0] and steps[0]', () => {
  const src = org(`soft_fail contains {"rule": "img", "reason": sprintf("PREVIEW: Job '%s' would fail with new image policy", [name])} if {
	some name, job in input._compiled_.jobs
	not startswith(job.docker[0].image, "cimg/")
	job.steps[0] != "checkout"
}`);
  const fs = found('first-element-only', { 'p.rego': src });
  assert.deepEqual(where(fs), ['p.rego:7:28', 'p.rego:8:12']);
  assert.match(fs[0]!.message, /only the first element of `job\.docker` is checked; iterate with `some x in job\.docker`/);
});

test('first-element-only: iteration, and index 0 of other lists, are quiet', () => {
  const src = org(`soft_fail contains {"rule": "img", "reason": sprintf("Job '%s' uses an image from %s", [name, registry])} if {
	some name, job in input._compiled_.jobs
	some d in job.docker
	registry := split(d.image, "/")[0]
	registry != "cimg"
}`);
  assert.deepEqual(found('first-element-only', { 'p.rego': src }), []);
});
