// The inline exp of the webasm kernels: its JS model against Math.exp, and the generated kernel
// code against its JS model on gpu.js's webasm and cpu backends.
import { describe, expect, it } from 'vitest';
import { GPU, input } from '../src/gpujs';
import { expStatement, fastExpReference, pow2Table } from '../src/kernel-exp';
import { makeSpec } from '../src/kernel-spec';

describe('fast exp', () => {
  it('is within 3e-6 relative of Math.exp for |x| ≤ 30, and exact at 0', () => {
    let worst = 0;
    for (let i = 0; i <= 60000; i++) {
      const x = -30 + i / 1000;
      worst = Math.max(worst, Math.abs(fastExpReference(x) / Math.exp(x) - 1));
    }
    expect(worst).toBeLessThan(3e-6);
    expect(fastExpReference(0)).toBe(1);
  });

  it('saturates like exp and propagates NaN', () => {
    expect(fastExpReference(-200)).toBe(0);
    expect(fastExpReference(200)).toBe(Number.POSITIVE_INFINITY);
    expect(fastExpReference(Number.NaN)).toBeNaN();
  });

  for (const mode of ['webasm', 'cpu'] as const) {
    it(`the kernel source computes the same numbers on gpu.js ${mode}`, () => {
      const body = `  const x = v[this.thread.x];\n  ${expStatement('e', 'x', true)}\n  return e;`;
      const spec = makeSpec('t', ['v'], body, [64], 1, true);
      const gpu = new GPU({ mode: mode as never });
      const k = gpu.createKernel(spec.source, {
        output: spec.output,
        constants: { pow2: pow2Table() },
      } as never) as unknown as (...a: unknown[]) => Float32Array;
      const xs = new Float32Array(64);
      for (let i = 0; i < 64; i++) xs[i] = -40 + i * 1.3;
      const out = k(input(xs, [64]));
      for (let i = 0; i < 64; i++) expect(out[i]! / Math.exp(xs[i]!) - 1).toBeLessThan(4e-6);
      void gpu.destroy();
    });
  }
});
