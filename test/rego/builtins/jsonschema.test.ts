import assert from 'node:assert/strict';
import { test } from 'node:test';
import { builtins } from '../../../src/rego/builtins/jsonschema.js';
import { BigNum, parseNumber } from '../../../src/rego/number.js';
import { toJS, type Value } from '../../../src/rego/value.js';
import { assertFails, assertValue, caller, obj, v } from './helpers.js';

const call = caller(builtins);

interface Err {
  error: string;
  type: string;
  field: string;
  desc: string;
}

/** Scalars go in as JSON text: the built-ins take only strings, objects and arrays. */
function operand(x: unknown): Value {
  if (typeof x === 'object' && x !== null && !(x instanceof BigNum)) return v(x);
  return x instanceof BigNum ? x.text : JSON.stringify(x);
}

function errors(doc: unknown, schema: unknown): Err[] {
  const [valid, errs] = toJS(call('json.match_schema', [operand(doc), operand(schema)])!) as [boolean, Err[]];
  assert.equal(valid, errs.length === 0);
  return errs;
}

const JOB = {
  type: 'object',
  required: ['name', 'steps'],
  properties: {
    name: { type: 'string', minLength: 3, pattern: '^[a-z-]+$' },
    parallelism: { type: 'integer', minimum: 1, exclusiveMaximum: 10 },
    steps: { type: 'array', minItems: 1, items: { enum: ['checkout', 'test', { run: 'make' }] } },
  },
  additionalProperties: false,
};

test('json.match_schema accepts matching documents, as objects or JSON text', () => {
  assert.deepEqual(errors({ name: 'build', steps: ['checkout', { run: 'make' }] }, JOB), []);
  assertValue(call('json.match_schema', ['{"name": "unit-test", "steps": ["test"], "parallelism": 4}', v(JOB)]), [true, []]);
  assertValue(call('json.match_schema', [v({ a: 1 }), JSON.stringify({ properties: { a: { type: 'number' } } })]), [true, []]);
});

test('json.match_schema describes failures as gojsonschema does', () => {
  assert.deepEqual(errors({ name: 'X', steps: [], extra: 1, parallelism: 10 }, JOB), [
    { error: '(root): Additional property extra is not allowed', type: 'additional_property_not_allowed', field: '(root)', desc: 'Additional property extra is not allowed' },
    { error: 'name: String length must be greater than or equal to 3', type: 'string_gte', field: 'name', desc: 'String length must be greater than or equal to 3' },
    { error: "name: Does not match pattern '^[a-z-]+$'", type: 'does_not_match_pattern', field: 'name', desc: "Does not match pattern '^[a-z-]+$'" },
    { error: 'parallelism: Must be less than 10', type: 'number_lt', field: 'parallelism', desc: 'Must be less than 10' },
    { error: 'steps: Array must have at least 1 items', type: 'array_min_items', field: 'steps', desc: 'Array must have at least 1 items' },
  ]);
  assert.deepEqual(errors({ steps: ['deploy'] }, JOB).map((e) => e.error), [
    '(root): name is required',
    'steps.0: steps.0 must be one of the following: "checkout", "test", {"run":"make"}',
  ]);
  assert.deepEqual(errors(1.5, { type: ['integer', 'string'] }).map((e) => e.desc), ['Invalid type. Expected: [integer,string], given: number']);
  assert.deepEqual(errors(3, { type: 'integer' }), []);
  assert.deepEqual(errors(new BigNum(30n, -1, '3.0'), { type: 'integer' }), []);
});

test('numbers compare exactly', () => {
  assert.deepEqual(errors(0.3, { multipleOf: 0.1 }), []);
  assert.deepEqual(errors(7, { multipleOf: 2 }).map((e) => e.desc), ['Must be a multiple of 2']);
  assert.deepEqual(errors(parseNumber('100000000000000000001'), { maximum: 1e20 }).map((e) => e.desc), ['Must be less than or equal to 1e+20']);
  assert.deepEqual(errors(5, { minimum: 5, exclusiveMinimum: true }).map((e) => e.type), ['number_gt']);
});

