// Running the CLI in-process for the policy commands' tests, and paths to the examples.

import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';

export const repo = fileURLToPath(new URL('../../../', import.meta.url));
export const seed = repo + 'examples/seed/';
export const circle = repo + 'examples/circleci/';

export interface Run {
  code: number;
  out: string;
  err: string;
}

export async function run(args: string[], opts: { tty?: boolean } = {}): Promise<Run> {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (t) => (out += t), stderr: (t) => (err += t), isTTY: opts.tty ?? false });
  return { code, out, err };
}

/** A fresh directory holding the given files; returns its path. */
export function dir(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'pg-cli-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

/** Every stderr line is `file:line:col: message` or `file: message`; never a stack trace. */
export function assertLocated(err: string): string[] {
  const lines = err.trimEnd().split('\n');
  for (const l of lines) {
    if (/^\s+at /.test(l) || /internal error/.test(l)) throw new Error(`not a located message: ${l}`);
  }
  return lines;
}
