// The host side of the webgpu-wgsl selective forward on an in-memory device (test/fake-gpu.ts; nothing is
// computed there, the GPU checks run on the H100): the dispatch grid, the dims uniform, the
// packing of A | D | bias | h0 into one buffer (host values and DeviceTensors alike), and what
// `info` reports.
import { describe, expect, it } from 'vitest';
import { ROOMY_LIMITS, useFakeWgslScanner } from './fake-gpu';
import { wgslInputs } from './wgsl-inputs';

const fx = useFakeWgslScanner(ROOMY_LIMITS);

const floats = (b: { data: Uint8Array }, n = b.data.length / 4) => [...new Float32Array(b.data.buffer, 0, n)];
const words = (b: { data: Uint8Array }, n: number) => [...new Uint32Array(b.data.buffer, 0, n)];

describe('webgpu-wgsl selective forward (host side)', () => {
  it('one dispatch over (ceil(D / CH), B) workgroups, reported as seqmod-wgsl', async () => {
    const [B, L, D, N, G] = [3, 70, 40, 8, 2];
    const y = await fx.s.selectiveScan(wgslInputs(B, L, D, N, G, 1));
    expect(y.info).toMatchObject({
      backend: 'webgpu-wgsl',
      engine: 'seqmod-wgsl',
      form: 'chunked',
      launches: 1,
    });
    expect(fx.dev.dispatched.length).toBe(1);
    // D = 40 → 32 channels per workgroup; B·D = 120 → S = 8 segments of K = 8 steps
    expect(fx.dev.dispatched[0]!.workgroups).toEqual([2, 3]);
    expect(y.info.chunk).toBe(64);
    expect(fx.dev.shaders[0]).toContain('@workgroup_size(256)');
  });

  it('refuses a subgroup tile the device cannot run (no subgroups here); the lane layout alone runs', async () => {
    const [B, L, D, N, G] = [2, 40, 32, 16, 1];
    fx.s.wgsl!.tileOverride.selective = { subgroup: 32 };
    await expect(fx.s.selectiveScan(wgslInputs(B, L, D, N, G, 3))).rejects.toThrow(/subgroup size is none/);
    expect(fx.dev.dispatched.length).toBe(0);
    fx.s.wgsl!.tileOverride.selective = { laneLayout: 32 };
    await fx.s.selectiveScan(wgslInputs(B, L, D, N, G, 3));
    expect(fx.dev.dispatched.length).toBe(1);
    expect(fx.dev.shaders.at(-1)).toContain('let s = (li % 32u) / 8u;');
    fx.s.wgsl!.tileOverride.selective = {};
  });

  it('state lanes: refused without subgroups for Q > 1; Q = 1 runs, K steps per loop iteration', async () => {
    const [B, L, D, N, G] = [2, 45, 40, 16, 1];
    fx.s.wgsl!.tileOverride.selective = { channels: 16, segments: 1, steps: 8, lanes: 4 };
    await expect(fx.s.selectiveScan(wgslInputs(B, L, D, N, G, 4))).rejects.toThrow(
      /lanes 4: needs subgroups of a fixed size that 4 divides, the device has none/,
    );
    expect(fx.dev.dispatched.length).toBe(0);
    fx.s.wgsl!.tileOverride.selective = { channels: 16, segments: 1, steps: 8, lanes: 1 };
    const y = await fx.s.selectiveScan(wgslInputs(B, L, D, N, G, 4));
    // each channel walked over all of L: reported as the sequential form
    expect(y.info).toMatchObject({ engine: 'seqmod-wgsl', form: 'sequential', chunk: L, launches: 1 });
    const d = fx.dev.dispatched[0]!;
    expect(d.workgroups).toEqual([3, 2]);
    expect(words(d.entries.get(0) as never, 5)).toEqual([L, D, G, D, Math.ceil(L / 8)]);
    expect(fx.dev.shaders.at(-1)).toContain('@workgroup_size(16)');
    expect(fx.dev.shaders.at(-1)).not.toContain('var<workgroup>');
    fx.s.wgsl!.tileOverride.selective = {};
  });

  it('an L split: aggregates, start states and the main pass over B·P rows, in one submission', async () => {
    const [B, L, D, N, G, P] = [2, 60, 8, 4, 1, 3];
    fx.s.wgsl!.tileOverride.selective = { channels: 8, segments: 1, steps: 4, lanes: 1, chunks: P };
    const x = wgslInputs(B, L, D, N, G, 5);
    // h0 as a DeviceTensor: copied row by row into the start states of chunk 0 (rows b·P)
    const h0 = await fx.s.upload(x.h0);
    const submits = fx.dev.submits;
    const y = await fx.s.selectiveScan({ ...x, h0 });
    // one submission for the three dispatches, one for the read-back of the results
    expect(fx.dev.submits - submits).toBe(2);
    expect(fx.dev.dispatched.length).toBe(3);
    expect(y.info).toMatchObject({ form: 'sequential', chunk: L, launches: 3 });
    const [agg, carries, main] = fx.dev.dispatched;
    expect([agg!.workgroups, carries!.workgroups, main!.workgroups]).toEqual([
      [1, B * P],
      [Math.ceil((B * D * N) / 64), 1],
      [1, B * P],
    ]);
    // rows of L/P steps; A | D | bias | starts [B·P, D, N] with h0 of row b at row b·P
    const dims = words(main!.entries.get(0) as never, 8);
    expect(dims.slice(0, 5)).toEqual([L / P, D, G, D, Math.ceil(L / P / 4)]);
    const oStart = D * N + 2 * D;
    expect(dims[7]).toBe(oStart);
    expect(words(carries!.entries.get(0) as never, 4)).toEqual([D, N, B * D * N, oStart]);
    const prm = floats(main!.entries.get(5) as never, oStart + B * P * D * N);
    const f32 = (a: ArrayLike<number>) => [...Float32Array.from(a)];
    for (let b = 0; b < B; b++)
      expect(prm.slice(oStart + b * P * D * N, oStart + (b * P + 1) * D * N)).toEqual(
        f32(x.h0.data.subarray(b * D * N, (b + 1) * D * N)),
      );
    // the aggregate pass binds no C, z or parameters it does not read; the carries read its sums
    expect([...agg!.entries.keys()].sort()).toEqual([0, 1, 2, 3, 5, 6, 7]);
    expect(carries!.entries.get(1)).toBe(agg!.entries.get(6));
    expect(carries!.entries.get(3)).toBe(main!.entries.get(5));
    expect(fx.dev.shaders.some((src) => src.includes('outp[b * dims.D + d] = sd;'))).toBe(true);
    fx.s.wgsl!.tileOverride.selective = { channels: 8, segments: 1, steps: 4, lanes: 1, chunks: 7 };
    await expect(fx.s.selectiveScan(x)).rejects.toThrow(
      /chunks 7: needs a lanes tile and chunks dividing L = 60/,
    );
    h0.release();
    fx.s.wgsl!.tileOverride.selective = {};
  });

  it('packs A | D | bias | h0 into one buffer at the offsets the dims uniform names', async () => {
    const [B, L, D, N, G] = [2, 33, 12, 4, 1];
    const x = wgslInputs(B, L, D, N, G, 2);
    await fx.s.selectiveScan(x);
    const { entries } = fx.dev.dispatched[0]!;
    const dims = words(entries.get(0) as never, 8);
    const tiles = Math.ceil(L / 64);
    expect(dims).toEqual([L, D, G, D / G, tiles, D * N, D * N + D, D * N + 2 * D]);
    const prm = floats(entries.get(5) as never, D * N + 2 * D + B * D * N);
    const f32 = (a: ArrayLike<number>) => [...Float32Array.from(a)];
    expect(prm).toEqual([...f32(x.A.data), ...f32(x.D.data), ...f32(x.deltaBias.data), ...f32(x.h0.data)]);
    expect(floats(entries.get(1) as never, B * L * D)).toEqual(f32(x.u.data));
    expect(floats(entries.get(8) as never, B * L * D)).toEqual(f32(x.z.data));
  });

  it('copies DeviceTensor parameters into the packed buffer on the device, absent ones shift', async () => {
    const [B, L, D, N, G] = [1, 16, 8, 4, 1];
    const x = wgslInputs(B, L, D, N, G, 3);
    const A = await fx.s.upload(x.A);
    const h0 = await fx.s.upload(x.h0);
    await fx.s.selectiveScan({ u: x.u, delta: x.delta, A, B: x.B, C: x.C, h0 });
    const { entries } = fx.dev.dispatched[0]!;
    // no D, no bias: h0 follows A directly
    expect(words(entries.get(0) as never, 8).slice(5)).toEqual([D * N, D * N, D * N]);
    const prm = floats(entries.get(5) as never, D * N + B * D * N);
    expect(prm).toEqual([...Float32Array.from(x.A.data), ...Float32Array.from(x.h0.data)]);
    expect(entries.has(8)).toBe(false);
  });
});
