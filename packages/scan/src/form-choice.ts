// Sequential or chunked, and the chunk length T.
//
// gpu.js kernels compute one output per thread and threads share nothing, so a scan that must
// return every h_t cannot keep a running state in a thread as mamba's CUDA kernel does. Both
// forms below therefore give each output thread a walk from a known state:
//   sequential  one chunk: every thread walks from h0 (2 launches; the walk averages (L+1)/2
//               steps, so the work grows as L²);
//   chunked     chunk-local scans, a scan over chunk carries (itself chunked when long), then
//               walks of at most T steps: about (T+1)/2 + 1 steps per element, 5 or more
//               launches, and one stored state per chunk.
// Rule: chunked when L > 2T, sequential otherwise. At L = 2T the sequential walk averages
// T + ½ steps, about twice the chunked form's (T+1)/2 + 1, which pays for the extra launches
// (each 10–500 µs) on short sequences; above it the quadratic walk loses quickly. T is a power
// of two per backend: 16 on GPU backends (their threads are cheap, long walks amortise the
// carries), 8 on webasm and gpu.js-cpu (every redundant step costs CPU time; 8 measured fastest
// against 4 and 16 on the selective scan, B = 2, D = 256, N = 16, L = 2048).
// Carry scans over nC chunks (cheap multiply-adds, no exp) take T = the power of two nearest
// above √nC, so that one more level of chunks leaves at most 2T carries: two levels of launches
// instead of log_16 nC (each launch costs 30–140 µs of host time through gpu.js on WebGPU).
import { ValueError } from '@seqmod/tensor';
import type { BackendName } from './backend-name';

export type ScanForm = 'sequential' | 'chunked';

export interface FormChoice {
  form: ScanForm;
  /** T: the chunk length (the whole length for the sequential form). */
  chunk: number;
}

export interface FormOptions {
  /** Force a form (default: the rule above). */
  form?: ScanForm | 'auto';
  /** Override T (a power of two ≥ 2). */
  chunk?: number;
}

const DEFAULT_CHUNK: Record<BackendName, number> = {
  // webgpu-wgsl scans in workgroup tiles (wgsl-tile.ts); T only validates a caller's `chunk`
  'webgpu-wgsl': 16,
  webgpu: 16,
  webgl2: 16,
  headlessgl: 16,
  // wasm-simd and cpu always run one sequential pass; T only validates a caller's `chunk`
  'wasm-simd': 16,
  webasm: 8,
  'gpujs-cpu': 8,
  cpu: 16,
};

/** Smallest T for carry scans (the linear scan over chunk states). */
export const CARRY_CHUNK = 16;

function checkChunk(op: string, t: number): void {
  if (!Number.isInteger(t) || t < 2 || (t & (t - 1)) !== 0) {
    throw new ValueError(op, `chunk must be a power of two ≥ 2, got ${t}`);
  }
}

/** The form and chunk length for a scan of `length` steps on `backend`. */
export function chooseForm(
  op: string,
  backend: BackendName,
  length: number,
  opts: FormOptions = {},
): FormChoice {
  const T = opts.chunk ?? DEFAULT_CHUNK[backend];
  checkChunk(op, T);
  const form = opts.form ?? 'auto';
  if (form === 'sequential') return { form, chunk: length };
  if (form === 'chunked') {
    if (length <= T) throw new ValueError(op, `the chunked form needs L > T, got L = ${length}, T = ${T}`);
    return { form, chunk: T };
  }
  return length > 2 * T ? { form: 'chunked', chunk: T } : { form: 'sequential', chunk: length };
}

/** The chunk length of a carry scan over `length` chunks (the whole length: sequential). */
export function carryChunk(length: number): number {
  if (length <= 2 * CARRY_CHUNK) return length;
  let t = CARRY_CHUNK;
  while (t * t < length) t *= 2;
  return t;
}
