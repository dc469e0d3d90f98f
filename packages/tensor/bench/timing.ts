// Timing helpers shared by the benchmarks: warm up (so V8 and wasm tier up), then time several
// repetitions. Medians shrug off the odd GC pause; the minimum is for tuning sweeps.

const now = () => performance.now() / 1000;

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((p, q) => p - q);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Seconds of each of `reps` timed runs of `fn`, after `warmup` untimed ones. */
export function sampleSeconds(fn: () => void, reps: number, warmup: number): number[] {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = now();
    fn();
    times.push(now() - t0);
  }
  return times;
}

/** The same for async work (tfjs readback). */
export async function sampleSecondsAsync(
  fn: () => Promise<void>,
  reps: number,
  warmup: number,
): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = now();
    await fn();
    times.push(now() - t0);
  }
  return times;
}

/** Median seconds of `fn` over `reps` timed runs, after `warmup` untimed ones. */
export function medianSeconds(fn: () => void, reps = 7, warmup = 2): number {
  return median(sampleSeconds(fn, reps, warmup));
}

/**
 * Fastest of `reps` runs: for tuning sweeps on a shared machine, where the minimum estimates the
 * undisturbed cost better than the median when neighbours steal cycles.
 */
export function bestSeconds(fn: () => void, reps = 7, warmup = 2): number {
  return Math.min(...sampleSeconds(fn, reps, warmup));
}
