// The WGSL source of the state-lanes selective forward: what the generator emits for each lane
// count (no WebGPU adapter here: test/browser.test.ts runs it on SwiftShader against float64,
// and bench/wgsl-checks.ts on the H100).
import { describe, expect, it } from 'vitest';
import {
  laneBlockWidth,
  lanesProblem,
  type SelectiveLanesSpec,
  selectiveLanesKey,
  selectiveLanesSource,
} from '../src/wgsl-kernel-selective-lanes';
import { balanced, count, EVERY_OPTION } from './wgsl-source';

const base: SelectiveLanesSpec = {
  ...EVERY_OPTION,
  tile: { channels: 32, segments: 1, steps: 8, stateBlock: 4, lanes: 4 },
};

const withTile = (t: Partial<SelectiveLanesSpec['tile']>, state = 16) =>
  selectiveLanesSource({ ...base, state, tile: { ...base.tile, ...t } });

/** The loop over full iterations (from `for (var it` to the tail iteration). */
function loop(src: string): string {
  return src.slice(src.indexOf('for (var it'), src.indexOf('if (full * K < dims.L)'));
}

/** The tail iteration (steps past L masked), up to the store of the last state. */
function tail(src: string): string {
  return src.slice(src.indexOf('if (full * K < dims.L)'), src.indexOf('if (live) {\n    let o'));
}

