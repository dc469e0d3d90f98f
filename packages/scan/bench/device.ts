// The GPU machine's run: WebGPU (Dawn) in Node, correctness against the CPU reference at small
// sizes, exactness past 2^24 elements, then timings with data resident on the device.
//
// Build and run (from the repository root; the GPU machine has no Node of its own):
//   pnpm exec esbuild packages/scan/bench/device.ts --bundle --platform=node --format=esm \
//     --conditions=@seqmod/source --external:webgpu --external:gl --outfile=/tmp/scan-device.mjs \
//     --banner:js="import { createRequire as __cr } from 'module'; const require = __cr(import.meta.url);"
//   ../shared/tools/device-pack.sh /tmp/scan-device.mjs
//   device run: carry [".device"], command `bash .device/run.sh`
// Bytes counted per selective scan: u, δ, z read and out written (4 × 4·B·L·D), B and C read
// (2 × 4·B·L·N), A, D, bias and the last state (small). GB/s = those bytes / time.
import {
  createScanner,
  type DeviceTensor,
  installNodeWebGPU,
  linearScanReference,
  nodeWebGPUDevice,
  type ScanArray,
  type Scanner,
  selectiveScanBackwardReference,
  selectiveScanReference,
} from '../src/index';
import { KernelRunner } from '../src/kernel-runner';
import { TIME_QUADS } from '../src/kernel-source-time-quads';
import { ratio } from '../test/error-ratio';
import { calibrate } from './device-calibrate';
import { randArray, rng, selectiveArrays, selectiveBytes, selectiveFlops, selectiveInputs } from './inputs';
import { inputsOf, problem } from './wgsl-checks';

type Dev = { queue: { onSubmittedWorkDone(): Promise<void> }; limits?: Record<string, number> };

const log = (...a: unknown[]) => console.log(...a);

async function correctness(s: Scanner): Promise<boolean> {
  const r = rng(4);
  const B = 2;
  const L = 45;
  const D = 12;
  const N = 8;
  const G = 3;
  const shape = { batch: B, length: L, channels: D, state: N, groups: G };
  // every option (softplus with bias, D, z, h0), grouped B/C
  const a = problem(shape, 3);
  const gOut = randArray(r, B * L * D);
  const gLast = randArray(r, B * D * N);
  const ref = selectiveScanReference(a, shape, 'float64');
  const gref = selectiveScanBackwardReference(a, { gOut, gLastState: gLast }, shape, 'float64');
  const x = inputsOf(a, shape);

  let ok = true;
  for (const form of ['sequential', 'chunked'] as const) {
    const y = await s.selectiveScan(x, { form, chunk: 8 });
    const g = await s.selectiveScanBackward(
      { ...x, gOut: { data: gOut, shape: [B, L, D] }, gLastState: { data: gLast, shape: [B, D, N] } },
      { form, chunk: 8 },
    );
    const rows: [string, number][] = [
      ['out', ratio((y.out as ScanArray).data, ref.out, 1e-3, 1e-4)],
      ['last', ratio((y.lastState as ScanArray).data, ref.lastState, 1e-3, 1e-4)],
    ];
    for (const k of ['u', 'delta', 'A', 'B', 'C', 'D', 'z', 'deltaBias', 'h0'] as const) {
      rows.push([`d${k}`, ratio((g[k] as ScanArray).data, gref[k], 1e-3, 1e-3)]);
    }
    const worst = Math.max(...rows.map((q) => q[1]));
    ok &&= worst <= 1;
    log(
      `check selective ${form} (${y.info.backend}): worst err/allowed ${worst.toExponential(2)} ${worst <= 1 ? 'PASS' : 'FAIL'}`,
    );
    if (worst > 1) log(rows.map(([k, v]) => `${k}=${v.toExponential(2)}`).join(' '));
  }
  const la = randArray(r, B * L * D, 0.5, 0.5);
  const lb = randArray(r, B * L * D);
  const lref = linearScanReference({ a: la, b: lb }, { batch: B, length: L, channels: D }, 'float64');
  for (const form of ['sequential', 'chunked'] as const) {
    const { h } = await s.linearScan(
      { a: { data: la, shape: [B, L, D] }, b: { data: lb, shape: [B, L, D] } },
      { form, chunk: 8 },
    );
    const w = ratio((h as ScanArray).data, lref, 1e-4, 1e-5);
    ok &&= w <= 1;
    log(`check linear ${form}: worst err/allowed ${w.toExponential(2)} ${w <= 1 ? 'PASS' : 'FAIL'}`);
  }
  return ok;
}

