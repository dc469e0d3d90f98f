// The WGSL source of the selective backward's three passes and its work-buffer layout (run on
// SwiftShader in test/browser.test.ts and on the H100 by bench/wgsl-backward.ts against the
// float64 reference; here: what the generator emits and where each region lies).
import { describe, expect, it } from 'vitest';
import {
  BACKWARD_DIMS_WORDS,
  backwardBlockWidth,
  backwardCounts,
  backwardDims,
  backwardLayout,
  backwardSharedBytes,
  backwardTileProblem,
  type SelectiveBackwardSpec,
  selectiveBackwardKey,
  selectiveReverseSource,
  selectiveSpanCarriesSource,
  selectiveSpanSource,
} from '../src/wgsl-kernel-selective-backward';
import { balanced, count, EVERY_OPTION } from './wgsl-source';

const spec = (over: Partial<SelectiveBackwardSpec> = {}): SelectiveBackwardSpec => ({
  ...EVERY_OPTION,
  tile: { channels: 32, steps: 4, span: 16 },
  hasGLast: true,
  ...over,
});

/** A reverse-only option: it changes the reverse's cache key and not the span pass's. */
function expectReverseKeyOnly(x: SelectiveBackwardSpec): void {
  expect(selectiveBackwardKey(x, 'reverse')).not.toBe(selectiveBackwardKey(spec(), 'reverse'));
  expect(selectiveBackwardKey(x, 'span')).toBe(selectiveBackwardKey(spec(), 'span'));
}

/** The reverse's source for `tile` (checked balanced) and its chunk loop, from its first line. */
function reverseChunk(tile: SelectiveBackwardSpec['tile']): string {
  const src = selectiveReverseSource(spec({ tile }));
  expect(balanced(src)).toBe(true);
  return src.slice(src.indexOf('for (var ci = nc; ci > 0u; ci--)'));
}

describe('selective backward layout', () => {
  const s = { batch: 2, length: 10, channels: 12, state: 4, groups: 3 };
  const tile = { channels: 2, steps: 3, span: 6 };

  it('counts NP workgroups per group, ⌈L/T⌉ chunks and ⌈L/TS⌉ spans', () => {
    expect(backwardCounts(10, 12, 3, tile)).toEqual({ NP: 2, NPs: 2, chunks: 4, spans: 2 });
    // lanes: the span pass takes CH·Q channels per workgroup
    expect(backwardCounts(10, 12, 1, { channels: 2, steps: 2, span: 2, lanes: 4, subgroup: 8 }).NPs).toBe(2);
    expect(backwardCounts(8, 12, 1, { channels: 32, steps: 4, span: 8 })).toEqual({
      NP: 1,
      NPs: 1,
      chunks: 2,
      spans: 1,
    });
  });

  it('places the inputs, span tables, checkpoints, partials and ∂h0 back to back', () => {
    const all = backwardLayout(s, tile, { D: true, bias: true, h0: true, gLast: true });
    const DN = 12 * 4;
    const BDN = 2 * DN;
    // B·S = 4 rows of span tables
    expect([all.skip, all.bias, all.h0, all.gLast]).toEqual([DN, DN + 12, DN + 24, DN + 24 + BDN]);
    expect(all.sum).toBe(DN + 24 + 2 * BDN);
    expect(all.start - all.sum).toBe(4 * 12);
    expect(all.carry - all.start).toBe(4 * DN);
    expect(all.ckpt - all.carry).toBe(4 * DN);
    // checkpoints [B, ⌈L/T⌉, D, N]; partials [B, L, G, NP, 2N]; parameter partials per (b, span)
    expect(all.part - all.ckpt).toBe(2 * 4 * DN);
    expect(all.gA - all.part).toBe(2 * 10 * 3 * 2 * 8);
    expect(all.gD - all.gA).toBe(4 * DN);
    expect(all.gBias - all.gD).toBe(4 * 12);
    expect(all.gH0 - all.gBias).toBe(4 * 12);
    expect(all.floats - all.gH0).toBe(BDN);
    // what is not given takes no room
    const bare = backwardLayout(s, tile, { D: false, bias: false, h0: false, gLast: false });
    expect([bare.skip, bare.bias, bare.h0, bare.gLast, bare.sum]).toEqual([DN, DN, DN, DN, DN]);
    expect(all.floats - bare.floats).toBe(24 + 2 * BDN);
  });

  it('hands the kernels L, D, G, D/G, NP, chunks, B, spans, the offsets and the grid width', () => {
    const o = backwardLayout(s, tile, { D: true, bias: false, h0: true, gLast: false });
    const w = backwardDims(s, tile, o, 7);
    expect(w.length).toBe(BACKWARD_DIMS_WORDS);
    expect([...w]).toEqual([
      10,
      12,
      3,
      4,
      2,
      4,
      2,
      2,
      o.skip,
      o.bias,
      o.h0,
      o.gLast,
      o.sum,
      o.start,
      o.carry,
      o.ckpt,
      o.part,
      o.gA,
      o.gD,
      o.gBias,
      o.gH0,
      7,
      2,
      0,
    ]);
  });

  it('refuses tiles whose span is not a multiple of the chunk', () => {
    expect(backwardTileProblem({ channels: 4, steps: 3, span: 12 }, 4)).toBeNull();
    expect(backwardTileProblem({ channels: 4, steps: 3, span: 10 }, 4)).toMatch(
      /span must be a positive multiple of steps 3/,
    );
    expect(backwardTileProblem({ channels: 0, steps: 3, span: 3 }, 4)).toMatch(/channels/);
    expect(backwardTileProblem({ channels: 4, steps: 1.5, span: 3 }, 4)).toMatch(/steps/);
    expect(() => selectiveReverseSource(spec({ tile: { channels: 4, steps: 4, span: 6 } }))).toThrow(
      RangeError,
    );
  });
});

