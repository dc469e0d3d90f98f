// One block of a selective scan as the gpu.js kernels see it: sizes and flags baked into every
// kernel source of the block. The scanner cuts a problem into blocks whose every array has fewer
// than 2^24 elements (see block-plan.ts), so all index arithmetic in the kernels is exact.
//
// Glossary: Bb batch rows of the block, L length, D channels, N state size, G groups of B/C in
// the block (channel d reads group d // (D/G)), T chunk length, nC = ⌈L/T⌉.

export interface SelectiveBlock {
  batch: number;
  length: number;
  channels: number;
  state: number;
  groups: number;
  chunk: number;
  hasBias: boolean;
  softplus: boolean;
  hasD: boolean;
  hasZ: boolean;
  hasH0: boolean;
  /** a cotangent of the last state is given (backward) */
  hasGLast: boolean;
  /** inline polynomial exp (webasm) instead of Math.exp */
  fastExp: boolean;
  /** integer shifts/masks in index arithmetic (not on GL backends: see kernel-index.ts) */
  intOps: boolean;
  /**
   * B and C bound as two arrays Bm, Cm [Bb, L, G·N] (the forward: no stacking pass), instead of
   * one stacked BC (the backward, whose kernels would otherwise bind more than 8 buffers)
   */
  separateBC: boolean;
  /**
   * the forward output computed four time steps per thread (webgpu: Array(4) results), see
   * kernel-source-time-quads.ts
   */
  timeQuads: boolean;
}

export function blockTag(b: SelectiveBlock): string {
  const flags = [
    b.hasBias ? 'b' : '',
    b.softplus ? 's' : '',
    b.hasD ? 'D' : '',
    b.hasZ ? 'z' : '',
    b.hasH0 ? 'h' : '',
    b.hasGLast ? 'g' : '',
    b.fastExp ? 'F' : '',
    b.intOps ? 'i' : '',
    b.separateBC ? 'S' : '',
    b.timeQuads ? 'Q' : '',
  ].join('');
  return `${b.batch}x${b.length}x${b.channels}x${b.state}g${b.groups}:T${b.chunk}:${flags}`;
}

export function blockChunks(b: SelectiveBlock): number {
  return Math.ceil(b.length / b.chunk);
}

/** Whether the raw step needs a preparation pass (bias or softplus) before the scan kernels. */
export function needsStepPrep(b: SelectiveBlock): boolean {
  return b.hasBias || b.softplus;
}
