// regex.globs_match: whether two glob-like patterns (`.`, `[...]`, `*`, `+` and `\` escapes
// only) match a common non-empty string, decided as the glob-intersection library OPA uses.

import { BuiltinError } from './registry.js';

type Token = { kind: 'char'; c: number; flag: Flag } | { kind: 'dot'; flag: Flag } | { kind: 'set'; cs: Set<number>; flag: Flag };
type Flag = '' | '+' | '*';

class Reader {
  i = 0;
  constructor(readonly runes: number[]) {}

  /** The next rune and whether it was escaped, or undefined at the end. */
  next(): [number, boolean] | undefined {
    if (this.i >= this.runes.length) return undefined;
    const r = this.runes[this.i]!;
    if (r !== 0x5c) {
      this.i++;
      return [r, false];
    }
    if (this.i === this.runes.length - 1) throw invalid(this.i, 'input ends with a \\ (escape) character');
    this.i += 2;
    return [this.runes[this.i - 1]!, true];
  }
}

function invalid(pos: number, msg: string): BuiltinError {
  return new BuiltinError(`pos:${pos}:${msg}: the input provided is invalid`);
}

const CLOSE = 0x5d;
const DASH = 0x2d;

function readSet(rd: Reader): Set<number> {
  const cs = new Set<number>();
  let prev = -1;
  for (;;) {
    const n = rd.next();
    if (n === undefined) throw invalid(rd.i, 'found [ without matching ]');
    const [r, escaped] = n;
    if (escaped) {
      cs.add(r);
      prev = r;
    } else if (r === CLOSE) return cs;
    else if (r === DASH) {
      if (prev < 0) throw invalid(rd.i, "range character '-' must be preceded by a Unicode character");
      if (rd.i >= rd.runes.length - 1) throw invalid(rd.i, "range character '-' must be followed by a Unicode character");
      const [hi, hiEscaped] = rd.next()!;
      if (!hiEscaped && (hi === CLOSE || hi === DASH)) throw invalid(rd.i, "range character '-' cannot be followed by a special symbol");
      for (let x = prev; x <= hi; x++) cs.add(x);
      prev = -1;
    } else {
      cs.add(r);
      prev = r;
    }
  }
}

function tokenize(pattern: string): Token[] {
  const rd = new Reader(Array.from(pattern, (c) => c.codePointAt(0)!));
  const tokens: Token[] = [];
  for (let n = rd.next(); n !== undefined; n = rd.next()) {
    const [r, escaped] = n;
    let t: Token;
    if (escaped) t = { kind: 'char', c: r, flag: '' };
    else if (r === 0x2e) t = { kind: 'dot', flag: '' };
    else if (r === 0x5b) t = { kind: 'set', cs: readSet(rd), flag: '' };
    else if (r === CLOSE) throw invalid(rd.i, "set-close ']' with no preceding '['");
    else if (r === 0x2b || r === 0x2a) throw invalid(rd.i, `flag '${String.fromCodePoint(r)}' must be preceded by a non-flag`);
    else t = { kind: 'char', c: r, flag: '' };
    const f = rd.runes[rd.i];
    if (f === 0x2b || f === 0x2a) {
      t.flag = f === 0x2b ? '+' : '*';
      rd.i++;
    }
    tokens.push(t);
  }
  return simplify(tokens);
}

function sameToken(a: Token, b: Token): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'char') return a.c === (b as typeof a).c;
  if (a.kind === 'set') {
    const o = (b as typeof a).cs;
    return a.cs.size === o.size && [...a.cs].every((c) => o.has(c));
  }
  return true;
}

/** Merges neighbouring equal flagged tokens: t*t* is t*, and t+ wins over t*. */
function simplify(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (const t of tokens) {
    const last = out[out.length - 1];
    if (last !== undefined && t.flag !== '' && last.flag !== '' && sameToken(t, last)) {
      last.flag = t.flag === '+' || last.flag === '+' ? '+' : '*';
    } else out.push({ ...t });
  }
  return out;
}

function tokensMatch(a: Token, b: Token): boolean {
  if (a.kind === 'dot' || b.kind === 'dot') return true;
  if (a.kind === 'char' && b.kind === 'char') return a.c === b.c;
  if (a.kind === 'char') return (b as { cs: Set<number> }).cs.has(a.c);
  if (b.kind === 'char') return a.cs.has(b.c);
  for (const c of a.cs) if (b.cs.has(c)) return true;
  return false;
}

/** Strips equal unflagged prefixes and suffixes, keeping one token on each side. */
function trim(g1: Token[], g2: Token[]): [Token[], Token[]] | undefined {
  let l = 0;
  for (; l < g1.length && l < g2.length && g1[l]!.flag === '' && g2[l]!.flag === ''; l++) if (!tokensMatch(g1[l]!, g2[l]!)) return undefined;
  if (l > 0) l--;
  let r1 = g1.length - 1;
  let r2 = g2.length - 1;
  for (; r1 >= 0 && r1 >= l && r2 >= 0 && r2 >= l && g1[r1]!.flag === '' && g2[r2]!.flag === ''; r1--, r2--)
    if (!tokensMatch(g1[r1]!, g2[r2]!)) return undefined;
  if (r1 < g1.length - 1) {
    r1++;
    r2++;
  }
  return [g1.slice(l, r1 + 1), g2.slice(l, r2 + 1)];
}

function intersectNormal(g1: Token[], g2: Token[]): boolean {
  let i = 0;
  let j = 0;
  for (; i < g1.length && j < g2.length; i++, j++) {
    if (g1[i]!.flag !== '' || g2[j]!.flag !== '') return intersectSpecial(g1.slice(i), g2.slice(j));
    if (!tokensMatch(g1[i]!, g2[j]!)) return false;
  }
  return i === g1.length && j === g2.length;
}

function intersectSpecial(g1: Token[], g2: Token[]): boolean {
  const [flagged, other] = g1[0]!.flag !== '' ? [g1, g2] : [g2, g1];
  return flagged[0]!.flag === '+' ? intersectPlus(flagged, other) : intersectStar(flagged, other);
}

function intersectPlus(plussed: Token[], other: Token[]): boolean {
  if (other.length === 0 || !tokensMatch(plussed[0]!, other[0]!)) return false;
  if (intersectStar(plussed, other.slice(1))) return true;
  return other[0]!.flag !== '' && intersectNormal(plussed.slice(1), other);
}

function intersectStar(starred: Token[], other: Token[]): boolean {
  const star = starred[0]!;
  const next = starred[1];
  for (let i = 0; i < other.length; i++) {
    const t = other[i]!;
    if (next !== undefined && tokensMatch(t, next)) {
      if (intersectNormal(starred.slice(1), other.slice(i))) return true;
    }
    if (!tokensMatch(t, star)) return false;
  }
  return next === undefined;
}

export function globsIntersect(a: string, b: string): boolean {
  const trimmed = trim(tokenize(a), tokenize(b));
  return trimmed !== undefined && intersectNormal(trimmed[0], trimmed[1]);
}
