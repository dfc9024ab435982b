// `policygate eval BUNDLE --input FILE [--query Q]`: the raw value of a query (default `data`)
// printed as `circleci policy eval` prints it.

import type { Command, Io } from '../command.js';
import { CliError, EXIT } from '../errors.js';
import { flag, flagAll, parseArgs } from '../flags.js';
import { evalJSON, evaluateQuery, loadInput, readMeta } from '../../policy/index.js';
import { DECIDE_FLAGS, inputOptions, loadCompiled, policyCall } from './decide.js';

const USAGE = `Usage: policygate eval BUNDLE --input FILE [options]

Prints the value of a query as JSON (keys sorted, sets as sorted arrays); undefined prints null.

Options:
  --input FILE                   the config (required)
  --query Q                      the query (default data); several solutions print as an array
  --meta JSON | --metafile FILE  data.meta
  --project-slug SLUG            input._project_slug
  --orb-dir DIR, --no-compile, --pipeline-parameters JSON|@F   as for decide
  --dialect auto|seed|circleci, --v0                           as for decide

Exit codes: 0 printed; 2 bad bundle, input, query, or an evaluation error.`;

const { mode: _mode, strict: _strict, output: _output, verbose: _verbose, jobs: _jobs, ...SHARED } = DECIDE_FLAGS;
const FLAGS = { ...SHARED, input: { value: true, short: 'i' }, query: { value: true, short: 'q' } };

export const evalCommand: Command = {
  name: 'eval',
  summary: 'print the raw value of a query (default data) for a config',
  usage: USAGE,
  async run(args: string[], io: Io): Promise<number> {
    const p = parseArgs(args, FLAGS);
    const file = flag(p, 'input');
    if (file === undefined || flagAll(p, 'input').length !== 1) throw new CliError(`eval needs exactly one --input\n\n${USAGE}`);
    const compiled = loadCompiled(p, io);
    if (compiled === undefined) return EXIT.usage;
    const value = policyCall(io, () => {
      const input = loadInput(file, inputOptions(p));
      for (const m of input.messages) io.stderr(m + '\n');
      const meta = readMeta(flag(p, 'meta'), flag(p, 'metafile'));
      return { v: evaluateQuery(compiled, input.doc, flag(p, 'query') ?? 'data', { meta, projectSlug: flag(p, 'project-slug') }) };
    });
    if (value === undefined) return EXIT.usage;
    io.stdout(evalJSON(value.v));
    return EXIT.ok;
  },
};