/** A linear scan of B·L·D > 2^24 elements (blocked), checked at sampled elements. */
async function pastIndexLimit(s: Scanner): Promise<boolean> {
  const B = 3;
  const L = 40;
  const D = 140_000;
  const r = rng(9);
  const a = randArray(r, B * L * D, 0.2, 0.7);
  const b = randArray(r, B * L * D);
  const t0 = performance.now();
  const { h, info } = await s.linearScan({
    a: { data: a, shape: [B, L, D] },
    b: { data: b, shape: [B, L, D] },
  });
  const ms = performance.now() - t0;
  const data = (h as ScanArray).data;
  let worst = 0;
  for (let k = 0; k < 2000; k++) {
    const bi = Math.floor(r() * B);
    const d = k < 10 ? D - 1 - k : Math.floor(r() * D);
    let st = 0;
    for (let t = 0; t < L; t++) {
      const i = (bi * L + t) * D + d;
      st = a[i]! * st + b[i]!;
      worst = Math.max(worst, Math.abs(data[i]! - st) / (1e-5 + 1e-4 * Math.abs(st)));
    }
  }
  log(
    `check past 2^24: B·L·D = ${B * L * D} in ${info.blocks} blocks (${info.form}), ${ms.toFixed(0)} ms, worst err/allowed ${worst.toExponential(2)} ${worst <= 1 ? 'PASS' : 'FAIL'}`,
  );
  return worst <= 1;
}

function median(v: number[]): number {
  const s = [...v].sort((p, q) => p - q);
  return s[Math.floor(s.length / 2)]!;
}

interface Variant {
  quads: boolean;
  chunk: number;
}

/**
 * The variants of one shape timed side by side: slabs uploaded once, a warm-up, then rounds that
 * run every variant in turn (GPU clocks and host noise hit all of them alike). Per variant:
 * median and best of the synchronous runs (queue + wait), the pipelined time per scan (`reps`
 * scans queued before one wait), the host's issue time, and the launches per scan set.
 */
