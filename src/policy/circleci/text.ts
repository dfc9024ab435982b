// How CircleCI's Go code prints the bits of Rego its messages quote: a package statement, a
// ref, the type a JSON decoder complains about. Only what the error texts of spec §1.2 need.

import type { Term } from '../../rego/index.js';

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A ref's terms as OPA prints them: `data.meta.branch`, `org["x-y"]`; undefined if not printable. */
export function refText(terms: Term[]): string | undefined {
  let out = '';
  for (let i = 0; i < terms.length; i++) {
    const t = terms[i]!;
    if (i === 0) {
      if (t.kind !== 'var') return undefined;
      out = t.name;
    } else if (t.kind === 'scalar' && typeof t.value === 'string') {
      out += IDENT.test(t.value) ? `.${t.value}` : `[${JSON.stringify(t.value)}]`;
    } else if (t.kind === 'var') {
      out += `[${t.name}]`;
    } else return undefined;
  }
  return out;
}

/** `package org.sub`, as the `String()` of an OPA package prints (without the `data.` root). */
export function packageText(terms: Term[]): string {
  const path = refText(terms) ?? 'data.?';
  return 'package ' + path.replace(/^data\.?/, '');
}

/**
 * What decoding the key term's text as JSON into a Go string reports (cpa reads policy_name that
 * way). Returns the decoded string, or the Go error text.
 */
export function decodeNameKey(t: Term): { name: string } | { error: string } {
  if (t.kind === 'scalar') {
    if (typeof t.value === 'string') return { name: t.value };
    if (t.value === null) return { name: '' }; // JSON null leaves a Go string empty
    if (typeof t.value === 'boolean') return { error: 'json: cannot unmarshal bool into Go value of type string' };
    return { error: 'json: cannot unmarshal number into Go value of type string' };
  }
  if (t.kind === 'array') return { error: 'json: cannot unmarshal array into Go value of type string' };
  if (t.kind === 'object') return { error: 'json: cannot unmarshal object into Go value of type string' };
  const first = t.kind === 'var' ? t.name[0] : t.kind === 'ref' && t.terms[0]?.kind === 'var' ? t.terms[0].name[0] : '{';
  return { error: `invalid character '${first ?? '?'}' looking for beginning of value` };
}
