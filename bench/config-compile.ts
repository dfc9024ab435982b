// Load+compile time of the whole corpus and per file, against plain `yaml.parse` of the same files
// measured in the same run. Run: npx tsc -p tsconfig.json && node dist/bench/config-compile.js

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { compileConfig, loadConfig } from '../src/circleci/index.js';

const corpus = fileURLToPath(new URL('../../../shared/corpus/', import.meta.url));
const orbDirs = [corpus + 'orbs/'];
const files = readdirSync(corpus + 'configs/')
  .filter((f) => /\.ya?ml$/.test(f))
  .map((name) => ({ name, bytes: readFileSync(corpus + 'configs/' + name) }));
const rounds = Number(process.env.ROUNDS ?? 5);

function timeEach(work: (f: (typeof files)[number]) => void): number[] {
  const totals = files.map(() => 0);
  for (let r = 0; r < rounds; r++)
    files.forEach((f, i) => {
      const t = process.hrtime.bigint();
      work(f);
      totals[i]! += Number(process.hrtime.bigint() - t) / 1000;
    });
  return totals.map((t) => t / rounds);
}

const baseline = (f: (typeof files)[number]) => parse(f.bytes.toString('utf8'), { merge: true, maxAliasCount: -1 });
const ours = (f: (typeof files)[number]) => compileConfig(loadConfig(f.bytes, f.name), { orbDirs });
const loadOnly = (f: (typeof files)[number]) => loadConfig(f.bytes, f.name);

// Warm up the JIT and the orb cache before measuring.
for (const f of files) ours(f);
const base = timeEach(baseline);
const load = timeEach(loadOnly);
const full = timeEach(ours);

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const line = (label: string, us: number) =>
  `${label.padEnd(34)} ${us.toFixed(0).padStart(9)} µs/corpus  ${(us / files.length).toFixed(0).padStart(6)} µs/op  ${((files.length * 1e6) / us).toFixed(0).padStart(6)} ops/s`;
console.log(`corpus: ${files.length} configs, ${(sum(files.map((f) => f.bytes.length)) / 1024).toFixed(0)} KiB, ${rounds} rounds`);
console.log(line('baseline yaml.parse', sum(base)));
console.log(line('loadConfig (positions, limits)', sum(load)));
console.log(line('loadConfig + compileConfig', sum(full)));
console.log(`ratio load+compile / baseline: ${(sum(full) / sum(base)).toFixed(2)}`);
console.log('\nslowest files (load+compile µs/op, baseline µs/op, ratio):');
files
  .map((f, i) => ({ name: f.name, full: full[i]!, base: base[i]! }))
  .sort((a, b) => b.full - a.full)
  .slice(0, Number(process.env.TOP ?? 15))
  .forEach((r) => console.log(`  ${r.name.padEnd(60)} ${r.full.toFixed(0).padStart(7)} ${r.base.toFixed(0).padStart(7)}  ${(r.full / r.base).toFixed(2)}`));
