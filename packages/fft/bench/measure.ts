// Timing for side-by-side benchmarks on a shared, noisy machine (other jobs, a busy sibling
// hyperthread, frequency changes). The two contenders alternate in short rounds, so each pair of
// rounds runs under about the same conditions: the speedup is the median of the per-round ratios,
// and each contender's time is the median of its rounds.

export interface Pair {
  /** median ns per call of a and of b */
  a: number;
  b: number;
  /** median over rounds of time(b) / time(a): > 1 means a is faster */
  speedup: number;
}

function timeBatch(fn: () => void, reps: number): number {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < reps; i++) fn();
  return Number(process.hrtime.bigint() - t0) / reps;
}

export function median(v: readonly number[]): number {
  const s = [...v].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Warms both up (~100 ms), then alternates them for `rounds` rounds of about `roundMs` each. */
export function comparePair(a: () => void, b: () => void, rounds = 41, roundMs = 3): Pair {
  const single = Math.max(timeBatch(a, 1), timeBatch(b, 1));
  const warm = Math.max(3, Math.round(50e6 / single));
  timeBatch(a, warm);
  timeBatch(b, warm);
  const reps = Math.max(1, Math.round((roundMs * 1e6) / Math.max(timeBatch(a, 3), timeBatch(b, 3))));
  const ta: number[] = [];
  const tb: number[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const x = timeBatch(a, reps);
    const y = timeBatch(b, reps);
    ta.push(x);
    tb.push(y);
    ratios.push(y / x);
  }
  return { a: median(ta), b: median(tb), speedup: median(ratios) };
}
