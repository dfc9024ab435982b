// Pointing a violation at the config line it is about. Reasons are free text, so this reads
// them the way a person would: a quoted name that is a job, workflow, orb, executor or command
// of the config (or CircleCI's `workflow.job:` prefix) anchors the search, and the longest value
// under that anchor which the reason quotes (an image, a command, a resource class) narrows it.

import type { JsonValue, LoadedConfig, PathSegment } from '../../circleci/index.js';

export interface ConfigPosition {
  line: number;
  col: number;
}

const SECTIONS = ['jobs', 'workflows', 'orbs', 'executors', 'commands', 'parameters'];
const QUOTED = /'([^']+)'|"([^"]+)"|`([^`]+)`/g;
/** Values shorter than this are too common to identify a line ("main", "sh"). */
const MIN_ANCHORED = 3;
const MIN_UNANCHORED = 8;

export function locateReason(config: LoadedConfig, reason: string): ConfigPosition | undefined {
  const anchor = anchorOf(config.doc, reason);
  const base: PathSegment[] = anchor ?? [];
  const subtree = valueAt(config.doc, base);
  const inner = subtree === undefined ? undefined : longestQuotedValue(subtree, reason, anchor ? MIN_ANCHORED : MIN_UNANCHORED);
  if (inner === undefined && anchor === undefined) return undefined;
  const path = inner === undefined ? base : [...base, ...inner];
  return config.positionOf(path) ?? (anchor ? config.positionOf(anchor) : undefined);
}

function anchorOf(doc: JsonValue, reason: string): PathSegment[] | undefined {
  const wfJob = /^([^\s:.]+)\.([^\s:]+):/.exec(reason);
  if (wfJob) {
    const path = workflowJob(doc, wfJob[1]!, wfJob[2]!);
    if (path) return path;
  }
  for (const m of reason.matchAll(QUOTED)) {
    const name = m[1] ?? m[2] ?? m[3]!;
    for (const section of SECTIONS) {
      const s = field(doc, section);
      if (isObject(s) && Object.prototype.hasOwnProperty.call(s, name)) return [section, name];
    }
  }
  return orbNamed(doc, reason);
}

/** `orbs.<alias>` whose `namespace/name` the reason mentions (orb helpers name orbs without version). */
function orbNamed(doc: JsonValue, reason: string): PathSegment[] | undefined {
  const orbs = field(doc, 'orbs');
  if (!isObject(orbs)) return undefined;
  for (const [alias, ref] of Object.entries(orbs)) {
    if (typeof ref !== 'string') continue;
    const name = ref.split('@')[0]!;
    if (name.includes('/') && reason.includes(name)) return ['orbs', alias];
  }
  return undefined;
}

/** `workflows.<wf>.jobs[i]` for the entry that runs job `job` (a string or a one-key map). */
function workflowJob(doc: JsonValue, wf: string, job: string): PathSegment[] | undefined {
  const jobs = field(field(field(doc, 'workflows'), wf), 'jobs');
  if (!Array.isArray(jobs)) return undefined;
  const i = jobs.findIndex((e) => e === job || (isObject(e) && Object.prototype.hasOwnProperty.call(e, job)));
  return i < 0 ? undefined : ['workflows', wf, 'jobs', i];
}

/** The path (relative to `v`) of the longest string value that the reason contains. */
function longestQuotedValue(v: JsonValue, reason: string, min: number): PathSegment[] | undefined {
  let best: { path: PathSegment[]; len: number } | undefined;
  const visit = (x: JsonValue, path: PathSegment[], depth: number): void => {
    if (depth > 64) return;
    if (typeof x === 'string') {
      const s = x.trim();
      if (s.length >= min && (best === undefined || s.length > best.len) && reason.includes(s)) best = { path, len: s.length };
    } else if (Array.isArray(x)) x.forEach((e, i) => visit(e, [...path, i], depth + 1));
    else if (isObject(x)) for (const [k, e] of Object.entries(x)) visit(e, [...path, k], depth + 1);
  };
  visit(v, [], 0);
  return best?.path;
}

function valueAt(doc: JsonValue, path: PathSegment[]): JsonValue | undefined {
  let cur: JsonValue | undefined = doc;
  for (const seg of path) {
    if (typeof seg === 'number') cur = Array.isArray(cur) ? cur[seg] : undefined;
    else cur = field(cur, seg);
    if (cur === undefined) return undefined;
  }
  return cur;
}

function field(v: JsonValue | undefined, key: string): JsonValue | undefined {
  return isObject(v) && Object.prototype.hasOwnProperty.call(v, key) ? v[key] : undefined;
}

function isObject(v: JsonValue | undefined): v is { [k: string]: JsonValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
