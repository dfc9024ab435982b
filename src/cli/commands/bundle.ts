// `policygate bundle build DIR -o bundle.tar.gz`: pack a bundle's .rego files into a
// deterministic gzipped tarball that `decide`, `eval` and `validate` accept in place of DIR.

import { writeFileSync } from 'node:fs';
import type { Command, Io } from '../command.js';
import { CliError, EXIT } from '../errors.js';
import { flag, flagBool, parseArgs } from '../flags.js';
import { buildArchive, compileBundle, loadBundle } from '../../policy/index.js';
import { dialectFlag, policyCall } from './decide.js';

const USAGE = `Usage: policygate bundle build DIR -o bundle.tar.gz [options]

Packs every .rego file under DIR (names relative to DIR) after checking that the bundle compiles.

Options:
  -o, --output FILE              the archive to write (required)
  --dialect auto|seed|circleci   format to check against (default auto)
  --v0                           parse seed-format files as Rego v0 when checking
  --no-check                     pack without compiling first

Exit codes: 0 written; 2 problems found or usage.`;

const FLAGS = { output: { value: true, short: 'o' }, dialect: { value: true }, v0: {}, 'no-check': {} };

export const bundleCommand: Command = {
  name: 'bundle',
  summary: 'pack a policy directory into a .tar.gz bundle',
  usage: USAGE,
  async run(args: string[], io: Io): Promise<number> {
    const [sub, ...rest] = args;
    if (sub !== 'build') throw new CliError(sub === undefined ? `missing sub-command\n\n${USAGE}` : `unknown sub-command 'bundle ${sub}'\n\n${USAGE}`);
    const p = parseArgs(rest, FLAGS);
    const out = flag(p, 'output');
    if (out === undefined) throw new CliError(`required flag -o/--output not set\n\n${USAGE}`);
    if (p.positional.length !== 1) throw new CliError(`expected one directory, got ${p.positional.length}\n\n${USAGE}`);
    const dir = p.positional[0]!;
    const bytes = policyCall(io, () => {
      const bundle = loadBundle(dir);
      if (bundle.kind !== 'directory') throw new CliError(`not a directory: ${dir}`);
      if (!flagBool(p, 'no-check')) compileBundle(bundle, { dialect: dialectFlag(p), regoVersion: flagBool(p, 'v0') ? 0 : undefined });
      return { data: buildArchive(bundle), files: bundle.files.length };
    });
    if (bytes === undefined) return EXIT.usage;
    try {
      writeFileSync(out, bytes.data);
    } catch (err) {
      throw new CliError(`cannot write: ${(err as Error).message}`, { file: out });
    }
    io.stderr(`${out}: ${bytes.files} policy file${bytes.files === 1 ? '' : 's'}, ${bytes.data.byteLength} bytes\n`);
    return EXIT.ok;
  },
};