test('combinators keep the closest failing branch', () => {
  const schema = { anyOf: [{ type: 'string' }, { type: 'object', required: ['a', 'b'] }] };
  assert.deepEqual(errors({ a: 1 }, schema).map((e) => e.error), ['(root): Must validate at least one schema (anyOf)', '(root): b is required']);
  assert.deepEqual(errors('x', { oneOf: [{ type: 'string' }, { minLength: 1 }] }).map((e) => e.type), ['number_one_of']);
  assert.deepEqual(errors(1, { not: { type: 'integer' } }).map((e) => e.type), ['number_not']);
  assert.deepEqual(errors({ a: 1 }, { if: { required: ['a'] }, then: { required: ['b'] } }).map((e) => e.type), ['condition_then', 'required']);
  assert.deepEqual(errors([1, 1], { uniqueItems: true, contains: { type: 'string' } }).map((e) => e.desc), [
    'array items[0,1] must be unique',
    'At least one of the items must match',
    'Invalid type. Expected: string, given: integer',
  ]);
});

test('local references resolve', () => {
  const schema = {
    definitions: { port: { type: 'integer', maximum: 65535 } },
    properties: { http: { $ref: '#/definitions/port' }, tree: { $ref: '#' } },
  };
  assert.deepEqual(errors({ http: 70000 }, schema).map((e) => e.error), ['http: Must be less than or equal to 65535']);
  assert.deepEqual(errors({ tree: { tree: { http: 'x' } } }, schema).map((e) => e.field), ['tree.tree.http']);
  assert.deepEqual(errors(true, false), [{ error: '(root): False always fails validation', type: 'false', field: '(root)', desc: 'False always fails validation' }]);
});

test('formats are checked, unknown formats pass', () => {
  assert.deepEqual(errors('2021-02-29', { format: 'date' }).map((e) => e.desc), ["Does not match format 'date'"]);
  assert.deepEqual(errors('2024-02-29T10:00:00Z', { format: 'date-time' }), []);
  assert.deepEqual(errors('300.1.1.1', { format: 'ipv4' }).length, 1);
  assert.deepEqual(errors('anything', { format: 'shoe-size' }), []);
});

test('json.verify_schema reports schema errors', () => {
  assertValue(call('json.verify_schema', [obj({ type: 'object', properties: { a: { type: 'string' } } })]), [true, null]);
  const bad = (schema: unknown) => (toJS(call('json.verify_schema', [v(schema)])!) as [boolean, string])[1];
  assert.equal(bad({ type: 5 }), 'jsonschema: Invalid type. Expected: string/array of strings, given: type');
  assert.equal(bad({ minLength: -1 }), 'jsonschema: minLength must be greater than or equal to 0');
  assert.equal(bad({ pattern: '(' }), "jsonschema: Invalid regex pattern '('");
  assert.equal(bad({ enum: [1, 1] }), 'jsonschema: enum items must be unique');
  assert.equal(bad({ properties: [] }), 'jsonschema: Invalid type. Expected: object, given: properties');
  assertValue(call('json.verify_schema', ['{not json']), [false, 'jsonschema: invalid JSON string']);
  assertValue(call('json.verify_schema', [5]), [false, 'jsonschema: wrong type, expected string or object']);
});

test('json.match_schema fails on unusable operands', () => {
  assertFails(() => call('json.match_schema', ['{', v({})]), 'builtin', 'invalid JSON string');
  assertFails(() => call('json.match_schema', [v({}), 5]), 'builtin', 'wrong type, expected string or object');
  assertFails(() => call('json.match_schema', [v({}), v({ $ref: '#/definitions/missing' })]), 'builtin', "Object has no key 'definitions'");
});
