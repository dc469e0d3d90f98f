// The host side of the webgpu-wgsl selective backward on an in-memory device (test/fake-gpu.ts;
// nothing is computed there: the numbers are checked on SwiftShader by test/browser.test.ts and
// on the H100 by bench/wgsl-checks.ts): the dispatches and their grids, the work buffer's
// packing, the copy of ∂h0, which gradients come back, resident results, refusals.
import { BackendError } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import type { DeviceTensor } from '../src/index';
import { backwardDims, backwardLayout } from '../src/wgsl-kernel-selective-backward';
import { flatGrid } from '../src/wgsl-kernel-selective-grad-sums';
import { ROOMY_LIMITS, useFakeWgslScanner } from './fake-gpu';
import { rand, rng } from './helpers';
import { wgslInputs } from './wgsl-inputs';

const floats = (b: { data: Uint8Array }, n: number, at = 0) => [
  ...new Float32Array(b.data.buffer, 4 * at, n),
];
const words = (b: { data: Uint8Array }, n: number) => [...new Uint32Array(b.data.buffer, 0, n)];
const f32 = (a: ArrayLike<number>) => [...Float32Array.from(a)];

/** The forward's inputs and the cotangents ḡ_out [B, L, D], ḡ_last [B, D, N]. */
function inputs(B: number, L: number, D: number, N: number, G: number, seed: number) {
  const r = rng(seed + 1000);
  return {
    ...wgslInputs(B, L, D, N, G, seed),
    gOut: { data: rand(r, B * L * D), shape: [B, L, D] },
    gLastState: { data: rand(r, B * D * N), shape: [B, D, N] },
  };
}

