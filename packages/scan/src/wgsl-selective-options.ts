// What the source of a selective-scan kernel depends on besides its tile: N and the options of
// the call. Shared by the forward (segmented and state lanes) and backward kernel specs, and
// spelled the same way in their pipeline cache keys.

export interface SelectiveOptions {
  /** N */
  state: number;
  /** Δ = softplus(δ + bias) (else δ + bias) */
  softplus: boolean;
  hasBias: boolean;
  hasD: boolean;
  hasZ: boolean;
  hasH0: boolean;
}

/** The options' flags as a bit string for a cache key: softplus, bias, D, z, h0. */
export function selectiveOptionsKey(x: SelectiveOptions): string {
  return [x.softplus, x.hasBias, x.hasD, x.hasZ, x.hasH0].map((v) => (v ? 1 : 0)).join('');
}
