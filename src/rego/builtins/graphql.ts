// GraphQL built-ins: parse queries and schemas into gqlparser-shaped ASTs, check schemas and
// validate queries against them, with OPA's error texts.

import { T, type Type } from '../types.js';
import { RObject, RSet, type Value } from '../value.js';
import { GraphQLError, parseQuery, parseSchema, type QueryDocument, type SchemaDocument } from './gqlparse.js';
import { buildSchema, type Schema } from './gqlschema.js';
import { validateQuery } from './gqlvalidate.js';
import { type BuiltinDef, BuiltinError, str, typeError } from './registry.js';

// ---- errors ------------------------------------------------------------------------------------------

/** gqlerror's text: `input:<line>:<col>: <message>`. */
function gqlErrorText(e: GraphQLError): string {
  return e.pos === null ? `input: ${e.message}` : `input:${e.pos.Line}:${e.pos.Column}: ${e.message}`;
}

/** OPA rewrites `input:L:C: msg` to `msg in GraphQL <what> at location L:C`. */
function located(text: string, what: string, trimDot: boolean): BuiltinError {
  const parts = text.split(':');
  if (parts.length < 4) return new BuiltinError(text);
  let msg = parts.slice(3).join(':').replace(/^ +/, '');
  if (trimDot && msg.endsWith('.\n')) msg = msg.slice(0, -2);
  return new BuiltinError(`${msg} in GraphQL ${what} at location ${parts[1]}:${parts[2]}`);
}

function parseError(e: unknown): never {
  if (e instanceof GraphQLError) throw located(gqlErrorText(e), 'string', false);
  throw e;
}

// ---- Rego objects to documents (as Go's encoding/json would fill the structs) ---------------------

class DecodeError extends Error {}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function toJson(v: Value): Json {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') return v;
  if (Array.isArray(v) || v instanceof RSet) return (Array.isArray(v) ? v : v.values()).map(toJson);
  if (v instanceof RObject) {
    const o: { [k: string]: Json } = {};
    for (const [k, x] of v.entries()) o[typeof k === 'string' ? k : JSON.stringify(toJson(k))] = toJson(x);
    return o;
  }
  return Number(v.text);
}

/** A struct field by name; encoding/json also accepts other letter cases. */
function get(o: { [k: string]: Json }, name: string): Json | undefined {
  if (name in o) return o[name];
  const lower = name.toLowerCase();
  const key = Object.keys(o).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : o[key];
}

function asObject(j: Json | undefined, what: string): { [k: string]: Json } | null {
  if (j === undefined || j === null) return null;
  if (typeof j !== 'object' || Array.isArray(j)) throw new DecodeError(`json: cannot unmarshal ${typeof j} into Go value of type ${what}`);
  return j;
}

function asString(j: Json | undefined): string {
  if (j === undefined || j === null) return '';
  if (typeof j !== 'string') throw new DecodeError('json: cannot unmarshal into Go struct field of type string');
  return j;
}

function asBool(j: Json | undefined): boolean {
  if (j === undefined || j === null) return false;
  if (typeof j !== 'boolean') throw new DecodeError('json: cannot unmarshal into Go struct field of type bool');
  return j;
}

function asList<T>(j: Json | undefined, item: (x: Json) => T): T[] | null {
  if (j === undefined || j === null) return null;
  if (!Array.isArray(j)) throw new DecodeError('json: cannot unmarshal into Go struct field of type slice');
  return j.map(item);
}

type Decoded = Record<string, unknown>;

/** Decodes a struct: each field by its decoder; nested structs decode the same way. */
function struct(j: Json, fields: Record<string, (x: Json | undefined) => unknown>, extra: Decoded = {}): Decoded {
  const o = asObject(j, 'struct') ?? {};
  const out: Decoded = { ...extra, Position: null };
  for (const [name, dec] of Object.entries(fields)) out[name] = dec(get(o, name));
  return out;
}

const typeRef = (j: Json | undefined): unknown =>
  j === undefined || j === null ? null : struct(j, { NamedType: asString, Elem: typeRef, NonNull: asBool });