describe('selective forward WGSL, state lanes', () => {
  it('is one workgroup of CH·Q threads with balanced brackets, for every lane count', () => {
    for (const [Q, K, N] of [
      [1, 8, 16],
      [2, 8, 16],
      [4, 4, 16],
      [4, 16, 12],
      [8, 16, 16],
      [16, 16, 16],
      [4, 8, 4],
    ] as const) {
      const src = withTile({ lanes: Q, steps: K, channels: 8 }, N);
      expect(src).toContain(`@workgroup_size(${8 * Q})`);
      expect(balanced(src)).toBe(true);
    }
  });

  it('has no workgroup memory and no barriers', () => {
    const src = selectiveLanesSource(base);
    expect(src).not.toContain('var<workgroup>');
    expect(src).not.toContain('Barrier');
  });

  it('takes one exp per (step, state) and no segment decays', () => {
    // each lane: K steps × N/Q states in blocks of W = 4 (one exp2 of a vec4 per block and step)
    expect(count(loop(selectiveLanesSource(base)), 'exp2(')).toBe(8);
    expect(count(loop(withTile({ lanes: 2 })), 'exp2(')).toBe(8 * 2);
    // N = 12, Q = 4: three scalar states per lane
    expect(laneBlockWidth(12, 4)).toBe(1);
    expect(count(loop(withTile({}, 12)), 'exp2(')).toBe(8 * 3);
  });

  it('shares Δ and Δu by 2Q shuffles per group and sums y by a reduce-scatter of Q − 1 shuffles', () => {
    const all = selectiveLanesSource(base);
    expect(all.startsWith('enable subgroups;')).toBe(true);
    // K = 8: two groups of Q = 4 steps, in the full iterations and again in the tail
    const src = loop(all);
    expect(count(src, 'subgroupShuffle(')).toBe(2 * 2 * 4);
    expect(count(tail(all), 'subgroupShuffle(')).toBe(2 * 2 * 4);
    expect(src).toContain('let dt_1_3 = subgroupShuffle(dt_1, qb + 3u);');
    expect(count(src, 'subgroupShuffleXor(')).toBe(2 * 3);
    expect(src).toContain('p_0_0 = keep_0 + subgroupShuffleXor(send_0, 2u);');
    expect(count(loop(withTile({ lanes: 8, steps: 8 })), 'subgroupShuffleXor(')).toBe(7);
  });

  it('needs no subgroups with one lane per channel', () => {
    const src = withTile({ lanes: 1, steps: 4 });
    expect(src).not.toContain('enable subgroups');
    expect(src).not.toContain('subgroup');
    expect(count(loop(src), 'exp2(')).toBe(4 * 4);
  });

  it('writes each output once per group after the groups; masks only the tail; keeps the last state', () => {
    const src = selectiveLanesSource(base);
    const full = loop(src);
    expect(count(full, 'outp[i_')).toBe(2);
    expect(full).toContain('if (live) {\n      outp[i_1] = o_1;');
    expect(full).not.toContain('ok_');
    expect(full.lastIndexOf('outp[')).toBeGreaterThan(full.lastIndexOf('subgroupShuffleXor('));
    expect(full).toContain('o_0 = (p_0_0 + skip * u_0) * silu(z_0);');
    const t = tail(src);
    expect(t).toContain('if (live && ok_1) {\n      outp[i_1] = o_1;');
    expect(t).toContain('let dt_0 = select(0.0, softplus(dl_0 + bias), ok_0);');
    expect(count(src, 'last[o + ')).toBe(4);
    const bare = selectiveLanesSource({
      ...base,
      softplus: false,
      hasBias: false,
      hasD: false,
      hasZ: false,
      hasH0: false,
    });
    expect(bare).not.toContain('zg');
    expect(tail(bare)).toContain('let dt_0 = select(0.0, dl_0 + bias, ok_0);');
    expect(loop(bare)).toContain('let dt_0 = dl_0 + bias;');
    expect(bare).toContain('var h_0 = vec4<f32>(0.0);');
  });

  it('loads B, C, δ, u, z an iteration ahead, refilling each step’s registers after use', () => {
    const src = selectiveLanesSource(base);
    expect(src).toContain('nb_7_0 = Bv[rowBase + 7u * rowStride + 0u];');
    const body = loop(src);
    // the next rows from tn = min(t0 + K, L − K), unclamped per step
    expect(body).toContain('let tn = min(t0 + K, Lk);');
    expect(body).toContain('nb_7_0 = Bv[nRow + 7u * rowStride + 0u];');
    expect(body).not.toContain('Lm1');
    // B of step 0 is read (into b̄) before it is refilled, C after the recurrence used it
    expect(body.indexOf('du_0_0 * nb_0_0')).toBeLessThan(body.indexOf('nb_0_0 = Bv['));
    expect(body.indexOf('dot(nc_0_0, h_0)')).toBeLessThan(body.indexOf('nc_0_0 = Cv['));
    expect(body).toContain('nd_1 = dl[nEl + 4u * dims.D];');
    // the tail loads its own rows, clamped, and refills nothing
    const t = tail(src);
    expect(t).toContain('nb_7_0 = Bv[rowBase + min(t0 + 7u, Lm1) * rowStride + 0u];');
    expect(count(t, 'Bv[')).toBe(8);
  });

  it('runs the groups of an iteration one after the other', () => {
    // K = 12: three groups of four steps; group 0's recurrence comes before group 1's decays
    const src = loop(withTile({ steps: 12 }));
    expect(src.indexOf('h_0 = e_0_0_0')).toBeLessThan(src.indexOf('e_1_0_0 = exp2'));
    expect(src.indexOf('h_0 = e_2_3_0')).toBeLessThan(src.lastIndexOf('subgroupShuffleXor('));
    expect(count(src, 'exp2(')).toBe(12);
  });

  it('aggregate (first pass of an L split): the recurrence from zero, ΣΔ and the end state only', () => {
    const src = selectiveLanesSource({ ...base, aggregate: true });
    expect(src).not.toContain('Cv[');
    expect(src).not.toContain('zg');
    expect(src).not.toContain('outp[i_');
    expect(src).not.toContain('subgroupShuffleXor');
    expect(src).toContain('var h_0 = vec4<f32>(0.0);');
    // ΣΔ summed by every lane over every step (the shuffled Δ), written by lane 0
    expect(count(loop(src), 'sd = sd + dt_')).toBe(8);
    expect(src).toContain('if (j == 0u) {\n      outp[b * dims.D + d] = sd;');
    expect(count(src, 'last[o + ')).toBe(4);
    expect(selectiveLanesKey({ ...base, aggregate: true })).not.toBe(selectiveLanesKey(base));
  });

  it('chunks: only the last chunk of a batch row writes the last state, at the real row', () => {
    const src = selectiveLanesSource({ ...base, chunks: 4 });
    expect(src).toContain('if (live && b % 4u == 3u) {\n    let o = ((b / 4u) * dims.D + d) * N');
    expect(selectiveLanesSource(base)).toContain('if (live) {\n    let o = (b * dims.D + d) * N');
    expect(selectiveLanesKey({ ...base, chunks: 4 })).not.toBe(selectiveLanesKey(base));
  });

  it('names every spec in its key, and refuses lane counts that do not fit', () => {
    const keys = new Set(
      [
        base,
        { ...base, hasZ: false },
        { ...base, tile: { ...base.tile, lanes: 8 } },
        { ...base, state: 8 },
      ].map(selectiveLanesKey),
    );
    expect(keys.size).toBe(4);
    expect(lanesProblem(16, 3, 6)).toMatch(/lanes must be/);
    expect(lanesProblem(12, 8, 8)).toMatch(/must divide N = 12/);
    expect(lanesProblem(16, 4, 6)).toMatch(/multiple of lanes 4/);
    expect(lanesProblem(16, 4, 8)).toBeNull();
    expect(() => withTile({ lanes: 8 }, 12)).toThrow(RangeError);
  });
});
