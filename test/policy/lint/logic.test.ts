import { test } from 'node:test';
import assert from 'node:assert/strict';
import { found, org, where } from './helpers.js';

const rule = (cond: string, extra = '') =>
  org(`${extra}
hard_fail contains {"rule": "r", "reason": sprintf("Deployment %s must have branch filters", [name])} if {
	some name, job_config in input.jobs_config
${cond
  .split('\n')
  .map((l) => `\t${l}`)
  .join('\n')}
}`);

test('not-never-false: the seed\'s `not object.get(job_config, "filters", null)`', () => {
  const fs = found('not-never-false', { 'p.rego': rule('not object.get(job_config, "filters", null)') });
  assert.deepEqual(where(fs), ['p.rego:8:2']);
  assert.match(fs[0]!.message, /never holds: object\.get returns the default null when "filters" is missing.*write `not job_config\.filters`/);
});

test('not-never-false: count, a comprehension, a variable and an unconditional helper', () => {
  const src = rule('not count(job_config)\nnot [x | some x in job_config]\nf := object.get(job_config, "filters", {})\nnot f\nnot filters_of(job_config)', 'filters_of(j) := object.get(j, "filters", null)\n');
  const fs = found('not-never-false', { 'p.rego': src });
  assert.deepEqual(where(fs), ['p.rego:9:2', 'p.rego:10:2', 'p.rego:12:2', 'p.rego:13:2']);
  assert.match(fs[0]!.message, /^`not count\(job_config\)` never holds: count\(…\) is a number, never false/);
  assert.match(fs[3]!.message, /filters_of \(p\.rego:5\) always has a value/);
});

test('not-never-false: tests of a missing key, of false, and of helpers that may be undefined are quiet', () => {
  const src = rule('not job_config.filters\nnot object.get(job_config, "filters", false)\nnot has_filters(job_config)\nnot startswith(name, "x")\nnot name in {"a"}', 'has_filters(j) if j.filters\n');
  assert.deepEqual(found('not-never-false', { 'p.rego': src }), []);
});

test('type-mismatch-comparison: a number compared with a string', () => {
  const src = rule('count(job_config) == "0"\nlower(name) != 1\nn := count(job_config)\nn > "3"');
  const fs = found('type-mismatch-comparison', { 'p.rego': src });
  assert.deepEqual(where(fs), ['p.rego:8:2', 'p.rego:9:2', 'p.rego:11:2']);
  assert.match(fs[0]!.message, /never holds: count\(job_config\) is a number and "0" is a string/);
  assert.match(fs[1]!.message, /always holds/);
  assert.match(fs[2]!.message, /decided by the types alone/);
});

test('type-mismatch-comparison: like with like, and config values of unknown type, are quiet', () => {
  const src = rule('count(job_config) == 0\nlower(name) != "x"\ninput.version == "2.1"\njob_config.parallelism > 2');
  assert.deepEqual(found('type-mismatch-comparison', { 'p.rego': src }), []);
});
