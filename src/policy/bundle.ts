// A bundle is the set of Rego files a decision is made with, read from a directory (walked
// recursively, every `.rego` file, as CircleCI's CLI does), a single file, or a `.tar.gz` made by
// `policygate bundle build`. File names are kept as given: they appear in every error location.

import { lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { PolicyError } from './errors.js';
import { TarError, readTarGz, writeTarGz } from './tar.js';

export interface BundleFile {
  /** The path as walked (`policies/security/a.rego`) or the archive member name. */
  name: string;
  source: string;
}

export interface Bundle {
  /** Where it was loaded from, as given. */
  path: string;
  kind: 'directory' | 'file' | 'archive';
  /** In walk order: lexical by path, as Go's filepath.Walk. */
  files: BundleFile[];
}

export function isArchivePath(path: string): boolean {
  return /\.(tar\.gz|tgz)$/i.test(path);
}

/** Loads a bundle; throws PolicyError (located at the path) when it cannot. */
export function loadBundle(path: string): Bundle {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch (err) {
    throw new PolicyError(`failed to walk root: lstat ${path}: ${osReason(err)}`, [{ file: path, message: osReason(err) }]);
  }
  let bundle: Bundle;
  if (isDir) bundle = { path, kind: 'directory', files: walk(path) };
  else if (isArchivePath(path)) bundle = { path, kind: 'archive', files: readArchive(path) };
  else bundle = { path, kind: 'file', files: [{ name: path, source: readText(path) }] };
  if (bundle.files.length === 0) throw new PolicyError('no rego policies found', [{ file: path, message: 'no rego policies found' }]);
  return bundle;
}

/** A bundle from sources in memory (tests, the test runner's inline policies). */
export function bundleOf(files: BundleFile[], path = '<memory>'): Bundle {
  return { path, kind: 'directory', files: [...files] };
}

/** The bytes of a `.tar.gz` holding the bundle's files under their names relative to its root. */
export function buildArchive(bundle: Bundle): Uint8Array {
  const prefix = bundle.kind === 'directory' ? joinRoot(bundle.path, '') : '';
  const entries = bundle.files.map((f) => ({
    name: prefix !== '' && f.name.startsWith(prefix) ? f.name.slice(prefix.length) : baseName(f.name),
    data: new TextEncoder().encode(f.source),
  }));
  return writeTarGz(entries);
}

function walk(root: string): BundleFile[] {
  const out: BundleFile[] = [];
  const visit = (dir: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir).sort(byBytes);
    } catch (err) {
      throw new PolicyError(`failed to walk root: open ${dir}: ${osReason(err)}`, [{ file: dir, message: osReason(err) }]);
    }
    for (const name of names) {
      const path = joinRoot(dir, name);
      // lstat: like filepath.Walk, symbolic links to directories are not followed (no cycles).
      const st = lstatSync(path);
      if (st.isDirectory()) visit(path);
      else if (name.endsWith('.rego')) out.push({ name: path, source: readText(path) });
    }
  };
  visit(root);
  return out;
}

function readArchive(path: string): BundleFile[] {
  let entries;
  try {
    entries = readTarGz(readFileSync(path));
  } catch (err) {
    if (err instanceof TarError) throw new PolicyError(`failed to read bundle archive ${path}: ${err.message}`, [{ file: path, message: err.message }]);
    throw new PolicyError(`failed to read bundle archive ${path}: ${osReason(err)}`, [{ file: path, message: osReason(err) }]);
  }
  const files: BundleFile[] = [];
  for (const e of entries) {
    const name = e.name.replace(/^(\.\/)+/, '').replace(/^\/+/, '');
    if (!name.endsWith('.rego')) continue;
    files.push({ name, source: decodeText(e.data, `${path}:${name}`) });
  }
  return files.sort((a, b) => byBytes(a.name, b.name));
}

function readText(path: string): string {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new PolicyError(`failed to read file ${path}: ${osReason(err)}`, [{ file: path, message: osReason(err) }]);
  }
  return decodeText(bytes, path);
}

function decodeText(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new PolicyError(`failed to read file ${file}: not valid UTF-8`, [{ file, message: 'not valid UTF-8 text' }]);
  }
}

/** `root/name`, keeping the root exactly as given (a leading `./` stays, as in CircleCI's messages). */
function joinRoot(root: string, name: string): string {
  const base = root.length > 1 ? root.replace(/\/+$/, '') : root;
  return base.endsWith('/') ? base + name : `${base}/${name}`;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function byBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

function osReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'ENOTDIR') return 'not a directory';
  return (err as Error).message;
}
