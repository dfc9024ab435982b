// JSON Schema built-ins: json.verify_schema and json.match_schema, behaving as gojsonschema
// (the Go library OPA uses): drafts 4, 6 and 7 and its lenient mix of them when `$schema` is
// absent, its error types, descriptions and field paths, and its schema errors.

import { RE2JS } from 're2js';
import { compareNum, isInteger, isNum, type Num, toDecimal } from '../number.js';
import { T } from '../types.js';
import { RObject, RSet, toJSONText, type Value } from '../value.js';
import { JSONSyntaxError, parseJSON } from './gojson.js';
import { parseIP } from './goip.js';
import { type BuiltinDef, BuiltinError } from './registry.js';

class SchemaError extends Error {}

const TYPES = ['array', 'boolean', 'integer', 'number', 'null', 'object', 'string'];

type Draft = 4 | 6 | 7 | 0;

const DRAFTS: Record<string, Draft> = {
  'http://json-schema.org/draft-04/schema': 4,
  'http://json-schema.org/draft-06/schema': 6,
  'http://json-schema.org/draft-07/schema': 7,
};

interface SubSchema {
  pass: boolean | null;
  ref: string | null;
  refSchema: SubSchema | null;
  types: string[];
  properties: [string, SubSchema][];
  additionalProperties: boolean | SubSchema | null;
  patternProperties: [string, RE2JS, SubSchema][];
  propertyNames: SubSchema | null;
  dependencies: Map<string, string[] | SubSchema>;
  items: SubSchema[] | null;
  itemsSingle: boolean;
  additionalItems: boolean | SubSchema | null;
  multipleOf: Num | null;
  minimum: Num | null;
  exclusiveMinimum: Num | null;
  maximum: Num | null;
  exclusiveMaximum: Num | null;
  minLength: number | null;
  maxLength: number | null;
  pattern: [string, RE2JS] | null;
  format: string;
  minProperties: number | null;
  maxProperties: number | null;
  required: string[];
  minItems: number | null;
  maxItems: number | null;
  uniqueItems: boolean;
  contains: SubSchema | null;
  constant: string | null;
  enumValues: string[];
  oneOf: SubSchema[];
  anyOf: SubSchema[];
  allOf: SubSchema[];
  not: SubSchema | null;
  ifSchema: SubSchema | null;
  thenSchema: SubSchema | null;
  elseSchema: SubSchema | null;
}

function emptySchema(): SubSchema {
  return {
    pass: null, ref: null, refSchema: null, types: [], properties: [], additionalProperties: null, patternProperties: [],
    propertyNames: null, dependencies: new Map(), items: null, itemsSingle: false, additionalItems: null, multipleOf: null,
    minimum: null, exclusiveMinimum: null, maximum: null, exclusiveMaximum: null, minLength: null, maxLength: null,
    pattern: null, format: '', minProperties: null, maxProperties: null, required: [], minItems: null, maxItems: null,
    uniqueItems: false, contains: null, constant: null, enumValues: [], oneOf: [], anyOf: [], allOf: [], not: null,
    ifSchema: null, thenSchema: null, elseSchema: null,
  };
}

// ---- JSON text as gojsonschema compares values (numbers re-read as float64) ----------------------

