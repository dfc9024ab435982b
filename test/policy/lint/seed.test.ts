// The seed document's policies, linted: its real bugs, and nothing else.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { lintPath } from '../../../src/policy/lint/index.js';
import type { Finding } from '../../../src/policy/lint/index.js';

// From dist/test/policy/lint/ back to the sources: fixtures are not compiled.
const root = fileURLToPath(new URL('../../../../', import.meta.url));
const fixture = root + 'test/policy/lint/fixtures/seed/';
const examples = root + 'examples/seed/';

function rows(fs: Finding[], base: string): string[] {
  return fs.map((f) => `${f.id} ${f.file.slice(base.length)}:${f.line}:${f.col}`);
}

/** The seed's policies copied verbatim (plus its rollout snippet, with a package line). */
const EXPECTED = [
  'not-never-false policies/conditional/project_based.rego:34:5',
  'rule-not-enabled policies/conditional/project_based.rego:37:17',
  'regex-pipe-alternation policies/security/blocked_commands.rego:11:5',
  'regex-pipe-alternation policies/security/blocked_commands.rego:12:5',
  'regex-non-string policies/security/blocked_commands.rego:26:5',
  'use-compiled-config policies/security/blocked_commands.rego:31:27',
  'rule-not-enabled policies/security/blocked_commands.rego:39:17',
  'use-compiled-config policies/security/docker_images.rego:27:27',
  'use-compiled-config policies/security/docker_images_rollout.rego:12:27',
  'first-element-only policies/security/docker_images_rollout.rego:13:35',
  'rule-not-enabled policies/security/docker_images_rollout.rego:16:17',
  'use-compiled-config policies/security/example_using_lib.rego:9:27',
  'rule-not-enabled policies/security/example_using_lib.rego:19:17',
  'rule-not-enabled policies/security/orb_restrictions.rego:39:17',
  'use-compiled-config policies/security/secrets.rego:26:27',
  'regex-non-string policies/security/secrets.rego:33:5',
  'rule-not-enabled policies/security/secrets.rego:36:17',
  'use-compiled-config policies/standards/resource_limits.rego:18:27',
];

test('the seed\'s policies: exactly their real bugs', () => {
  const r = lintPath(fixture);
  assert.deepEqual(r.problems, []);
  assert.equal(r.dialect, 'seed');
  assert.deepEqual(rows(r.findings, fixture), EXPECTED);
  const pipe = r.findings.find((f) => f.id === 'regex-pipe-alternation')!;
  assert.match(pipe.message, /"curl\.\*\|\.\*sh": .* any text containing "sh"/);
  const blocked = r.findings.find((f) => f.id === 'rule-not-enabled' && f.message.includes('"blocked_commands"'));
  assert.ok(blocked, 'enabled_rules leaving out blocked_commands is reported');
});

/** What the seed's snippets (decision types, rollout) bring when examples/seed/ lays them out beside the policies. */
const SNIPPET_IDS = new Set(['first-element-only', 'use-compiled-config', 'rule-not-enabled']);

test('examples/seed: only findings the seed\'s verbatim policies have, including the pipe and `not object.get` bugs', (t) => {
  if (!existsSync(examples)) {
    t.skip('examples/seed/ is not in this checkout (it belongs to the decide command\'s examples)');
    return;
  }
  const r = lintPath(examples);
  assert.deepEqual(r.problems, []);
  const got = rows(r.findings, examples);
  for (const [i, row] of got.entries()) {
    const f = r.findings[i]!;
    const ok = f.file.includes('/snippets/') ? SNIPPET_IDS.has(f.id) : EXPECTED.includes(row);
    assert.ok(ok, `unexpected finding on examples/seed: ${row} ${f.message}`);
  }
  for (const must of EXPECTED.filter((e) => /regex-pipe|not-never-false/.test(e))) assert.ok(got.includes(must), `missing: ${must}`);
  if (existsSync(examples + 'snippets/')) assert.ok(got.some((g) => g.startsWith('first-element-only snippets/')), 'the rollout snippet\'s job.docker[0]');
});