async function compareSelective(
  s: Scanner,
  dev: Dev,
  B: number,
  L: number,
  D: number,
  N: number,
  variants: Variant[],
  rounds: number,
) {
  const x = selectiveArrays(1, L, D, N, 5);
  const host = selectiveInputs(x);
  const slabs: Record<string, unknown>[] = [];
  for (let b = 0; b < B; b++) {
    slabs.push({
      ...host,
      u: await s.upload(host.u),
      delta: await s.upload(host.delta),
      z: await s.upload(host.z),
      B: await s.upload(host.B),
      C: await s.upload(host.C),
      A: await s.upload(host.A),
      D: await s.upload(host.D),
      deltaBias: await s.upload(host.deltaBias),
    });
  }
  const stats = variants.map(() => ({
    sync: [] as number[],
    issue: [] as number[],
    piped: [] as number[],
    launches: 0,
  }));
  const once = async (v: Variant, i: number) => {
    TIME_QUADS.enabled = v.quads;
    const outs: DeviceTensor[] = [];
    let launches = 0;
    const t0 = performance.now();
    for (const slab of slabs) {
      const y = await s.selectiveScan(slab as never, { resident: true, chunk: v.chunk });
      launches += y.info.launches;
      outs.push(y.out as DeviceTensor, y.lastState as DeviceTensor);
    }
    const t1 = performance.now();
    await dev.queue.onSubmittedWorkDone();
    const t2 = performance.now();
    for (const o of outs) o.release();
    stats[i]!.launches = launches;
    return { sync: t2 - t0, issue: t1 - t0 };
  };
  const piped = async (v: Variant, reps: number) => {
    TIME_QUADS.enabled = v.quads;
    const t0 = performance.now();
    for (let r = 0; r < reps; r++) {
      for (const slab of slabs) {
        const y = await s.selectiveScan(slab as never, { resident: true, chunk: v.chunk });
        (y.out as DeviceTensor).release();
        (y.lastState as DeviceTensor).release();
      }
    }
    await dev.queue.onSubmittedWorkDone();
    return (performance.now() - t0) / reps;
  };
  // warm-up: builds every kernel, and keeps the GPU busy long enough to leave its idle clocks
  const w0 = performance.now();
  while (performance.now() - w0 < 1500) for (let i = 0; i < variants.length; i++) await once(variants[i]!, i);
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < variants.length; i++) {
      const t = await once(variants[i]!, i);
      stats[i]!.sync.push(t.sync);
      stats[i]!.issue.push(t.issue);
      stats[i]!.piped.push(await piped(variants[i]!, 5));
    }
  }
  for (const slab of slabs)
    for (const v of Object.values(slab))
      if (v && typeof v === 'object' && 'release' in v) (v as DeviceTensor).release();
  TIME_QUADS.enabled = true;
  const bytes = selectiveBytes(B, L, D, N);
  const { exps } = selectiveFlops(B, L, D, N);
  return stats.map((q) => {
    const ms = median(q.sync);
    const pm = median(q.piped);
    return {
      ms,
      best: Math.min(...q.sync),
      issue: median(q.issue),
      piped: pm,
      gbs: bytes / (ms * 1e6),
      gbsPiped: bytes / (pm * 1e6),
      bytes,
      exps,
      launches: q.launches,
    };
  });
}

async function timeLinear(
  s: Scanner,
  dev: Dev,
  B: number,
  L: number,
  D: number,
  chunk: number,
  reps: number,
) {
  const r = rng(11);
  const slabs: { a: DeviceTensor; b: DeviceTensor }[] = [];
  for (let b = 0; b < B; b++) {
    slabs.push({
      a: await s.upload({ data: randArray(r, L * D, 0.2, 0.7), shape: [1, L, D] }),
      b: await s.upload({ data: randArray(r, L * D), shape: [1, L, D] }),
    });
  }
  let launches = 0;
  const run = async () => {
    const outs: DeviceTensor[] = [];
    launches = 0;
    for (const slab of slabs) {
      const y = await s.linearScan(slab, { resident: true, chunk });
      launches += y.info.launches;
      outs.push(y.h as DeviceTensor);
    }
    await dev.queue.onSubmittedWorkDone();
    for (const o of outs) o.release();
  };
  await run();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  for (const slab of slabs) {
    slab.a.release();
    slab.b.release();
  }
  const ms = median(times);
  const bytes = 12 * B * L * D;
  return { ms, gbs: bytes / (ms * 1e6), launches };
}

async function timeBackward(
  s: Scanner,
  dev: Dev,
  L: number,
  D: number,
  N: number,
  chunk: number,
  reps: number,
) {
  const x = selectiveArrays(1, L, D, N, 6);
  const host = selectiveInputs(x);
  const r = rng(12);
  const gOut = await s.upload({ data: randArray(r, L * D), shape: [1, L, D] });
  const dev1 = {
    ...host,
    u: await s.upload(host.u),
    delta: await s.upload(host.delta),
    z: await s.upload(host.z),
    B: await s.upload(host.B),
    C: await s.upload(host.C),
  };
  const run = async () => {
    const g = await s.selectiveScanBackward({ ...dev1, gOut } as never, { resident: true, chunk });
    await dev.queue.onSubmittedWorkDone();
    for (const v of Object.values(g))
      if (v && typeof v === 'object' && 'release' in v) (v as DeviceTensor).release();
  };
  await run();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  return median(times);
}

