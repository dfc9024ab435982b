// Runs conformance cases in a worker thread so that the parent can stop a case that hangs.

import { parentPort, workerData } from 'node:worker_threads';
import { type Case, loadCases, runCase } from './cases.js';

interface Job {
  root: string;
  files: string[];
  v0: boolean;
  filter?: string;
  /** Number of selected cases to skip (they already ran in an earlier worker). */
  from: number;
}

const job = workerData as Job;
const filter = job.filter ? new RegExp(job.filter) : undefined;
let n = 0;
for (const path of job.files) {
  let cases: Case[];
  try {
    cases = loadCases(job.root, path);
  } catch (e) {
    parentPort!.postMessage({ type: 'load-error', file: path, error: String(e) });
    continue;
  }
  for (const c of cases) {
    if (filter && !filter.test(c.note) && !filter.test(c.file)) continue;
    if (n++ < job.from) continue;
    parentPort!.postMessage({ type: 'start', file: c.file, index: c.index, note: c.note });
    let result;
    try {
      result = runCase(c, job.v0 ? 0 : 1);
    } catch (e) {
      result = { file: c.file, index: c.index, note: c.note, status: 'fail', detail: `crash: ${e instanceof Error ? e.stack : String(e)}` };
    }
    parentPort!.postMessage({ type: 'result', result });
  }
}
parentPort!.postMessage({ type: 'done' });
