// Loading and compiling the shared corpus of configs: the careful path alone (the `yaml` package, which
// is how loadConfig worked before js-yaml) against loadConfig (js-yaml, the careful path only where it
// is needed), measured in the same run and reported per config.
// Run: npx tsc -p tsconfig.json && node dist/bench/config-compile.js   (ROUNDS=n, TOP=n)

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { load } from 'js-yaml';
import { compileConfig } from '../src/circleci/index.js';
import type { LoadedConfig } from '../src/circleci/index.js';
import { FastPositions } from '../src/circleci/fastpositions.js';
import { loadFast } from '../src/circleci/fastyaml.js';
import { DEFAULT_LIMITS, loadConfig, loadConfigCareful } from '../src/circleci/yaml.js';

const corpus = fileURLToPath(new URL('../../../shared/corpus/', import.meta.url));
const orbDirs = [corpus + 'orbs/'];
const files = readdirSync(corpus + 'configs/')
  .filter((f) => /\.ya?ml$/.test(f))
  .map((name) => ({ name, bytes: readFileSync(corpus + 'configs/' + name) }));
const rounds = Number(process.env.ROUNDS ?? 7);
type File = (typeof files)[number];

/** µs per file, the median of `rounds` runs (the machine may be shared; a median ignores bursts). */
function timeEach(work: (f: File) => void): number[] {
  const runs = files.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++)
    files.forEach((f, i) => {
      const t = process.hrtime.bigint();
      work(f);
      runs[i]!.push(Number(process.hrtime.bigint() - t) / 1000);
    });
  return runs.map((xs) => xs.sort((a, b) => a - b)[xs.length >> 1]!);
}

const text = (f: File) => f.bytes.toString('utf8');
const before = (f: File) => loadConfigCareful(f.bytes, f.name);
const after = (f: File) => loadConfig(f.bytes, f.name);
const compile = (loaded: LoadedConfig) => compileConfig(loaded, { orbDirs });

// Warm up the JIT and the orb cache before measuring.
for (const f of files) {
  compile(before(f));
  compile(after(f));
  parse(text(f), { merge: true, maxAliasCount: -1 });
  load(text(f));
}

const rows: [string, number[]][] = [
  ['yaml.parse (library alone)', timeEach((f) => parse(text(f), { merge: true, maxAliasCount: -1 }))],
  ['js-yaml load (library alone)', timeEach((f) => load(text(f)))],
  ['load, before: yaml package (careful path)', timeEach(before)],
  ['load, after: loadConfig (js-yaml)', timeEach(after)],
  ['load + compile, before', timeEach((f) => compile(before(f)))],
  ['load + compile, after', timeEach((f) => compile(after(f)))],
  ['first positionOf after a js-yaml load', timeEach((f) => after(f).positionOf(['version']))],
];

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const perOp = (xs: number[]) => sum(xs) / files.length;
console.log(`corpus: ${files.length} configs, ${(sum(files.map((f) => f.bytes.length)) / 1024).toFixed(0)} KiB, median of ${rounds} rounds per config`);
for (const [label, xs] of rows) {
  const us = perOp(xs);
  console.log(`  ${label.padEnd(44)} ${us.toFixed(0).padStart(7)} µs/op ${(1e6 / us).toFixed(0).padStart(7)} ops/s`);
}
const [, , loadBefore, loadAfter, fullBefore, fullAfter, positions] = rows.map(([, xs]) => perOp(xs));
console.log(`ratio before/after: load ${(loadBefore! / loadAfter!).toFixed(1)}x, load + compile ${(fullBefore! / fullAfter!).toFixed(1)}x`);
console.log(`first positionOf after a js-yaml load costs ${(positions! - loadAfter!).toFixed(0)} µs (the text read again, kept for later calls)`);

// How often the fast path answers, and how often compiling asks for a position (which reads again).
const served = files.filter((f) => 'doc' in loadFast(text(f).replace(/^\uFEFF/, ''), DEFAULT_LIMITS)).length;
const indexed = files.filter((f) => FastPositions.build(text(f).replace(/^\uFEFF/, ''), DEFAULT_LIMITS.maxDepth) !== undefined).length;
let asked = 0;
for (const f of files) {
  const loaded = after(f);
  let calls = 0;
  compile({ ...loaded, positionOf: (p) => (calls++, loaded.positionOf(p)) });
  if (calls > 0) asked++;
}
console.log(`js-yaml answered ${served} of ${files.length} configs and found positions in ${indexed}; compiling asked ${asked} for a position`);

console.log('\nslowest files (load + compile µs, after and before, ratio):');
const fullBeforeEach = rows[4]![1];
const fullAfterEach = rows[5]![1];
files
  .map((f, i) => ({ name: f.name, after: fullAfterEach[i]!, before: fullBeforeEach[i]! }))
  .sort((a, b) => b.after - a.after)
  .slice(0, Number(process.env.TOP ?? 10))
  .forEach((r) => console.log(`  ${r.name.padEnd(60)} ${r.after.toFixed(0).padStart(7)} ${r.before.toFixed(0).padStart(7)}  ${(r.before / r.after).toFixed(1)}x`));
