// The elements visible from one place: the user's config or one orb, with the orbs it imports.
// `name` is an element of the scope itself; `alias/name` is an element of the orb imported as `alias`
// (R3.4). An orb's imports are not reachable through it, and orbs never see the user's elements (R3.5).

import type { JsonObject, JsonValue, PathSegment } from './json.js';
import { hasKey, isObject } from './json.js';
import type { LoadedConfig } from './yaml.js';

/** An orb reference that no orb directory could satisfy; everything using it stays as written. */
export interface UnresolvedOrb {
  /** The alias path it was imported under, e.g. `node` or `tools/slack` for an orb's own import. */
  alias: string;
  /** The reference as written, e.g. `circleci/node@5`. */
  ref: string;
}

export interface Scope {
  /** Identifies the scope in recursion checks: `config`, or the orb's file or inline path. */
  id: string;
  /** The user's config cannot be an orb; orbs cannot read pipeline parameters. */
  isOrb: boolean;
  source: LoadedConfig;
  /** Where this scope's map sits in `source` (`[]`, or `['orbs', alias]` for an inline orb). */
  base: PathSegment[];
  commands: JsonObject;
  executors: JsonObject;
  jobs: JsonObject;
  orbs: Map<string, Scope | UnresolvedOrb>;
}

export type Section = 'commands' | 'executors' | 'jobs';

export type Lookup =
  | { kind: 'found'; def: JsonObject; scope: Scope; path: PathSegment[] }
  | { kind: 'unresolved'; orb: UnresolvedOrb }
  | { kind: 'missing' };

export function newScope(id: string, isOrb: boolean, source: LoadedConfig, base: PathSegment[], map: JsonObject): Scope {
  const section = (k: Section): JsonObject => {
    const v: JsonValue | undefined = map[k];
    return isObject(v) ? v : {};
  };
  return { id, isOrb, source, base, commands: section('commands'), executors: section('executors'), jobs: section('jobs'), orbs: new Map() };
}

export function lookup(scope: Scope, section: Section, name: string): Lookup {
  const slash = name.indexOf('/');
  let target = scope;
  let local = name;
  if (slash >= 0) {
    const orb = scope.orbs.get(name.slice(0, slash));
    if (orb === undefined) return { kind: 'missing' };
    if (!('id' in orb)) return { kind: 'unresolved', orb };
    target = orb;
    local = name.slice(slash + 1);
  }
  const def = hasKey(target[section], local) ? target[section][local] : undefined;
  if (def === undefined) return { kind: 'missing' };
  return { kind: 'found', def: isObject(def) ? def : {}, scope: target, path: [...target.base, section, local] };
}
