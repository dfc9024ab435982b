// Every CLI command, in the order `policygate --help` lists them.

import type { Command } from '../command.js';
import { configCommand } from './config.js';
import { validateCommand } from './validate.js';
import { decideCommand } from './decide.js';
import { evalCommand } from './eval.js';
import { bundleCommand } from './bundle.js';
import { capabilitiesCommand } from './capabilities.js';
import { fmtCommand } from './fmt.js';
import { testCommand } from './test.js';
import { lintCommand } from './lint.js';

export const commands: Command[] = [
  configCommand,
  validateCommand,
  decideCommand,
  evalCommand,
  bundleCommand,
  capabilitiesCommand,
  testCommand,
  fmtCommand,
  lintCommand,
];
