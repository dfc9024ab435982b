// Where compilation stands while it walks the config: the scope and variables in force, the calling
// chain for messages, and where problems are collected.

import { ConfigError } from './errors.js';
import type { ConfigWarning } from './errors.js';
import type { JsonValue, PathSegment } from './json.js';
import type { ParamValues, Report, Vars } from './parameters.js';
import type { Scope } from './scope.js';
import type { LoadedConfig } from './yaml.js';
import type { Position } from './positions.js';

/** Where something was written: a file and a path inside it. */
export interface Site {
  source: LoadedConfig;
  path: readonly PathSegment[];
}

/** Bounds that keep compiling fast when definitions multiply (commands calling commands, big matrices). */
export interface CompileLimits {
  /** Steps (and command calls) expanded for one job. */
  maxStepsPerJob: number;
  /** Jobs one matrix may expand to. */
  maxMatrixJobs: number;
  /** Nesting of command calls. */
  maxCallDepth: number;
}

export const DEFAULT_COMPILE_LIMITS: CompileLimits = { maxStepsPerJob: 20_000, maxMatrixJobs: 2_000, maxCallDepth: 100 };

export class Diagnostics {
  readonly errors: ConfigError[] = [];
  private readonly seen = new Set<string>();
  private readonly pending: { code: string; message: string; site: Site }[] = [];
  private located: ConfigWarning[] | undefined;

  error(code: string, message: string, site: Site, chain: readonly string[] = []): void {
    const p = locate(site);
    const err = new ConfigError(code, message, site.source.file, p.line, p.col, chain);
    const key = err.format();
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.errors.push(err);
  }

  warn(code: string, message: string, site: Site): void {
    this.pending.push({ code, message, site });
    this.located = undefined;
  }

  /**
   * Warnings with their positions, worked out only when someone reads them: a position may
   * need a second read of the text, and most callers (decisions) never look at warnings.
   * Warnings that land on the same line and column with the same message are one.
   */
  get warnings(): ConfigWarning[] {
    if (this.located === undefined) {
      const seen = new Set<string>();
      const out: ConfigWarning[] = [];
      for (const { code, message, site } of this.pending) {
        const p = locate(site);
        const key = `${site.source.file}:${p.line}:${p.col}:${message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ code, message, file: site.source.file, line: p.line, col: p.col });
      }
      this.located = out;
    }
    return this.located;
  }

  adopt(err: ConfigError): void {
    if (this.seen.has(err.format())) return;
    this.seen.add(err.format());
    this.errors.push(err);
  }
}

/** The nearest written ancestor of the path: generated nodes point at what they came from. */
export function locate(site: Site): Position {
  for (let n = site.path.length; n >= 0; n--) {
    const p = site.source.positionOf(site.path.slice(0, n));
    if (p !== undefined) return p;
  }
  return { line: 1, col: 1 };
}

/** Shared by every stage of one compilation. */
export interface Compilation {
  diag: Diagnostics;
  limits: CompileLimits;
  pipelineValues: ReadonlyMap<string, JsonValue>;
  pipelineParams: ParamValues | undefined;
}

/** The state at one place being expanded. */
export interface Env {
  comp: Compilation;
  scope: Scope;
  vars: Vars;
  chain: readonly string[];
  site: Site;
  /** Command ids on the current expansion stack, to name a recursion. */
  calls: readonly string[];
  /** Steps left for the job being compiled; shared by everything expanded for it. */
  budget: { steps: number };
}

export function varsFor(comp: Compilation, scope: Scope, params?: ParamValues, matrix?: ReadonlyMap<string, JsonValue>): Vars {
  return { params, matrix, pipelineValues: comp.pipelineValues, pipelineParams: scope.isOrb ? undefined : comp.pipelineParams };
}

export function reporter(env: Env, site: Site = env.site): Report {
  return (code, message) => env.comp.diag.error(code, message, site, env.chain);
}

export function at(env: Env, ...path: PathSegment[]): Site {
  return { source: env.site.source, path: [...env.site.path, ...path] };
}
