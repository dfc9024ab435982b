import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatFindings, RULES } from '../../../src/policy/lint/index.js';
import { lint, org } from './helpers.js';

const result = lint({
  'dir/p q.rego': org(`patterns := ["curl.*|.*sh"]

hard_fail contains {"rule": "r", "reason": "50% bad"} if {
	some c in input.commands
	some p in patterns
	regex.match(p, c)
}`),
});

test('text: one line per finding, then a summary', () => {
  const out = formatFindings(result, 'text').split('\n');
  assert.equal(out[0], 'dir/p q.rego:5:14: error: "curl.*|.*sh": `|` is alternation, not a pipe: this matches any text containing "sh"; escape it as `\\|` [regex-pipe-alternation]');
  assert.match(out[2]!, /^2 problems \(1 error, 1 warning, 0 info\) in 1 file/);
});

test('json: findings with id, severity and position', () => {
  const doc = JSON.parse(formatFindings(result, 'json'));
  assert.deepEqual(doc.summary, { error: 1, warning: 1, info: 0 });
  assert.deepEqual(Object.keys(doc.findings[0]), ['id', 'severity', 'file', 'line', 'col', 'message']);
});

test('sarif: a 2.1.0 log with every rule described and results pointing at them', () => {
  const log = JSON.parse(formatFindings(result, 'sarif'));
  assert.equal(log.version, '2.1.0');
  const run = log.runs[0];
  assert.equal(run.tool.driver.name, 'policygate');
  assert.equal(run.tool.driver.rules.length, RULES.length);
  const r0 = run.results[0];
  assert.equal(run.tool.driver.rules[r0.ruleIndex].id, r0.ruleId);
  assert.equal(r0.level, 'error');
  assert.equal(run.results[1].level, 'warning');
  assert.deepEqual(r0.locations[0].physicalLocation, { artifactLocation: { uri: 'dir/p%20q.rego' }, region: { startLine: 5, startColumn: 14 } });
  assert.match(run.tool.driver.rules[0].help.text, /escape the pipe/);
});

test('github: workflow commands with escaped properties and message', () => {
  const lines = formatFindings(result, 'github').trimEnd().split('\n');
  assert.equal(lines.length, 2);
  assert.match(lines[0]!, /^::error file=dir\/p q\.rego,line=5,col=14,title=regex-pipe-alternation::"curl/);
  assert.match(lines[1]!, /^::warning .*::reason "50%25 bad" is constant/);
});

test('every rule has a unique id, a one-line summary and an explanation with a fix', () => {
  assert.equal(new Set(RULES.map((r) => r.id)).size, RULES.length);
  for (const r of RULES) {
    assert.match(r.id, /^[a-z0-9]+(-[a-z0-9]+)*$/, r.id);
    assert.ok(!r.summary.includes('\n') && r.summary.length < 100, r.id);
    assert.match(r.explanation, /\bFix\b/, `${r.id} explains the fix`);
  }
});