function goFloatText(n: Num): string {
  const d = Number(isNum(n) && typeof n !== 'number' ? n.text : n);
  if (Number.isInteger(d) && Math.abs(d) < 1e21) return BigInt(d).toString();
  const abs = Math.abs(d);
  if (abs !== 0 && (abs < 1e-6 || abs >= 1e21)) {
    const [m, e] = d.toExponential().split('e');
    const exp = Number(e);
    return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return String(d);
}

function floatJSON(v: Value): string {
  if (isNum(v)) return goFloatText(v);
  if (Array.isArray(v) || v instanceof RSet) return '[' + (Array.isArray(v) ? v : v.values()).map(floatJSON).join(',') + ']';
  if (v instanceof RObject) {
    const entries = [...v.entries()].map(([k, x]) => [typeof k === 'string' ? k : toJSONText(k), x] as const);
    entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return '{' + entries.map(([k, x]) => toJSONText(k, { escapeHTML: true }) + ':' + floatJSON(x)).join(',') + '}';
  }
  return toJSONText(v, { escapeHTML: true });
}

/** A big.Float as text/template prints it: %g with 10 significant digits. */
function bigFloatText(n: Num): string {
  const d = Number(typeof n === 'number' ? n : n.text);
  const exp = d === 0 ? 0 : Math.floor(Math.log10(Math.abs(d)));
  if (exp < -4 || exp >= 10) {
    const [m, e] = d.toExponential(9).split('e');
    const mant = m!.includes('.') ? m!.replace(/0+$/, '').replace(/\.$/, '') : m!;
    const x = Number(e);
    return `${mant}e${x < 0 ? '-' : '+'}${String(Math.abs(x)).padStart(2, '0')}`;
  }
  return String(Number(d.toPrecision(10)));
}

// ---- compiling schemas ----------------------------------------------------------------------------

interface Compiler {
  root: Value;
  draft: Draft;
  refs: SubSchema[];
}

const mustBe = (key: string, what: string) => new SchemaError(`${key} must be of ${/^[aeiou]/.test(what) ? 'an' : 'a'} ${what}`);
const invalidType = (expected: string, given: string) => new SchemaError(`Invalid type. Expected: ${expected}, given: ${given}`);

function nonNegativeInt(key: string, v: Value): number {
  if (!isNum(v) || !isInteger(v)) throw mustBe(key, 'integer');
  const n = Number(typeof v === 'number' ? v : v.text);
  if (n < 0) throw new SchemaError(`${key} must be greater than or equal to 0`);
  return n;
}

function numberKeyword(key: string, v: Value): Num {
  if (!isNum(v)) throw mustBe(key, 'number');
  return v;
}

function compilePattern(p: string): RE2JS {
  try {
    return RE2JS.compile(p);
  } catch {
    throw new SchemaError(`Invalid regex pattern '${p}'`);
  }
}

function schemaList(c: Compiler, key: string, v: Value): SubSchema[] {
  if (!Array.isArray(v)) throw mustBe(key, 'array');
  return v.map((x) => compile(c, x));
}

function compile(c: Compiler, v: Value): SubSchema {
  const s = emptySchema();
  if (typeof v === 'boolean' && c.draft !== 4) {
    s.pass = v;
    return s;
  }
  if (!(v instanceof RObject)) throw invalidType('object', 'schema');
  const get = (k: string) => v.get(k);
  const ref = get('$ref');
  if (ref !== undefined) {
    if (typeof ref !== 'string') throw invalidType('string', '$ref');
    s.ref = ref;
    c.refs.push(s);
  }
  compileTypes(s, get('type'));
  compileObjectKeywords(c, s, get);
  compileArrayKeywords(c, s, get);
  compileScalarKeywords(c, s, get);
  compileCombinators(c, s, get);
  return s;
}

function compileTypes(s: SubSchema, t: Value | undefined): void {
  if (t === undefined) return;
  const list = typeof t === 'string' ? [t] : Array.isArray(t) ? t : null;
  if (list === null) throw invalidType('string/array of strings', 'type');
  for (const x of list) {
    if (typeof x !== 'string') throw invalidType('string', 'type');
    if (!TYPES.includes(x))
      throw new SchemaError(`has a primitive type that is NOT VALID -- given: /${x}/ Expected valid values are:[${TYPES.join(' ')}]`);
    if (s.types.includes(x)) throw new SchemaError(`type items must be unique`);
    s.types.push(x);
  }
}

type Getter = (k: string) => Value | undefined;

function compileObjectKeywords(c: Compiler, s: SubSchema, get: Getter): void {
  const props = get('properties');
  if (props !== undefined) {
    if (!(props instanceof RObject)) throw invalidType('object', 'properties');
    for (const [k, x] of props.entries()) s.properties.push([k as string, compile(c, x)]);
  }
  const ap = get('additionalProperties');
  if (ap !== undefined) s.additionalProperties = typeof ap === 'boolean' ? ap : compile(c, ap);
  const pp = get('patternProperties');
  if (pp !== undefined) {
    if (!(pp instanceof RObject)) throw invalidType('object', 'patternProperties');
    for (const [k, x] of pp.entries()) s.patternProperties.push([k as string, compilePattern(k as string), compile(c, x)]);
  }
  const pn = get('propertyNames');
  if (pn !== undefined && c.draft !== 4) s.propertyNames = compile(c, pn);
  const deps = get('dependencies');
  if (deps !== undefined) {
    if (!(deps instanceof RObject)) throw invalidType('object', 'dependencies');
    for (const [k, x] of deps.entries()) {
      if (Array.isArray(x)) {
        if (x.some((y) => typeof y !== 'string')) throw invalidType('string', 'dependency');
        s.dependencies.set(k as string, x as string[]);
      } else s.dependencies.set(k as string, compile(c, x));
    }
  }
  const minP = get('minProperties');
  if (minP !== undefined) s.minProperties = nonNegativeInt('minProperties', minP);
  const maxP = get('maxProperties');
  if (maxP !== undefined) s.maxProperties = nonNegativeInt('maxProperties', maxP);
  const req = get('required');
  if (req !== undefined) {
    if (!Array.isArray(req)) throw mustBe('required', 'array');
    for (const r of req) {
      if (typeof r !== 'string') throw invalidType('string', 'required');
      if (s.required.includes(r)) throw new SchemaError('required items must be unique');
      s.required.push(r);
    }
  }
}

function compileArrayKeywords(c: Compiler, s: SubSchema, get: Getter): void {
  const items = get('items');
  if (items !== undefined) {
    if (Array.isArray(items)) s.items = items.map((x) => compile(c, x));
    else {
      s.items = [compile(c, items)];
      s.itemsSingle = true;
    }
  }
  const ai = get('additionalItems');
  if (ai !== undefined) s.additionalItems = typeof ai === 'boolean' ? ai : compile(c, ai);
  const minI = get('minItems');
  if (minI !== undefined) s.minItems = nonNegativeInt('minItems', minI);
  const maxI = get('maxItems');
  if (maxI !== undefined) s.maxItems = nonNegativeInt('maxItems', maxI);
  const uniq = get('uniqueItems');
  if (uniq !== undefined) {
    if (typeof uniq !== 'boolean') throw mustBe('uniqueItems', 'boolean');
    s.uniqueItems = uniq;
  }
  const contains = get('contains');
  if (contains !== undefined && c.draft !== 4) s.contains = compile(c, contains);
}

function compileScalarKeywords(c: Compiler, s: SubSchema, get: Getter): void {
  const mult = get('multipleOf');
  if (mult !== undefined) {
    s.multipleOf = numberKeyword('multipleOf', mult);
    if (compareNum(s.multipleOf, 0) <= 0) throw new SchemaError('multipleOf must be strictly greater than 0');
  }
  const min = get('minimum');
  if (min !== undefined) s.minimum = numberKeyword('minimum', min);
  const max = get('maximum');
  if (max !== undefined) s.maximum = numberKeyword('maximum', max);
  for (const [key, bound] of [['exclusiveMinimum', 'minimum'], ['exclusiveMaximum', 'maximum']] as const) {
    const x = get(key);
    if (x === undefined) continue;
    if (typeof x === 'boolean' && c.draft !== 6 && c.draft !== 7) {
      // Draft 4: a flag on minimum/maximum.
      if (s[bound] === null) throw new SchemaError(`${key} cannot be used without ${bound}`);
      if (x) {
        s[key] = s[bound];
        s[bound] = null;
      }
    } else if (isNum(x) && c.draft !== 4) s[key] = x;
    else throw mustBe(key, c.draft === 4 ? 'boolean' : 'number');
  }
  const minL = get('minLength');
  if (minL !== undefined) s.minLength = nonNegativeInt('minLength', minL);
  const maxL = get('maxLength');
  if (maxL !== undefined) s.maxLength = nonNegativeInt('maxLength', maxL);
  const pattern = get('pattern');
  if (pattern !== undefined) {
    if (typeof pattern !== 'string') throw mustBe('pattern', 'string');
    s.pattern = [pattern, compilePattern(pattern)];
  }
  const format = get('format');
  if (format !== undefined) {
    if (typeof format !== 'string') throw invalidType('string', 'format');
    s.format = format;
  }
  const constant = get('const');
  if (constant !== undefined && c.draft !== 4) s.constant = floatJSON(constant);
  const en = get('enum');
  if (en !== undefined) {
    if (!Array.isArray(en)) throw mustBe('enum', 'array');
    for (const e of en) {
      const text = floatJSON(e);
      if (s.enumValues.includes(text)) throw new SchemaError('enum items must be unique');
      s.enumValues.push(text);
    }
  }
}

function compileCombinators(c: Compiler, s: SubSchema, get: Getter): void {
  for (const key of ['oneOf', 'anyOf', 'allOf'] as const) {
    const x = get(key);
    if (x !== undefined) s[key] = schemaList(c, key, x);
  }
  const not = get('not');
  if (not !== undefined) s.not = compile(c, not);
  if (c.draft === 4 || c.draft === 6) return;
  const ifs = get('if');
  if (ifs !== undefined) s.ifSchema = compile(c, ifs);
  const thens = get('then');
  if (thens !== undefined) s.thenSchema = compile(c, thens);
  const elses = get('else');
  if (elses !== undefined) s.elseSchema = compile(c, elses);
}

/** The value a local `#/...` reference points at. */
function resolvePointer(root: Value, ref: string): Value {
  const hash = ref.indexOf('#');
  if (hash !== 0) throw new SchemaError(`References to other documents are not supported: ${ref}`);
  let cur: Value = root;
  const pointer = ref.slice(1);
  if (pointer === '' || pointer === '/') return root;
  for (const raw of pointer.replace(/^\//, '').split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    const next: Value | undefined = cur instanceof RObject ? cur.get(key) : Array.isArray(cur) ? cur[Number(key)] : undefined;
    if (next === undefined) throw new SchemaError(`Object has no key '${key}'`);
    cur = next;
  }
  return cur;
}

function compileSchema(root: Value): SubSchema {
  let draft: Draft = 0;
  if (root instanceof RObject) {
    const declared = root.get('$schema');
    if (typeof declared === 'string') draft = DRAFTS[declared.replace(/#$/, '')] ?? 0;
  }
  const c: Compiler = { root, draft, refs: [] };
  const top = compile(c, root);
  const resolved = new Map<string, SubSchema>();
  for (let i = 0; i < c.refs.length; i++) {
    const s = c.refs[i]!;
    const ref = s.ref!;
    if (ref === '#' || ref === '#/') {
      s.refSchema = top;
      continue;
    }
    let target = resolved.get(ref);
    if (target === undefined) {
      target = compile(c, resolvePointer(root, ref));
      resolved.set(ref, target);
    }
    s.refSchema = target;
  }
  return top;
}

// ---- validating ------------------------------------------------------------------------------------

interface ResultError {
  type: string;
  field: string;
  desc: string;
}

class Result {
  errors: ResultError[] = [];
  score = 0;

  add(type: string, context: string[], desc: string): void {
    this.errors.push({ type, field: fieldName(context), desc });
    this.score -= 2;
  }

  merge(other: Result): void {
    this.errors.push(...other.errors);
    this.score += other.score;
  }
}

function fieldName(context: string[]): string {
  return context.length === 0 ? '(root)' : context.join('.');
}

function isWholeNumber(n: Num): boolean {
  return isInteger(n);
}

function jsonType(v: Value): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'string') return 'string';
  if (isNum(v)) return isWholeNumber(v) ? 'integer' : 'number';
  if (Array.isArray(v) || v instanceof RSet) return 'array';
  return 'object';
}

function typesText(types: string[]): string {
  return types.length > 1 ? `[${types.join(',')}]` : types[0]!;
}

function subValidate(s: SubSchema, v: Value, context: string[]): Result {
  const r = new Result();
  validate(s, v, r, context);
  return r;
}

function validate(s: SubSchema, v: Value, r: Result, context: string[]): void {
  if (s.pass !== null) {
    if (!s.pass) r.add('false', context, 'False always fails validation');
    return;
  }
  if (s.refSchema !== null) {
    validate(s.refSchema, v, r, context);
    return;
  }
  const t = jsonType(v);
  const allowed = s.types.length === 0 || s.types.includes(t) || (t === 'integer' && s.types.includes('number'));
  if (!allowed) {
    r.add('invalid_type', context, `Invalid type. Expected: ${typesText(s.types)}, given: ${t}`);
    return;
  }
  validateCombinators(s, v, r, context);
  if (isNum(v)) validateNumber(s, v, r, context);
  if (Array.isArray(v) || v instanceof RSet) validateArray(s, Array.isArray(v) ? v : v.values(), r, context);
  if (v instanceof RObject) validateObject(s, v, r, context);
  validateCommon(s, v, r, context);
  if (typeof v === 'string') validateString(s, v, r, context);
  if (v instanceof RObject) {
    for (const [name, child] of s.properties) {
      const x = v.get(name);
      if (x !== undefined) validate(child, x, r, [...context, name]);
    }
  }
  r.score++;
}

function validateCombinators(s: SubSchema, v: Value, r: Result, context: string[]): void {
  if (s.anyOf.length > 0) {
    let best: Result | null = null;
    let ok = false;
    for (const sub of s.anyOf) {
      const res = subValidate(sub, v, context);
      if (res.errors.length === 0) {
        ok = true;
        break;
      }
      if (best === null || res.score > best.score) best = res;
    }
    if (!ok) {
      r.add('number_any_of', context, 'Must validate at least one schema (anyOf)');
      if (best !== null) r.merge(best);
    }
  }
  if (s.oneOf.length > 0) {
    let valid = 0;
    let best: Result | null = null;
    for (const sub of s.oneOf) {
      const res = subValidate(sub, v, context);
      if (res.errors.length === 0) valid++;
      else if (valid === 0 && (best === null || res.score > best.score)) best = res;
    }
    if (valid !== 1) {
      r.add('number_one_of', context, 'Must validate one and only one schema (oneOf)');
      if (valid === 0 && best !== null) r.merge(best);
    }
  }
  if (s.allOf.length > 0) {
    let valid = 0;
    for (const sub of s.allOf) {
      const res = subValidate(sub, v, context);
      if (res.errors.length === 0) valid++;
      r.merge(res);
    }
    if (valid !== s.allOf.length) r.add('number_all_of', context, 'Must validate all the schemas (allOf)');
  }
  if (s.not !== null && subValidate(s.not, v, context).errors.length === 0)
    r.add('number_not', context, 'Must not validate the schema (not)');
  if (s.dependencies.size > 0 && v instanceof RObject) {
    for (const key of v.keys()) {
      const dep = s.dependencies.get(key as string);
      if (dep === undefined) continue;
      if (Array.isArray(dep)) {
        for (const d of dep) if (!v.has(d)) r.add('missing_dependency', context, `Has a dependency on ${d}`);
      } else validate(dep, v, r, context);
    }
  }
  if (s.ifSchema !== null) {
    const cond = subValidate(s.ifSchema, v, context).errors.length === 0;
    const branch = cond ? s.thenSchema : s.elseSchema;
    if (branch !== null) {
      const res = subValidate(branch, v, context);
      if (res.errors.length > 0) {
        r.add(cond ? 'condition_then' : 'condition_else', context,
          cond ? 'Must validate "then" as "if" was valid' : 'Must validate "else" as "if" was not valid');
        r.merge(res);
      }
    }
  }
  r.score++;
}

function validateCommon(s: SubSchema, v: Value, r: Result, context: string[]): void {
  const field = fieldName(context);
  if (s.constant !== null && floatJSON(v) !== s.constant) r.add('const', context, `${field} does not match: ${s.constant}`);
  if (s.enumValues.length > 0 && !s.enumValues.includes(floatJSON(v)))
    r.add('enum', context, `${field} must be one of the following: ${s.enumValues.join(', ')}`);
  r.score++;
}

function validateArray(s: SubSchema, items: Value[], r: Result, context: string[]): void {
  if (s.items !== null) {
    if (s.itemsSingle) {
      items.forEach((x, i) => r.merge(subValidate(s.items![0]!, x, [...context, String(i)])));
    } else {
      const n = Math.min(s.items.length, items.length);
      for (let i = 0; i < n; i++) r.merge(subValidate(s.items[i]!, items[i]!, [...context, String(i)]));
      if (s.items.length < items.length) {
        if (s.additionalItems === false) r.add('array_no_additional_items', context, 'No additional items allowed on array');
        else if (s.additionalItems !== null && s.additionalItems !== true) {
          for (let i = s.items.length; i < items.length; i++)
            r.merge(subValidate(s.additionalItems, items[i]!, [...context, String(i)]));
        }
      }
    }
  }
  if (s.minItems !== null && items.length < s.minItems) r.add('array_min_items', context, `Array must have at least ${s.minItems} items`);
  if (s.maxItems !== null && items.length > s.maxItems) r.add('array_max_items', context, `Array must have at most ${s.maxItems} items`);
  if (s.uniqueItems) {
    const seen = new Map<string, number>();
    items.forEach((x, j) => {
      const text = floatJSON(x);
      const i = seen.get(text);
      if (i !== undefined) r.add('unique', context, `array items[${i},${j}] must be unique`);
      seen.set(text, j);
    });
  }
  if (s.contains !== null) {
    let best: Result | null = null;
    let ok = false;
    for (let i = 0; i < items.length; i++) {
      const res = subValidate(s.contains, items[i]!, [...context, String(i)]);
      if (res.errors.length === 0) {
        ok = true;
        break;
      }
      if (best === null || res.score > best.score) best = res;
    }
    if (!ok) {
      r.add('contains', context, 'At least one of the items must match');
      if (best !== null) r.merge(best);
    }
  }
  r.score++;
}

function validateObject(s: SubSchema, o: RObject, r: Result, context: string[]): void {
  if (s.minProperties !== null && o.size < s.minProperties) r.add('array_min_properties', context, `Must have at least ${s.minProperties} properties`);
  if (s.maxProperties !== null && o.size > s.maxProperties) r.add('array_max_properties', context, `Must have at most ${s.maxProperties} properties`);
  for (const req of s.required) {
    if (o.has(req)) r.score++;
    else r.add('required', context, `${req} is required`);
  }
  for (const [k, x] of o.entries()) {
    const key = k as string;
    const declared = s.properties.some(([name]) => name === key);
    let matched = false;
    for (const [, re, sub] of s.patternProperties) {
      if (re.matcher(key).find()) {
        matched = true;
        r.merge(subValidate(sub, x, [...context, key]));
      }
    }
    if (matched) r.score++;
    if (declared || matched) continue;
    if (s.additionalProperties === false)
      r.add('additional_property_not_allowed', context, `Additional property ${key} is not allowed`);
    else if (s.additionalProperties !== null && s.additionalProperties !== true)
      r.merge(subValidate(s.additionalProperties, x, [...context, key]));
  }
  if (s.propertyNames !== null) {
    for (const k of o.keys()) {
      const res = subValidate(s.propertyNames, k, context);
      if (res.errors.length > 0) {
        r.add('invalid_property_name', context, `Property name of "${k as string}" does not match`);
        r.merge(res);
      }
    }
  }
  r.score++;
}

function validateString(s: SubSchema, v: string, r: Result, context: string[]): void {
  const length = [...v].length;
  if (s.minLength !== null && length < s.minLength)
    r.add('string_gte', context, `String length must be greater than or equal to ${s.minLength}`);
  if (s.maxLength !== null && length > s.maxLength)
    r.add('string_lte', context, `String length must be less than or equal to ${s.maxLength}`);
  if (s.pattern !== null && !s.pattern[1].matcher(v).find())
    r.add('does_not_match_pattern', context, `Does not match pattern '${s.pattern[0]}'`);
  if (s.format !== '' && !isFormat(s.format, v)) r.add('does_not_match_format', context, `Does not match format '${s.format}'`);
  r.score++;
}

function isMultiple(v: Num, m: Num): boolean {
  const [vm, ve] = toDecimal(v);
  const [mm, me] = toDecimal(m);
  if (ve >= me) return (vm * 10n ** BigInt(ve - me)) % mm === 0n;
  return vm % (mm * 10n ** BigInt(me - ve)) === 0n;
}

function validateNumber(s: SubSchema, v: Num, r: Result, context: string[]): void {
  if (s.multipleOf !== null && !isMultiple(v, s.multipleOf))
    r.add('multiple_of', context, `Must be a multiple of ${bigFloatText(s.multipleOf)}`);
  if (s.maximum !== null && compareNum(v, s.maximum) === 1)
    r.add('number_lte', context, `Must be less than or equal to ${bigFloatText(s.maximum)}`);
  if (s.exclusiveMaximum !== null && compareNum(v, s.exclusiveMaximum) >= 0)
    r.add('number_lt', context, `Must be less than ${bigFloatText(s.exclusiveMaximum)}`);
  if (s.minimum !== null && compareNum(v, s.minimum) === -1)
    r.add('number_gte', context, `Must be greater than or equal to ${bigFloatText(s.minimum)}`);
  if (s.exclusiveMinimum !== null && compareNum(v, s.exclusiveMinimum) <= 0)
    r.add('number_gt', context, `Must be greater than ${bigFloatText(s.exclusiveMinimum)}`);
  r.score++;
}

// ---- formats -------------------------------------------------------------------------------------

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

function validDate(y: string, m: string, d: string): boolean {
  const month = Number(m);
  const day = Number(d);
  const year = Number(y);
  const days = [31, year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return month >= 1 && month <= 12 && day >= 1 && day <= days[month - 1]!;
}

const FORMATS: Record<string, (s: string) => boolean> = {
  'date-time': (s) => {
    const m = RFC3339.exec(s);
    return m !== null && validDate(m[1]!, m[2]!, m[3]!) && Number(m[4]) < 24 && Number(m[5]) < 60 && Number(m[6]) < 60;
  },
  date: (s) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
    return m !== null && validDate(m[1]!, m[2]!, m[3]!);
  },
  time: (s) => /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?([Zz]|[+-]\d{2}:\d{2})?$/.test(s),
  email: (s) => /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+$/.test(s),
  'idn-email': (s) => /^[^\s@]+@[^\s@]+$/.test(s),
  ipv4: (s) => parseIP(s) !== null && s.includes('.') && !s.includes(':'),
  ipv6: (s) => parseIP(s) !== null && s.includes(':'),
  hostname: (s) =>
    s.length <= 253 && /^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*\.?$/.test(s),
  uri: (s) => /^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s]*$/.test(s),
  'uri-reference': (s) => !/\s/.test(s),
  iri: (s) => /^[a-zA-Z][a-zA-Z0-9+.-]*:\S*$/.test(s),
  'iri-reference': (s) => !/\s/.test(s),
  uuid: (s) => /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(s),
  regex: (s) => {
    try {
      RE2JS.compile(s);
      return true;
    } catch {
      return false;
    }
  },
  'json-pointer': (s) => /^(\/([^~/]|~[01])*)*$/.test(s),
  'relative-json-pointer': (s) => /^(0|[1-9]\d*)(#|(\/([^~/]|~[01])*)*)$/.test(s),
};

/** Unknown formats pass, as in gojsonschema. */
function isFormat(format: string, s: string): boolean {
  const check = FORMATS[format];
  return check === undefined || check(s);
}

// ---- built-ins -------------------------------------------------------------------------------------

/** A string (JSON text) or an object/array, as OPA's loader reads its operands. */
function loaderValue(v: Value): Value {
  if (typeof v === 'string') {
    try {
      return parseJSON(v);
    } catch (e) {
      if (e instanceof JSONSyntaxError) throw new SchemaError('invalid JSON string');
      throw e;
    }
  }
  if (v instanceof RObject || Array.isArray(v)) return v;
  throw new SchemaError('wrong type, expected string or object');
}

function builtinError<R>(f: () => R): R {
  try {
    return f();
  } catch (e) {
    if (e instanceof SchemaError) throw new BuiltinError(e.message);
    throw e;
  }
}

function verifySchema(args: Value[]): Value {
  try {
    compileSchema(loaderValue(args[0]!));
    return [true, null];
  } catch (e) {
    if (e instanceof SchemaError) return [false, 'jsonschema: ' + e.message];
    throw e;
  }
}

function matchSchema(args: Value[]): Value {
  return builtinError(() => {
    const doc = loaderValue(args[0]!);
    const schema = compileSchema(loaderValue(args[1]!));
    const result = subValidate(schema, doc, []);
    const errors = result.errors.map((e) =>
      RObject.fromEntries([
        ['error', `${e.field}: ${e.desc}`],
        ['type', e.type],
        ['field', e.field],
        ['desc', e.desc],
      ]),
    );
    return [errors.length === 0, errors];
  });
}

const stringOrObject = T.anyOf(T.string, T.object(T.any, T.any));

export const builtins: BuiltinDef[] = [
  {
    name: 'json.verify_schema', lenient: true,
    decl: T.fn([stringOrObject], T.tuple(T.boolean, T.anyOf(T.string, T.null))),
    fn: verifySchema,
  },
  {
    name: 'json.match_schema',
    decl: T.fn(
      [stringOrObject, stringOrObject],
      T.tuple(T.boolean, T.array(T.record({ desc: T.string, error: T.string, field: T.string, type: T.string }))),
    ),
    fn: matchSchema,
  },
];
