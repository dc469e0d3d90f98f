// The CPU reference: its backward pass against central differences of its forward pass (float64),
// grouped B/C against the ungrouped form with repeated rows, and softplus as torch's.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type SelectiveScanArrays,
  selectiveScanBackwardReference,
  selectiveScanReference,
  softplus,
} from '../src/index';
import { rand, rng } from './helpers';

function loss(
  x: SelectiveScanArrays,
  s: Parameters<typeof selectiveScanReference>[1],
  gOut: Float64Array,
  gLast: Float64Array,
): number {
  const y = selectiveScanReference(x, s, 'float64');
  let v = 0;
  for (let i = 0; i < y.out.length; i++) v += y.out[i]! * gOut[i]!;
  for (let i = 0; i < y.lastState.length; i++) v += y.lastState[i]! * gLast[i]!;
  return v;
}

describe('selectiveScanBackwardReference', () => {
  it('matches central differences for every input', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e6 }),
        fc.boolean(),
        fc.boolean(),
        (seed, softplusOn, grouped) => {
          const r = rng(seed);
          const B = 2;
          const L = 5;
          const G = grouped ? 2 : 1;
          const D = 4;
          const N = 3;
          const s = { batch: B, length: L, channels: D, state: N, groups: G };
          const x = {
            u: rand(r, B * L * D, 1, 0, true),
            delta: rand(r, B * L * D, 0.3, softplusOn ? -0.5 : 0.4, true),
            A: rand(r, D * N, 0.5, -0.8, true),
            B: rand(r, B * L * G * N, 1, 0, true),
            C: rand(r, B * L * G * N, 1, 0, true),
            D: rand(r, D, 1, 0, true),
            z: rand(r, B * L * D, 1, 0, true),
            deltaBias: rand(r, D, 0.2, 0, true),
            deltaSoftplus: softplusOn,
            h0: rand(r, B * D * N, 1, 0, true),
          };
          const gOut = rand(r, B * L * D, 1, 0, true) as Float64Array;
          const gLast = rand(r, B * D * N, 1, 0, true) as Float64Array;
          const g = selectiveScanBackwardReference(x, { gOut, gLastState: gLast }, s, 'float64');
          const eps = 1e-6;
          for (const k of ['u', 'delta', 'A', 'B', 'C', 'D', 'z', 'deltaBias', 'h0'] as const) {
            const arr = x[k] as Float64Array;
            for (let i = 0; i < arr.length; i += Math.max(1, Math.floor(arr.length / 7))) {
              const keep = arr[i]!;
              arr[i] = keep + eps;
              const up = loss(x, s, gOut, gLast);
              arr[i] = keep - eps;
              const down = loss(x, s, gOut, gLast);
              arr[i] = keep;
              const numeric = (up - down) / (2 * eps);
              expect(Math.abs(g[k][i]! - numeric), `d${k}[${i}]`).toBeLessThan(
                1e-6 + 1e-5 * Math.abs(numeric),
              );
            }
          }
        },
      ),
      { numRuns: 8 },
    );
  });

  it('grouped B/C equal ungrouped B/C repeated per group', () => {
    const r = rng(9);
    const B = 1;
    const L = 6;
    const G = 2;
    const D = 4;
    const N = 2;
    const base = {
      u: rand(r, B * L * D, 1, 0, true),
      delta: rand(r, B * L * D, 0.2, 0.3, true),
      A: rand(r, D * N, 0.5, -1, true),
    };
    const Bg = rand(r, B * L * G * N, 1, 0, true);
    const Cg = rand(r, B * L * G * N, 1, 0, true);
    const grouped = selectiveScanReference(
      { ...base, B: Bg, C: Cg },
      { batch: B, length: L, channels: D, state: N, groups: G },
      'float64',
    );
    // channels 0,1 read group 0 and channels 2,3 group 1: run each half with that group's rows
    for (let g = 0; g < G; g++) {
      const pick = (src: ArrayLike<number>) => {
        const out = new Float64Array(B * L * N);
        for (let t = 0; t < L; t++) for (let n = 0; n < N; n++) out[t * N + n] = src[(t * G + g) * N + n]!;
        return out;
      };
      const one = selectiveScanReference(
        { ...base, B: pick(Bg), C: pick(Cg) },
        { batch: B, length: L, channels: D, state: N, groups: 1 },
        'float64',
      );
      for (let t = 0; t < L; t++) {
        for (let d = g * 2; d < g * 2 + 2; d++)
          expect(grouped.out[t * D + d]).toBeCloseTo(one.out[t * D + d]!, 12);
      }
    }
  });

  it('softplus follows torch (threshold 20)', () => {
    expect(softplus(25)).toBe(25);
    expect(softplus(0)).toBeCloseTo(Math.log(2), 15);
    expect(softplus(-30)).toBeGreaterThan(0);
    expect(softplus(-30)).toBeCloseTo(Math.exp(-30), 20);
  });
});
