// The small dispatches around the selective backward's two walks
// (wgsl-kernel-selective-backward.ts), each one thread per output element:
//   gate:      gy = ḡ_out · silu(z)                                  [B, L, D]
//   gateGrad:  ∂z = ḡ_out · y · σ(z)(1 + z(1 − σ(z)))  (y before the gate) [B, L, D]
//   bcSums:    ∂B, ∂C [B, L, G, N] = Σ over the NP workgroup partials of each (b, t, g)
//   paramSums: ∂A [D, N], ∂D, ∂bias [D] = Σ over the partials of every (batch row, span)
// Flat grids: element i = (wg.y · gridX + wg.x) · 256 + local index, so that up to 2^32
// elements fit WebGPU's 65535 workgroups per dimension (flatGrid).

import { wgslActivations } from './wgsl-functions';
import { BACKWARD_DIMS_WGSL } from './wgsl-kernel-selective-backward';

/** Threads per workgroup of every kernel here. */
export const SUMS_WORKGROUP = 256;

/** The (x, y) workgroup counts covering `n` elements, x at most 32768. */
export function flatGrid(n: number): [number, number] {
  const groups = Math.max(1, Math.ceil(n / SUMS_WORKGROUP));
  const x = Math.min(groups, 32768);
  return [x, Math.ceil(groups / x)];
}

const FLAT_INDEX = `let i = (wg.y * gridX + wg.x) * ${SUMS_WORKGROUP}u + li;`;
const ENTRY = `@compute @workgroup_size(${SUMS_WORKGROUP})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) li: u32)`;

/** Uniform of the element-wise kernels: n, gridX (and padding). */
export function elementDims(n: number, gridX: number): Uint32Array {
  return Uint32Array.from([n, gridX, 0, 0]);
}

const ELEMENT_DIMS = `struct EDims { n: u32, gridX: u32, p0: u32, p1: u32 }
@group(0) @binding(0) var<uniform> ed: EDims;`;

/**
 * An element-wise kernel over the `ed.n` elements of a flat grid: the activations, `ed`, the
 * storage `bindings` (from 1), and `body` run for each element i < n.
 */
function elementwise(bindings: string, body: string): string {
  return `${wgslActivations()}
${ELEMENT_DIMS}
${bindings}

${ENTRY} {
  let gridX = ed.gridX;
  ${FLAT_INDEX}
  if (i < ed.n) {
${body}
  }
}
`;
}

/** gy = ḡ_out · silu(z). Bindings: 0 ed, 1 ḡ_out, 2 z, 3 gy. Dispatch: flatGrid(n). */
export function gateSource(): string {
  return elementwise(
    `@group(0) @binding(1) var<storage, read> gOut: array<f32>;
@group(0) @binding(2) var<storage, read> z: array<f32>;
@group(0) @binding(3) var<storage, read_write> gy: array<f32>;`,
    '    gy[i] = gOut[i] * silu(z[i]);',
  );
}

/** ∂z = ḡ_out · y · σ(z)(1 + z(1 − σ(z))). Bindings: 0 ed, 1 ḡ_out, 2 z, 3 y, 4 ∂z. */
export function gateGradSource(): string {
  return elementwise(
    `@group(0) @binding(1) var<storage, read> gOut: array<f32>;
@group(0) @binding(2) var<storage, read> z: array<f32>;
@group(0) @binding(3) var<storage, read> y: array<f32>;
@group(0) @binding(4) var<storage, read_write> gz: array<f32>;`,
    `    let zz = z[i];
    let sg = sigmoid(zz);
    gz[i] = gOut[i] * y[i] * sg * (1.0 + zz * (1.0 - sg));`,
  );
}

/**
 * ∂B, ∂C: element i of the B·L·G·2N sums (row r = (b·L + t)·G + g, k < N for ∂B_k, else
 * ∂C_{k−N}) adds the NP partials at w[oPart + (r·NP + p)·2N + k]. Bindings: 0 dims (the walks'),
 * 1 w, 2 ∂B, 3 ∂C. Dispatch: flatGrid(B·L·G·2N), dims.gridX its x.
 */
export function bcSumsSource(N: number): string {
  return `const N2: u32 = ${2 * N}u;
const N: u32 = ${N}u;
${BACKWARD_DIMS_WGSL}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> w: array<f32>;
@group(0) @binding(2) var<storage, read_write> gB: array<f32>;
@group(0) @binding(3) var<storage, read_write> gC: array<f32>;

${ENTRY} {
  let gridX = dims.gridX;
  ${FLAT_INDEX}
  if (i >= dims.B * dims.L * dims.G * N2) {
    return;
  }
  let r = i / N2;
  let k = i % N2;
  var acc = 0.0;
  for (var p = 0u; p < dims.NP; p++) {
    acc += w[dims.oPart + (r * dims.NP + p) * N2 + k];
  }
  if (k < N) {
    gB[r * N + k] = acc;
  } else {
    gC[r * N + k - N] = acc;
  }
}
`;
}

/**
 * ∂A [D, N] (and ∂D, ∂bias [D] when given): element i < D·N adds the B·S rows' ∂A partials;
 * i < D also their ∂D and ∂bias. Bindings: 0 dims, 1 w, 2 ∂A, 3 ∂D, 4 ∂bias. Dispatch:
 * (⌈D·N / 256⌉, 1).
 */
export function paramSumsSource(N: number, hasD: boolean, hasBias: boolean): string {
  return `const N: u32 = ${N}u;
${BACKWARD_DIMS_WGSL}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> w: array<f32>;
@group(0) @binding(2) var<storage, read_write> gA: array<f32>;
${hasD ? '@group(0) @binding(3) var<storage, read_write> gD: array<f32>;' : ''}
${hasBias ? '@group(0) @binding(4) var<storage, read_write> gBias: array<f32>;' : ''}

${ENTRY} {
  let i = wg.x * ${SUMS_WORKGROUP}u + li;
  let D = dims.D;
  if (i >= D * N) {
    return;
  }
  var a = 0.0;
  var sd = 0.0;
  var sb = 0.0;
  for (var r = 0u; r < dims.B * dims.spans; r++) {
    a += w[dims.oGA + r * D * N + i];
    if (i < D) {
      sd += w[dims.oGD + r * D + i];
      sb += w[dims.oGBias + r * D + i];
    }
  }
  gA[i] = a;
  if (i < D) {${hasD ? '\n    gD[i] = sd;' : ''}${hasBias ? '\n    gBias[i] = sb;' : ''}
  }
}
`;
}
