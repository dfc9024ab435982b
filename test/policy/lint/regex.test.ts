import { test } from 'node:test';
import assert from 'node:assert/strict';
import { found, org, where } from './helpers.js';

const uses = (patterns: string) =>
  org(`patterns := ${patterns}

hard_fail contains {"rule": "blocked", "reason": sprintf("Command %q matches blocked pattern %q", [c, p])} if {
	some c in input.commands
	some p in patterns
	regex.match(p, c)
}`);

test('regex-pipe-alternation: `curl.*|.*sh` is reported where the pattern is written', () => {
  const fs = found('regex-pipe-alternation', { 'p.rego': uses('["sudo", "curl.*|.*sh"]') });
  assert.deepEqual(where(fs), ['p.rego:5:22']);
  assert.match(fs[0]!.message, /matches any text containing "sh"; escape it as `\\\|`/);
});

test('regex-pipe-alternation: a spaced pipe passed through a function parameter', () => {
  const src = org(`blocked(pattern, cmd) if regex.match(pattern, cmd)

hard_fail contains {"rule": "blocked", "reason": sprintf("Command %q pipes a download into a shell", [c])} if {
	some c in input.commands
	blocked("wget .* | bash", c)
}`);
  assert.deepEqual(where(found('regex-pipe-alternation', { 'p.rego': src })), ['p.rego:9:10']);
});

test('regex-pipe-alternation: escaped pipes and ordinary alternation are quiet', () => {
  assert.deepEqual(found('regex-pipe-alternation', { 'p.rego': uses('["curl[^|]*\\\\|\\\\s*(ba|z)?sh", `^(cimg|circleci)/`, "(?i)(token|secret)"]') }), []);
});

test('regex-re2-invalid: lookahead is PCRE-only', () => {
  const fs = found('regex-re2-invalid', { 'p.rego': uses('["^(?!cimg/).*"]') });
  assert.equal(fs.length, 1);
  assert.match(fs[0]!.message, /RE2 rejects "\^\(\?!cimg\/\)\.\*": .*lookahead/);
});

test('regex-re2-invalid: RE2 syntax is quiet', () => {
  assert.deepEqual(found('regex-re2-invalid', { 'p.rego': uses('["^cimg/", `\\bsudo\\b`, "[[:alpha:]]+"]') }), []);
});

test('regex-re2-pcre-difference: {,n} and a bare POSIX class', () => {
  const fs = found('regex-re2-pcre-difference', { 'p.rego': uses('["a{,3}", "[:digit:]+"]') });
  assert.equal(fs.length, 2);
  assert.match(fs[0]!.message, /write `\{0,n\}`/);
  assert.match(fs[1]!.message, /write `\[\[:alpha:\]\]`/);
});

test('regex-re2-pcre-difference: patterns both engines read alike are quiet', () => {
  assert.deepEqual(found('regex-re2-pcre-difference', { 'p.rego': uses('["a{0,3}", "[[:digit:]]+", "x{2}"]') }), []);
});

test('regex-non-string: `run` may be a map, a step may be a map, a literal number', () => {
  const src = org(`hard_fail contains {"rule": "sudo", "reason": sprintf("Job %s runs sudo", [name])} if {
	some name, job in input._compiled_.jobs
	some step in job.steps
	regex.match("sudo", step.run)
}

soft_fail contains {"rule": "steps", "reason": sprintf("Job %s has a step matching x", [name])} if {
	some name, job in input._compiled_.jobs
	some step in job.steps
	regex.match("x", step)
}

soft_fail contains {"rule": "number", "reason": "this is a reason of many words"} if {
	regex.match("1", 1)
}`);
  const fs = found('regex-non-string', { 'p.rego': src });
  assert.deepEqual(where(fs), ['p.rego:8:2', 'p.rego:14:2', 'p.rego:18:2']);
  assert.match(fs[0]!.message, /`run` may be a map/);
  assert.match(fs[1]!.message, /a step may be a map/);
});

test('regex-non-string: values checked with is_string, and run.command, are quiet', () => {
  const src = org(`hard_fail contains {"rule": "sudo", "reason": sprintf("Job %s runs sudo", [name])} if {
	some name, job in input._compiled_.jobs
	some step in job.steps
	is_string(step.run)
	regex.match("sudo", step.run)
}

hard_fail contains {"rule": "sudo", "reason": sprintf("Job %s runs sudo", [name])} if {
	some name, job in input._compiled_.jobs
	some step in job.steps
	regex.match("sudo", step.run.command)
}`);
  assert.deepEqual(found('regex-non-string', { 'p.rego': src }), []);
});
