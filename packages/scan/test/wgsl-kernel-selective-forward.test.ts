// The WGSL source of the fused selective forward: what the generator emits for each tile and
// option (no WebGPU adapter here: the GPU checks of bench/wgsl-checks.ts run it on the H100).
import { describe, expect, it } from 'vitest';
import {
  SELECTIVE_DIMS_WORDS,
  type SelectiveForwardSpec,
  selectiveDims,
  selectiveForwardKey,
  selectiveForwardSource,
} from '../src/wgsl-kernel-selective-forward';
import { balanced, count, EVERY_OPTION } from './wgsl-source';

const base: SelectiveForwardSpec = {
  ...EVERY_OPTION,
  tile: { channels: 32, segments: 4, steps: 8, stateBlock: 4 },
  staged: true,
};

/** The tile loop (from `for (var ti` to the barrier before the last state is written). */
function tileLoop(src: string): string {
  return src.slice(src.indexOf('for (var ti'), src.lastIndexOf('workgroupBarrier();\n  let fin'));
}

describe('selective forward WGSL', () => {
  it('is one workgroup of CH·S·H threads with balanced brackets, for every tile shape', () => {
    for (const tile of [
      { channels: 32, segments: 4, steps: 8, stateBlock: 4 },
      { channels: 16, segments: 8, steps: 4, stateBlock: 8, reload: true },
      { channels: 8, segments: 4, steps: 2, stateBlock: 16 },
      { channels: 4, segments: 3, steps: 5, stateBlock: 1 },
      { channels: 16, segments: 4, steps: 8, stateBlock: 4, split: 2 },
      { channels: 16, segments: 4, steps: 8, stateBlock: 4, split: 4, yLanes: true },
    ]) {
      const src = selectiveForwardSource({ ...base, tile });
      expect(src).toContain(`@workgroup_size(${tile.channels * tile.segments * (tile.split ?? 1)})`);
      expect(balanced(src)).toBe(true);
    }
  });

  it('computes one exp per (step, state) and one per (segment, state) for the decay', () => {
    // N/W blocks of W = 4 states: K exps per block for ā, one exp2(ΣΔ·a) per block for Πā
    const src = selectiveForwardSource(base);
    expect(count(src, 'exp2(dt_')).toBe(4 * 8);
    expect(count(src, 'exp2(sdt')).toBe(4);
    const split = selectiveForwardSource({ ...base, tile: { ...base.tile, split: 2 } });
    // each part walks half of the blocks
    expect(count(split, 'exp2(dt_')).toBe(2 * 8);
  });

  it('writes each output once per step and keeps the last state', () => {
    const src = selectiveForwardSource(base);
    expect(count(src, 'outp[i_')).toBe(8);
    expect(src).toContain('y_7 * silu(z_7)');
    expect(count(src, 'last[o + ')).toBe(4);
    // idle lanes and steps past L store nothing
    expect(src).toContain('if (live && ok_0)');
  });

  it('needs one barrier per state group, plus one after staging, plus one for split parts', () => {
    // N = 16 in blocks of NB = 4: 4 groups
    expect(count(tileLoop(selectiveForwardSource(base)), 'workgroupBarrier()')).toBe(4 + 1);
    const direct = selectiveForwardSource({ ...base, staged: false });
    expect(count(tileLoop(direct), 'workgroupBarrier()')).toBe(4);
    expect(direct).not.toContain('sBC');
    expect(direct).toContain('Bv[rowBC_0 + 0u]');
    const nb16 = selectiveForwardSource({ ...base, tile: { ...base.tile, stateBlock: 16, steps: 4 } });
    expect(count(tileLoop(nb16), 'workgroupBarrier()')).toBe(1 + 1);
    const split = selectiveForwardSource({ ...base, tile: { ...base.tile, split: 2 } });
    expect(count(tileLoop(split), 'workgroupBarrier()')).toBe(2 + 1 + 1);
    expect(split).toContain('var<workgroup> sY');
    expect(selectiveForwardSource(base)).not.toContain('sY');
  });

  it('subgroup: shuffles instead of the aggregate memory and its barriers, one barrier per tile', () => {
    const sg = selectiveForwardSource({ ...base, tile: { ...base.tile, subgroup: 32 } });
    expect(sg.startsWith('enable subgroups;')).toBe(true);
    expect(sg).not.toContain('sAgg');
    // staged: the staging barrier orders the carries too; direct: a barrier of its own
    expect(count(tileLoop(sg), 'workgroupBarrier()')).toBe(1);
    const direct = selectiveForwardSource({ ...base, staged: false, tile: { ...base.tile, subgroup: 32 } });
    expect(count(tileLoop(direct), 'workgroupBarrier()')).toBe(1);
    // lanes: 8 channels × 4 segments per subgroup of 32
    expect(sg).toContain('let c = (li / 32u) * 8u + li % 8u;');
    expect(sg).toContain('let s = (li % 32u) / 8u;');
    // S − 1 = 3 rounds of one shuffle per block (4 blocks), 8 lanes (one segment) up
    expect(count(sg, 'subgroupShuffleUp(')).toBe(3 * 4);
    expect(sg).toContain('let x_0 = subgroupShuffleUp(pa_0 * h_0 + pb_0, 8u);');
    expect(sg).toContain('h_0 = select(h_0, x_0, s > 2u);');
    // the last segment still hands the carry to the next tile through workgroup memory
    expect(sg).toContain('sCarry[((1u - par) * NQ + 0u) * CH + c] = pa_0 * h_0 + pb_0;');
    expect(selectiveForwardSource(base)).not.toContain('subgroupShuffle');
    expect(selectiveForwardKey({ ...base, tile: { ...base.tile, subgroup: 32 } })).not.toBe(
      selectiveForwardKey(base),
    );
  });

  it('subgroupLog: log2(S) rounds of two shuffles per block, then one shift of the end states', () => {
    const tile = { ...base.tile, segments: 8, subgroup: 32, subgroupLog: true };
    const src = selectiveForwardSource({ ...base, tile });
    // S = 8: 4 lanes per segment, rounds at 1, 2, 4 segments
    expect(count(src, 'subgroupShuffleUp(')).toBe((3 * 2 + 1) * 4);
    for (const [off, lanes] of [
      [1, 4],
      [2, 8],
      [4, 16],
    ]) {
      expect(src).toContain(`let ua_0 = subgroupShuffleUp(ca_0, ${lanes}u);`);
      expect(src).toContain(`cb_0 = select(cb_0, ca_0 * ub_0 + cb_0, s >= ${off}u);`);
    }
    expect(src).toContain('h_0 = select(subgroupShuffleUp(ca_0 * h_0 + cb_0, 4u), h_0, s == 0u);');
    expect(selectiveForwardKey({ ...base, tile })).not.toBe(
      selectiveForwardKey({ ...base, tile: { ...tile, subgroupLog: false } }),
    );
    expect(() => selectiveForwardSource({ ...base, tile: { ...base.tile, subgroup: 32, split: 2 } })).toThrow(
      /subgroup 32 does not fit/,
    );
  });

  it('laneLayout: the lanes of the subgroup combine with the barrier combine', () => {
    const src = selectiveForwardSource({ ...base, tile: { ...base.tile, laneLayout: 16 } });
    expect(src).toContain('let c = (li / 16u) * 4u + li % 4u;');
    expect(src).not.toContain('enable subgroups');
    expect(src).not.toContain('subgroupShuffle');
    expect(count(tileLoop(src), 'workgroupBarrier()')).toBe(4 + 1);
    expect(selectiveForwardKey({ ...base, tile: { ...base.tile, laneLayout: 16 } })).not.toBe(
      selectiveForwardKey(base),
    );
  });

  it('alternates aggregate parity across tiles when the number of groups is odd', () => {
    // 1 group per tile: the parity follows the tile, so no barrier is needed between tiles
    const one = selectiveForwardSource({ ...base, tile: { ...base.tile, stateBlock: 16, steps: 4 } });
    expect(one).toContain('((par + 0u) & 1u)');
    // 4 groups per tile: constant parities 0, 1, 0, 1
    expect(selectiveForwardSource(base)).not.toContain('(par + 0u)');
  });

  it('binds z, reads h0, D and the bias only when given', () => {
    const bare = selectiveForwardSource({
      ...base,
      softplus: false,
      hasBias: false,
      hasD: false,
      hasZ: false,
      hasH0: false,
    });
    expect(bare).not.toContain('@binding(8)');
    expect(bare).not.toContain('dims.oH0');
    expect(bare).toContain('let bias = 0.0;');
    expect(bare).toContain('let skip = 0.0;');
    expect(bare).not.toContain('softplus(dl_');
    expect(bare).toContain('outp[i_0] = y_0;');
    const full = selectiveForwardSource(base);
    expect(full).toContain('@group(0) @binding(8) var<storage, read> zg');
    expect(full).toContain('dims.oH0');
    expect(full).toContain('softplus(dl_0 + bias)');
    // at most 8 storage buffers (WebGPU's default per stage) plus the uniform
    expect(count(full, 'var<storage')).toBe(8);
  });

  it('puts the skip term into part 0 only when the states are split', () => {
    const split = selectiveForwardSource({ ...base, tile: { ...base.tile, split: 2 } });
    expect(split).toContain('select(0.0, prm[dims.oSkip + d], hh == 0u)');
    expect(split).toContain('&& hh == 0u');
  });

  it('reload re-reads B from the staged row in the re-walk; yLanes sums per lane', () => {
    const reload = selectiveForwardSource({ ...base, tile: { ...base.tile, reload: true } });
    expect(reload).toContain('h_0 = e_0_0 * h_0 + du_0 * sBC[r_0][0u];');
    expect(selectiveForwardSource(base)).toContain('h_0 = e_0_0 * h_0 + v_0_0;');
    const lanes = selectiveForwardSource({ ...base, tile: { ...base.tile, yLanes: true } });
    expect(lanes).toContain('yl_0 = yl_0 + sBC[r_0][NQ + 0u] * h_0;');
    expect(lanes).toContain('y_0 = y_0 + (yl_0[0] + yl_0[1]) + (yl_0[2] + yl_0[3]);');
  });

  it('polyExp takes the decays of the first blocks from the polynomial exp2; polyAct the activations', () => {
    const src = selectiveForwardSource({ ...base, tile: { ...base.tile, polyExp: 1 } });
    // one vec4 block of four: its K step decays through exp2pv, the segment decays stay exp2
    expect(src).toContain('fn exp2pv(x: vec4<f32>) -> vec4<f32>');
    expect(count(src, 'exp2pv(dt_')).toBe(8);
    expect(src).toContain('let e_0_0 = exp2pv(dt_0 * a2_0);');
    expect(count(src, ' exp2(dt_')).toBe(3 * 8);
    expect(count(src, 'exp2(sdt')).toBe(4);
    expect(src).not.toContain('fn exp2p(');
    expect(count(selectiveForwardSource({ ...base, tile: { ...base.tile, polyExp: 4 } }), 'exp2pv(dt_')).toBe(
      32,
    );
    // scalar blocks: the f32 form
    const w1 = selectiveForwardSource({
      ...base,
      state: 3,
      tile: { ...base.tile, stateBlock: 1, polyExp: 2 },
    });
    expect(w1).toContain('fn exp2pv(x: f32) -> f32');
    expect(count(w1, 'exp2pv(dt_')).toBe(2 * 8);
    const act = selectiveForwardSource({ ...base, tile: { ...base.tile, polyAct: true } });
    expect(act).toContain('fn exp2p(x: f32) -> f32');
    expect(act).toContain('x / (1.0 + exp2p((-x) * 1.4426950408889634))');
    expect(act).not.toContain('exp2pv');
    expect(selectiveForwardSource(base)).not.toContain('exp2p');
    // the key that keeps (x + M) − M from being folded: declared and set once
    expect(count(src, 'var<private> exp2pKey: u32;')).toBe(1);
    expect(src).toContain('exp2pKey = select(0u, 1u, dims.tiles == 0u);');
  });

  it('refuses a state block or split that does not divide N', () => {
    expect(() =>
      selectiveForwardSource({ ...base, state: 6, tile: { ...base.tile, stateBlock: 4 } }),
    ).toThrow(RangeError);
    expect(() => selectiveForwardSource({ ...base, state: 8, tile: { ...base.tile, split: 4 } })).toThrow(
      /split 4/,
    );
  });

  it('has a cache key that changes with everything that changes the text', () => {
    const variants: SelectiveForwardSpec[] = [
      base,
      { ...base, tile: { ...base.tile, channels: 16 } },
      { ...base, tile: { ...base.tile, segments: 8 } },
      { ...base, tile: { ...base.tile, steps: 4 } },
      { ...base, tile: { ...base.tile, stateBlock: 8 } },
      { ...base, tile: { ...base.tile, reload: true } },
      { ...base, tile: { ...base.tile, split: 2 } },
      { ...base, tile: { ...base.tile, yLanes: true } },
      { ...base, tile: { ...base.tile, polyExp: 1 } },
      { ...base, tile: { ...base.tile, polyExp: 2 } },
      { ...base, tile: { ...base.tile, polyAct: true } },
      { ...base, state: 8 },
      { ...base, staged: false },
      { ...base, softplus: false },
      { ...base, hasBias: false },
      { ...base, hasD: false },
      { ...base, hasZ: false },
      { ...base, hasH0: false },
    ];
    const keys = new Set(variants.map(selectiveForwardKey));
    const texts = new Set(variants.map(selectiveForwardSource));
    expect(keys.size).toBe(variants.length);
    expect(texts.size).toBe(variants.length);
  });

  it('packs the dims uniform: L, D, G, D/G, tiles, offsets of D, bias, h0', () => {
    const d = selectiveDims(2048, 4096, 2, 64, { skip: 65536, bias: 69632, h0: 73728 });
    expect(d.length).toBe(SELECTIVE_DIMS_WORDS);
    expect([...d]).toEqual([2048, 4096, 2, 2048, 64, 65536, 69632, 73728]);
  });
});
