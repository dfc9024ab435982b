// GitHub Actions workflow commands: an annotation per violation at its config line
// (`::error file=…,line=…,col=…,title=…::message`), errors for hard failures that block,
// warnings for the rest; values escaped as the runner expects (%, CR, LF; also : and , in
// properties).

import { type RunReport, failureText, locatedViolations } from './model.js';

export function githubReport(run: RunReport): string {
  const out: string[] = [];
  for (const input of run.inputs) {
    const d = input.decision;
    if (d === undefined || d.status === 'ERROR') {
      const text = d === undefined ? failureText(input) : (d.reason ?? '');
      out.push(command('error', { file: input.file, title: 'policygate: policies could not decide' }, text));
      continue;
    }
    for (const v of locatedViolations(input)) {
      const blocking = v.level === 'hard' && run.mode === 'hard';
      const props: Record<string, string> = { file: input.file };
      if (v.position !== undefined) {
        props.line = String(v.position.line);
        props.col = String(v.position.col);
      }
      props.title = `policygate: ${v.rule}${v.level === 'hard' && !blocking ? ' (would block in hard mode)' : ''}`;
      out.push(command(blocking ? 'error' : 'warning', props, v.reason));
    }
  }
  return out.length === 0 ? '' : out.join('\n') + '\n';
}

function command(kind: string, props: Record<string, string>, message: string): string {
  const list = Object.entries(props)
    .map(([k, v]) => `${k}=${escapeProperty(v)}`)
    .join(',');
  return `::${kind} ${list}::${escapeData(message)}`;
}

function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
