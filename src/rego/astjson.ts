// The syntax tree as OPA serialises it to JSON (`rego.parse_module`, `opa parse --format json`):
// terms as {type, value}, expressions with their index, rules with head and body.

import type { Body, Expr, Head, Module, Rule, Term } from './ast.js';
import { RObject, RSet, type Value, fromJS } from './value.js';

function obj(entries: Record<string, Value | undefined>): RObject {
  const o = new RObject();
  for (const [k, v] of Object.entries(entries)) if (v !== undefined) o.set(k, v);
  return o;
}

function term(type: string, value: Value): RObject {
  return obj({ type, value });
}

export function termJSON(t: Term): Value {
  switch (t.kind) {
    case 'scalar':
    case 'value': {
      const v = t.value;
      if (v === null) return term('null', null);
      if (typeof v === 'boolean') return term('boolean', v);
      if (typeof v === 'string') return term('string', v);
      if (v instanceof RSet) return term('set', v.values().map((x) => termJSON({ kind: 'value', value: x, loc: t.loc })));
      if (v instanceof RObject) {
        return term('object', v.keys().map((k) => [termJSON({ kind: 'value', value: k, loc: t.loc }), termJSON({ kind: 'value', value: v.get(k)!, loc: t.loc })]));
      }
      if (Array.isArray(v)) return term('array', v.map((x) => termJSON({ kind: 'value', value: x, loc: t.loc })));
      return term('number', v);
    }
    case 'var':
      return term('var', t.name);
    case 'ref':
      return term('ref', t.terms.map(termJSON));
    case 'array':
      return term('array', t.items.map(termJSON));
    case 'set':
      return term('set', t.items.map(termJSON));
    case 'object':
      return term('object', t.items.map(([k, v]) => [termJSON(k), termJSON(v)]));
    case 'call':
      return term('call', [termJSON(t.op), ...t.args.map(termJSON)]);
    case 'arraycompr':
      return term('arraycomprehension', obj({ term: termJSON(t.head), body: bodyJSON(t.body) }));
    case 'setcompr':
      return term('setcomprehension', obj({ term: termJSON(t.head), body: bodyJSON(t.body) }));
    case 'objectcompr':
      return term('objectcomprehension', obj({ key: termJSON(t.key), value: termJSON(t.value), body: bodyJSON(t.body) }));
  }
}

export function exprJSON(e: Expr, index: number): Value {
  const ts = e.terms;
  let terms: Value;
  switch (ts.kind) {
    case 'term':
      terms = termJSON(ts.term);
      break;
    case 'call':
      terms = [termJSON(ts.op), ...ts.args.map(termJSON)];
      break;
    case 'some':
      terms = obj({ symbols: ts.symbols.map(termJSON) });
      break;
    case 'every':
      terms = obj({
        key: ts.key ? termJSON(ts.key) : undefined,
        value: termJSON(ts.value),
        domain: termJSON(ts.domain),
        body: bodyJSON(ts.body),
      });
      break;
  }
  return obj({
    index,
    terms,
    negated: e.negated ? true : undefined,
    with: e.with.length > 0 ? e.with.map((w) => obj({ target: termJSON(w.target), value: termJSON(w.value) })) : undefined,
  });
}

export function bodyJSON(b: Body): Value {
  return b.map((e, i) => exprJSON(e, i));
}

function headJSON(h: Head): Value {
  const name = h.ref[0]!;
  return obj({
    name: h.ref.length === 1 && name.kind === 'var' ? name.name : undefined,
    ref: h.ref.map(termJSON),
    args: h.args ? h.args.map(termJSON) : undefined,
    key: h.key ? termJSON(h.key) : undefined,
    value: h.value ? termJSON(h.value) : undefined,
    assign: h.assign ? true : undefined,
  });
}

export function ruleJSON(r: Rule): Value {
  return obj({
    default: r.default ? true : undefined,
    head: headJSON(r.head),
    body: bodyJSON(r.body),
    else: r.else ? ruleJSON(r.else) : undefined,
  });
}

export function moduleJSON(m: Module): Value {
  return obj({
    package: obj({ path: m.package.path.terms.map(termJSON) }),
    imports: m.imports.length > 0 ? m.imports.map((i) => obj({ path: termJSON(i.path), alias: i.alias })) : undefined,
    rules: m.rules.length > 0 ? m.rules.map(ruleJSON) : undefined,
    annotations: m.annotations.length > 0 ? m.annotations.map((a) => fromJS({ ...a.fields, scope: a.scope })) : undefined,
  });
}
