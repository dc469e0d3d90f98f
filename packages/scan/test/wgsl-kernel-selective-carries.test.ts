// The WGSL source of the start states of an L split's chunks (run on SwiftShader in
// test/browser.test.ts and on the H100 by bench/wgsl-checks.ts; here: what the generator emits).
import { describe, expect, it } from 'vitest';
import { selectiveCarriesKey, selectiveCarriesSource } from '../src/wgsl-kernel-selective-carries';
import { balanced, count } from './wgsl-source';

describe('selective carries WGSL', () => {
  it('walks the P chunks of one (b, d, n), writing each start before composing the chunk', () => {
    const src = selectiveCarriesSource({ chunks: 8, hasH0: true });
    expect(balanced(src)).toBe(true);
    expect(src).toContain('const P: u32 = 8u;');
    expect(src).toContain('for (var c = 0u; c < P; c++)');
    const loop = src.slice(src.indexOf('for (var c'));
    expect(loop.indexOf('prm[cdims.oStart + v * DN + dn] = h;')).toBeLessThan(loop.indexOf('h = exp2('));
    expect(src).toContain('h = exp2(a2 * sums[v * cdims.D + d]) * h + ends[v * DN + dn];');
    // one exp per chunk; threads past B·D·N return
    expect(count(src, 'exp2(')).toBe(1);
    expect(src).toContain('if (i >= cdims.total)');
  });

  it('starts from the given h0 (in the starts of chunk 0) or from zero', () => {
    expect(selectiveCarriesSource({ chunks: 2, hasH0: true })).toContain(
      'var h = prm[cdims.oStart + b * P * DN + dn];',
    );
    expect(selectiveCarriesSource({ chunks: 2, hasH0: false })).toContain('var h = 0.0;');
    expect(selectiveCarriesKey({ chunks: 2, hasH0: true })).not.toBe(
      selectiveCarriesKey({ chunks: 2, hasH0: false }),
    );
    expect(selectiveCarriesKey({ chunks: 2, hasH0: true })).not.toBe(
      selectiveCarriesKey({ chunks: 4, hasH0: true }),
    );
    expect(() => selectiveCarriesSource({ chunks: 0, hasH0: false })).toThrow(RangeError);
  });
});