/** Runs one forward with a wait after every launch and prints the GPU time per kernel kind. */
async function profile(s: Scanner, dev: Dev, L: number, D: number, N: number, chunk: number) {
  const x = selectiveArrays(1, L, D, N, 8);
  const host = selectiveInputs(x);
  const slab = {
    ...host,
    u: await s.upload(host.u),
    delta: await s.upload(host.delta),
    z: await s.upload(host.z),
    B: await s.upload(host.B),
    C: await s.upload(host.C),
  };
  const proto = KernelRunner.prototype as unknown as { call: (...a: unknown[]) => unknown };
  const orig = proto.call;
  const times = new Map<string, number>();
  const once = async () => {
    const y = await s.selectiveScan(slab as never, { resident: true, chunk });
    await dev.queue.onSubmittedWorkDone();
    (y.out as DeviceTensor).release();
    (y.lastState as DeviceTensor).release();
  };
  await once();
  proto.call = function (this: unknown, ...a: unknown[]) {
    const spec = a[0] as { key: string };
    const kind = spec.key.split(':')[0]!;
    const t0 = performance.now();
    const r = orig.apply(this, a) as Promise<unknown>;
    return Promise.resolve(r).then(async (v) => {
      await dev.queue.onSubmittedWorkDone();
      times.set(kind, (times.get(kind) ?? 0) + performance.now() - t0);
      return v;
    });
  };
  const t0 = performance.now();
  await once();
  const total = performance.now() - t0;
  proto.call = orig;
  log(
    `profile L=${L} D=${D} N=${N} T=${chunk}: ${total.toFixed(2)} ms, ` +
      [...times].map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', '),
  );
}

/** The device's own copy rate (copyBufferToBuffer, bytes read + written): the bandwidth ceiling. */
async function copyCeiling(dev: Dev): Promise<number> {
  const d = dev as unknown as {
    createBuffer(x: { size: number; usage: number }): { destroy(): void };
    createCommandEncoder(): {
      copyBufferToBuffer(a: unknown, ao: number, b: unknown, bo: number, n: number): void;
      finish(): unknown;
    };
    queue: { submit(c: unknown[]): void; onSubmittedWorkDone(): Promise<void> };
  };
  const bytes = 256 * 2 ** 20;
  const STORAGE = 0x80;
  const COPY_SRC = 0x4;
  const COPY_DST = 0x8;
  const a = d.createBuffer({ size: bytes, usage: STORAGE | COPY_SRC | COPY_DST });
  const b = d.createBuffer({ size: bytes, usage: STORAGE | COPY_SRC | COPY_DST });
  const once = async (n: number) => {
    const e = d.createCommandEncoder();
    for (let i = 0; i < n; i++) e.copyBufferToBuffer(i % 2 ? b : a, 0, i % 2 ? a : b, 0, bytes);
    d.queue.submit([e.finish()]);
    await d.queue.onSubmittedWorkDone();
  };
  await once(2);
  const t0 = performance.now();
  await once(20);
  const ms = (performance.now() - t0) / 20;
  a.destroy();
  b.destroy();
  return (2 * bytes) / (ms * 1e6);
}

