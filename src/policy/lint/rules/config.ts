// Reading the config: jobs as written (`input.jobs`) hide what executors, commands and orb jobs
// bring in, which the compiled config (`input._compiled_`) shows; and `job.docker[0]` checks one
// image of a list.

import type { Location, Term } from '../../../rego/index.js';
import type { LintModel } from '../model.js';
import { bindingsOf, callSitesOf, definitionBodies, isVar, type Binding } from '../scope.js';
import type { LintRule } from '../types.js';
import { termText } from '../print.js';
import { bodyCalls, forEachBody, forEachExprTerm, forEachTerm, opName, type BodyCtx } from '../walk.js';

const MAX_DEPTH = 5;

/** Job keys whose values executors, commands, orb jobs or parameters can supply. */
const HIDDEN_KEYS = new Set(['docker', 'machine', 'macos', 'resource_class', 'steps', 'environment', 'shell', 'working_directory', 'parallelism']);

export const useCompiled: LintRule = {
  id: 'use-compiled-config',
  severity: 'warning',
  summary: 'reads jobs as written where input._compiled_ sees what orbs and executors hide',
  explanation: `\`input.jobs\` is the config as written. A job that says \`executor: python\` has no \`docker\` key
there (its images and resource_class are in \`executors\`, or in an orb); a step \`- node/install\` hides
the commands the orb runs; a workflow's \`- aws-ecr/build-and-push-image\` job is not in \`input.jobs\` at
all. A rule that checks images, resource classes or commands in \`input.jobs\` passes such configs
unchecked — the seed's "Forgetting About Orbs" pitfall, in the policy itself.

\`input._compiled_\` is the same config compiled as CircleCI runs it: executors expanded into each job,
commands and orb steps inlined (run steps become \`{run: {command: …}}\`), orb jobs added, parameters
substituted.

Fix: iterate \`input._compiled_.jobs\` for what jobs run, and keep reading the source (\`input.workflows\`,
\`input.orbs\`) for what only the source has: branch filters and orb versions.`,
  check(model, report) {
    const seen = new Set<string>();
    for (const m of model.modules) {
      for (const rule of m.rules) {
        forEachBody(rule, m, (ctx) => {
          for (const use of hiddenKeyUses(model, ctx)) {
            const src = jobSource(model, use.subject, ctx, 0);
            if (src === undefined) continue;
            const key = `${src.file}:${src.row}:${src.col}`;
            if (seen.has(key)) continue;
            seen.add(key);
            report(src, `reads \`${use.key}\` of jobs from input.jobs, where executors, commands and orb jobs hide it; read input._compiled_.jobs`);
          }
        });
      }
    }
  },
};

interface KeyUse {
  /** The term whose key is read: a job. */
  subject: Term;
  key: string;
}

/** `x.docker`, `object.get(x, "steps", …)` and calls passing x to a function that reads such keys. */
function hiddenKeyUses(model: LintModel, ctx: BodyCtx, depth = 0): KeyUse[] {
  const out: KeyUse[] = [];
  const roots: Term[] = [];
  for (const e of ctx.body) if (e.terms.kind !== 'every') forEachExprTerm(e, (t) => roots.push(t));
  // A function's result is often computed in its head: `steps(job) := object.get(job, "steps", [])`.
  if (ctx.outer === undefined) for (const t of [ctx.rule.head.key, ctx.rule.head.value]) if (t !== undefined) forEachTerm(t, (x) => roots.push(x));
  for (const t of roots) {
    if (t.kind === 'ref') refUses(t, out);
    if (t.kind === 'call') callUses(model, t, ctx, depth, out);
  }
  for (const c of bodyCalls(ctx)) if (c.expr.terms.kind === 'call') callUses(model, { kind: 'call', op: c.op, args: c.args, loc: c.op.loc }, ctx, depth, out);
  return out;
}

function refUses(t: Extract<Term, { kind: 'ref' }>, out: KeyUse[]): void {
  if (t.terms.length < 2) return;
  const k = t.terms[1]!;
  if (k.kind === 'scalar' && typeof k.value === 'string' && HIDDEN_KEYS.has(k.value)) out.push({ subject: t.terms[0]!, key: k.value });
  // input.jobs[name].docker: the job is the ref up to the name.
  for (let i = 3; i < t.terms.length; i++) {
    const key = t.terms[i]!;
    if (key.kind === 'scalar' && typeof key.value === 'string' && HIDDEN_KEYS.has(key.value)) {
      out.push({ subject: { kind: 'ref', terms: t.terms.slice(0, i), loc: t.loc }, key: key.value });
    }
  }
}

