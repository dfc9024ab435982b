// Every config of the shared corpus decided with the seed bundle (and the CircleCI example
// bundle): no crash, no ERROR, every input readable.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileBundle, decide, decisionToJSON, loadBundle, loadInput } from '../../src/policy/index.js';
import { circleciDir, corpusConfigs, hasCorpus, seedDir } from './support.js';

const orbs = fileURLToPath(new URL('../../../../shared/corpus/orbs/', import.meta.url));
const SKIP = hasCorpus ? false : 'the shared corpus (../shared/corpus/configs next to the repository) is not on this machine';

test('the seed bundle decides every corpus config, compiled or as written, the same way and never ERROR', { skip: SKIP }, () => {
  const compiled = compileBundle(loadBundle(seedDir + 'policies'), { dialect: 'auto' });
  const files = readdirSync(corpusConfigs).filter((f) => /\.ya?ml$/.test(f)).sort();
  assert.ok(files.length > 100, `expected the corpus, found ${files.length} configs`);
  const statuses = new Map<string, number>();
  for (const f of files) {
    const asWritten = decide(compiled, loadInput(corpusConfigs + f, { compile: false }).doc);
    const withCompiled = decide(compiled, loadInput(corpusConfigs + f, { orbDirs: [orbs] }).doc);
    assert.notEqual(asWritten.status, 'ERROR', `${f}: ${asWritten.reason}`);
    // The seed's policies read the config as written, so _compiled_ changes nothing.
    assert.equal(decisionToJSON(withCompiled, 'seed'), decisionToJSON(asWritten, 'seed'), f);
    statuses.set(asWritten.status, (statuses.get(asWritten.status) ?? 0) + 1);
  }
  // The corpus has both kinds of config: the bundle is neither blind nor blocking everything.
  assert.ok((statuses.get('PASS') ?? 0) > 0 && (statuses.get('HARD_FAIL') ?? 0) > 0, JSON.stringify([...statuses]));
});

test('the CircleCI example bundle decides every compiled corpus config without ERROR', { skip: SKIP }, () => {
  const compiled = compileBundle(loadBundle(circleciDir + 'policies'), { dialect: 'circleci' });
  for (const f of readdirSync(corpusConfigs).filter((n) => /\.ya?ml$/.test(n)).sort()) {
    const d = decide(compiled, loadInput(corpusConfigs + f, { orbDirs: [orbs] }).doc, { meta: { project_id: 'corpus', vcs: { branch: 'main' } } });
    assert.notEqual(d.status, 'ERROR', `${f}: ${d.reason}`);
  }
});
