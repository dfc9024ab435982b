// GraphQL schemas as gqlparser builds and checks them: the built-in definitions (scalars,
// directives, introspection types) merged with the user's document, extensions applied, and
// gqlparser's schema rules with its messages.

import {
  type ArgumentDefinition,
  type Definition,
  type Directive,
  type DirectiveDefinition,
  GraphQLError,
  parseSchema,
  type Position,
  type SchemaDocument,
  type TypeRef,
} from './gqlparse.js';

export interface Schema {
  types: Map<string, Definition>;
  directives: Map<string, DirectiveDefinition>;
  possibleTypes: Map<string, Definition[]>;
  implements: Map<string, Definition[]>;
  query: Definition | null;
  mutation: Definition | null;
  subscription: Definition | null;
}

// The definitions every schema has (descriptions left out: they never show in results).
const PRELUDE = `
scalar Int
scalar Float
scalar String
scalar Boolean
scalar ID
directive @include(if: Boolean!) on FIELD | FRAGMENT_SPREAD | INLINE_FRAGMENT
directive @skip(if: Boolean!) on FIELD | FRAGMENT_SPREAD | INLINE_FRAGMENT
directive @deprecated(reason: String = "No longer supported") on FIELD_DEFINITION | ARGUMENT_DEFINITION | INPUT_FIELD_DEFINITION | ENUM_VALUE
directive @specifiedBy(url: String!) on SCALAR
type __Schema {
  description: String
  types: [__Type!]!
  queryType: __Type!
  mutationType: __Type
  subscriptionType: __Type
  directives: [__Directive!]!
}
type __Type {
  kind: __TypeKind!
  name: String
  description: String
  fields(includeDeprecated: Boolean = false): [__Field!]
  interfaces: [__Type!]
  possibleTypes: [__Type!]
  enumValues(includeDeprecated: Boolean = false): [__EnumValue!]
  inputFields: [__InputValue!]
  ofType: __Type
  specifiedBy: String
}
type __Field {
  name: String!
  description: String
  args: [__InputValue!]!
  type: __Type!
  isDeprecated: Boolean!
  deprecationReason: String
}
type __InputValue {
  name: String!
  description: String
  type: __Type!
  defaultValue: String
}
type __EnumValue {
  name: String!
  description: String
  isDeprecated: Boolean!
  deprecationReason: String
}
enum __TypeKind { SCALAR OBJECT INTERFACE UNION ENUM INPUT_OBJECT LIST NON_NULL }
type __Directive {
  name: String!
  description: String
  locations: [__DirectiveLocation!]!
  args: [__InputValue!]!
  isRepeatable: Boolean!
}
enum __DirectiveLocation {
  QUERY MUTATION SUBSCRIPTION FIELD FRAGMENT_DEFINITION FRAGMENT_SPREAD INLINE_FRAGMENT VARIABLE_DEFINITION
  SCHEMA SCALAR OBJECT FIELD_DEFINITION ARGUMENT_DEFINITION INTERFACE UNION ENUM ENUM_VALUE INPUT_OBJECT
  INPUT_FIELD_DEFINITION
}
`;

let preludeDoc: SchemaDocument | null = null;

/** A fresh copy of the built-in definitions: validation adds to the definitions it is given. */
function prelude(): SchemaDocument {
  if (preludeDoc === null) {
    preludeDoc = parseSchema(PRELUDE);
    for (const d of preludeDoc.Definitions ?? []) d.BuiltIn = true;
  }
  return structuredClone(preludeDoc);
}

// ---- type references ---------------------------------------------------------------------------

export function typeName(t: TypeRef): string {
  return t.NamedType !== '' || t.Elem === null ? t.NamedType : typeName(t.Elem);
}

export function typeString(t: TypeRef): string {
  const base = t.NamedType !== '' || t.Elem === null ? t.NamedType : `[${typeString(t.Elem)}]`;
  return t.NonNull ? base + '!' : base;
}

/** gqlparser's Type.IsCompatible: can a value of type `t` be used where `other` is expected. */
export function isCompatible(t: TypeRef, other: TypeRef): boolean {
  if (t.NamedType !== other.NamedType) return false;
  if (t.Elem !== null && other.Elem === null) return false;
  if (t.Elem !== null && !isCompatible(t.Elem, other.Elem!)) return false;
  if (other.NonNull) return t.NonNull;
  return true;
}

