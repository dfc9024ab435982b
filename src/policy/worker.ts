// A worker thread of a parallel run: compiles the bundle once, then decides the configs it is
// sent and returns plain results (violations already pointed at their config lines, since the
// loaded YAML cannot cross threads).

import { parentPort, workerData } from 'node:worker_threads';
import { compileBundle } from './compile.js';
import { decideFiles } from './run.js';
import { locatedViolations } from './report/model.js';
import type { WorkerSetup, WorkerRequest, WorkerResult } from './parallel.js';

const setup = workerData as WorkerSetup;
const compiled = compileBundle(setup.bundle, setup.compile);

parentPort!.on('message', (req: WorkerRequest) => {
  const results: WorkerResult[] = decideFiles(compiled, req.files, { input: setup.input, decide: setup.decide }).map((d) => ({
    file: d.file,
    decision: d.decision,
    failure: d.failure === undefined ? undefined : { message: d.failure.message, problems: d.failure.problems },
    messages: d.messages,
    located: locatedViolations(d),
  }));
  parentPort!.postMessage({ id: req.id, results });
});
