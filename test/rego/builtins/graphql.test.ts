import assert from 'node:assert/strict';
import { test } from 'node:test';
import { builtins } from '../../../src/rego/builtins/graphql.js';
import { RObject, toJS } from '../../../src/rego/value.js';
import { assertFails, assertValue, caller, obj } from './helpers.js';

const call = caller(builtins);

const SCHEMA = `
  "A pipeline"
  type Pipeline implements Node {
    id: ID!
    name: String
    jobs(first: Int = 10, status: Status): [Job!]!
  }
  interface Node { id: ID! }
  type Job implements Node { id: ID! name: String! status: Status }
  enum Status { SUCCESS FAILED RUNNING }
  input PipelineFilter { branch: String! limit: Int }
  union Item = Pipeline | Job
  type Query {
    pipeline(id: ID!): Pipeline
    pipelines(filter: PipelineFilter): [Pipeline]
    node(id: ID!): Node
    items: [Item]
  }
`;

function validationError(query: string): string {
  try {
    call('graphql.parse', [query, SCHEMA]);
  } catch (e) {
    return (e as Error).message;
  }
  return '';
}

test('graphql.parse_query gives the gqlparser AST without positions or empty members', () => {
  assertValue(
    call('graphql.parse_query', ['query Q($id: ID! = "x") { p: pipeline(id: $id) @include(if: true) { ...F } } fragment F on Pipeline { name }']),
    obj({
      Operations: [
        {
          Name: 'Q',
          Operation: 'query',
          SelectionSet: [
            {
              Alias: 'p',
              Arguments: [{ Name: 'id', Value: { Kind: 0, Raw: 'id' } }],
              Directives: [{ Arguments: [{ Name: 'if', Value: { Kind: 5, Raw: 'true' } }], Location: '', Name: 'include' }],
              Name: 'pipeline',
              SelectionSet: [{ Name: 'F' }],
            },
          ],
          VariableDefinitions: [
            { DefaultValue: { Kind: 3, Raw: 'x' }, Type: { NamedType: 'ID', NonNull: true }, Used: false, Variable: 'id' },
          ],
        },
      ],
      Fragments: [{ Name: 'F', SelectionSet: [{ Alias: 'name', Name: 'name' }], TypeCondition: 'Pipeline' }],
    }),
  );
});

test('graphql.parse_query keeps values of every kind', () => {
  const ast = toJS(call('graphql.parse_query', ['{ f(a: [1, 2.5, ENUM, null, {k: """  block\n  text"""}]) }'])!) as {
    Operations: { SelectionSet: { Arguments: { Value: { Kind: number; Children: { Value: { Kind: number; Raw?: string } }[] } }[] }[] }[];
  };
  const list = ast.Operations[0]!.SelectionSet[0]!.Arguments[0]!.Value;
  assert.equal(list.Kind, 8);
  assert.deepEqual(list.Children.map((c) => c.Value.Kind), [1, 2, 7, 6, 9]);
});

test('graphql.parse_query reports syntax errors with positions', () => {
  assertFails(() => call('graphql.parse_query', ['{ a(']), 'builtin', 'Expected Name, found <EOF> in GraphQL string at location 1:5');
  assertFails(() => call('graphql.parse_query', ['subscription']), 'builtin', 'Expected {, found <EOF> in GraphQL string at location 1:13');
  // A token the lexer rejects is reported where the parser meets it, as gqlparser does.
  assertFails(() => call('graphql.parse_query', ['{ a(x: 01) }']), 'builtin', 'Unexpected <Invalid> in GraphQL string at location 1:9');
  assertFails(() => call('graphql.parse_query', ['{ a(x: "open) }']), 'builtin', 'Unexpected <Invalid> in GraphQL string at location 1:16');
  assertFails(() => call('graphql.parse_query', [1]), 'type', 'operand 1 must be string but got number');
});

test('graphql.parse_schema gives definitions, extensions and directives', () => {
  const ast = toJS(call('graphql.parse_schema', ['"""\n  Doc\n  """\nscalar Time @specifiedBy(url: "u")\nextend union U = A | B\ndirective @d(x: Int) repeatable on FIELD | QUERY'])!);
  assert.deepEqual(ast, {
    Definitions: [
      {
        BuiltIn: false,
        Description: 'Doc',
        Directives: [{ Arguments: [{ Name: 'url', Value: { Kind: 3, Raw: 'u' } }], Location: '', Name: 'specifiedBy' }],
        Kind: 'SCALAR',
        Name: 'Time',
      },
    ],
    Extensions: [{ BuiltIn: false, Description: '', Kind: 'UNION', Name: 'U', Types: ['A', 'B'] }],
    Directives: [
      {
        Arguments: [{ Description: '', Name: 'x', Type: { NamedType: 'Int', NonNull: false } }],
        Description: '',
        IsRepeatable: true,
        Locations: ['FIELD', 'QUERY'],
        Name: 'd',
      },
    ],
  });
});

