// Integer index expressions for generated kernel source.
//
// gpu.js declares every local `const` of a kernel as a float (WGSL and GLSL alike), so an index
// kept in a local is converted float→int at every array read; on the H100 those conversions run
// at a quarter of the FMA rate and dominated the scan kernels. The generators therefore inline
// index arithmetic: thread ids and loop counters are integers, and so are shifts, masks and
// integer ternaries built from them. GL backends emulate bitwise operators with float loops, so
// there (intOps = false) the same quantities use exact float forms instead (division by a power
// of two is exact; other divisors use floor((x + ½)/m), exact for x < 2^22).
import { flt } from './kernel-spec';

export interface IndexStyle {
  /** shifts, masks and integer ternaries (webgpu, webasm, gpu.js cpu); float forms otherwise (GL) */
  intOps: boolean;
}

/** log2(m) when m is a power of two, else null. */
export function log2Exact(m: number): number | null {
  if (!Number.isInteger(m) || m < 1 || (m & (m - 1)) !== 0) return null;
  return Math.round(Math.log2(m));
}

/** ⌊x / m⌋ for x ≥ 0. */
export function idiv(x: string, m: number, s: IndexStyle): string {
  if (m === 1) return x;
  const k = log2Exact(m);
  if (k !== null) return s.intOps ? `((${x}) >> ${k})` : `Math.floor((${x}) / ${m})`;
  return `Math.floor(((${x}) + 0.5) / ${m})`;
}

/** x mod m for x ≥ 0. */
export function imod(x: string, m: number, s: IndexStyle): string {
  if (m === 1) return '0';
  const k = log2Exact(m);
  if (k !== null && s.intOps) return `((${x}) & ${m - 1})`;
  return `((${x}) - ${idiv(x, m, s)} * ${m})`;
}

/** min(x, m) for an integer constant m. */
export function imin(x: string, m: number, s: IndexStyle): string {
  return s.intOps ? `((${x}) < ${m} ? (${x}) : ${m})` : `Math.min(${x}, ${flt(m)})`;
}

/** max(x, m) for an integer constant m. */
export function imax(x: string, m: number, s: IndexStyle): string {
  return s.intOps ? `((${x}) > ${m} ? (${x}) : ${m})` : `Math.max(${x}, ${flt(m)})`;
}
