// Deciding many configs on several threads. Loading and compiling a config's YAML is most of the
// work of a decision, and it is independent per config, so worker threads (each with its own
// compiled bundle) share the configs out in small chunks; results come back in input order.

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Bundle } from './bundle.js';
import type { CompileOptions } from './compile.js';
import type { Decision } from './decision.js';
import type { DecideOptions } from './decide.js';
import { PolicyError, type Problem } from './errors.js';
import type { InputOptions } from './input.js';
import type { DecidedInput, LocatedViolation } from './report/model.js';

export interface WorkerSetup {
  bundle: Bundle;
  compile: CompileOptions;
  input?: InputOptions;
  decide?: DecideOptions;
}

export interface WorkerRequest {
  id: number;
  files: string[];
}

export interface WorkerResult {
  file: string;
  decision?: Decision;
  failure?: { message: string; problems: Problem[] };
  messages: string[];
  located: LocatedViolation[];
}

export interface ParallelOptions {
  input?: InputOptions;
  decide?: DecideOptions;
  /** Threads to use (default: the machine's parallelism, at most 8). */
  jobs?: number;
  /** Configs per request: small enough to balance, large enough to keep messages few. */
  chunk?: number;
  onProgress?: (done: number, total: number) => void;
}

export function defaultJobs(): number {
  return Math.max(1, Math.min(8, availableParallelism()));
}

/** Decides `files` with `jobs` worker threads; the bundle must compile (compile it first to report problems). */
export async function decideFilesParallel(bundle: Bundle, compile: CompileOptions, files: string[], opts: ParallelOptions = {}): Promise<DecidedInput[]> {
  const jobs = Math.max(1, Math.min(opts.jobs ?? defaultJobs(), Math.ceil(files.length / 2)));
  const chunk = Math.max(1, opts.chunk ?? 4);
  const setup: WorkerSetup = { bundle, compile, input: opts.input, decide: opts.decide };
  const results: (DecidedInput | undefined)[] = new Array(files.length);
  let next = 0;
  let done = 0;
  const workers = Array.from({ length: jobs }, () => new Worker(new URL('./worker.js', import.meta.url), { workerData: setup, resourceLimits: { maxYoungGenerationSizeMb: 64 } }));
  try {
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              if (next >= files.length) return resolve();
              const start = next;
              next = Math.min(files.length, next + chunk);
              w.postMessage({ id: start, files: files.slice(start, next) } satisfies WorkerRequest);
            };
            w.on('message', (msg: { id: number; results: WorkerResult[] }) => {
              msg.results.forEach((r, i) => (results[msg.id + i] = fromWorker(r)));
              done += msg.results.length;
              opts.onProgress?.(done, files.length);
              send();
            });
            w.on('error', reject);
            w.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`decision worker stopped with exit code ${code}`))));
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results.map((r, i) => r ?? { file: files[i]!, failure: new PolicyError('internal error: no result from the decision worker'), messages: [] });
}

function fromWorker(r: WorkerResult): DecidedInput {
  const out: DecidedInput = { file: r.file, messages: r.messages, located: r.located };
  if (r.decision !== undefined) out.decision = r.decision;
  if (r.failure !== undefined) out.failure = new PolicyError(r.failure.message, r.failure.problems);
  return out;
}
