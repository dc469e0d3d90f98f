// The WGSL source of the linear scan and its adjoint (run on the H100 by bench/wgsl-checks.ts
// and in the browser test; no adapter here).
import { describe, expect, it } from 'vitest';
import { LINEAR_DIMS_WORDS, linearKey, linearSource } from '../src/wgsl-kernel-linear';
import { count } from './wgsl-source';

const tile = { channels: 32, segments: 8, steps: 8, stateBlock: 1 };

describe('linear scan WGSL', () => {
  it('forward: binds a, b, h (and h0 when given), writes each h once per step', () => {
    const f = linearSource({ tile, reverse: false, hasH0: true });
    expect(f).toContain('@workgroup_size(256)');
    expect(f).toContain('@binding(4) var<storage, read> h0');
    expect(f).not.toContain('@binding(5)');
    expect(count(f, 'hout[i_')).toBe(8);
    expect(f).toContain('sCarry[c] = h0[bi * dims.D + d]');
    const bare = linearSource({ tile, reverse: false, hasH0: false });
    expect(bare).not.toContain('h0');
  });

  it('adjoint: runs backward in time with coefficient a_{t+1}, writes ∂b, ∂a and ∂h0', () => {
    const r = linearSource({ tile, reverse: true, hasH0: true });
    expect(r).toContain('dims.L - 1u - min(tau0 + 0u, dims.L - 1u)');
    expect(r).toContain('min(t_0 + 1u, dims.L - 1u)');
    expect(count(r, 'ga[i_')).toBe(8);
    expect(r).toContain('gh0[bi * dims.D + d]');
    expect(linearSource({ tile, reverse: true, hasH0: false })).not.toContain('gh0');
  });

  it('one barrier per time tile (aggregates double-buffered by parity)', () => {
    const f = linearSource({ tile, reverse: false, hasH0: false });
    expect(count(f, 'workgroupBarrier()')).toBe(1);
  });

  it('keys name direction, h0 and tile', () => {
    const keys = new Set([
      linearKey({ tile, reverse: false, hasH0: false }),
      linearKey({ tile, reverse: true, hasH0: false }),
      linearKey({ tile, reverse: false, hasH0: true }),
      linearKey({ tile: { ...tile, steps: 4 }, reverse: false, hasH0: false }),
    ]);
    expect(keys.size).toBe(4);
    expect(LINEAR_DIMS_WORDS).toBe(4);
  });
});
