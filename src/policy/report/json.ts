// JSON for several configs: an array of {file, decision} (or {file, error}). One config prints
// the decision JSON alone, exactly as decisionToJSON gives it.

import { PolicyError } from '../errors.js';
import { decisionObject, decisionToJSON, goJSON } from '../json.js';
import { type RunReport, failureText } from './model.js';

export function jsonReport(run: RunReport): string {
  const dialect = run.compiled.dialect;
  if (run.inputs.length === 1 && run.inputs[0]!.decision !== undefined) return decisionToJSON(run.inputs[0]!.decision, dialect);
  const items = run.inputs.map((i) =>
    i.decision !== undefined
      ? { file: i.file, decision: decisionObject(i.decision, dialect) }
      : { file: i.file, error: i.failure instanceof PolicyError ? failureText(i) : 'not decided' },
  );
  return goJSON(items) + '\n';
}
