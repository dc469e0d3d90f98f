// The host side of the webgpu-wgsl linear scan on an in-memory device (test/fake-gpu.ts;
// nothing is computed there: the browser test and bench/wgsl-checks.ts check the numbers): the
// dispatch grid, the dims uniform, and forward + adjoint in one submission.
import { describe, expect, it } from 'vitest';
import { ROOMY_LIMITS, useFakeWgslScanner } from './fake-gpu';
import { rand, rng } from './helpers';

const fx = useFakeWgslScanner(ROOMY_LIMITS);

const words = (b: { data: Uint8Array }, n: number) => [...new Uint32Array(b.data.buffer, 0, n)];

describe('webgpu-wgsl linear scan (host side)', () => {
  it('forward: one dispatch, dims L, D, tiles; backward: forward and adjoint in one submission', async () => {
    const [B, L, D] = [2, 100, 40];
    const r = rng(5);
    const x = {
      a: { data: rand(r, B * L * D), shape: [B, L, D] },
      b: { data: rand(r, B * L * D), shape: [B, L, D] },
      h0: { data: rand(r, B * D), shape: [B, D] },
    };
    const y = await fx.s.linearScan(x);
    expect(y.info).toMatchObject({ engine: 'seqmod-wgsl', launches: 1, chunk: 64 });
    expect(fx.dev.dispatched[0]!.workgroups).toEqual([2, 2]);
    expect(words(fx.dev.dispatched[0]!.entries.get(0) as never, 3)).toEqual([L, D, 2]);
    const submits = fx.dev.submits;
    const g = await fx.s.linearScanBackward({ ...x, gh: { data: rand(r, B * L * D), shape: [B, L, D] } });
    expect(g.info.launches).toBe(2);
    expect(fx.dev.dispatched.length).toBe(3);
    // one submission for both dispatches, one for the read-back
    expect(fx.dev.submits - submits).toBe(2);
    expect(g.h0).toBeDefined();
  });
});
