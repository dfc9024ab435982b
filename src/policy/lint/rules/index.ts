// Every lint rule, in the order `policygate lint --explain` lists them.

import type { LintRule } from '../types.js';
import { CONFIG_RULES } from './config.js';
import { DECISION_RULES } from './decisions.js';
import { DEFINITION_RULES } from './definitions.js';
import { LOGIC_RULES } from './logic.js';
import { REGEX_RULES } from './regex.js';
import { USAGE_RULES } from './usage.js';

export const RULES: LintRule[] = [...REGEX_RULES, ...DECISION_RULES, ...CONFIG_RULES, ...LOGIC_RULES, ...DEFINITION_RULES, ...USAGE_RULES];
