// The registry of built-in functions: every family file contributes its list here.

import type { BuiltinDef } from './registry.js';
import { builtins as aggregates } from './aggregates.js';
import { builtins as numbers } from './numbers.js';
import { builtins as bits } from './bits.js';
import { builtins as comparison } from './comparison.js';
import { builtins as arrays } from './arrays.js';
import { builtins as sets } from './sets.js';
import { builtins as objects } from './objects.js';
import { builtins as strings } from './strings.js';
import { builtins as regex } from './regex.js';
import { builtins as glob } from './glob.js';
import { builtins as types } from './types.js';
import { builtins as casts } from './casts.js';
import { builtins as encoding } from './encoding.js';
import { builtins as time } from './time.js';
import { builtins as crypto } from './crypto.js';
import { builtins as jwt } from './jwt.js';
import { builtins as graphql } from './graphql.js';
import { builtins as jsonschema } from './jsonschema.js';
import { builtins as net } from './net.js';
import { builtins as uuid } from './uuid.js';
import { builtins as semver } from './semver.js';
import { builtins as units } from './units.js';
import { builtins as providers } from './providers.js';
import { builtins as http } from './http.js';
import { builtins as graphs } from './graphs.js';
import { builtins as internal } from './internal.js';
import { builtins as rego } from './rego.js';

const all: BuiltinDef[] = [
  ...aggregates,
  ...numbers,
  ...bits,
  ...comparison,
  ...arrays,
  ...sets,
  ...objects,
  ...strings,
  ...regex,
  ...glob,
  ...types,
  ...casts,
  ...encoding,
  ...time,
  ...crypto,
  ...jwt,
  ...graphql,
  ...jsonschema,
  ...net,
  ...uuid,
  ...semver,
  ...units,
  ...providers,
  ...http,
  ...graphs,
  ...internal,
  ...rego,
];

export const BUILTINS: ReadonlyMap<string, BuiltinDef> = new Map(all.map((b) => [b.name, b]));

export type { BuiltinDef, BuiltinContext, BuiltinFn } from './registry.js';
export { BuiltinError, BuiltinHalt } from './registry.js';
