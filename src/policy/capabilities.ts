// The engine's capabilities in OPA's capabilities JSON shape, so tools that read OPA capability
// files (`opa build --capabilities`, editors) know which built-ins our policies may call.
// Network built-ins are never offered (spec §1.4), so they are not listed.

import { availableBuiltins, type Type } from '../rego/index.js';
import { NETWORK_BUILTINS } from './compile.js';
import { goJSON } from './json.js';

/** OPA 1.x language features the engine implements. */
const FEATURES = ['rego_v1', 'rego_v1_import', 'rule_head_ref_string_prefixes', 'rule_head_refs', 'keywords_in_refs'];
const FUTURE_KEYWORDS = ['contains', 'every', 'if', 'in'];

export function capabilities(): Record<string, unknown> {
  const defs = [...availableBuiltins({ allowNetwork: false, exclude: NETWORK_BUILTINS }).values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const builtins = defs.map((b) => {
    // Field order of OPA's ast.Builtin; omitted fields are Go's omitempty.
    const out: Record<string, unknown> = { name: b.name, decl: typeJSON(b.decl) };
    if (b.infix !== undefined) out.infix = b.infix;
    if (b.relation) out.relation = true;
    if (b.deprecated) out.deprecated = true;
    if (b.nondeterministic) out.nondeterministic = true;
    return out;
  });
  return { builtins, future_keywords: FUTURE_KEYWORDS, wasm_abi_versions: [], features: FEATURES };
}

export function capabilitiesJSON(): string {
  return goJSON(capabilities()) + '\n';
}

/** A type as OPA marshals it: a JSON map, so keys in sorted order. */
function typeJSON(t: Type): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  switch (t.type) {
    case 'any':
      if (t.of !== undefined && t.of.length > 0) out.of = t.of.map(typeJSON);
      break;
    case 'array':
      if (t.dynamic !== undefined) out.dynamic = typeJSON(t.dynamic);
      if (t.static !== undefined && t.static.length > 0) out.static = t.static.map(typeJSON);
      break;
    case 'object':
      if (t.dynamic !== undefined) out.dynamic = { key: typeJSON(t.dynamic.key), value: typeJSON(t.dynamic.value) };
      if (t.static !== undefined && t.static.length > 0) out.static = t.static.map((s) => ({ key: s.key, value: typeJSON(s.value) }));
      break;
    case 'set':
      out.of = typeJSON(t.of);
      break;
    case 'function':
      out.args = t.args.map(typeJSON);
      if (t.result !== undefined) out.result = typeJSON(t.result);
      break;
  }
  out.type = t.type;
  if (t.type === 'function' && t.variadic !== undefined) out.variadic = typeJSON(t.variadic);
  return out;
}