function callUses(model: LintModel, c: Extract<Term, { kind: 'call' }>, ctx: BodyCtx, depth: number, out: KeyUse[]): void {
  const name = opName(c.op);
  if (name === 'object.get' && c.args[1]?.kind === 'scalar' && HIDDEN_KEYS.has(String(c.args[1].value))) {
    out.push({ subject: c.args[0]!, key: String(c.args[1].value) });
    return;
  }
  const target = model.resolve(c.op, ctx.module);
  if (target === undefined || target.rest.length > 0 || depth >= MAX_DEPTH) return;
  c.args.forEach((arg, i) => {
    const key = paramReadsHidden(model, target.pkg.rules.get(target.name) ?? [], i, depth + 1);
    if (key !== undefined) out.push({ subject: arg, key });
  });
}

/** The hidden key a function reads from its i-th parameter, if any. */
function paramReadsHidden(model: LintModel, entries: Parameters<typeof definitionBodies>[0], index: number, depth: number): string | undefined {
  if (depth > MAX_DEPTH) return undefined;
  for (const { rule, ctx } of definitionBodies(entries)) {
    const p = rule.head.args?.[index];
    if (!isVar(p)) continue;
    let found: string | undefined;
    forEachBody(rule, ctx.module, (c) => {
      if (found !== undefined) return;
      for (const u of hiddenKeyUses(model, c, depth)) if (isVar(u.subject, p.name)) found = u.key;
    });
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The `input.jobs` reference a job term comes from, if it does. */
function jobSource(model: LintModel, t: Term, ctx: BodyCtx, depth: number): Location | undefined {
  if (depth > MAX_DEPTH) return undefined;
  if (t.kind === 'ref') {
    // input.jobs[x]
    if (t.terms.length === 3 && isSourceJobs(t.terms.slice(0, 2), ctx)) return t.terms[0]!.loc;
    return undefined;
  }
  if (t.kind !== 'var') return undefined;
  for (const b of bindingsOf(t.name, ctx)) {
    const loc = bindingSource(model, b, depth + 1);
    if (loc !== undefined) return loc;
  }
  return undefined;
}

function bindingSource(model: LintModel, b: Binding, depth: number): Location | undefined {
  switch (b.kind) {
    case 'value':
      return jobSource(model, b.term, b.ctx, depth);
    case 'elem':
      return b.coll.kind === 'ref' && isSourceJobs(b.coll.terms, b.ctx) ? b.coll.loc : undefined;
    case 'param':
      for (const c of callSitesOf(model, b.rule)) {
        const arg = c.args[b.index];
        const loc = arg === undefined ? undefined : jobSource(model, arg, c.ctx, depth + 1);
        if (loc !== undefined) return loc;
      }
      return undefined;
    case 'key':
      return undefined;
  }
}

/** `input.jobs` (with `input` not a local variable). */
function isSourceJobs(terms: Term[], ctx: BodyCtx): boolean {
  const [head, key] = terms;
  return terms.length === 2 && head?.kind === 'var' && head.name === 'input' && bindingsOf('input', ctx).length === 0 && key?.kind === 'scalar' && key.value === 'jobs';
}

/** List keys of a config where one element stands for all. */
const LIST_KEYS = new Set(['docker', 'steps', 'jobs', 'requires', 'context', 'only', 'ignore', 'parameters']);

export const firstElementOnly: LintRule = {
  id: 'first-element-only',
  severity: 'warning',
  summary: 'checks only the first element of a list (`job.docker[0]`)',
  explanation: `\`job.docker[0].image\` is the primary container, but a job can list more images (databases,
services, sidecars) and each one is pulled and run. A rule that reads only index 0 approves
\`docker: [{image: cimg/base:2024.01}, {image: evil/miner:latest}]\`. The same holds for \`steps[0]\`,
\`requires[0]\`, a list of contexts or branch filters.

Fix: iterate: \`some executor in job.docker\` (and check \`executor.image\`).`,
  check(model, report) {
    for (const m of model.modules) {
      for (const rule of m.rules) {
        forEachBody(rule, m, (ctx) => {
          for (const e of ctx.body) {
            if (e.terms.kind === 'every') continue;
            forEachExprTerm(e, (t) => {
              if (t.kind !== 'ref') return;
              for (let i = 2; i < t.terms.length; i++) {
                const prev = t.terms[i - 1]!;
                const k = t.terms[i]!;
                if (k.kind === 'scalar' && k.value === 0 && prev.kind === 'scalar' && typeof prev.value === 'string' && LIST_KEYS.has(prev.value)) {
                  const list = termText({ kind: 'ref', terms: t.terms.slice(0, i), loc: t.loc });
                  report(k.loc, `only the first element of \`${list}\` is checked; iterate with \`some x in ${list}\``);
                }
              }
            });
          }
        });
      }
    }
  },
};

export const CONFIG_RULES: LintRule[] = [useCompiled, firstElementOnly];
