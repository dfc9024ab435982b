// Shared timing helpers for benchmarks: run a function until enough time has passed, report
// µs/op and ops/s, and compare against a baseline measured in the same run.

export interface Measurement {
  name: string;
  usPerOp: number;
  opsPerSec: number;
}

/** Runs `fn` repeatedly for about `ms` milliseconds (after a warm-up) and measures it. */
export function measure(name: string, fn: () => unknown, ms = Number(process.env.BENCH_MS ?? 1500)): Measurement {
  const warmUntil = performance.now() + Math.min(300, ms / 4);
  while (performance.now() < warmUntil) fn();
  let n = 0;
  const start = performance.now();
  let now = start;
  const end = start + ms;
  while (now < end) {
    for (let i = 0; i < 16; i++) fn();
    n += 16;
    now = performance.now();
  }
  const usPerOp = ((now - start) * 1000) / n;
  return { name, usPerOp, opsPerSec: 1e6 / usPerOp };
}

export function report(title: string, rows: Measurement[], baseline?: Measurement): void {
  console.log(`\n${title}`);
  for (const r of rows) {
    const ratio = baseline && r !== baseline ? `  ${(baseline.usPerOp / r.usPerOp).toFixed(1)}x faster than ${baseline.name}` : '';
    const us = r.usPerOp < 10 ? r.usPerOp.toFixed(3) : r.usPerOp.toFixed(1);
    console.log(`  ${r.name.padEnd(46)} ${us.padStart(10)} µs/op ${r.opsPerSec.toFixed(0).padStart(10)} ops/s${ratio}`);
  }
}
