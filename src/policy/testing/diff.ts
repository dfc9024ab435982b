// Unified diffs exactly as CircleCI's test runner prints them: it uses go-difflib, a port of
// Python's difflib (SequenceMatcher with the "popular element" heuristic, grouped op codes,
// `@@ -a,b +c,d @@` ranges). Matching its algorithm, not just its format, keeps the hunks a user
// sees identical to what `circleci policy test` shows for the same failure.

export interface DiffOptions {
  fromFile: string;
  toFile: string;
  /** Lines of context around each change (CircleCI uses 1). */
  context: number;
}

interface Match {
  a: number;
  b: number;
  size: number;
}

type Tag = 'r' | 'd' | 'i' | 'e';

interface OpCode {
  tag: Tag;
  i1: number;
  i2: number;
  j1: number;
  j2: number;
}

/** Lines with their newlines kept; the last one gets a newline added (go-difflib's SplitLines). */
export function splitLines(text: string): string[] {
  const parts = text.split('\n');
  return parts.map((p, i) => p + '\n').map((p, i) => (i === parts.length - 1 ? parts[i]! + '\n' : p));
}

/** Lines of a file for a diff: as written, the last one completed with a newline if it lacks one. */
export function fileLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/(?<=\n)/);
  if (!lines[lines.length - 1]!.endsWith('\n')) lines[lines.length - 1] += '\n';
  return lines;
}

/** The unified diff of two texts (go-difflib's line splitting); empty when they are equal. */
export function unifiedDiff(a: string, b: string, opts: DiffOptions): string {
  return unifiedDiffLines(splitLines(a), splitLines(b), opts);
}

export function unifiedDiffLines(a: string[], b: string[], opts: DiffOptions): string {
  let out = '';
  for (const group of groupedOpCodes(new Matcher(a, b).opCodes(), opts.context)) {
    if (out === '') out += `--- ${opts.fromFile}\n+++ ${opts.toFile}\n`;
    const first = group[0]!;
    const last = group[group.length - 1]!;
    out += `@@ -${range(first.i1, last.i2)} +${range(first.j1, last.j2)} @@\n`;
    for (const c of group) {
      if (c.tag === 'e') {
        for (const line of a.slice(c.i1, c.i2)) out += ' ' + line;
        continue;
      }
      if (c.tag === 'r' || c.tag === 'd') for (const line of a.slice(c.i1, c.i2)) out += '-' + line;
      if (c.tag === 'r' || c.tag === 'i') for (const line of b.slice(c.j1, c.j2)) out += '+' + line;
    }
  }
  return out;
}

function range(start: number, stop: number): string {
  const length = stop - start;
  if (length === 1) return String(start + 1);
  return `${length === 0 ? start : start + 1},${length}`;
}

class Matcher {
  private readonly b2j = new Map<string, number[]>();

  constructor(
    private readonly a: string[],
    private readonly b: string[],
  ) {
    b.forEach((line, i) => {
      const list = this.b2j.get(line);
      if (list === undefined) this.b2j.set(line, [i]);
      else list.push(i);
    });
    // Lines present in more than 1% of a long b are "popular" and never start a match.
    if (b.length >= 200) {
      const limit = Math.floor(b.length / 100) + 1;
      for (const [line, list] of [...this.b2j]) if (list.length > limit) this.b2j.delete(line);
    }
  }

  opCodes(): OpCode[] {
    const codes: OpCode[] = [];
    let i = 0;
    let j = 0;
    for (const m of this.matchingBlocks()) {
      const tag: Tag | undefined = i < m.a && j < m.b ? 'r' : i < m.a ? 'd' : j < m.b ? 'i' : undefined;
      if (tag !== undefined) codes.push({ tag, i1: i, i2: m.a, j1: j, j2: m.b });
      i = m.a + m.size;
      j = m.b + m.size;
      if (m.size > 0) codes.push({ tag: 'e', i1: m.a, i2: i, j1: m.b, j2: j });
    }
    return codes;
  }