export const isCompositeType = (d: Definition) => ['OBJECT', 'INTERFACE', 'UNION'].includes(d.Kind);
export const isLeafType = (d: Definition) => d.Kind === 'ENUM' || d.Kind === 'SCALAR';
export const isAbstractType = (d: Definition) => d.Kind === 'INTERFACE' || d.Kind === 'UNION';
export const isInputType = (d: Definition) => ['SCALAR', 'ENUM', 'INPUT_OBJECT'].includes(d.Kind);

function fail(pos: Position | null, message: string): never {
  throw new GraphQLError(message, pos);
}

// ---- building the schema -----------------------------------------------------------------------

function addTo(map: Map<string, Definition[]>, name: string, def: Definition | undefined): void {
  if (def === undefined) return;
  map.set(name, [...(map.get(name) ?? []), def]);
}

function merge(a: SchemaDocument, b: SchemaDocument): SchemaDocument {
  const cat = <T>(x: T[] | null, y: T[] | null): T[] | null => (x === null && y === null ? null : [...(x ?? []), ...(y ?? [])]);
  return {
    Schema: cat(a.Schema, b.Schema),
    SchemaExtension: cat(a.SchemaExtension, b.SchemaExtension),
    Directives: cat(a.Directives, b.Directives),
    Definitions: cat(a.Definitions, b.Definitions),
    Extensions: cat(a.Extensions, b.Extensions),
    Position: null,
  };
}

function applyExtensions(doc: SchemaDocument, schema: Schema): Definition[] {
  const defs = [...(doc.Definitions ?? [])];
  for (const ext of doc.Extensions ?? []) {
    let def = schema.types.get(ext.Name);
    if (def === undefined) {
      def = { ...ext, Directives: null, Interfaces: null, Fields: null, Types: null, EnumValues: null, Description: '' };
      schema.types.set(ext.Name, def);
      defs.push(def);
    }
    if (def.Kind !== ext.Kind)
      fail(ext.Position, `Cannot extend type ${ext.Name} because the base type is a ${def.Kind}, not ${ext.Kind}.`);
    const cat = <T>(x: T[] | null, y: T[] | null): T[] | null => (y === null ? x : [...(x ?? []), ...y]);
    def.Directives = cat(def.Directives, ext.Directives);
    def.Interfaces = cat(def.Interfaces, ext.Interfaces);
    def.Fields = cat(def.Fields, ext.Fields);
    def.Types = cat(def.Types, ext.Types);
    def.EnumValues = cat(def.EnumValues, ext.EnumValues);
  }
  return defs;
}

function setRoots(doc: SchemaDocument, schema: Schema): void {
  const entries = [...(doc.Schema?.[0]?.OperationTypes ?? []), ...(doc.SchemaExtension ?? []).flatMap((e) => e.OperationTypes ?? [])];
  for (const ep of entries) {
    const def = schema.types.get(ep.Type);
    if (def === undefined) fail(ep.Position, `Schema root ${ep.Operation} refers to a type ${ep.Type} that does not exist.`);
    if (ep.Operation === 'query') schema.query = def;
    else if (ep.Operation === 'mutation') schema.mutation = def;
    else if (ep.Operation === 'subscription') schema.subscription = def;
  }
}

/** gqlparser's ValidateSchemaDocument on the built-ins merged with `doc`. */
export function buildSchema(doc: SchemaDocument): Schema {
  const ast = merge(prelude(), doc);
  const schema: Schema = {
    types: new Map(),
    directives: new Map(),
    possibleTypes: new Map(),
    implements: new Map(),
    query: null,
    mutation: null,
    subscription: null,
  };
  for (const def of ast.Definitions ?? []) {
    if (schema.types.has(def.Name)) fail(def.Position, `Cannot redeclare type ${def.Name}.`);
    schema.types.set(def.Name, def);
  }
  for (const def of applyExtensions(ast, schema)) {
    if (def.Kind === 'UNION') {
      for (const t of def.Types ?? []) {
        addTo(schema.possibleTypes, def.Name, schema.types.get(t));
        addTo(schema.implements, t, def);
      }
    } else if (def.Kind === 'OBJECT' || def.Kind === 'INPUT_OBJECT' || def.Kind === 'INTERFACE') {
      for (const i of def.Interfaces ?? []) {
        addTo(schema.possibleTypes, i, def);
        addTo(schema.implements, def.Name, schema.types.get(i));
      }
      if (def.Kind !== 'INTERFACE') addTo(schema.possibleTypes, def.Name, def);
    }
  }
  for (const dir of ast.Directives ?? []) {
    if (schema.directives.has(dir.Name) && !['include', 'skip', 'deprecated', 'specifiedBy'].includes(dir.Name))
      fail(dir.Position, `Cannot redeclare directive ${dir.Name}.`);
    schema.directives.set(dir.Name, dir);
  }
  if ((ast.Schema ?? []).length > 1)
    fail(ast.Schema![1]!.Position, 'Cannot have multiple schema entry points, consider schema extensions instead.');
  setRoots(ast, schema);
  for (const name of [...schema.types.keys()].sort()) validateDefinition(schema, schema.types.get(name)!);
  for (const name of [...schema.directives.keys()].sort()) {
    const dir = schema.directives.get(name)!;
    validateName(dir.Position, dir.Name);
    validateArgs(schema, dir.Arguments, dir);
  }
  if ((ast.Schema ?? []).length === 0) {
    schema.query ??= schema.types.get('Query') ?? null;
    schema.mutation ??= schema.types.get('Mutation') ?? null;
    schema.subscription ??= schema.types.get('Subscription') ?? null;
  }
  addIntrospectionFields(schema);
  return schema;
}

