import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUILTINS, RObject, RSet, type Type, type Value, fromJS } from '../../../src/rego/index.js';
import { operandGuard } from '../../../src/rego/eval/guards.js';

// The evaluator skips a built-in whose operands do not have their declared types (outside strict
// mode). That is only right if every built-in not marked `lenient` fails on such operands.

const samples: Record<string, Value> = {
  null: null,
  boolean: true,
  number: 1,
  string: 'a',
  array: ['a'],
  set: RSet.of(['a']),
  object: fromJS({ a: 'a' }),
};

function accepts(t: Type, kind: string): boolean {
  if (t.type === 'any') return t.of === undefined || t.of.some((x) => accepts(x, kind));
  return t.type === kind;
}

const ctx = { nowNs: 0n, cache: new Map(), print: () => undefined, runtime: new RObject(), strict: false };

test('built-ins that are not lenient give no value for operands of undeclared types', () => {
  const answered: string[] = [];
  for (const [name, b] of BUILTINS) {
    if (b.lenient || b.network || b.decl.variadic || b.nondeterministic) continue;
    const args = b.decl.args;
    args.forEach((t, i) => {
      for (const [kind, v] of Object.entries(samples)) {
        if (accepts(t, kind)) continue;
        const vals = args.map((u, j) => (j === i ? v : (Object.entries(samples).find(([k]) => accepts(u, k))?.[1] ?? null)));
        let r: Value | undefined;
        try {
          r = b.fn(vals, ctx);
        } catch {
          continue;
        }
        if (r !== undefined) answered.push(`${name}: operand ${i + 1} as ${kind}`);
      }
    });
  }
  assert.deepEqual(answered, []);
});

test('the operand guard follows declared types', () => {
  const guard = operandGuard([{ type: 'string' }, { type: 'any', of: [{ type: 'array', dynamic: { type: 'any' } }, { type: 'set', of: { type: 'any' } }] }])!;
  assert.equal(guard(['x', ['a']]), true);
  assert.equal(guard(['x', RSet.of([])]), true);
  assert.equal(guard([fromJS({}), ['a']]), false);
  assert.equal(guard(['x', 'y']), false);
  assert.equal(operandGuard([{ type: 'any' }]), undefined);
});

test('lenient built-ins still answer for unexpected types', () => {
  assert.equal(BUILTINS.get('regex.is_valid')!.fn([1], ctx), false);
  assert.equal(BUILTINS.get('json.is_valid')!.fn([fromJS({})], ctx), false);
});