  private matchingBlocks(): Match[] {
    const matched: Match[] = [];
    const queue: [number, number, number, number][] = [[0, this.a.length, 0, this.b.length]];
    // Recursion order matters for the result only through sorting, done below.
    while (queue.length > 0) {
      const [alo, ahi, blo, bhi] = queue.pop()!;
      const m = this.longestMatch(alo, ahi, blo, bhi);
      if (m.size === 0) continue;
      matched.push(m);
      if (alo < m.a && blo < m.b) queue.push([alo, m.a, blo, m.b]);
      if (m.a + m.size < ahi && m.b + m.size < bhi) queue.push([m.a + m.size, ahi, m.b + m.size, bhi]);
    }
    matched.sort((x, y) => x.a - y.a || x.b - y.b);
    const out: Match[] = [];
    let cur: Match = { a: 0, b: 0, size: 0 };
    for (const m of matched) {
      if (cur.a + cur.size === m.a && cur.b + cur.size === m.b) cur = { ...cur, size: cur.size + m.size };
      else {
        if (cur.size > 0) out.push(cur);
        cur = m;
      }
    }
    if (cur.size > 0) out.push(cur);
    out.push({ a: this.a.length, b: this.b.length, size: 0 });
    return out;
  }

  private longestMatch(alo: number, ahi: number, blo: number, bhi: number): Match {
    let besti = alo;
    let bestj = blo;
    let best = 0;
    let j2len = new Map<number, number>();
    for (let i = alo; i < ahi; i++) {
      const next = new Map<number, number>();
      for (const j of this.b2j.get(this.a[i]!) ?? []) {
        if (j < blo) continue;
        if (j >= bhi) break;
        const k = (j2len.get(j - 1) ?? 0) + 1;
        next.set(j, k);
        if (k > best) {
          besti = i - k + 1;
          bestj = j - k + 1;
          best = k;
        }
      }
      j2len = next;
    }
    // Popular lines were left out of b2j; extend the match over equal neighbours.
    while (besti > alo && bestj > blo && this.a[besti - 1] === this.b[bestj - 1]) {
      besti--;
      bestj--;
      best++;
    }
    while (besti + best < ahi && bestj + best < bhi && this.a[besti + best] === this.b[bestj + best]) best++;
    return { a: besti, b: bestj, size: best };
  }
}

function groupedOpCodes(input: OpCode[], n: number): OpCode[][] {
  const codes = input.length > 0 ? input.map((c) => ({ ...c })) : [{ tag: 'e' as Tag, i1: 0, i2: 1, j1: 0, j2: 1 }];
  const first = codes[0]!;
  if (first.tag === 'e') {
    first.i1 = Math.max(first.i1, first.i2 - n);
    first.j1 = Math.max(first.j1, first.j2 - n);
  }
  const last = codes[codes.length - 1]!;
  if (last.tag === 'e') {
    last.i2 = Math.min(last.i2, last.i1 + n);
    last.j2 = Math.min(last.j2, last.j1 + n);
  }
  const groups: OpCode[][] = [];
  let group: OpCode[] = [];
  for (const c of codes) {
    let { i1, j1 } = c;
    // A long unchanged stretch ends one hunk and starts the next.
    if (c.tag === 'e' && c.i2 - c.i1 > 2 * n) {
      group.push({ tag: 'e', i1, i2: Math.min(c.i2, i1 + n), j1, j2: Math.min(c.j2, j1 + n) });
      groups.push(group);
      group = [];
      i1 = Math.max(i1, c.i2 - n);
      j1 = Math.max(j1, c.j2 - n);
    }
    group.push({ tag: c.tag, i1, i2: c.i2, j1, j2: c.j2 });
  }
  if (group.length > 0 && !(group.length === 1 && group[0]!.tag === 'e')) groups.push(group);
  return groups;
}
