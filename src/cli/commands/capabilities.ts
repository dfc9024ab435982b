// `policygate capabilities`: the built-ins policies may call, in OPA's capabilities JSON shape.

import type { Command, Io } from '../command.js';
import { CliError, EXIT } from '../errors.js';
import { parseArgs } from '../flags.js';
import { capabilitiesJSON } from '../../policy/index.js';

const USAGE = `Usage: policygate capabilities

Prints the engine's capabilities as OPA's capabilities JSON ({"builtins": [{"name", "decl"}, …],
"future_keywords", "wasm_abi_versions", "features"}). Network built-ins (http.send,
net.lookup_ip_addr) are never available to policies and are not listed.`;

export const capabilitiesCommand: Command = {
  name: 'capabilities',
  summary: "print the built-ins policies may call (OPA's capabilities JSON)",
  usage: USAGE,
  async run(args: string[], io: Io): Promise<number> {
    const p = parseArgs(args, {});
    if (p.positional.length > 0) throw new CliError(`capabilities takes no arguments\n\n${USAGE}`);
    io.stdout(capabilitiesJSON());
    return EXIT.ok;
  },
};
