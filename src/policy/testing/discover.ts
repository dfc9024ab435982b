// Which folders a test run covers (spec §6.1): `DIR/...` is DIR and every folder below it, in
// lexical walk order, skipping hidden folders (`.x`, not `.`); `DIR` alone is just DIR. Group
// names are the paths as walked, with a leading `./` trimmed (`./...` itself walks `.`).

import { lstatSync, readdirSync, statSync } from 'node:fs';
import { isTestFile } from './load.js';

export class TestPathError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
  }
}

export function testFolders(target: string): string[] {
  let path = target === './...' ? target : target.replace(/^\.\//, '');
  if (!path.endsWith('/...') && path !== '...') {
    checkDirectory(path);
    return [path];
  }
  path = path === '...' ? '.' : path.slice(0, -4) || '/';
  checkDirectory(path);
  const out: string[] = [];
  walk(path, out);
  return out;
}

function checkDirectory(path: string): void {
  const st = statSync(path, { throwIfNoEntry: false });
  if (st === undefined) throw new TestPathError('no such directory', path);
  if (!st.isDirectory()) throw new TestPathError('not a directory (give the folder of the policies and their *_test.yaml files)', path);
}

function walk(dir: string, out: string[]): void {
  const name = dir.split('/').filter((s) => s !== '').pop() ?? dir;
  if (name.length > 1 && name.startsWith('.')) return;
  out.push(dir);
  for (const entry of readdirSync(dir).sort(byBytes)) {
    const path = dir === '.' ? entry : dir.endsWith('/') ? dir + entry : `${dir}/${entry}`;
    if (lstatSync(path).isDirectory()) walk(path, out);
  }
}

/** The `*_test.yaml` / `*_test.yml` files directly in a folder, by name. */
export function testFilesIn(folder: string): string[] {
  return readdirSync(folder)
    .sort(byBytes)
    .filter((name) => isTestFile(name))
    .map((name) => (folder === '.' ? name : folder.endsWith('/') ? folder + name : `${folder}/${name}`))
    .filter((path) => !lstatSync(path).isDirectory());
}

function byBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
