// `npm run bench`: runs every benchmark in this folder, one process each.

import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const benches = readdirSync(here)
  .filter((f) => f.endsWith('.js') && f !== 'run.js' && f !== 'harness.js')
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
let failed = 0;
for (const b of benches) {
  console.log(`\n=== ${b.replace(/\.js$/, '')} ===`);
  const r = spawnSync(process.execPath, [join(here, b)], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exitCode = failed > 0 ? 1 : 0;