describe('selective backward WGSL', () => {
  it('span aggregates: forward from zero, backward from the zero carry, one exp per state block each', () => {
    const src = selectiveSpanSource(spec());
    expect(balanced(src)).toBe(true);
    expect(src).toContain('@workgroup_size(32)');
    expect(count(src, 'exp2(')).toBe(2 * 4);
    expect(src).toContain('h_0 = exp2(dt * LOG2E * A_0) * h_0 + du * Bv[row + 0u];');
    // κ_{t−1} = ā_t ⊙ (κ_t + gy_t C_t)
    expect(src).toContain('k_0 = exp2(dt * LOG2E * A_0) * (k_0 + gyt * Cv[row + 0u]);');
    expect(src).toContain('w[dims.oSum + srow] = sd;');
    expect(src).toContain('w[dims.oStart + srow * N + 12u + 3u] = h_3.w;');
    expect(src).toContain('w[dims.oCarry + srow * N + 0u + 0u] = k_0.x;');
    // no workgroup memory, so channels past D/G return
    expect(src).not.toContain('var<workgroup>');
    expect(src).toContain('if (!valid) {\n    return;');
  });

  it('span carries: start states from h0 in order, end carries from ḡ_last in reverse, ∂h0 last', () => {
    const src = selectiveSpanCarriesSource(spec());
    expect(balanced(src)).toBe(true);
    const fwd = src.indexOf('for (var s = 0u; s < dims.spans; s++)');
    const rev = src.indexOf('for (var s = dims.spans; s > 0u; s--)');
    expect(fwd).toBeGreaterThan(0);
    expect(rev).toBeGreaterThan(fwd);
    // each entry read before it is overwritten with the start / carry
    expect(src.indexOf('let e = w[dims.oStart + o];')).toBeLessThan(src.indexOf('w[dims.oStart + o] = h;'));
    expect(src).toContain('h = exp2(a2 * w[dims.oSum + row]) * h + e;');
    expect(src).toContain('k = r + exp2(a2 * w[dims.oSum + row]) * k;');
    expect(src).toContain('w[dims.oGH0 + i] = k;');
    expect(src).toContain('var h = w[dims.oH0 + i];');
    expect(src).toContain('var k = w[dims.oGLast + i];');
    const bare = selectiveSpanCarriesSource(spec({ hasH0: false, hasGLast: false }));
    expect(bare).toContain('var h = 0.0;');
    expect(bare).toContain('var k = 0.0;');
  });

  it('reverse: checkpoints over the span, then chunks re-walked forward and backward, one barrier per step', () => {
    const x = spec({ tile: { channels: 32, steps: 5, span: 10 } });
    const src = selectiveReverseSource(x);
    expect(balanced(src)).toBe(true);
    // the checkpoint walk (a loop) and two unrolled walks of T = 5 steps, NB = 4 blocks
    expect(count(src, 'exp2(')).toBe(4 + 2 * 5 * 4);
    expect(count(src, 'workgroupBarrier()')).toBe(5);
    expect(src).not.toContain('return;');
    // starts from the span's start state and end carry
    expect(src).toContain('var h_0 = vec4<f32>(w[dims.oStart + srow * N + 0u + 0u]');
    expect(src).toContain('var gc_0 = vec4<f32>(w[dims.oCarry + srow * N + 0u + 0u]');
    // the ∂B, ∂C sums: two buffers of 2N rows of CH + 1
    expect(src).toContain(`var<workgroup> red: array<f32, ${2 * 32 * 33}>;`);
    expect(backwardSharedBytes(16, 32)).toBe(4 * 2 * 32 * 33);
    // steps in reverse order within the chunk
    const back = src.slice(src.indexOf('// backward over the chunk'));
    expect(back.indexOf('let t = c0 + 4u;')).toBeLessThan(back.indexOf('let t = c0 + 0u;'));
    // ğ = κ + gy·C, then κ = ā·ğ for the step before
    expect(src).toContain('let gb_0 = gc_0 + gyt * Cv[row + 0u];');
    expect(src).toContain('gc_0 = aa_0 * gb_0;');
    expect(src).toContain('let gdt = dDelta * sigmoid(pre_4);');
    // parameter partials per (b, span); ∂h0 comes from the carries pass
    expect(src).toContain('w[dims.oGD + srow] = gD;');
    expect(src).not.toContain('w[dims.oGH0');
  });

  it('writes y before the gate over gy only with z (gy is then read-write)', () => {
    const withZ = selectiveReverseSource(spec());
    expect(withZ).toContain('var<storage, read_write> gy');
    expect(withZ).toMatch(/var yv = dot\(Cv\[row \+ 0u\] \* hs_\d_0, vec4<f32>\(1\.0\)\)/);
    expect(withZ).toContain('gy[i] = yv + skip * u_3;');
    const noZ = selectiveReverseSource(spec({ hasZ: false, softplus: false }));
    expect(noZ).toContain('var<storage, read> gy');
    expect(noZ).not.toMatch(/gy\[i\] =/);
    expect(noZ).not.toContain('yv');
    expect(noZ).toContain('let gdt = dDelta;');
  });

  it('prefetch: the span walks and the checkpoint walk load an iteration of T steps ahead', () => {
    const x = spec({ tile: { channels: 32, steps: 4, span: 16, prefetch: true } });
    const span = selectiveSpanSource(x);
    expect(balanced(span)).toBe(true);
    // forward over [t0, t1), backward from t1 − 1, each with its loads one iteration ahead
    expect(span).toContain('let tn = min(tb + 4u, t1 - 4u);');
    expect(span).toContain('fwB3_2 = Bv[((b * L + tn + 2u) * G + g) * NB + 3u];');
    expect(span).toContain('let tn = select(t0 + 3u, tb - 4u, tb + 1u >= t0 + 8u);');
    expect(span).toContain('bwC0_1 = Cv[((b * L + tn - 1u) * G + g) * NB + 0u];');
    expect(span).toContain('k_0 = exp2(dt * LOG2E * A_0) * (k_0 + gyt * bwC0_1);');
    expect(span).toContain('sd += dt;');
    // per state block and step one exp in each walk, in the unrolled iterations and the tails
    expect(count(span, 'exp2(')).toBe(2 * 4 * (4 + 1));
    const rev = selectiveReverseSource(x);
    // a checkpoint before every iteration (a chunk of T steps) and before the tail
    expect(count(rev, 'let ck = dims.oCkpt + ((b * dims.chunks + cfirst + ')).toBe(3);
    expect(rev).toContain('let ck = dims.oCkpt + ((b * dims.chunks + cfirst + it) * D + d) * N;');
    expect(rev).toContain('let ck = dims.oCkpt + ((b * dims.chunks + cfirst + fwfull) * D + d) * N;');
    expect(selectiveBackwardKey(x, 'span')).not.toBe(selectiveBackwardKey(spec(), 'span'));
    expect(selectiveBackwardKey(x, 'carries')).toBe(selectiveBackwardKey(spec(), 'carries'));
  });

  it('hoist: a chunk issues every load of its T steps (clamped to L − 1) before the re-walk', () => {
    const x = spec({ tile: { channels: 32, steps: 4, span: 16, hoist: true } });
    const chunk = reverseChunk(x.tile);
    const rewalk = chunk.indexOf('// forward over the chunk');
    expect(chunk.indexOf('let ih_3 = (b * L + min(c0 + 3u, L - 1u)) * D + d;')).toBeLessThan(rewalk);
    expect(chunk.indexOf('let lC_3_3 = Cv[rh_3 + 3u];')).toBeLessThan(rewalk);
    // the walks use the hoisted values, and no step loads δ, u, ḡ, B or C itself
    expect(chunk).toContain('pre_2 = ld_2 + bias;');
    expect(chunk).toContain('let gyt = lg_1;');
    expect(chunk).toContain('let gb_0 = gc_0 + gyt * lC_1_0;');
    expect(chunk).toContain('var sB = dot(gb_0 * lB_1_0, vec4<f32>(1.0))');
    expect(count(chunk, 'Bv[')).toBe(4 * 4);
    expect(count(chunk, 'Cv[')).toBe(4 * 4);
    expect(count(chunk, '= gy[')).toBe(4);
    expect(count(chunk, 'gy[i] = yv')).toBe(4);
    expect(chunk).not.toContain(' dl[i]');
    expectReverseKeyOnly(x);
  });

  it("keepDecays: the backward steps reuse the re-walk's decays instead of computing exp2 again", () => {
    const x = spec({ tile: { channels: 32, steps: 4, span: 16, keepDecays: true } });
    const chunk = reverseChunk(x.tile);
    const back = chunk.indexOf('// backward over the chunk');
    // T·NB decays, each computed once in the re-walk and read by its backward step
    expect(count(chunk.slice(0, back), 'exp2(dt_')).toBe(4 * 4);
    expect(count(chunk.slice(back), 'exp2(')).toBe(0);
    expect(chunk).toContain('ea_2_3 = exp2(dt_2 * LOG2E * A_3);');
    expect(chunk).toContain('hs_2_3 = ea_2_3 * hs_1_3 + du * Bv[row + 3u];');
    expect(chunk.slice(back)).toContain('let aa_3 = ea_2_3;');
    // without it, the backward computes its own
    const pchunk = reverseChunk({ channels: 32, steps: 4, span: 16 });
    expect(count(pchunk.slice(pchunk.indexOf('// backward over the chunk')), 'exp2(dt_')).toBe(4 * 4);
    expectReverseKeyOnly(x);
  });

  it('state blocks of 4, 2 or 1 floats; options and passes change the key', () => {
    expect([16, 6, 3].map(backwardBlockWidth)).toEqual([4, 2, 1]);
    expect(selectiveReverseSource(spec({ state: 6 }))).toContain('array<vec2<f32>>');
    const scalar = selectiveReverseSource(spec({ state: 3 }));
    expect(scalar).toContain('var<storage, read> Bv: array<f32>;');
    expect(scalar).not.toContain('dot(');
    const keys = new Set([
      selectiveBackwardKey(spec(), 'reverse'),
      selectiveBackwardKey(spec(), 'span'),
      selectiveBackwardKey(spec(), 'carries'),
      selectiveBackwardKey(spec({ hasZ: false }), 'reverse'),
      selectiveBackwardKey(spec({ tile: { channels: 16, steps: 4, span: 16 } }), 'reverse'),
      selectiveBackwardKey(spec({ tile: { channels: 32, steps: 4, span: 32 } }), 'reverse'),
      selectiveBackwardKey(spec({ state: 8 }), 'reverse'),
    ]);
    expect(keys.size).toBe(7);
  });

  it('lanes: the blocks of a channel over Q lanes, per-channel sums by shuffles, lane 0 stores', () => {
    const x = spec({ tile: { channels: 8, steps: 4, span: 16, subgroup: 32, lanes: 4 } });
    const src = selectiveReverseSource(x);
    expect(balanced(src)).toBe(true);
    expect(src).toContain('@workgroup_size(32)');
    expect(src).toContain('let j = c % 4u;');
    expect(src).toContain('let jb = j * 1u;');
    // one vec4 block per lane: one exp per step in each walk (and the checkpoint walk)
    expect(count(src, 'exp2(')).toBe(1 + 2 * 4);
    expect(src).toContain('Bv[row + jb + 0u]');
    // ∂u, ∂δ, y summed over the 4 lanes, stored by lane 0
    expect(src).toContain('sB += subgroupShuffleXor(sB, 1u);');
    expect(src).toContain('sB += subgroupShuffleXor(sB, 2u);');
    expect(src).toContain('yv += subgroupShuffleXor(yv, 2u);');
    expect(src).toContain('if (valid && j == 0u) {');
    // ∂B∂C: 8 values over 8 channels (lane bits 2–4) in three halving rounds, one value each
    expect(src).toContain('let hi = (c & 16u) != 0u;');
    expect(src).toContain('let hi = (c & 4u) != 0u;');
    expect(src).not.toContain('(c & 2u)');
    expect(src).toContain('let vb = (ch >> 0u) * 1u;');
    expect(src).toContain('w[po + select(12u + jb * 4u + vb + 0u, jb * 4u + vb + 0u, vb + 0u < 4u)] = q_0;');
    // the span pass: one thread per channel, 32 per workgroup, NPs per group
    const span = selectiveSpanSource(x);
    expect(span).toContain('@workgroup_size(32)');
    expect(span).toContain('let g = wg.x / dims.NPs;');
    expect(span).not.toContain('subgroupShuffleXor');
  });

  it('lanes: more channel bits than values: butterflies after the scatter, one lane of each pair stores', () => {
    // N = 8 (2 blocks), Q = 2: 8 values per lane over 16 channels (lane bits 1–4)
    const src = selectiveReverseSource(
      spec({ state: 8, tile: { channels: 16, steps: 2, span: 2, subgroup: 32, lanes: 2 } }),
    );
    expect(balanced(src)).toBe(true);
    expect(src).toContain('q_0 += subgroupShuffleXor(q_0, 2u);');
    expect(src).toContain('let vb = (ch >> 1u) * 1u;');
    expect(src).toContain('if ((ch & 1u) == 0u) {');
  });

  it('refuses lanes without subgroup sums or not dividing the state blocks', () => {
    expect(backwardTileProblem({ channels: 8, steps: 4, span: 4, lanes: 4 }, 16)).toMatch(
      /lanes 4 needs subgroup sums/,
    );
    expect(backwardTileProblem({ channels: 4, steps: 4, span: 4, lanes: 8, subgroup: 32 }, 16)).toMatch(
      /lanes 8 must divide the 4 state blocks/,
    );
    expect(backwardTileProblem({ channels: 4, steps: 4, span: 4, lanes: 4, subgroup: 32 }, 16)).toMatch(
      /channels × lanes = 32, got 4 × 4/,
    );
    expect(backwardTileProblem({ channels: 8, steps: 4, span: 4, lanes: 4, subgroup: 32 }, 16)).toBeNull();
  });
});
