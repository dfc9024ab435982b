// Regular expressions: the patterns a policy hands to `regex.*` built-ins, followed back to the
// string literals they are written as (often a list rule such as `blocked_patterns`).

import type { Location, Term } from '../../../rego/index.js';
import type { LintModel } from '../model.js';
import { pcreOnlyHint, pipeLikeAlternation, re2Error, re2PcreDifferences } from '../regex.js';
import type { LintRule } from '../types.js';
import { constStrings, mayBeNonString, type StringConst } from '../values.js';
import { bodyCalls, forEachBody, type BodyCtx } from '../walk.js';
import { termText } from '../print.js';

/** Built-ins taking a pattern: the index of the pattern and of the text it is matched against. */
const REGEX_FNS: Record<string, { pattern: number; value: number }> = {
  'regex.match': { pattern: 0, value: 1 },
  re_match: { pattern: 0, value: 1 },
  'regex.find_n': { pattern: 0, value: 1 },
  'regex.find_all_string_submatch_n': { pattern: 0, value: 1 },
  'regex.split': { pattern: 0, value: 1 },
  'regex.replace': { pattern: 1, value: 0 },
};

interface RegexUse {
  fn: string;
  pattern: Term;
  value: Term | undefined;
  ctx: BodyCtx;
  loc: Location;
}

const cache = new WeakMap<LintModel, RegexUse[]>();

function regexUses(model: LintModel): RegexUse[] {
  let uses = cache.get(model);
  if (uses !== undefined) return uses;
  uses = [];
  for (const m of model.modules) {
    for (const rule of m.rules) {
      forEachBody(rule, m, (ctx) => {
        for (const c of bodyCalls(ctx)) {
          const spec = REGEX_FNS[c.name];
          if (spec === undefined || c.args[spec.pattern] === undefined) continue;
          uses!.push({ fn: c.name, pattern: c.args[spec.pattern]!, value: c.args[spec.value], ctx, loc: c.op.loc });
        }
      });
    }
  }
  cache.set(model, uses);
  return uses;
}

