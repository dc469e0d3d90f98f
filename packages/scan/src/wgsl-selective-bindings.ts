// The bindings both selective-forward shaders declare (wgsl-kernel-selective-forward.ts and
// wgsl-kernel-selective-lanes.ts), so that one host routine (wgsl-selective-forward-run.ts) binds
// either: 0 dims (uniform), 1 u, 2 δ, 3 B, 4 C (as `block`-typed rows), 5 prm = A | D | bias | h0,
// 6 out, 7 last state, 8 z (when given): at most 8 storage buffers, WebGPU's default per stage.

/** The `Dims` struct, the bindings, and the z binding when `hasZ`; `block` is f32 or vecW<f32>. */
export function selectiveBindingsWgsl(block: string, hasZ: boolean): string {
  return `struct Dims { L: u32, D: u32, G: u32, per: u32, tiles: u32, oSkip: u32, oBias: u32, oH0: u32 }

@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> u: array<f32>;
@group(0) @binding(2) var<storage, read> dl: array<f32>;
@group(0) @binding(3) var<storage, read> Bv: array<${block}>;
@group(0) @binding(4) var<storage, read> Cv: array<${block}>;
@group(0) @binding(5) var<storage, read> prm: array<f32>;
@group(0) @binding(6) var<storage, read_write> outp: array<f32>;
@group(0) @binding(7) var<storage, read_write> last: array<f32>;
${hasZ ? '@group(0) @binding(8) var<storage, read> zg: array<f32>;' : ''}`;
}
