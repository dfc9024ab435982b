// A one-line progress bar for deciding many configs on a terminal, redrawn in place with \r.

export function progressLine(done: number, total: number, width = 30): string {
  const frac = total === 0 ? 1 : Math.min(1, done / total);
  const filled = Math.round(frac * width);
  const pct = String(Math.floor(frac * 100)).padStart(3);
  return `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${pct}% ${done}/${total} configs`;
}

/** Clears the progress line. */
export function clearProgress(width = 30): string {
  return '\r' + ' '.repeat(width + 40) + '\r';
}
