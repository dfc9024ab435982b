// Shared helpers for built-in tests: a fake context and a way to call a family's built-in.

import assert from 'node:assert/strict';
import type { BuiltinContext, BuiltinDef } from '../../../src/rego/builtins/registry.js';
import { BuiltinError } from '../../../src/rego/builtins/registry.js';
import { RObject, RSet, type Value, fromJS, regoText } from '../../../src/rego/value.js';

export function fakeContext(): BuiltinContext {
  return { nowNs: 0n, cache: new Map(), print() {}, runtime: RObject.empty(), strict: true };
}

/** Returns a caller for the named built-ins of a family; each call gets a fresh context unless one is given. */
export function caller(family: BuiltinDef[]) {
  const byName = new Map(family.map((b) => [b.name, b]));
  return (name: string, args: Value[], ctx: BuiltinContext = fakeContext()): Value | undefined => {
    const def = byName.get(name);
    if (def === undefined) throw new Error(`no built-in ${name}`);
    assert.equal(def.decl.args.length, args.length, `${name} takes ${def.decl.args.length} arguments`);
    return def.fn(args, ctx);
  };
}

/** Asserts that a call fails with a BuiltinError of the given kind whose message contains `text`. */
export function assertFails(f: () => unknown, kind: 'type' | 'builtin', text: string): void {
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof BuiltinError, `expected a BuiltinError, got ${String(e)}`);
    assert.equal(e.kind, kind, `kind of "${e.message}"`);
    assert.ok(e.message.includes(text), `"${e.message}" should contain "${text}"`);
    return true;
  });
}

/** Compares by Rego text, which shows sets and exact numbers. */
export function assertValue(actual: Value | undefined, expected: Value): void {
  assert.notEqual(actual, undefined, 'expected a value, got undefined');
  assert.equal(regoText(actual!), regoText(expected));
}

export const set = (...xs: Value[]): RSet => RSet.of(xs);
export const obj = (x: Record<string, unknown>): Value => fromJS(x);
export const v = fromJS;
