// `policygate fmt`: canonical Rego formatting (the layout of `opa fmt`), printed, checked,
// shown as a diff or written back. Parses flags, calls src/policy/fmt, prints.

import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import type { Command, Io } from '../command.js';
import { CliError, EXIT } from '../errors.js';
import { flagBool, parseArgs } from '../flags.js';
import { FormatError, type FormatOptions, formatRego } from '../../policy/fmt/index.js';
import { fileLines, unifiedDiffLines } from '../../policy/testing/diff.js';

const USAGE = `Usage: policygate fmt [options] FILE|DIR …

Formats Rego files canonically, as 'opa fmt' lays them out: tabs, one blank line between rules,
imports grouped and sorted, every comment kept. A file keeps its Rego version (v0 stays v0), and
the result is checked to mean exactly what the file meant before anything is printed or written.
Directories are searched for .rego files. '-' reads standard input.

Options:
  -w, --write      rewrite the files that are not formatted
  --check          list the files that are not formatted; exit 1 if there are any
  -l, --list       list the files whose formatting differs (with --write: those rewritten)
  -d, --diff       print the changes as unified diffs
  --rego-v1        rewrite v0 files in v1 syntax (if, contains, :=) with 'import rego.v1', so that
                   they still load where v0 is the default (CircleCI)
  --v0, --v1       read the files as Rego v0 / v1 (default: worked out for each file)

With one file and none of --write, --check, --list, --diff, prints the formatted text.

Exit codes: 0 done (or nothing to change); 1 --check found files to format; 2 bad input or usage.`;

const FLAGS = {
  write: { short: 'w' },
  check: {},
  list: { short: 'l' },
  diff: { short: 'd' },
  'rego-v1': {},
  v0: {},
  v1: {},
};

interface Mode {
  write: boolean;
  check: boolean;
  list: boolean;
  diff: boolean;
}

export const fmtCommand: Command = {
  name: 'fmt',
  summary: 'format Rego files canonically (as opa fmt)',
  usage: USAGE,
  async run(args: string[], io: Io): Promise<number> {
    const p = parseArgs(args, FLAGS);
    if (p.positional.length === 0) throw new CliError(`no files given\n\n${USAGE}`);
    if (flagBool(p, 'v0') && flagBool(p, 'v1')) throw new CliError('--v0 and --v1 exclude each other');
    const mode: Mode = { write: flagBool(p, 'write'), check: flagBool(p, 'check'), list: flagBool(p, 'list'), diff: flagBool(p, 'diff') };
    const opts: FormatOptions = { toV1: flagBool(p, 'rego-v1') };
    if (flagBool(p, 'v0')) opts.regoVersion = 0;
    if (flagBool(p, 'v1')) opts.regoVersion = 1;
    const files = regoFiles(p.positional);
    const printOnly = !mode.write && !mode.check && !mode.list && !mode.diff;
    if (printOnly && files.length !== 1) {
      throw new CliError(`${files.length} files to format: say what to do with them (--write, --check, --list or --diff)`);
    }
    if (files.includes('-') && mode.write) throw new CliError('cannot --write standard input');
    let failed = false;
    let unformatted = false;
    for (const file of files) {
      const r = formatOne(file, opts, io);
      if (r === undefined) {
        failed = true;
        continue;
      }
      if (printOnly) io.stdout(r.formatted);
      else if (r.formatted !== r.original) {
        unformatted = true;
        report(file, r.original, r.formatted, mode, io);
      }
    }
    if (failed) return EXIT.usage;
    return mode.check && unformatted ? EXIT.hardFail : EXIT.ok;
  },
};

function formatOne(file: string, opts: FormatOptions, io: Io): { original: string; formatted: string } | undefined {
  let original: string;
  try {
    original = file === '-' ? readFileSync(0, 'utf8') : readFileSync(file, 'utf8');
  } catch (err) {
    io.stderr(`${file}: cannot read: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}\n`);
    return undefined;
  }
  try {
    return { original, formatted: formatRego(file === '-' ? '<stdin>' : file, original, opts).text };
  } catch (err) {
    if (!(err instanceof FormatError)) throw err;
    io.stderr(err.format() + '\n');
    return undefined;
  }
}

function report(file: string, original: string, formatted: string, mode: Mode, io: Io): void {
  if (mode.diff) io.stdout(unifiedDiffLines(fileLines(original), fileLines(formatted), { fromFile: `${file} (original)`, toFile: `${file} (formatted)`, context: 3 }));
  if (mode.check || mode.list) io.stdout(file + '\n');
  if (mode.write) writeFileSync(file, formatted);
}

/** Files as given; directories searched for `.rego` files (sorted, hidden directories skipped). */
function regoFiles(paths: string[]): string[] {
  const out: string[] = [];
  for (const path of paths) {
    if (path === '-') {
      out.push(path);
      continue;
    }
    const st = statSync(path, { throwIfNoEntry: false });
    if (st?.isDirectory()) walk(path, out);
    else out.push(path);
  }
  return out;
}

function walk(dir: string, out: string[]): void {
  for (const name of readdirSync(dir).sort()) {
    const path = dir.endsWith('/') ? dir + name : `${dir}/${name}`;
    const st = statSync(path, { throwIfNoEntry: false });
    if (st?.isDirectory()) {
      if (!name.startsWith('.')) walk(path, out);
    } else if (st?.isFile() && name.endsWith('.rego')) out.push(path);
  }
}