function named(name: string, nonNull: boolean): TypeRef {
  return { NamedType: name, Elem: null, NonNull: nonNull, Position: null };
}

function addIntrospectionFields(schema: Schema): void {
  if (schema.query === null) return;
  const field = (name: string, type: TypeRef, args: ArgumentDefinition[] | null) => ({
    Description: '', Name: name, Arguments: args, DefaultValue: null, Type: type, Directives: null, Position: null,
  });
  schema.query.Fields = [
    ...(schema.query.Fields ?? []),
    field('__schema', named('__Schema', true), null),
    field('__type', named('__Type', false), [
      { Description: '', Name: 'name', DefaultValue: null, Type: named('String', true), Directives: null, Position: null },
    ]),
  ];
}

// ---- schema rules --------------------------------------------------------------------------------

function validateName(pos: Position | null, name: string): void {
  if (name.startsWith('__')) fail(pos, `Name "${name}" must not begin with "__", which is reserved by GraphQL introspection.`);
}

function validateTypeRef(schema: Schema, t: TypeRef): void {
  if (!schema.types.has(typeName(t))) fail(t.Position, `Undefined type ${typeName(t)}.`);
}

function validateArgs(schema: Schema, args: ArgumentDefinition[] | null, current: DirectiveDefinition | null): void {
  for (const arg of args ?? []) {
    validateName(arg.Position, arg.Name);
    validateTypeRef(schema, arg.Type!);
    const def = schema.types.get(typeName(arg.Type!))!;
    if (!isInputType(def))
      fail(arg.Position, `cannot use ${typeString(arg.Type!)} as argument ${arg.Name} because ${def.Kind} is not a valid input type`);
    validateDirectives(schema, arg.Directives, 'ARGUMENT_DEFINITION', current);
  }
}

function validateDirectives(schema: Schema, dirs: Directive[] | null, location: string, current: DirectiveDefinition | null): void {
  for (const dir of dirs ?? []) {
    validateName(dir.Position, dir.Name);
    if (current !== null && dir.Name === current.Name) fail(dir.Position, `Directive ${current.Name} cannot refer to itself.`);
    const def = schema.directives.get(dir.Name);
    if (def === undefined) fail(dir.Position, `Undefined directive ${dir.Name}.`);
    if (!(def.Locations ?? []).includes(location)) fail(dir.Position, `Directive ${dir.Name} is not applicable on ${location}.`);
  }
}

const quote = (s: string) => JSON.stringify(s);

function validateDefinition(schema: Schema, def: Definition): void {
  for (const field of def.Fields ?? []) {
    validateName(field.Position, field.Name);
    validateTypeRef(schema, field.Type!);
    validateArgs(schema, field.Arguments, null);
    validateDirectives(schema, field.Directives, def.Kind === 'INPUT_OBJECT' ? 'INPUT_FIELD_DEFINITION' : 'FIELD_DEFINITION', null);
  }
  for (const t of def.Types ?? []) {
    const td = schema.types.get(t);
    if (td === undefined) fail(def.Position, `Undefined type ${quote(t)}.`);
    if (td.Kind !== 'OBJECT') fail(def.Position, `${def.Kind} type ${quote(t)} must be OBJECT.`);
  }
  for (const i of def.Interfaces ?? []) validateImplements(schema, def, i);
  validateKindRules(schema, def);
  const fields = def.Fields ?? [];
  for (let i = 0; i < fields.length; i++) {
    for (const f2 of fields.slice(i + 1)) {
      if (fields[i]!.Name === f2.Name) fail(f2.Position, `Field ${def.Name}.${f2.Name} can only be defined once.`);
    }
  }
  if (!def.BuiltIn) validateName(def.Position, def.Name);
  validateDirectives(schema, def.Directives, def.Kind, null);
}

