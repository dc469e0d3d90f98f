// The options every selective kernel spec shares, and their cache-key bits.
import { describe, expect, it } from 'vitest';
import { selectiveOptionsKey } from '../src/wgsl-selective-options';

describe('selectiveOptionsKey', () => {
  it('spells softplus, bias, D, z, h0 in that order', () => {
    const none = { state: 16, softplus: false, hasBias: false, hasD: false, hasZ: false, hasH0: false };
    expect(selectiveOptionsKey(none)).toBe('00000');
    expect(selectiveOptionsKey({ ...none, softplus: true })).toBe('10000');
    expect(selectiveOptionsKey({ ...none, hasD: true, hasH0: true })).toBe('00101');
    // N is not a flag (the keys name it apart)
    expect(selectiveOptionsKey({ ...none, state: 4 })).toBe('00000');
  });
});
