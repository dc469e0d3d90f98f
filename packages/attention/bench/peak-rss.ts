// Peak memory of a synchronous call, measured in-process: a worker thread samples the process's
// resident set size every millisecond while the main thread computes (a synchronous call blocks
// the main thread's own timers, not the worker's). Peak minus the RSS just before the call
// (after a full GC) is the extra memory the call needed.
import { Worker } from 'node:worker_threads';

const SAMPLER = `
const { workerData } = require('node:worker_threads');
const peak = new Float64Array(workerData.peak);
const flags = new Int32Array(workerData.flags);
Atomics.store(flags, 1, 1);
Atomics.notify(flags, 1);
while (Atomics.load(flags, 0) === 0) {
  const r = process.memoryUsage.rss();
  if (r > peak[0]) peak[0] = r;
  Atomics.wait(flags, 0, 0, 1);
}
`;

export interface Measured<T> {
  value: T;
  seconds: number;
  /** Peak RSS during the call minus RSS before it, bytes. */
  peakExtraBytes: number;
}

function collect(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) {
    g();
    g();
  }
}

/** Runs fn once, timing it and sampling the peak RSS. Call with node --expose-gc for a clean baseline. */
export async function measurePeak<T>(fn: () => T): Promise<Measured<T>> {
  collect();
  const peak = new SharedArrayBuffer(8);
  const flags = new SharedArrayBuffer(8);
  const f = new Int32Array(flags);
  const worker = new Worker(SAMPLER, { eval: true, workerData: { peak, flags } });
  while (Atomics.load(f, 1) === 0) await new Promise((r) => setTimeout(r, 1));
  const before = process.memoryUsage.rss();
  const t0 = performance.now();
  const value = fn();
  const seconds = (performance.now() - t0) / 1000;
  const after = process.memoryUsage.rss();
  Atomics.store(f, 0, 1);
  Atomics.notify(f, 0);
  await worker.terminate();
  const top = Math.max(new Float64Array(peak)[0]!, after);
  return { value, seconds, peakExtraBytes: Math.max(0, top - before) };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export const MiB = 1024 * 1024;
