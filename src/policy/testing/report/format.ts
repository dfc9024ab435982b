// Small pieces of Go's formatting the reports reproduce: durations (`time.Duration.String`),
// seconds with three decimals (`%.3f`), and text/tabwriter's column alignment.

/** Go's Duration.String(): `0s`, `850ns`, `306.467µs`, `1.5ms`, `2.000001s`, `1m3s`. */
export function goDuration(ns: bigint): string {
  if (ns === 0n) return '0s';
  const neg = ns < 0n;
  let u = neg ? -ns : ns;
  let out: string;
  if (u < 1_000_000_000n) {
    if (u < 1000n) out = `${u}ns`;
    else if (u < 1_000_000n) out = frac(u, 3) + 'µs';
    else out = frac(u, 6) + 'ms';
  } else {
    const secs = frac(u, 9);
    u /= 1_000_000_000n;
    const s = secs.replace(/^\d+/, String(u % 60n));
    u /= 60n;
    if (u === 0n) out = `${s}s`;
    else if (u < 60n) out = `${u}m${s}s`;
    else out = `${u / 60n}h${u % 60n}m${s}s`;
  }
  return neg ? '-' + out : out;
}

/** `v / 10^prec` with the fraction's trailing zeros (and a bare point) left out. */
function frac(v: bigint, prec: number): string {
  const unit = 10n ** BigInt(prec);
  const fraction = (v % unit).toString().padStart(prec, '0').replace(/0+$/, '');
  return `${v / unit}${fraction === '' ? '' : '.' + fraction}`;
}

/** Nanoseconds as seconds with three decimals, as Go's `%.3f` prints them. */
export function seconds(ns: bigint): string {
  return (Number(ns) / 1e9).toFixed(3);
}

/** Whole milliseconds, truncated (Duration.Milliseconds). */
export function milliseconds(ns: bigint): number {
  return Number(ns / 1_000_000n);
}

/**
 * Go's text/tabwriter with minwidth 0, padding `padding`, spaces, no flags: every tab-terminated
 * cell is padded to the widest cell of its column within a block of consecutive lines that have
 * that column; the text after a line's last tab is written as is.
 */
export function tabwrite(text: string, padding = 4): string {
  const lines = text.split('\n').map((l) => l.split('\t'));
  const width = (s: string) => [...s].length;
  const widths: number[] = [];
  let out = '';
  const writeLines = (from: number, to: number): void => {
    for (let i = from; i < to; i++) {
      const cells = lines[i]!;
      cells.forEach((c, j) => {
        out += c;
        if (j < widths.length && j < cells.length - 1) out += ' '.repeat(widths[j]! - width(c));
      });
      if (i + 1 < lines.length) out += '\n';
    }
  };
  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    for (let cur = line0; cur < line1; cur++) {
      if (column >= lines[cur]!.length - 1) continue;
      writeLines(line0, cur);
      line0 = cur;
      let w = 0;
      for (; cur < line1 && column < lines[cur]!.length - 1; cur++) w = Math.max(w, width(lines[cur]![column]!) + padding);
      widths.push(w);
      format(line0, cur);
      widths.pop();
      line0 = cur;
      cur--;
    }
    writeLines(line0, line1);
  };
  format(0, lines.length);
  return out;
}
