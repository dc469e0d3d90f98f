// The small dispatches of the selective backward: flat grids that cover up to 2^32 elements,
// and what each kernel reads and writes (run on SwiftShader in test/browser.test.ts).
import { describe, expect, it } from 'vitest';
import {
  bcSumsSource,
  elementDims,
  flatGrid,
  gateGradSource,
  gateSource,
  paramSumsSource,
  SUMS_WORKGROUP,
} from '../src/wgsl-kernel-selective-grad-sums';
import { balanced } from './wgsl-source';

describe('selective backward sums', () => {
  it('flat grids cover n elements with at most 32768 workgroups along x', () => {
    for (const n of [1, 255, 256, 257, 2 ** 24, 2 ** 24 + 1, 2 ** 32 - 1]) {
      const [x, y] = flatGrid(n);
      expect(x).toBeLessThanOrEqual(32768);
      expect(y).toBeLessThanOrEqual(65535);
      expect(x * y * SUMS_WORKGROUP).toBeGreaterThanOrEqual(n);
      // no row of workgroups wholly past n
      expect(x * (y - 1) * SUMS_WORKGROUP).toBeLessThan(n);
    }
    expect([...elementDims(1000, 4)]).toEqual([1000, 4, 0, 0]);
  });

  it('gate and its gradient are one element per thread, guarded by n', () => {
    for (const src of [gateSource(), gateGradSource()]) {
      expect(balanced(src)).toBe(true);
      expect(src).toContain(`let i = (wg.y * gridX + wg.x) * ${SUMS_WORKGROUP}u + li;`);
      expect(src).toContain('if (i < ed.n)');
    }
    expect(gateSource()).toContain('gy[i] = gOut[i] * silu(z[i]);');
    expect(gateGradSource()).toContain('gz[i] = gOut[i] * y[i] * sg * (1.0 + zz * (1.0 - sg));');
  });

  it('∂B, ∂C: each sum adds the NP partials of its row, the first N to ∂B', () => {
    const src = bcSumsSource(16);
    expect(balanced(src)).toBe(true);
    expect(src).toContain('const N2: u32 = 32u;');
    expect(src).toContain('acc += w[dims.oPart + (r * dims.NP + p) * N2 + k];');
    expect(src).toContain('gB[r * N + k] = acc;');
    expect(src).toContain('gC[r * N + k - N] = acc;');
  });

  it('∂A, ∂D, ∂bias: sums over the (batch row, span) partials; ∂D and ∂bias bound only when given', () => {
    const all = paramSumsSource(4, true, true);
    expect(balanced(all)).toBe(true);
    expect(all).toContain('for (var r = 0u; r < dims.B * dims.spans; r++)');
    expect(all).toContain('a += w[dims.oGA + r * D * N + i];');
    expect(all).toContain('gD[i] = sd;');
    expect(all).toContain('gBias[i] = sb;');
    const bare = paramSumsSource(4, false, false);
    expect(bare).not.toContain('binding(3)');
    expect(bare).not.toContain('binding(4)');
    expect(bare).toContain('gA[i] = a;');
  });
});
