// Timing of scanner calls as a user makes them (host work included), for the GPU benchmarks:
// R calls back to back, each awaited, then one wait for the queue. The issue time (the loop alone)
// shows the host's share; the total per call what a pipelined caller gets. Median of rounds: one
// garbage-collector pause in a round of ~15 ms of work would otherwise add ~0.5 ms per call.

export function median(v: number[]): number {
  const s = [...v].sort((p, q) => p - q);
  return s[Math.floor(s.length / 2)]!;
}

/** Median time (ms) of `n` calls, each waited for: the latency a single call sees. */
export async function waitedCallTime(device: GPUDevice, call: () => unknown, n: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await call();
    await device.queue.onSubmittedWorkDone();
    times.push(performance.now() - t0);
  }
  return median(times);
}

/** Issue and total time per call (ms) of `reps` calls of `call`, median of `rounds` rounds. */
export async function callTimes(
  device: GPUDevice,
  call: () => unknown,
  reps = 20,
  rounds = 3,
): Promise<{ issue: number; total: number }> {
  const issue: number[] = [];
  const total: number[] = [];
  for (let r = 0; r < rounds; r++) {
    await device.queue.onSubmittedWorkDone();
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) await call();
    const t1 = performance.now();
    await device.queue.onSubmittedWorkDone();
    const t2 = performance.now();
    issue.push((t1 - t0) / reps);
    total.push((t2 - t0) / reps);
  }
  return { issue: median(issue), total: median(total) };
}