/** Each distinct pattern literal once, with the built-in that uses it. */
function patterns(model: LintModel): { fn: string; s: StringConst }[] {
  const seen = new Set<string>();
  const out: { fn: string; s: StringConst }[] = [];
  for (const u of regexUses(model)) {
    for (const s of constStrings(model, u.pattern, u.ctx)) {
      const key = `${s.loc.file}:${s.loc.row}:${s.loc.col}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ fn: u.fn, s });
    }
  }
  return out;
}

export const regexPipe: LintRule = {
  id: 'regex-pipe-alternation',
  severity: 'error',
  summary: 'a `|` in a regex that reads as a shell pipe is alternation',
  explanation: `In a regular expression \`|\` means "or". A pattern written to catch \`curl … | sh\`
such as "curl.*|.*sh" therefore matches any text that contains "curl" or any text that contains "sh" —
"git push", "bash build.sh", "./publish" — and a rule built on it fires on nearly every config, until
people stop reading its failures.

Fix: escape the pipe so it matches the character, and say where the shell is:
    "curl[^|]*\\\\|\\\\s*(ba|z)?sh\\\\b"      (in a Rego string; \`curl[^|]*\\|\\s*(ba|z)?sh\\b\` as a raw string)
A raw string (backquotes) saves one level of escaping: \`curl[^|]*\\|\\s*(ba|z)?sh\\b\`.`,
  check(model, report) {
    for (const { s } of patterns(model)) {
      const alt = pipeLikeAlternation(s.value);
      if (alt === undefined) continue;
      report(s.loc, `${JSON.stringify(s.value)}: \`|\` is alternation, not a pipe: this matches ${matchesWhat(alt.left, alt.right)}; escape it as \`\\|\``);
    }
  },
};

/** "any text containing "sh"" for the widest side, when one side is a plain word. */
function matchesWhat(left: string, right: string): string {
  const lits = [core(left), core(right)].filter((x): x is string => x !== undefined).sort((a, b) => a.length - b.length);
  if (lits.length > 0) return `any text containing ${JSON.stringify(lits[0])}`;
  return `any text that matches \`${left}\` or \`${right}\``;
}

function core(alt: string): string | undefined {
  const c = alt.replace(/^(\^|\.\*|\.\+|\\s\*|\\s\+| )+/, '').replace(/(\$|\.\*|\.\+|\\s\*|\\s\+| )+$/, '');
  return /^[A-Za-z0-9_ -]+$/.test(c) ? c : undefined;
}

export const regexInvalid: LintRule = {
  id: 'regex-re2-invalid',
  severity: 'error',
  summary: 'a regex that RE2 (OPA\'s regex engine) rejects',
  explanation: `OPA's regex built-ins use Go's regexp package, which implements RE2: no lookaround, no
backreferences, no possessive quantifiers or atomic groups, and repetition counts of at most 1000.
A pattern that RE2 rejects makes every call with it an error; without strict built-in errors (CircleCI
does not enable them) the call is simply undefined, so the rule never fires and nothing says why.
Patterns tested on regex101 with its default (PCRE) flavour often rely on such features.

Fix: rewrite the pattern in RE2 syntax (https://github.com/google/re2/wiki/Syntax), e.g. match the wider
text and test the excluded part with a second \`not regex.match(...)\`.`,
  check(model, report) {
    for (const { s } of patterns(model)) {
      const err = re2Error(s.value);
      if (err === undefined) continue;
      const hint = pcreOnlyHint(s.value);
      report(s.loc, `RE2 rejects ${JSON.stringify(s.value)}: ${err}${hint === undefined ? '' : `; ${hint}`}`);
    }
  },
};

export const regexDifference: LintRule = {
  id: 'regex-re2-pcre-difference',
  severity: 'warning',
  summary: 'a regex that RE2 and PCRE read differently',
  explanation: `Some patterns are valid in both RE2 (what OPA runs) and PCRE (what regex101, grep -P and
many editors use by default) but mean different things, so a pattern that "worked" when it was tried
out does something else in the policy:
- \`{,n}\`: literal text in RE2, "0 to n times" in PCRE2 10.43+. Write \`{0,n}\`.
- \`\\v\`: the vertical-tab character in RE2, any vertical whitespace in PCRE.
- \`[:alpha:]\` outside brackets: in RE2 a class of the characters ":alph"; PCRE rejects it. Write \`[[:alpha:]]\`.

Fix: use the spelling both engines agree on, shown with each finding.`,
  check(model, report) {
    for (const { s } of patterns(model)) {
      if (re2Error(s.value) !== undefined) continue;
      for (const d of re2PcreDifferences(s.value)) report(s.loc, `${JSON.stringify(s.value)}: ${d}`);
    }
  },
};

export const regexNonString: LintRule = {
  id: 'regex-non-string',
  severity: 'warning',
  summary: 'a regex built-in given a value that may not be a string',
  explanation: `\`regex.match(pattern, value)\` is an error when \`value\` is not a string, and without strict
built-in errors an error is just "undefined": the rule silently skips that value. CircleCI configs write
several keys in more than one shape — a step is \`checkout\` or \`{run: …}\`, \`run\` is a string or a map
\`{command: …, name: …}\` (and always a map in the compiled config), \`context\` and branch filters are a
string or a list — so a policy that passes \`step.run\` to \`regex.match\` never sees the commands of
\`run:\` maps, which are most of them in real configs.

Fix: normalise first, e.g.
    command := step.run if is_string(step.run)
    command := step.run.command if is_object(step.run)
and guard with \`is_string(command)\`.`,
  check(model, report) {
    const seen = new Set<string>();
    for (const u of regexUses(model)) {
      const key = `${u.loc.file}:${u.loc.row}:${u.loc.col}`;
      if (seen.has(key)) continue;
      const bad = nonString(model, u);
      if (bad === undefined) continue;
      seen.add(key);
      report(u.loc, `${u.fn} is given ${bad.what} which may not be a string: ${bad.why}; the call is then undefined and the value is silently skipped`);
    }
  },
};

function nonString(model: LintModel, u: RegexUse): { what: string; why: string } | undefined {
  for (const t of [u.pattern, u.value]) {
    if (t === undefined) continue;
    const why = mayBeNonString(model, t, u.ctx);
    if (why !== undefined) return { what: `\`${termText(t)}\``, why };
  }
  return undefined;
}

export const REGEX_RULES: LintRule[] = [regexPipe, regexInvalid, regexDifference, regexNonString];

