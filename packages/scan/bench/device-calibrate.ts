// Calibration of gpu.js's webgpu backend on the GPU machine, independent of the scans: what one
// launch costs, what a copy kernel moves, what a dependent FMA/exp loop runs at. The scans'
// numbers only mean something next to these. Bundled and run like device.ts (pass --calibrate).
import { GPU, input } from '../src/gpujs';

type Dev = { queue: { onSubmittedWorkDone(): Promise<void> } };
type K = ((...a: unknown[]) => Promise<{ delete(): void }>) & { kernel: unknown };

export async function calibrate(dev: Dev, log: (...a: unknown[]) => void): Promise<void> {
  const gpu = new GPU({ mode: 'webgpu' as never });
  const n = 1 << 23;
  const dims = [2048, 4096];
  const src = new Float32Array(n);
  for (let i = 0; i < n; i++) src[i] = (i % 1000) / 1000;
  const up = gpu.createKernel('function (v) { return v[this.thread.y][this.thread.x]; }', {
    output: dims,
    pipeline: true,
    immutable: true,
  }) as unknown as K;
  const a = await up(input(src, dims));
  const variants: [string, string, number[]][] = [
    ['copy', 'function (v) { return v[this.thread.y][this.thread.x] * 1.5; }', dims],
    ['tiny', 'function (v) { return v[0][this.thread.x]; }', [1]],
    [
      'fma256',
      'function (v) { let h = v[this.thread.y][this.thread.x]; for (let i = 0; i < 256; i++) { h = h * 0.999 + 0.5; } return h; }',
      dims,
    ],
    [
      'exp256',
      'function (v) { let h = v[this.thread.y][this.thread.x]; for (let i = 0; i < 256; i++) { h = Math.exp(-h) * 0.5 + 0.25; } return h; }',
      dims,
    ],
    [
      'load256',
      'function (v) { let h = 0.0; for (let i = 0; i < 256; i++) { h = h * 0.5 + v[(this.thread.y + i) & 4095][this.thread.x]; } return h; }',
      dims,
    ],
  ];
  for (const [name, source, out] of variants) {
    for (const immutable of [true, false]) {
      const k = gpu.createKernel(source, {
        output: out,
        pipeline: true,
        immutable,
        loopMaxIterations: 300,
      } as never) as unknown as K;
      const r0 = await k(a);
      await dev.queue.onSubmittedWorkDone();
      r0.delete();
      const reps = 20;
      const t0 = performance.now();
      const rs: { delete(): void }[] = [];
      for (let i = 0; i < reps; i++) rs.push(await k(a));
      const issued = performance.now() - t0;
      await dev.queue.onSubmittedWorkDone();
      const total = performance.now() - t0;
      for (const r of rs) r.delete();
      const per = total / reps;
      const cells = out.reduce((p, q) => p * q, 1);
      const gbs = (8 * cells) / (per * 1e6);
      log(
        `calibrate ${name} ${immutable ? 'immutable' : 'mutable'}: ${per.toFixed(3)} ms/launch (issue ${(issued / reps).toFixed(3)} ms), ` +
          `${cells} cells, copy-equivalent ${gbs.toFixed(0)} GB/s, ${(cells / per / 1e6).toFixed(2)} Gcell/s`,
      );
    }
  }
}
