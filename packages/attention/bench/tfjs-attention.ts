// What a tfjs user writes for causal attention: tf.matMul + tf.softmax with an additive causal
// mask, on the cpu (pure JS) and wasm backends, in this process.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

export type TfBackend = 'cpu' | 'wasm';

let wasmPathsSet = false;

export async function useBackend(name: TfBackend): Promise<void> {
  if (name === 'wasm' && !wasmPathsSet) {
    const require = createRequire(import.meta.url);
    setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))}/`);
    wasmPathsSet = true;
  }
  if (!(await tf.setBackend(name))) throw new Error(`tfjs backend ${name} is unavailable`);
  await tf.ready();
}

/** Bytes of the wasm backend's heap (it only grows: its size is the high-water mark). */
export function wasmHeapBytes(): number {
  return (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.buffer.byteLength;
}

export interface TfProblem {
  q: tf.Tensor4D;
  k: tf.Tensor4D;
  v: tf.Tensor4D;
  mask: tf.Tensor2D;
  dispose(): void;
}

/** Inputs [1, H, L, d] from the same arrays the seqmod cases use, and the [L, L] causal mask. */
export function tfProblem(
  q: Float32Array,
  k: Float32Array,
  v: Float32Array,
  H: number,
  L: number,
  d: number,
): TfProblem {
  const m = new Float32Array(L * L);
  for (let i = 0; i < L; i++) for (let j = i + 1; j < L; j++) m[i * L + j] = Number.NEGATIVE_INFINITY;
  const p = {
    q: tf.tensor4d(q, [1, H, L, d]),
    k: tf.tensor4d(k, [1, H, L, d]),
    v: tf.tensor4d(v, [1, H, L, d]),
    mask: tf.tensor2d(m, [L, L]),
  };
  return { ...p, dispose: () => tf.dispose(Object.values(p)) };
}

/** softmax(q kᵀ/sqrt(d) + mask) v, read back to a Float32Array. */
export function tfCausalAttention(p: TfProblem): Float32Array {
  const d = p.q.shape[3];
  const out = tf.tidy(() => {
    const scores = tf
      .matMul(p.q, p.k, false, true)
      .mul(1 / Math.sqrt(d))
      .add(p.mask);
    return tf.matMul(tf.softmax(scores), p.v);
  });
  const data = out.dataSync() as Float32Array;
  out.dispose();
  return data;
}
