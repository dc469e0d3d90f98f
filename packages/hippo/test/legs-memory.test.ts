import { ValueError } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { legsEncode, legsReconstruct } from '../src/legs-memory';

const signal = (x: number) => Math.exp(-x) * Math.sin(5 * x) + 0.3 * x;
const sampled = (L: number) => Float64Array.from({ length: L }, (_, k) => signal((k + 1) / L));
const L = 2000;
const f = sampled(L);

function rmsError(N: number, upto = L, f = sampled(L)): number {
  const c = legsEncode(f.subarray(0, upto), N).subarray((upto - 1) * N, upto * N);
  const x = Float64Array.from({ length: upto }, (_, k) => k + 1);
  const g = legsReconstruct(c, upto, x);
  let e = 0;
  for (let k = 0; k < upto; k++) e += (g[k]! - f[k]!) ** 2;
  return Math.sqrt(e / upto);
}

describe('HiPPO-LegS as memory (online function approximation)', () => {
  it('reconstructs a smooth signal from the final state, better as N grows', () => {
    // Spectral decay of the Legendre projection: 0.24, 0.016, 0.0017, 0.00023 at L = 2000.
    const errs = [2, 4, 6, 8].map((N) => rmsError(N));
    for (let i = 1; i < errs.length; i++) expect(errs[i]!).toBeLessThan(errs[i - 1]! / 5);
    expect(errs[3]!).toBeLessThan(5e-4);
  });

  it('is left with discretisation error only, which falls like 1/L', () => {
    const coarse = rmsError(16, 500, sampled(500));
    const fine = rmsError(16, 2000, sampled(2000));
    expect(coarse / fine).toBeGreaterThan(3.5);
    expect(coarse / fine).toBeLessThan(4.5);
  });

  it('remembers every prefix: the state after k samples reconstructs f on [0, k]', () => {
    // f on [0, k] is a different function of x/k for every k; each prefix is reconstructed.
    expect(rmsError(16, 500, f)).toBeLessThan(1e-3);
    expect(rmsError(16, 1200, f)).toBeLessThan(1e-3);
  });

  it('refuses non-finite samples and a non-positive horizon', () => {
    expect(() => legsEncode([1, Number.NaN], 4)).toThrow(ValueError);
    expect(() => legsReconstruct([1], 0, [0])).toThrow(ValueError);
  });
});
