// The middle pass of a selective scan split along L (selectiveForwardDispatch in wgsl-selective-forward-run.ts): the start
// state of every chunk from the chunks' aggregates.
//
// Glossary: P chunks of Lc = L/P steps per batch row (virtual row b·P + c); per chunk c and
// channel d the aggregate pass wrote ΣΔ_c (sums [B·P, D]) and e_c, the chunk's end state from
// zero (ends [B·P, D, N]). A chunk maps h ↦ Πā·h + e_c with Πā = exp(A·ΣΔ_c) = exp2(a2·ΣΔ_c),
// so the start states are the prefix h_0 = h0 (or 0), h_{c+1} = exp2(a2·ΣΔ_c)·h_c + e_c,
// written into the h0 region of the parameter buffer prm (A | D | bias | starts [B·P, D, N]),
// from which the main pass starts each chunk. One thread per (b, d, n), P steps each.
export interface SelectiveCarriesSpec {
  /** P */
  chunks: number;
  /** the user's h0 sits in the starts of chunk 0 (else the scan starts from zero) */
  hasH0: boolean;
}

/** Uniform block `cdims`, u32 words: D, N, B·D·N, offset of the starts in prm. */
export const CARRIES_DIMS_WORDS = 4;

export function selectiveCarriesKey(x: SelectiveCarriesSpec): string {
  return `ssc:p${x.chunks}:${x.hasH0 ? 1 : 0}`;
}

/** Bindings: 0 cdims, 1 sums, 2 ends, 3 prm (read-write). Dispatch: (ceil(B·D·N / 64), 1). */
export function selectiveCarriesSource(x: SelectiveCarriesSpec): string {
  const P = x.chunks;
  if (!Number.isInteger(P) || P < 1) throw new RangeError(`chunks must be a positive integer, got ${P}`);
  return `
const P: u32 = ${P}u;
const LOG2E: f32 = 1.4426950408889634;

struct CDims { D: u32, N: u32, total: u32, oStart: u32 }

@group(0) @binding(0) var<uniform> cdims: CDims;
@group(0) @binding(1) var<storage, read> sums: array<f32>;
@group(0) @binding(2) var<storage, read> ends: array<f32>;
@group(0) @binding(3) var<storage, read_write> prm: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= cdims.total) {
    return;
  }
  let DN = cdims.D * cdims.N;
  let b = i / DN;
  let dn = i % DN;
  let d = dn / cdims.N;
  let a2 = prm[dn] * LOG2E;
  var h = ${x.hasH0 ? 'prm[cdims.oStart + b * P * DN + dn]' : '0.0'};
  for (var c = 0u; c < P; c++) {
    let v = b * P + c;
    prm[cdims.oStart + v * DN + dn] = h;
    h = exp2(a2 * sums[v * cdims.D + d]) * h + ends[v * DN + dn];
  }
}
`;
}
