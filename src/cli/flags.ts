// A small flag parser shared by the commands: `--name value`, `--name=value`, booleans,
// repeatable flags, and positional arguments. Unknown flags are usage errors.

import { CliError } from './errors.js';

export interface FlagSpec {
  /** Takes a value (`--input FILE`); otherwise a boolean switch. */
  value?: boolean;
  /** May be given more than once; values are collected in order. */
  repeat?: boolean;
  /** Single-letter alias, e.g. `o` for `-o`. */
  short?: string;
}

export interface ParsedArgs {
  flags: Map<string, string[]>;
  positional: string[];
}

export function parseArgs(args: string[], spec: Record<string, FlagSpec>): ParsedArgs {
  const flags = new Map<string, string[]>();
  const positional: string[] = [];
  const byShort = new Map<string, string>();
  for (const [name, s] of Object.entries(spec)) if (s.short) byShort.set(s.short, name);

  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      positional.push(...args.slice(i + 1));
      break;
    }
    let name: string | undefined;
    let inline: string | undefined;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      inline = eq < 0 ? undefined : arg.slice(eq + 1);
    } else if (arg.length === 2 && arg[0] === '-' && arg[1] !== '-') {
      name = byShort.get(arg[1]!);
      if (name === undefined) throw new CliError(`unknown flag: ${arg}`);
    } else {
      positional.push(arg);
      continue;
    }
    const s = spec[name];
    if (s === undefined) throw new CliError(`unknown flag: --${name}`);
    let value: string;
    if (s.value) {
      if (inline !== undefined) value = inline;
      else if (i + 1 < args.length) value = args[++i]!;
      else throw new CliError(`flag needs an argument: --${name}`);
    } else {
      if (inline !== undefined && inline !== 'true' && inline !== 'false')
        throw new CliError(`flag --${name} takes no value (or true/false)`);
      value = inline ?? 'true';
    }
    const prev = flags.get(name);
    if (prev !== undefined && !s.repeat) throw new CliError(`flag --${name} given more than once`);
    flags.set(name, [...(prev ?? []), value]);
  }
  return { flags, positional };
}

export function flag(p: ParsedArgs, name: string): string | undefined {
  const v = p.flags.get(name);
  return v === undefined ? undefined : v[v.length - 1];
}

export function flagAll(p: ParsedArgs, name: string): string[] {
  return p.flags.get(name) ?? [];
}

export function flagBool(p: ParsedArgs, name: string): boolean {
  return flag(p, name) === 'true';
}

/** A flag restricted to a set of choices. */
export function flagChoice<T extends string>(p: ParsedArgs, name: string, choices: readonly T[], fallback: T): T {
  const v = flag(p, name);
  if (v === undefined) return fallback;
  if (!(choices as readonly string[]).includes(v))
    throw new CliError(`invalid value for --${name}: '${v}' (expected one of ${choices.join(', ')})`);
  return v as T;
}
