// Orbs from local directories: finding the file for a reference, loading it once per process, and
// building its scope with the orbs it imports in turn (§3).

import { readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { JsonValue, PathSegment } from './json.js';
import { isObject } from './json.js';
import { ConfigError } from './errors.js';
import { newScope } from './scope.js';
import type { Scope, UnresolvedOrb } from './scope.js';
import { loadConfig } from './yaml.js';
import type { LoadedConfig } from './yaml.js';

/** `.circleci/orbs/` beside the config, then the user's cache (`$XDG_CACHE_HOME/policygate/orbs`). */
export function defaultOrbDirs(configFile: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const dir = dirname(configFile);
  const local = basename(dir) === '.circleci' ? join(dir, 'orbs') : join(dir, '.circleci', 'orbs');
  const cache = env.XDG_CACHE_HOME ? join(env.XDG_CACHE_HOME, 'policygate', 'orbs') : join(homedir(), '.cache', 'policygate', 'orbs');
  return [local, cache];
}

export interface OrbRef {
  namespace: string;
  name: string;
  version: string;
}

export function parseOrbRef(ref: string): OrbRef | undefined {
  const m = /^([A-Za-z0-9_-]+)\/([A-Za-z0-9_.-]+)@(\S+)$/.exec(ref.trim());
  return m === null ? undefined : { namespace: m[1]!, name: m[2]!, version: m[3]! };
}

/** Packed orb files of one directory: `ns/name` → version → path. Read once per process. */
const directoryIndex = new Map<string, Map<string, Map<string, string>>>();

function indexOf(dir: string): Map<string, Map<string, string>> {
  let index = directoryIndex.get(dir);
  if (index !== undefined) return index;
  index = new Map();
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    // A missing orb directory is normal: it just holds no orbs.
  }
  for (const file of names) {
    const m = /^([^_]+(?:_[^_]+)*)__(.+)@(.+)\.ya?ml$/.exec(file);
    if (m === null) continue;
    const key = `${m[1]}/${m[2]}`;
    const versions = index.get(key) ?? new Map<string, string>();
    versions.set(m[3]!, join(dir, file));
    index.set(key, versions);
  }
  directoryIndex.set(dir, index);
  return index;
}

/**
 * Which available version a reference takes (R3.1, inferred for partial versions): an exact version
 * only itself; `5` or `5.1` the highest release with that prefix; `volatile` the highest release.
 */
export function pickVersion(available: Iterable<string>, wanted: string): string | undefined {
  const all = [...available];
  if (all.includes(wanted)) return wanted;
  const releases = all.filter((v) => /^\d+\.\d+\.\d+$/.test(v));
  let candidates: string[];
  if (wanted === 'volatile') candidates = releases;
  else if (/^\d+(\.\d+)?$/.test(wanted)) candidates = releases.filter((v) => v.startsWith(wanted + '.'));
  else return undefined;
  return candidates.sort(compareVersions).at(-1);
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i]! - pb[i]!;
  return 0;
}

export function findOrbFile(dirs: readonly string[], ref: OrbRef): string | undefined {
  for (const dir of dirs) {
    const versions = indexOf(dir).get(`${ref.namespace}/${ref.name}`);
    const v = versions === undefined ? undefined : pickVersion(versions.keys(), ref.version);
    if (v !== undefined) return versions!.get(v);
  }
  return undefined;
}

const loadedOrbs = new Map<string, LoadedConfig | ConfigError>();

function loadOrbFile(path: string): LoadedConfig | ConfigError {
  let loaded = loadedOrbs.get(path);
  if (loaded === undefined) {
    try {
      loaded = loadConfig(readFileSync(path), path);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      loaded = err;
    }
    loadedOrbs.set(path, loaded);
  }
  return loaded;
}

export interface OrbContext {
  dirs: readonly string[];
  /** Turns a reference as written into the one to look up (pipeline values in the user's config). */
  rewriteRef(ref: string): string;
  unresolved(orb: UnresolvedOrb, why: string, site: { source: LoadedConfig; path: PathSegment[] }): void;
  error(err: ConfigError): void;
}

/** Deeper imports than this are taken to be a loop of orbs importing each other. */
const MAX_ORB_NESTING = 16;

/** Resolves a scope's `orbs:` map into its imports, recursively. */
export function resolveImports(scope: Scope, orbs: JsonValue | undefined, ctx: OrbContext, aliasPrefix = '', depth = 0): void {
  if (!isObject(orbs)) return;
  for (const alias of Object.keys(orbs)) {
    const spec = orbs[alias]!;
    const fullAlias = aliasPrefix + alias;
    const site = { source: scope.source, path: [...scope.base, 'orbs', alias] };
    if (isObject(spec)) {
      const inline = newScope(`${scope.id}#${alias}`, true, scope.source, site.path, spec);
      scope.orbs.set(alias, inline);
      resolveImports(inline, spec.orbs, ctx, fullAlias + '/', depth + 1);
      continue;
    }
    const written = typeof spec === 'string' ? spec : String(spec);
    const orb: UnresolvedOrb = { alias: fullAlias, ref: written };
    const ref = parseOrbRef(ctx.rewriteRef(written));
    const file = ref === undefined ? undefined : findOrbFile(ctx.dirs, ref);
    if (ref === undefined || file === undefined || depth >= MAX_ORB_NESTING) {
      scope.orbs.set(alias, orb);
      const why = ref === undefined ? 'is not an orb reference (namespace/name@version)' : depth >= MAX_ORB_NESTING ? 'is imported too deeply (do orbs import each other?)' : 'was not found in the orb directories';
      ctx.unresolved(orb, why, site);
      continue;
    }
    const loaded = loadOrbFile(file);
    if (loaded instanceof ConfigError) {
      scope.orbs.set(alias, orb);
      ctx.error(loaded);
      ctx.unresolved(orb, `could not be loaded from ${file}`, site);
      continue;
    }
    const imported = newScope(file, true, loaded, [], loaded.doc);
    scope.orbs.set(alias, imported);
    resolveImports(imported, loaded.doc.orbs, ctx, fullAlias + '/', depth + 1);
  }
}