const valueOf = (j: Json | undefined): unknown =>
  j === undefined || j === null
    ? null
    : struct(j, {
        Raw: asString,
        Kind: (x) => (typeof x === 'number' ? x : 0),
        Children: (x) => asList(x ?? null, (c) => struct(c, { Name: asString, Value: valueOf })),
      });

const argument = (j: Json) => struct(j, { Name: asString, Value: valueOf });
const directive = (j: Json) => struct(j, { Name: asString, Arguments: (x) => asList(x, argument), Location: asString });
const directives = (x: Json | undefined) => asList(x, directive);

// Go tries Field first, and decoding any object as a Field succeeds.
const selection = (j: Json): unknown =>
  struct(j, { Alias: asString, Name: asString, Arguments: (x) => asList(x, argument), Directives: directives, SelectionSet: selections }, { kind: 'Field' });
const selections = (x: Json | undefined) => asList(x, selection);

const variableDef = (j: Json) =>
  struct(j, { Variable: asString, Type: typeRef, DefaultValue: valueOf, Directives: directives, Used: asBool });

function queryFromObject(v: RObject): QueryDocument {
  const j = toJson(v);
  return struct(j, {
    Operations: (x) =>
      asList(x, (o) =>
        struct(o, { Operation: asString, Name: asString, VariableDefinitions: (y) => asList(y, variableDef), Directives: directives, SelectionSet: selections }),
      ),
    Fragments: (x) =>
      asList(x, (f) =>
        struct(f, { Name: asString, VariableDefinition: (y) => asList(y, variableDef), TypeCondition: asString, Directives: directives, SelectionSet: selections }),
      ),
  }) as unknown as QueryDocument;
}

const argumentDef = (j: Json) =>
  struct(j, { Description: asString, Name: asString, DefaultValue: valueOf, Type: typeRef, Directives: directives });
const fieldDef = (j: Json) =>
  struct(j, { Description: asString, Name: asString, Arguments: (x) => asList(x, argumentDef), DefaultValue: valueOf, Type: typeRef, Directives: directives });
const stringList = (x: Json | undefined) => asList(x, (s) => asString(s));
const definition = (j: Json) =>
  struct(j, {
    Kind: asString,
    Description: asString,
    Name: asString,
    Directives: directives,
    Interfaces: stringList,
    Fields: (x) => asList(x, fieldDef),
    Types: stringList,
    EnumValues: (x) => asList(x, (e) => struct(e, { Description: asString, Name: asString, Directives: directives })),
    BuiltIn: asBool,
  });
const schemaDef = (j: Json) =>
  struct(j, {
    Description: asString,
    Directives: directives,
    OperationTypes: (x) => asList(x, (o) => struct(o, { Operation: asString, Type: asString })),
  });

function schemaFromObject(v: RObject): SchemaDocument {
  return struct(toJson(v), {
    Schema: (x) => asList(x, schemaDef),
    SchemaExtension: (x) => asList(x, schemaDef),
    Directives: (x) =>
      asList(x, (d) =>
        struct(d, { Description: asString, Name: asString, Arguments: (y) => asList(y, argumentDef), Locations: stringList, IsRepeatable: asBool }),
      ),
    Definitions: (x) => asList(x, definition),
    Extensions: (x) => asList(x, definition),
  }) as unknown as SchemaDocument;
}

// ---- documents to Rego values (OPA's pruned form) ---------------------------------------------------

