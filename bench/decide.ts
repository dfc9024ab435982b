// Decisions: warm time of one decision (the seed bundle on the seed's invalid config) and batch
// throughput over the corpus — (a) decisions on pre-parsed JSON inputs, (b) end to end from YAML
// bytes with compilation — each against a baseline measured in the same run.
// Run: npx tsc -p tsconfig.json && node dist/bench/decide.js   (BENCH_MS, ROUNDS tune the length)

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileBundle, decide, decideFiles, decideFilesParallel, defaultJobs, inputFromText, loadBundle, type CompiledBundle } from '../src/policy/index.js';
import type { JsonValue } from '../src/circleci/index.js';
import { fromJS } from '../src/rego/index.js';
import { measure, report } from './harness.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const corpus = fileURLToPath(new URL('../../../shared/corpus/', import.meta.url));
const seedPolicies = repo + 'examples/seed/policies';
const bundle = loadBundle(seedPolicies);
const compiled = compileBundle(bundle, { dialect: 'auto' });
const invalid = inputFromText(readFileSync(repo + 'examples/seed/test/fixtures/invalid_config.yml'), 'invalid_config.yml').doc;

// ---- one decision, warm -------------------------------------------------------------------------

/** The simplest correct way: compile the bundle for every decision. */
const freshCompile = () => decide(compileBundle(bundle, { dialect: 'auto' }), invalid);
/** Compiled once, but the query planned again for every decision (no prepared-query reuse). */
const noReuse = () => {
  const q = compiled.policy!.prepare('hard := [x | x := data.org.hard_fail]; soft := [x | x := data.org.soft_fail]; enabled := [x | x := data.org.enabled_rules]');
  return q.eval({ input: fromJS(invalid), data: fromJS({ meta: null }) });
};
const warm = () => decide(compiled, invalid);

const ms = Number(process.env.BENCH_MS ?? 1500);
const base = measure('fresh compile per decision', freshCompile, ms);
const planned = measure('query planned per decision', noReuse, ms);
const ours = measure('decide (compiled bundle, prepared query)', warm, ms);
report('one decision: seed bundle on invalid_config.yml', [base, planned, ours], base);

// ---- the corpus ---------------------------------------------------------------------------------

if (!existsSync(corpus + 'configs/')) {
  console.log(`\ncorpus: skipped, ${corpus}configs/ not found`);
} else {
  const files = readdirSync(corpus + 'configs/')
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((name) => ({ name, bytes: readFileSync(corpus + 'configs/' + name) }));
  const orbDirs = [corpus + 'orbs/'];
  // (a) inputs as plain JSON, as a service receiving JSON would hold them.
  const docs = files.map((f) => JSON.parse(JSON.stringify(inputFromText(f.bytes, f.name, { compile: false }).doc)) as JsonValue);
  const rounds = Number(process.env.ROUNDS ?? 5);

  const perConfig = (work: () => void): number => {
    work(); // warm-up round
    const t = performance.now();
    for (let r = 0; r < rounds; r++) work();
    return ((performance.now() - t) * 1000) / (rounds * files.length);
  };
  const row = (name: string, us: number) => ({ name, usPerOp: us, opsPerSec: 1e6 / us });
  const decideAll = (c: CompiledBundle) => () => docs.forEach((d) => decide(c, d));
  const unprepared = () =>
    docs.forEach((d) => compiled.policy!.prepare('hard := [x | x := data.org.hard_fail]; soft := [x | x := data.org.soft_fail]; enabled := [x | x := data.org.enabled_rules]').eval({ input: fromJS(d), data: fromJS({ meta: null }) }));
  const a0 = row('(a) query planned per decision', perConfig(unprepared));
  const a = row('(a) decide on pre-parsed JSON', perConfig(decideAll(compiled)));
  report(`corpus (a): ${files.length} configs, decisions only (configs/s = ops/s)`, [a0, a], a0);

  const loadOnly = row('(b) load YAML only (no compile, no decision)', perConfig(() => files.forEach((f) => inputFromText(f.bytes, f.name, { compile: false }))));
  const loadCompile = row('(b) load + compile (no decision)', perConfig(() => files.forEach((f) => inputFromText(f.bytes, f.name, { orbDirs }))));
  const e2e = row('(b) end to end: load + compile + decide', perConfig(() => files.forEach((f) => decide(compiled, inputFromText(f.bytes, f.name, { orbDirs }).doc))));
  report(`corpus (b): ${files.length} configs, end to end`, [loadOnly, loadCompile, e2e]);
  console.log(`  decision share of end to end: ${((a.usPerOp / e2e.usPerOp) * 100).toFixed(0)}%; YAML loading share: ${((loadOnly.usPerOp / e2e.usPerOp) * 100).toFixed(0)}%`);

  // The same batch through the run API from files on disk, on one thread and on worker threads
  // (worker start-up, bundle compile and JIT warm-up included: `decide --jobs`).
  const paths = Array.from({ length: rounds }, () => files.map((f) => corpus + 'configs/' + f.name)).flat();
  const jobs = defaultJobs();
  let t = performance.now();
  decideFiles(compiled, paths, { input: { orbDirs } });
  const seq = row(`(b) decideFiles, ${paths.length} configs, 1 thread`, ((performance.now() - t) * 1000) / paths.length);
  const rows = [seq];
  if (jobs > 1) {
    t = performance.now();
    await decideFilesParallel(bundle, { dialect: 'auto' }, paths, { input: { orbDirs }, jobs });
    rows.push(row(`(b) decideFilesParallel, ${jobs} threads`, ((performance.now() - t) * 1000) / paths.length));
  }
  report('corpus (b): batch runs from disk', rows, seq);

  console.log('\ntargets (issue 5):');
  console.log(`  (a) ≥ 2,500 configs/s: ${a.opsPerSec.toFixed(0)} — ${a.opsPerSec >= 2500 ? 'met' : 'not met'}`);
  console.log(`  (b) ≥ 500 configs/s:   ${e2e.opsPerSec.toFixed(0)} on one thread — ${e2e.opsPerSec >= 500 ? 'met' : 'not met'}`);
}
