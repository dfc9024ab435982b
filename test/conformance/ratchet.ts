// The conformance ratchet: the committed lists of passing cases, and a way to extend them.
// `node dist/test/conformance/ratchet.js --update` adds newly passing cases; it never removes one.

import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CaseResult } from './cases.js';
import { runConformance } from './main.js';

const here = dirname(fileURLToPath(import.meta.url));
/** The repository root, from dist/test/conformance or test/conformance. */
export const repoRoot = resolve(here, here.includes('/dist/') ? '../../..' : '../..');

export const SUITES = [
  { name: 'opa-v1', v0: false, list: 'passing-v1.txt' },
  { name: 'opa-v0', v0: true, list: 'passing-v0.txt' },
] as const;

export function suiteRoot(name: string): string {
  return resolve(repoRoot, '..', 'shared', 'conformance', name);
}

export function listPath(list: string): string {
  return resolve(repoRoot, 'test', 'conformance', list);
}

export function caseKey(r: { file: string; index: number }): string {
  return `${r.file}#${r.index}`;
}

export function readList(list: string): string[] {
  const p = listPath(list);
  if (!existsSync(p)) return [];
  return readFileSync(p, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

export async function runSuite(name: string, v0: boolean): Promise<CaseResult[]> {
  return runConformance({ root: suiteRoot(name), v0 });
}

async function update(): Promise<number> {
  let broken = 0;
  for (const s of SUITES) {
    const results = await runSuite(s.name, s.v0);
    const passing = new Set(results.filter((r) => r.status === 'pass').map(caseKey));
    const listed = readList(s.list);
    const lost = listed.filter((k) => !passing.has(k));
    broken += lost.length;
    for (const k of lost) process.stderr.write(`${s.name}: ${k} no longer passes\n`);
    const merged = [...new Set([...listed, ...passing])].sort();
    const header = `# Conformance cases of ../shared/conformance/${s.name} that pass; npm test fails if one stops passing.\n`;
    writeFileSync(listPath(s.list), header + merged.join('\n') + '\n');
    process.stdout.write(`${s.name}: ${merged.length}/${results.length} listed (${merged.length - listed.length} added)\n`);
  }
  return broken > 0 ? 1 : 0;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1]) && process.argv.includes('--update')) {
  update().then((code) => {
    process.exitCode = code;
  });
}
