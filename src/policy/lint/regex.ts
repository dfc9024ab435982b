// What is wrong with a regular expression as a policy uses it: RE2 (Go's regexp, which OPA's
// `regex.*` built-ins use) rejecting it, an alternation `|` that was meant as a shell pipe, and
// constructs that RE2 and PCRE (regex101's default, grep -P) read differently.

import { RE2JS } from 're2js';

/** The reason RE2 rejects a pattern, or undefined when it compiles. */
export function re2Error(pattern: string): string | undefined {
  try {
    RE2JS.compile(pattern);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

/** PCRE-only syntax RE2 rejects, named so the message can say what to write instead. */
const PCRE_ONLY: [RegExp, string][] = [
  [/\(\?<?[=!]/, 'lookahead and lookbehind `(?=…)`, `(?!…)`, `(?<=…)` are PCRE features; match the wider text and check the rest with a second expression'],
  [/\\[1-9]/, 'backreferences `\\1` are PCRE features; compare captured groups with regex.find_all_string_submatch_n instead'],
  [/\(\?>/, 'atomic groups `(?>…)` are PCRE features; RE2 never backtracks, so a plain group `(?:…)` does the same'],
  [/[*+?}]\+/, 'possessive quantifiers (`*+`, `++`) are PCRE features; RE2 never backtracks, so drop the extra `+`'],
  [/\\[ZAGhHRKXe]/, 'this escape is PCRE-only; in RE2 use `\\z` for the end of text, `\\A` for its start, `[ \\t]` for horizontal space'],
];

export function pcreOnlyHint(pattern: string): string | undefined {
  for (const [re, hint] of PCRE_ONLY) if (re.test(pattern)) return hint;
  return undefined;
}

export interface Alternation {
  /** The alternatives around the `|`, as written. */
  left: string;
  right: string;
}

/**
 * An unescaped `|` that reads as a shell pipe: an alternative next to it ends or starts with `.*`,
 * `.+`, `\s*`, `\s+` or a space, as in `curl.*|.*sh` (which matches any text containing `sh`).
 */
export function pipeLikeAlternation(pattern: string): Alternation | undefined {
  for (const alt of alternations(pattern)) {
    if (WIDE_END.test(alt.left) || WIDE_START.test(alt.right)) return alt;
  }
  return undefined;
}

const WIDE_END = /(\.\*|\.\+|\\s\*|\\s\+| )$/;
const WIDE_START = /^(\.\*|\.\+|\\s\*|\\s\+| )/;

/** Every top-level `|` of each group, with the alternatives on either side. */
function alternations(pattern: string): Alternation[] {
  const out: Alternation[] = [];
  // Stack of [start of current alternative] per group depth.
  const starts: number[] = [0];
  const pipes: number[][] = [[]];
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      if (pattern[i + 1] === '^') i++;
      if (pattern[i + 1] === ']') i++;
    } else if (c === '(') {
      starts.push(groupBodyStart(pattern, i));
      pipes.push([]);
    } else if (c === ')' && starts.length > 1) {
      collect(pattern, starts.pop()!, pipes.pop()!, i, out);
    } else if (c === '|') {
      pipes[pipes.length - 1]!.push(i);
    }
  }
  collect(pattern, starts[0]!, pipes[0]!, pattern.length, out);
  return out;
}

/** Where a group's content starts: after `(`, `(?:`, `(?P<name>`, `(?i:`… */
function groupBodyStart(pattern: string, open: number): number {
  const m = /^\((\?(P?<[^>]*>|[a-zA-Z-]*:))?/.exec(pattern.slice(open));
  return open + (m?.[0].length ?? 1);
}

function collect(pattern: string, start: number, pipes: number[], end: number, out: Alternation[]): void {
  const bounds = [start - 1, ...pipes, end];
  for (let k = 1; k < bounds.length - 1; k++) {
    out.push({ left: pattern.slice(bounds[k - 1]! + 1, bounds[k]), right: pattern.slice(bounds[k]! + 1, bounds[k + 1]) });
  }
}

/** Constructs both engines accept but read differently; each with what to write instead. */
export function re2PcreDifferences(pattern: string): string[] {
  const out: string[] = [];
  const bare = withoutClassesAndEscapes(pattern);
  if (/\{,\d+\}/.test(pattern)) {
    out.push('`{,n}` is the literal text "{,n}" in RE2 but "0 to n times" in PCRE2 10.43+; write `{0,n}`');
  }
  if (/(^|[^\\])\\v/.test(pattern)) {
    out.push('`\\v` is the vertical-tab character in RE2 but any vertical whitespace in PCRE; write `[\\n\\v\\f\\r]` if that is meant');
  }
  if (/\[:\^?[a-z]+:\]/.test(bare)) {
    out.push('`[:alpha:]` outside brackets is a character class of the letters ":alph" in RE2 (PCRE rejects it); write `[[:alpha:]]`');
  }
  return out;
}

/** The pattern with escapes and bracket expressions blanked out, to find bare constructs. */
function withoutClassesAndEscapes(pattern: string): string {
  let out = '';
  let depth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      out += '  ';
      i++;
      continue;
    }
    if (depth > 0) {
      // POSIX classes inside brackets (`[[:alpha:]]`) are fine: skip them whole.
      if (c === '[' && pattern[i + 1] === ':') {
        const close = pattern.indexOf(':]', i + 2);
        if (close > 0) {
          out += ' '.repeat(close + 2 - i);
          i = close + 1;
          continue;
        }
      }
      if (c === ']') depth = 0;
      out += ' ';
      continue;
    }
    if (c === '[' && pattern[i + 1] !== ':') {
      depth = 1;
      out += ' ';
      if (pattern[i + 1] === '^') (out += ' '), i++;
      if (pattern[i + 1] === ']') (out += ' '), i++;
      continue;
    }
    out += c;
  }
  return out;
}
