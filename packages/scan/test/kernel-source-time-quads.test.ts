// The four-steps-per-thread forward output (webgpu's path, kernel-source-time-quads.ts): its
// source run by gpu.js's cpu mode gives the reference's out at every t, in the layout the
// row-copy kernel expects; the copy kernel's index arithmetic is checked on its own.
import { describe, expect, it } from 'vitest';
import { GPU, input } from '../src/gpujs';
import {
  outputTimeQuadSource,
  timeQuadCount,
  timeQuadsFit,
  timeQuadsToRowsSource,
} from '../src/kernel-source-time-quads';
import { selectiveScanReference } from '../src/reference-selective-scan';
import type { SelectiveBlock } from '../src/selective-block';
import { rand, ratio, rng } from './helpers';

function block(L: number, D: number, N: number, G: number): SelectiveBlock {
  return {
    batch: 2,
    length: L,
    channels: D,
    state: N,
    groups: G,
    chunk: L, // the sequential form: walks from h0
    hasBias: false,
    softplus: false,
    hasD: true,
    hasZ: true,
    hasH0: true,
    hasGLast: false,
    fastExp: false,
    intOps: true,
    separateBC: true,
    timeQuads: true,
  };
}

describe('time quads', () => {
  it('fit only when a quad of steps stays inside a chunk', () => {
    expect(timeQuadsFit(16, 100)).toBe(true);
    expect(timeQuadsFit(100, 37)).toBe(true); // sequential
    expect(timeQuadsFit(2, 100)).toBe(false);
    expect(timeQuadsFit(16, 3)).toBe(false);
  });

  it('compute out at four steps per thread (gpu.js cpu mode, L not a multiple of 4, groups)', () => {
    const [L, D, N, G] = [11, 4, 3, 2];
    const k = block(L, D, N, G);
    const r = rng(3);
    const B = k.batch;
    const a = {
      u: rand(r, B * L * D),
      delta: rand(r, B * L * D, 0.2, 0.4),
      A: rand(r, D * N, 0.5, -1),
      B: rand(r, B * L * G * N),
      C: rand(r, B * L * G * N),
      D: rand(r, D),
      z: rand(r, B * L * D),
      h0: rand(r, B * D * N),
    };
    const ref = selectiveScanReference(
      a,
      { batch: B, length: L, channels: D, state: N, groups: G },
      'float64',
    );
    // P [D, N+2] = A | D | 0 (paramsSource's packing)
    const P = new Float32Array(D * (N + 2));
    for (let d = 0; d < D; d++) {
      for (let n = 0; n < N; n++) P[d * (N + 2) + n] = a.A[d * N + n]!;
      P[d * (N + 2) + N] = a.D[d]!;
    }
    const spec = outputTimeQuadSource(k, true);
    expect(spec.components).toBe(4);
    expect(spec.output).toEqual([D, timeQuadCount(k), B]);
    const gpu = new GPU({ mode: 'cpu' });
    const kernel = gpu.createKernel(spec.source, {
      output: spec.output,
      loopMaxIterations: spec.loopMax + 1,
    } as never) as unknown as (...args: unknown[]) => Float32Array[][][];
    const args: Record<string, unknown> = {
      dl: input(a.delta as Float32Array, [D, L, B]),
      u: input(a.u as Float32Array, [D, L, B]),
      P: input(P, [N + 2, D]),
      Bm: input(a.B as Float32Array, [G * N, L, B]),
      Cm: input(a.C as Float32Array, [G * N, L, B]),
      z: input(a.z as Float32Array, [D, L, B]),
      h0: input(a.h0 as Float32Array, [N, D, B]),
    };
    const res = kernel(...spec.params.map((p) => args[p]));
    // thread (d, j, b) holds out at t = 4j + c in component c; lay it out as [B, L, D]
    const out = new Float32Array(B * L * D);
    for (let b = 0; b < B; b++)
      for (let j = 0; j < timeQuadCount(k); j++)
        for (let d = 0; d < D; d++)
          for (let c = 0; c < 4; c++) {
            const t = 4 * j + c;
            if (t < L) out[(b * L + t) * D + d] = res[b]![j]![d]![c]!;
          }
    expect(ratio(out, ref.out, 1e-5, 1e-6)).toBeLessThanOrEqual(1);
    gpu.destroy();
  });

  it('move [B][L/4][D][4] to [B, L, D]', () => {
    const k = block(6, 3, 2, 1);
    const spec = timeQuadsToRowsSource(k);
    const q4 = timeQuadCount(k);
    const q = Float32Array.from({ length: k.batch * q4 * k.channels * 4 }, (_, i) => i);
    const gpu = new GPU({ mode: 'cpu' });
    const kernel = gpu.createKernel(spec.source, { output: spec.output } as never) as unknown as (
      q: unknown,
    ) => Float32Array[][];
    const res = kernel(input(q, [4 * k.channels, q4, k.batch]));
    for (let b = 0; b < k.batch; b++)
      for (let t = 0; t < k.length; t++)
        for (let d = 0; d < k.channels; d++) {
          const j = t >> 2;
          expect(res[b]![t]![d]).toBe(q[((b * q4 + j) * k.channels + d) * 4 + (t & 3)]);
        }
    gpu.destroy();
  });
});