describe('webgpu-wgsl selective backward (host side)', () => {
  const fx = useFakeWgslScanner(ROOMY_LIMITS);

  it('seven dispatches in one submission: gate, span aggregates, span carries, reverse, ∂z, ∂B∂C and parameter sums', async () => {
    const [B, L, D, N, G] = [2, 30, 40, 16, 2];
    const x = inputs(B, L, D, N, G, 1);
    const submits = fx.dev.submits;
    const g = await fx.s.selectiveScanBackward(x);
    // the dispatches, then the read-back of all nine gradients
    expect(fx.dev.submits - submits).toBe(2);
    // N = 16: chunks of 4 steps; this few threads: spans of one chunk (8 spans); D/G = 20
    // channels: one workgroup of 32 per group
    expect(g.info).toMatchObject({
      backend: 'webgpu-wgsl',
      engine: 'seqmod-wgsl',
      form: 'sequential',
      chunk: 4,
      launches: 7,
    });
    const grids = fx.dev.dispatched.map((d) => d.workgroups);
    const el = flatGrid(B * L * D);
    const spans = Math.ceil(L / 4);
    expect(grids).toEqual([
      el,
      [G, B * spans],
      [Math.ceil((B * D * N) / 64), 1],
      [G, B * spans],
      el,
      flatGrid(B * L * G * 2 * N),
      [Math.ceil((D * N) / 256), 1],
    ]);
    const shapes = {
      u: [B, L, D],
      delta: [B, L, D],
      z: [B, L, D],
      A: [D, N],
      B: [B, L, G, N],
      C: [B, L, G, N],
      D: [D],
      deltaBias: [D],
      h0: [B, D, N],
    };
    for (const [k, shape] of Object.entries(shapes))
      expect((g[k as 'u'] as { shape: number[] }).shape).toEqual(shape);
    // the gate writes gy, which the span pass and the reverse read (the reverse overwrites it
    // with y), and ∂z reads
    const [gate, span, carries, rev, gz, bc, pm] = fx.dev.dispatched;
    expect(span!.entries.get(6)).toBe(gate!.entries.get(3));
    expect(rev!.entries.get(6)).toBe(gate!.entries.get(3));
    expect(gz!.entries.get(3)).toBe(gate!.entries.get(3));
    // one work buffer for every pass but the gate's
    const work = span!.entries.get(5);
    expect([carries!.entries.get(1), rev!.entries.get(5), bc!.entries.get(1), pm!.entries.get(1)]).toEqual([
      work,
      work,
      work,
      work,
    ]);
  });

  it('packs A | D | bias | h0 | ḡ_last into the work buffer at the offsets the dims name', async () => {
    const [B, L, D, N, G] = [2, 9, 12, 4, 3];
    const x = inputs(B, L, D, N, G, 2);
    const tile = { channels: 2, steps: 3, span: 6 };
    fx.s.wgsl!.tileOverride.backward = tile;
    await fx.s.selectiveScanBackward(x);
    const rev = fx.dev.dispatched[3]!;
    // D/G = 4 channels in workgroups of 2: NP = 2 per group; spans of 6 steps: 2 per row
    expect(rev.workgroups).toEqual([G * 2, B * 2]);
    const s = { batch: B, length: L, channels: D, state: N, groups: G };
    const o = backwardLayout(s, tile, { D: true, bias: true, h0: true, gLast: true });
    expect(words(rev.entries.get(0) as never, 24)).toEqual([
      ...backwardDims(s, tile, o, flatGrid(B * L * G * 2 * N)[0]),
    ]);
    const w = rev.entries.get(5) as never;
    expect(floats(w, D * N)).toEqual(f32(x.A.data));
    expect(floats(w, D, o.skip)).toEqual(f32(x.D.data));
    expect(floats(w, D, o.bias)).toEqual(f32(x.deltaBias.data));
    expect(floats(w, B * D * N, o.h0)).toEqual(f32(x.h0.data));
    expect(floats(w, B * D * N, o.gLast)).toEqual(f32(x.gLastState.data));
    fx.s.wgsl!.tileOverride.backward = {};
  });

  it('without z, D, bias, h0 and ḡ_last: five dispatches, ḡ_out read as gy, five gradients', async () => {
    const [B, L, D, N, G] = [1, 8, 8, 4, 1];
    const { u, delta, A, B: Bm, C, gOut } = inputs(B, L, D, N, G, 3);
    // B and C as [B, L, N]: the gradients take that shape
    const B3 = { data: Bm.data, shape: [B, L, N] };
    const C3 = { data: C.data, shape: [B, L, N] };
    const g = await fx.s.selectiveScanBackward({ u, delta, A, B: B3, C: C3, gOut });
    expect(g.info.launches).toBe(5);
    expect(Object.keys(g).sort()).toEqual(['A', 'B', 'C', 'delta', 'info', 'u']);
    expect((g.B as { shape: number[] }).shape).toEqual([B, L, N]);
    const rev = fx.dev.dispatched[2]!;
    expect(floats(rev.entries.get(6) as never, B * L * D)).toEqual(f32(gOut.data));
    // the parameter sums bind neither ∂D nor ∂bias
    expect([...fx.dev.dispatched[4]!.entries.keys()].sort()).toEqual([0, 1, 2]);
  });

  it('DeviceTensor parameters are copied into the work buffer; ∂h0 is copied out of it', async () => {
    const [B, L, D, N, G] = [1, 8, 8, 4, 1];
    const x = inputs(B, L, D, N, G, 4);
    const A = await fx.s.upload(x.A);
    const gLastState = await fx.s.upload(x.gLastState);
    const tile = { channels: 8, steps: 4, span: 4 };
    fx.s.wgsl!.tileOverride.backward = tile;
    const call = () => fx.s.selectiveScanBackward({ ...x, A, gLastState });
    await call();
    const rev = fx.dev.dispatched[3]!;
    const w = rev.entries.get(5) as unknown as { data: Uint8Array };
    const s = { batch: B, length: L, channels: D, state: N, groups: G };
    const o = backwardLayout(s, tile, { D: true, bias: true, h0: true, gLast: true });
    expect(floats(w, D * N)).toEqual(f32(x.A.data));
    expect(floats(w, B * D * N, o.gLast)).toEqual(f32(x.gLastState.data));
    // what the carries pass leaves in the ∂h0 region is the ∂h0 the caller gets
    const mark = Float32Array.from({ length: B * D * N }, (_, i) => i + 0.5);
    new Float32Array(w.data.buffer, 4 * o.gH0, B * D * N).set(mark);
    const g = await call();
    expect(f32((g.h0 as { data: Float32Array }).data)).toEqual(f32(mark));
    A.release();
    gLastState.release();
    fx.s.wgsl!.tileOverride.backward = {};
  });

  it('resident: every gradient stays on the device as a DeviceTensor of its shape', async () => {
    const [B, L, D, N, G] = [1, 8, 8, 4, 1];
    const g = await fx.s.selectiveScanBackward(inputs(B, L, D, N, G, 5), { resident: true });
    const u = g.u as DeviceTensor;
    expect(u.backend).toBe('webgpu-wgsl');
    expect(u.shape).toEqual([B, L, D]);
    expect((g.h0 as DeviceTensor).shape).toEqual([B, D, N]);
    expect((await fx.s.download(u)).length).toBe(B * L * D);
    // distinct buffers for distinct gradients
    const bufs = new Set(fx.dev.dispatched.flatMap((d) => [...d.entries.values()]));
    expect(bufs.size).toBeGreaterThan(10);
  });

  it('refuses a tile that does not fit, before any dispatch', async () => {
    const x = inputs(1, 8, 8, 4, 1, 6);
    fx.s.wgsl!.tileOverride.backward = { channels: 0 };
    await expect(fx.s.selectiveScanBackward(x)).rejects.toThrow(/channels must be a positive integer/);
    fx.s.wgsl!.tileOverride.backward = { steps: 4, span: 6 };
    await expect(fx.s.selectiveScanBackward(x)).rejects.toThrow(
      /span must be a positive multiple of steps 4/,
    );
    fx.s.wgsl!.tileOverride.backward = { channels: 4096 };
    await expect(fx.s.selectiveScanBackward(x)).rejects.toThrow(
      /4096 threads > maxComputeInvocationsPerWorkgroup/,
    );
    expect(fx.dev.dispatched.length).toBe(0);
    fx.s.wgsl!.tileOverride.backward = {};
  });
});

describe('webgpu-wgsl selective backward (small binding limit)', () => {
  const fx = useFakeWgslScanner({ ...ROOMY_LIMITS, maxStorageBufferBindingSize: 4096, maxBufferSize: 4096 });

  it('a work buffer over the binding limit is a BackendError naming it', async () => {
    // u: 128 floats fit; checkpoints (512 floats) and partial sums (512) do not
    const { z: _, ...x } = inputs(1, 16, 8, 16, 1, 7);
    const p = fx.s.selectiveScanBackward(x);
    await expect(p).rejects.toThrow(BackendError);
    await expect(fx.s.selectiveScanBackward(x)).rejects.toThrow(/work buffer/);
    expect(fx.dev.dispatched.length).toBe(0);
  });
});
