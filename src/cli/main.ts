// Entry point: picks the command named by the first argument and reports failures cleanly.

import type { Command, Io } from './command.js';
import { CliError, EXIT } from './errors.js';
import { commands } from './commands/index.js';

function usage(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `Usage: policygate <command> [arguments]\n\nCommands:\n${lines.join('\n')}\n\nRun 'policygate <command> --help' for a command's options.\n`;
}

export async function main(argv: string[], io?: Io): Promise<number> {
  if (io === undefined) {
    // `policygate ... | head` closes the pipe early: that is not an error worth a stack trace.
    process.stdout.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(0);
      throw e;
    });
  }
  const out: Io = io ?? {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    isTTY: Boolean(process.stdout.isTTY),
  };
  const [verb, ...rest] = argv;
  if (verb === undefined || verb === '--help' || verb === '-h' || verb === 'help') {
    (verb === undefined ? out.stderr : out.stdout)(usage());
    return verb === undefined ? EXIT.usage : EXIT.ok;
  }
  const command: Command | undefined = commands.find((c) => c.name === verb);
  if (command === undefined) {
    out.stderr(`policygate: unknown command '${verb}'\n\n${usage()}`);
    return EXIT.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    out.stdout(command.usage.endsWith('\n') ? command.usage : command.usage + '\n');
    return EXIT.ok;
  }
  try {
    return await command.run(rest, out);
  } catch (err) {
    if (err instanceof CliError) {
      out.stderr(err.format() + '\n');
      return err.code;
    }
    // A bug of ours: say so plainly, without a stack trace unless asked for.
    const message = err instanceof Error ? err.message : String(err);
    out.stderr(`policygate: internal error: ${message}\n`);
    if (process.env.POLICYGATE_DEBUG) out.stderr(String((err as Error).stack) + '\n');
    return EXIT.usage;
  }
}