test('graphql.schema_is_valid applies the schema rules', () => {
  assertValue(call('graphql.schema_is_valid', [SCHEMA]), true);
  assertValue(call('graphql.schema_is_valid', ['type A { b: B }']), false);
  assertValue(call('graphql.schema_is_valid', ['interface I { x: Int } type A implements I { y: Int }']), false);
  assertValue(call('graphql.schema_is_valid', ['type A { x: Int } type A { y: Int }']), false);
  assertValue(call('graphql.schema_is_valid', ['type __A { x: Int }']), false);
  assertValue(call('graphql.schema_is_valid', ['input I { x: Int } type Q { f(i: I, s: String = "a"): Int }']), true);
  assertValue(call('graphql.schema_is_valid', ['type O { x: Int } type Q { f(o: O): Int }']), false);
  assertValue(call('graphql.schema_is_valid', ['type Q { f: Int @nope }']), false);
  assertValue(call('graphql.schema_is_valid', [call('graphql.parse_schema', [SCHEMA])!]), true);
  assertValue(call('graphql.schema_is_valid', [7]), false);
});

test('graphql.is_valid accepts valid queries and AST objects', () => {
  assertValue(call('graphql.is_valid', ['{ pipeline(id: "1") { name jobs(status: FAILED) { id name } } }', SCHEMA]), true);
  assertValue(call('graphql.is_valid', ['query($f: PipelineFilter) { pipelines(filter: $f) { id } }', SCHEMA]), true);
  assertValue(call('graphql.is_valid', ['{ node(id: 1) { id ... on Job { status } } items { __typename } }', SCHEMA]), true);
  const q = call('graphql.parse_query', ['{ pipeline(id: "1") { name } }'])!;
  const s = call('graphql.parse_schema', [SCHEMA])!;
  assertValue(call('graphql.is_valid', [q, s]), true);
  assertValue(call('graphql.is_valid', ['{ pipeline(id: "1") { nam } }', SCHEMA]), false);
  assertValue(call('graphql.is_valid', ['{ x }', 'type Q { x: Int }']), false); // no query root
});

test('graphql.parse reports the first validation error as gqlparser words it', () => {
  assert.equal(
    validationError('{ pipeline(id: "1") { nam } }'),
    // OPA trims only a final ".\n", so a suggestion keeps its line break.
    'Cannot query field "nam" on type "Pipeline". Did you mean "name"?\n in GraphQL query string at location 1:23',
  );
  assert.equal(
    validationError('{ pipeline { id } }'),
    'Field "pipeline" argument "id" of type "ID!" is required, but it was not provided in GraphQL query string at location 1:3',
  );
  assert.equal(
    validationError('{ pipeline(id: "1") }'),
    'Field "pipeline" of type "Pipeline" must have a selection of subfields. Did you mean "pipeline { ... }"?\n in GraphQL query string at location 1:3',
  );
  assert.equal(
    validationError('{ pipeline(id: "1") { jobs(status: BROKEN) { id } } }'),
    'Value "BROKEN" does not exist in "Status" enum in GraphQL query string at location 1:36',
  );
  assert.equal(
    validationError('query($x: Int) { pipeline(id: "1") { id } }'),
    'Variable "$x" is never used in GraphQL query string at location 1:7',
  );
  assert.equal(
    validationError('{ pipelines(filter: {limit: 1}) { id } }'),
    'Field "PipelineFilter.branch" of required type "String!" was not provided in GraphQL query string at location 1:21',
  );
  assert.equal(
    validationError('{ items { id } }'),
    'Cannot query field "id" on type "Item". Did you mean to use an inline fragment on "Node", "Job", or "Pipeline"?\n in GraphQL query string at location 1:11',
  );
  assert.match(validationError('{ a: pipeline(id: "1") { id } a: node(id: "2") { id } }'), /^Fields "a" conflict because pipeline and node are different fields/);
});

test('graphql.parse and graphql.parse_and_verify return both ASTs', () => {
  const [q, s] = call('graphql.parse', ['{ pipeline(id: "1") { id } }', SCHEMA]) as RObject[];
  assert.ok(q instanceof RObject && s instanceof RObject);
  assert.deepEqual(toJS(q), toJS(call('graphql.parse_query', ['{ pipeline(id: "1") { id } }'])!));
  const ok = call('graphql.parse_and_verify', ['{ pipeline(id: "1") { id } }', SCHEMA]) as unknown[];
  assert.equal(ok[0], true);
  assertValue(call('graphql.parse_and_verify', ['{ nope }', SCHEMA]), [false, obj({}), obj({})]);
  assertValue(call('graphql.parse_and_verify', [1, SCHEMA]), [false, obj({}), obj({})]);
  assertFails(() => call('graphql.parse', [1, SCHEMA]), 'type', 'operand 0 must be one of {string, object} but got number');
  assertFails(() => call('graphql.parse', ['{ x }', 'type Query { y: Undefined }']), 'builtin',
    'Error in gqlparser SchemaDocument to Schema conversion: input:1:17: Undefined type Undefined.');
});