async function main() {
  const quick = process.argv.includes('--quick');
  const bi = process.argv.indexOf('--backend');
  const backend = (bi > 0 ? process.argv[bi + 1] : 'webgpu') as 'webgpu' | 'webasm';
  // Dawn's binding: present on the GPU machine (.device/node_modules), kept out of the bundle
  const dawn = 'webgpu';
  if (backend === 'webgpu') installNodeWebGPU((await import(dawn)) as never);
  const s = await createScanner({ backend });
  const ok1 = await correctness(s);
  TIME_QUADS.enabled = false;
  const ok0 = await correctness(s); // the one-step-per-thread output, still used on GL
  TIME_QUADS.enabled = true;
  // gpu.js opens its device on the first kernel call
  const dev: Dev =
    backend === 'webgpu'
      ? (nodeWebGPUDevice() as Dev)
      : { queue: { onSubmittedWorkDone: () => Promise.resolve() } };
  log(
    `backend ${s.backend}; maxStorageBuffersPerShaderStage ${dev.limits?.maxStorageBuffersPerShaderStage}, maxBufferSize ${dev.limits?.maxBufferSize}`,
  );
  const ok2 = await pastIndexLimit(s);
  log(`correctness ${ok0 && ok1 && ok2 ? 'PASS' : 'FAIL'}`);
  if (backend === 'webgpu')
    log(`ceiling: copyBufferToBuffer ${(await copyCeiling(dev)).toFixed(0)} GB/s (read + write)`);
  if (backend === 'webgpu' && process.argv.includes('--calibrate')) await calibrate(dev, log);
  const N = 16;
  const rows: string[] = [];
  rows.push(
    '| scan | out/thread | B·L·D | B | L | D | T | launches | ms sync (median) | best | host issue | GB/s | ms pipelined | GB/s | exp/s |',
  );
  rows.push('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  const configs: [number, number, number][] = quick
    ? [[2, 2048, 256]]
    : [
        [2, 2048, 256],
        [4, 4096, 1024],
        [2, 2048, 4096],
      ];
  const variants: Variant[] = quick
    ? [{ quads: true, chunk: 16 }]
    : [
        { quads: true, chunk: 16 },
        { quads: true, chunk: 32 },
        { quads: false, chunk: 16 },
      ];
  for (const [B, L, D] of configs) {
    try {
      const res = await compareSelective(s, dev, B, L, D, N, variants, quick ? 3 : 7);
      res.forEach((t, i) => {
        const v = variants[i]!;
        rows.push(
          `| selective fwd | ${v.quads ? 4 : 1} | ${B * L * D} | ${B} | ${L} | ${D} | ${v.chunk} | ${t.launches} | ${t.ms.toFixed(3)} | ${t.best.toFixed(3)} | ${t.issue.toFixed(3)} | ${t.gbs.toFixed(0)} | ${t.piped.toFixed(3)} | ${t.gbsPiped.toFixed(0)} | ${(t.exps / (t.piped * 1e-3) / 1e12).toFixed(2)}T |`,
        );
        log(rows[rows.length - 1]);
      });
    } catch (e) {
      log(`selective ${B}x${L}x${D} failed: ${(e as Error).message}`);
    }
  }
  // per-kernel GPU time (a wait after every launch) once the clocks are up
  for (const tq of [true, false]) {
    TIME_QUADS.enabled = tq;
    log(`time quads ${tq ? 'on' : 'off'}:`);
    await profile(s, dev, 4096, 1024, N, 16);
    await profile(s, dev, 2048, 4096, N, 16);
  }
  TIME_QUADS.enabled = true;
  for (const [B, L, D] of quick
    ? [[2, 256, 16384]]
    : [
        [2, 256, 32768],
        [2, 4096, 2048],
      ]) {
    const t = await timeLinear(s, dev, B!, L!, D!, 16, 7);
    rows.push(
      `| linear fwd | 1 | ${B! * L! * D!} | ${B} | ${L} | ${D} | 16 | ${t.launches} | ${t.ms.toFixed(3)} | ${t.gbs.toFixed(0)} | | | |`,
    );
    log(rows[rows.length - 1]);
  }
  const tb = await timeBackward(s, dev, 2048, quick ? 256 : 2048, N, 16, 5);
  log(`selective bwd L=2048 D=${quick ? 256 : 2048} N=16 T=16: ${tb.toFixed(2)} ms`);
  log(`\n${rows.join('\n')}`);
  s.destroy();
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
