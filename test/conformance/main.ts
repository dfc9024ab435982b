// `npm run conformance -- <folder> [--v0] [--json FILE] [--filter REGEX] [--timeout SECONDS]`: runs every case,
// never stopping at a failing or hanging one, and ends with `conformance: P/T cases pass, S skipped`.

import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CaseResult } from './cases.js';
import { findCaseFiles } from './cases.js';

export interface RunOptions {
  root: string;
  v0: boolean;
  filter?: string;
  /** A case that runs longer than this is stopped and fails. */
  caseTimeoutMs?: number;
  onResult?: (r: CaseResult) => void;
}

/** Runs all cases under `root`, each in a worker that is replaced if a case hangs. */
export function runConformance(opts: RunOptions): Promise<CaseResult[]> {
  const files = findCaseFiles(opts.root);
  const results: CaseResult[] = [];
  const timeout = opts.caseTimeoutMs ?? 20_000;
  const workerFile = fileURLToPath(new URL('./worker.js', import.meta.url));
  return new Promise((done, fail) => {
    const start = (from: number): void => {
      const w = new Worker(workerFile, { workerData: { root: opts.root, files, v0: opts.v0, filter: opts.filter, from } });
      let current: { file: string; index: number; note: string } | undefined;
      let timer: NodeJS.Timeout | undefined;
      let finished = false;
      const arm = (): void => {
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => {
          if (current === undefined) return;
          const r: CaseResult = { ...current, status: 'fail', detail: `timed out after ${timeout} ms` };
          results.push(r);
          opts.onResult?.(r);
          finished = true;
          void w.terminate();
          start(from + seen);
        }, timeout);
      };
      // Cases started by this worker; a replacement worker resumes after the last of them.
      let seen = 0;
      w.on('message', (m: { type: string; result?: CaseResult; file?: string; index?: number; note?: string; error?: string }) => {
        if (m.type === 'start') {
          current = { file: m.file!, index: m.index!, note: m.note! };
          seen++;
          arm();
        } else if (m.type === 'result') {
          current = undefined;
          if (timer) clearTimeout(timer);
          results.push(m.result!);
          opts.onResult?.(m.result!);
        } else if (m.type === 'load-error') {
          const r: CaseResult = { file: m.file!, index: 0, note: '', status: 'fail', detail: `cannot load: ${m.error}` };
          results.push(r);
          opts.onResult?.(r);
        } else if (m.type === 'done') {
          finished = true;
          if (timer) clearTimeout(timer);
          void w.terminate();
          done(results);
        }
      });
      w.on('error', (e) => {
        if (finished) return;
        finished = true;
        if (timer) clearTimeout(timer);
        if (current !== undefined) {
          const r: CaseResult = { ...current, status: 'fail', detail: `worker crashed: ${e.message}` };
          results.push(r);
          opts.onResult?.(r);
          start(from + seen);
        } else fail(e);
      });
    };
    start(0);
  });
}

async function main(argv: string[]): Promise<number> {
  let folder: string | undefined;
  let v0 = false;
  let json: string | undefined;
  let filter: string | undefined;
  let timeout: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--v0') v0 = true;
    else if (a === '--json') json = argv[++i];
    else if (a === '--filter') filter = argv[++i];
    else if (a === '--timeout') {
      const seconds = Number(argv[++i]);
      if (!(seconds > 0)) {
        process.stderr.write('conformance: --timeout needs a positive number of seconds\n');
        return 2;
      }
      timeout = seconds * 1000;
    }
    else if (a.startsWith('--')) {
      process.stderr.write(`conformance: unknown flag ${a}\n`);
      return 2;
    } else folder = a;
  }
  if (folder === undefined) {
    process.stderr.write('usage: npm run conformance -- <folder> [--v0] [--json FILE] [--filter REGEX] [--timeout SECONDS]\n');
    return 2;
  }
  const results = await runConformance({
    root: resolve(folder),
    v0,
    filter,
    ...(timeout !== undefined ? { caseTimeoutMs: timeout } : {}),
    onResult: (r) => {
      if (r.status === 'fail') process.stdout.write(`FAIL ${r.file}#${r.index} ${r.note}\n      ${r.detail.replace(/\n/g, '\n      ')}\n`);
    },
  });
  const passed = results.filter((r) => r.status === 'pass').length;
  const failed = results.filter((r) => r.status === 'fail').length;
  const skipped = results.filter((r) => r.status === 'skip').length;
  if (json !== undefined) {
    const cases = results.map(({ file, index, note, status, detail }) => ({ file, index, note, status, detail }));
    writeFileSync(json, JSON.stringify({ total: results.length, passed, failed, skipped, cases }, null, 2) + '\n');
  }
  process.stdout.write(`conformance: ${passed}/${results.length} cases pass, ${skipped} skipped\n`);
  return failed > 0 ? 1 : 0;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