/** The AST as OPA returns it: no positions, and no null or empty members. */
function astValue(x: unknown): Value | undefined {
  if (x === null || x === undefined) return undefined;
  if (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') return x;
  if (Array.isArray(x)) {
    const items = x.map(astValue).filter((v): v is Value => v !== undefined);
    return items.length === 0 ? undefined : items;
  }
  const o = new RObject();
  for (const [k, v] of Object.entries(x as Record<string, unknown>)) {
    if (k === 'Position' || k === 'kind') continue;
    const val = astValue(v);
    if (val !== undefined) o.set(k, val);
  }
  return o.size === 0 ? undefined : o;
}

function astObject(x: unknown): RObject {
  const v = astValue(x);
  return v instanceof RObject ? v : new RObject();
}

// ---- operations ------------------------------------------------------------------------------------

type Input = { kind: 'string'; text: string } | { kind: 'object'; value: RObject };

function input(v: Value): Input | null {
  if (typeof v === 'string') return { kind: 'string', text: v };
  if (v instanceof RObject) return { kind: 'object', value: v };
  return null;
}

function queryDoc(i: Input): QueryDocument {
  if (i.kind === 'object') return decode(() => queryFromObject(i.value));
  try {
    return parseQuery(i.text);
  } catch (e) {
    return parseError(e);
  }
}

function schemaDoc(i: Input): SchemaDocument {
  if (i.kind === 'object') return decode(() => schemaFromObject(i.value));
  try {
    return parseSchema(i.text);
  } catch (e) {
    return parseError(e);
  }
}

function decode<R>(f: () => R): R {
  try {
    return f();
  } catch (e) {
    if (e instanceof DecodeError) throw new BuiltinError(e.message);
    throw e;
  }
}

function schemaOf(doc: SchemaDocument): Schema {
  try {
    return buildSchema(doc);
  } catch (e) {
    if (e instanceof GraphQLError)
      throw new BuiltinError(`Error in gqlparser SchemaDocument to Schema conversion: ${gqlErrorText(e)}`);
    throw e;
  }
}

function validate(schema: Schema, doc: QueryDocument): void {
  const errors = validateQuery(schema, doc);
  if (errors.length === 0) return;
  const text = errors.map((e) => gqlErrorText(new GraphQLError(e.message, e.pos)) + '\n').join('');
  throw located(text, 'query string', true);
}

/** Parses and validates; returns the pruned ASTs (computed before validation, as OPA does). */
function parseAndValidate(q: Input, s: Input): [RObject, RObject] {
  const qd = queryDoc(q);
  const sd = schemaDoc(s);
  const out: [RObject, RObject] = [astObject(qd), astObject(sd)];
  validate(schemaOf(sd), qd);
  return out;
}

function succeeds(f: () => unknown): boolean {
  try {
    f();
    return true;
  } catch (e) {
    if (e instanceof BuiltinError) return false;
    throw e;
  }
}

const docOrObject: Type = T.anyOf(T.string, T.object(T.any, T.any));
const anyObject = T.object(T.any, T.any);

export const builtins: BuiltinDef[] = [
  {
    name: 'graphql.parse',
    decl: T.fn([docOrObject, docOrObject], T.tuple(anyObject, anyObject)),
    fn: (args) => {
      const q = input(args[0]!);
      if (q === null) throw typeError(0, args[0]!, 'string', 'object');
      const s = input(args[1]!);
      if (s === null) throw typeError(1, args[1]!, 'string', 'object');
      return parseAndValidate(q, s);
    },
  },
  {
    name: 'graphql.parse_and_verify', lenient: true,
    decl: T.fn([docOrObject, docOrObject], T.tuple(T.boolean, anyObject, anyObject)),
    fn: (args) => {
      const q = input(args[0]!);
      const s = input(args[1]!);
      let result: [RObject, RObject] | null = null;
      if (q !== null && s !== null && succeeds(() => (result = parseAndValidate(q, s)))) return [true, ...result!];
      return [false, new RObject(), new RObject()];
    },
  },
  {
    name: 'graphql.parse_query',
    decl: T.fn([T.string], anyObject),
    fn: (args) => astObject(queryDoc({ kind: 'string', text: str(args, 1) })),
  },
  {
    name: 'graphql.parse_schema',
    decl: T.fn([T.string], anyObject),
    fn: (args) => astObject(schemaDoc({ kind: 'string', text: str(args, 1) })),
  },
  {
    name: 'graphql.is_valid', lenient: true,
    decl: T.fn([docOrObject, docOrObject], T.boolean),
    fn: (args) => {
      const q = input(args[0]!);
      const s = input(args[1]!);
      return q !== null && s !== null && succeeds(() => validate(schemaOf(schemaDoc(s)), queryDoc(q)));
    },
  },
  {
    name: 'graphql.schema_is_valid', lenient: true,
    decl: T.fn([docOrObject], T.boolean),
    fn: (args) => {
      const s = input(args[0]!);
      return s !== null && succeeds(() => schemaOf(schemaDoc(s)));
    },
  },
];

