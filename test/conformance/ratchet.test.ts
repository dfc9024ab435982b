import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { SUITES, caseKey, readList, runSuite, suiteRoot } from './ratchet.js';

for (const s of SUITES) {
  const missing = !existsSync(suiteRoot(s.name));
  const reason = missing ? `the suite is not on this machine (${suiteRoot(s.name)})` : false;
  test(`conformance ratchet: every listed ${s.name} case still passes`, { skip: reason }, async () => {
    const listed = readList(s.list);
    assert.ok(listed.length > 0, `${s.list} lists no passing cases`);
    const results = await runSuite(s.name, s.v0);
    const byKey = new Map(results.map((r) => [caseKey(r), r]));
    const broken = listed
      .map((k) => byKey.get(k) ?? { file: k, index: -1, note: '', status: 'fail' as const, detail: 'case not found' })
      .filter((r) => r.status !== 'pass')
      .map((r) => `${caseKey(r)} ${r.note}: ${r.detail}`);
    assert.deepEqual(broken, [], `cases that stopped passing:\n${broken.join('\n')}`);
  });
}