function validateKindRules(schema: Schema, def: Definition): void {
  const fields = def.Fields ?? [];
  switch (def.Kind) {
    case 'OBJECT':
    case 'INTERFACE':
      if (fields.length === 0) fail(def.Position, `${def.Kind} ${def.Name}: must define one or more fields.`);
      for (const f of fields) {
        const t = schema.types.get(typeName(f.Type!));
        if (t !== undefined && t.Kind === 'INPUT_OBJECT')
          fail(f.Position, `${def.Kind} ${def.Name}: field must be one of SCALAR, OBJECT, INTERFACE, UNION, ENUM.`);
      }
      break;
    case 'ENUM':
      if ((def.EnumValues ?? []).length === 0) fail(def.Position, `${def.Kind} ${def.Name}: must define one or more unique enum values.`);
      for (const v of def.EnumValues ?? []) {
        if (['true', 'false', 'null'].includes(v.Name)) fail(def.Position, `${def.Kind} ${def.Name}: non-enum value ${v.Name}.`);
      }
      break;
    case 'INPUT_OBJECT':
      if (fields.length === 0) fail(def.Position, `${def.Kind} ${def.Name}: must define one or more input fields.`);
      for (const f of fields) {
        const t = schema.types.get(typeName(f.Type!));
        if (t !== undefined && !isInputType(t)) fail(f.Position, `${t.Kind} ${f.Name}: field must be one of SCALAR, ENUM, INPUT_OBJECT.`);
      }
      break;
  }
}

function isCovariant(schema: Schema, required: TypeRef, actual: TypeRef): boolean {
  if (required.NonNull && !actual.NonNull) return false;
  if (required.NamedType !== '') {
    if (required.NamedType === actual.NamedType) return true;
    return (schema.possibleTypes.get(required.NamedType) ?? []).some((pt) => pt.Name === actual.NamedType);
  }
  if (required.Elem !== null && actual.Elem === null) return false;
  return isCovariant(schema, required.Elem!, actual.Elem!);
}

function validateImplements(schema: Schema, def: Definition, intfName: string): void {
  const intf = schema.types.get(intfName);
  if (intf === undefined) fail(def.Position, `Undefined type ${quote(intfName)}.`);
  if (intf.Kind !== 'INTERFACE') fail(def.Position, `${quote(intfName)} is a non interface type ${intf.Kind}.`);
  const prefix = `For ${def.Name} to implement ${intf.Name}`;
  for (const required of intf.Fields ?? []) {
    const found = (def.Fields ?? []).find((f) => f.Name === required.Name);
    if (found === undefined) fail(def.Position, `${prefix} it must have a field called ${required.Name}.`);
    if (!isCovariant(schema, required.Type!, found.Type!))
      fail(found.Position, `${prefix} the field ${required.Name} must have type ${typeString(required.Type!)}.`);
    for (const reqArg of required.Arguments ?? []) {
      const foundArg = (found.Arguments ?? []).find((a) => a.Name === reqArg.Name);
      if (foundArg === undefined)
        fail(found.Position, `${prefix} the field ${required.Name} must have the same arguments but it is missing ${reqArg.Name}.`);
      if (!isCompatible(reqArg.Type!, foundArg.Type!))
        fail(foundArg.Position, `${prefix} the field ${required.Name} must have the same arguments but ${reqArg.Name} has the wrong type.`);
    }
    for (const arg of found.Arguments ?? []) {
      if (!(required.Arguments ?? []).some((a) => a.Name === arg.Name) && arg.Type!.NonNull && arg.DefaultValue === null)
        fail(arg.Position, `${prefix} any additional arguments on ${found.Name} must be optional or have a default value but ${arg.Name} is required.`);
    }
  }
  for (const transitive of intf.Interfaces ?? []) {
    if ((def.Interfaces ?? []).includes(transitive)) continue;
    if (transitive === def.Name)
      fail(def.Position, `Type ${def.Name} cannot implement ${intfName} because it would create a circular reference.`);
    fail(def.Position, `Type ${def.Name} must implement ${transitive} because it is implemented by ${intfName}.`);
  }
}
