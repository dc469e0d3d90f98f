// The scans as differentiable @seqmod/tensor ops, so models (Mamba) train through this path:
// the forward runs on a scanner, and recordOp registers a backward that calls the scanner's
// backward pass. Autograd's backward is synchronous, so these use the scanner's synchronous
// methods: every backend but webgpu (whose readback is asynchronous only).
//
// Shapes as the scanner's: u, δ, z, out [B, L, D]; A [D, N]; B, C [B, L, N] or [B, L, G, N];
// D, deltaBias [D]; h0, lastState [B, D, N]. Linear: a, b, h [B, L, D]; h0 [B, D].
// Results have the dtype of u (of a); gpu.js backends compute in float32 regardless.
import { type DType, fromArray, recordOp, type Tensor, zeros } from '@seqmod/tensor';
import type { HostTensor, ScanArray } from './device-tensor';
import type { CallOptions } from './scan-call';
import type { Scanner } from './scanner';

export interface SelectiveScanTensors {
  u: Tensor;
  delta: Tensor;
  A: Tensor;
  B: Tensor;
  C: Tensor;
  D?: Tensor;
  z?: Tensor;
  deltaBias?: Tensor;
  h0?: Tensor;
}

export interface SelectiveScanTensorOptions extends CallOptions {
  deltaSoftplus?: boolean;
}

function host(t: Tensor, dtype: DType): HostTensor {
  const data = t.toArray();
  if (dtype === 'float64' || data instanceof Float32Array) return { data, shape: t.shape };
  return { data: Float32Array.from(data), shape: t.shape };
}

function tensorOf(a: ScanArray | unknown, dtype: DType): Tensor {
  const r = a as ScanArray;
  return fromArray(r.data, r.shape, { dtype });
}

/** The host inputs of the scanner: float64 data goes to the reference as is, float32 otherwise. */
function hostInputs<K extends string>(
  x: Partial<Record<K, Tensor>>,
  dtype: DType,
): Partial<Record<K, HostTensor>> {
  const out: Partial<Record<K, HostTensor>> = {};
  for (const k of Object.keys(x) as K[]) {
    const t = x[k];
    if (t) out[k] = host(t, dtype);
  }
  return out;
}

/**
 * The selective scan of Tensors -> { out: [B, L, D], lastState: [B, D, N] }, differentiable with
 * respect to every tensor input.
 */
export function selectiveScanTensor(
  scanner: Scanner,
  x: SelectiveScanTensors,
  opts: SelectiveScanTensorOptions = {},
): { out: Tensor; lastState: Tensor } {
  const dtype = x.u.dtype;
  const { deltaSoftplus, ...call } = opts;
  const h = hostInputs(x as unknown as Record<string, Tensor>, dtype) as unknown as Parameters<
    Scanner['selectiveScanSync']
  >[0];
  const inputs = { ...h, deltaSoftplus };
  const y = scanner.selectiveScanSync(inputs, { ...call, resident: false });
  const out = tensorOf(y.out, dtype);
  const lastState = tensorOf(y.lastState, dtype);
  const names = (Object.keys(x) as (keyof SelectiveScanTensors)[]).filter((k) => x[k] !== undefined);
  const tensors = names.map((k) => x[k]!);
  recordOp('selectiveScan', tensors, [out, lastState], (grads) => {
    const gOut = grads[0] ?? zeros(out.shape, { dtype });
    const g = scanner.selectiveScanBackwardSync(
      { ...inputs, gOut: host(gOut, dtype), ...(grads[1] ? { gLastState: host(grads[1], dtype) } : {}) },
      { ...call, resident: false },
    );
    const byName: Record<string, unknown> = { ...g, deltaBias: g.deltaBias };
    return names.map((k) => tensorOf(byName[k], x[k]!.dtype));
  });
  return { out, lastState };
}

export interface LinearScanTensors {
  a: Tensor;
  b: Tensor;
  h0?: Tensor;
}

/** h_t = a_t ⊙ h_{t−1} + b_t on Tensors -> h: [B, L, D], differentiable in a, b and h0. */
export function linearScanTensor(scanner: Scanner, x: LinearScanTensors, opts: CallOptions = {}): Tensor {
  const dtype = x.a.dtype;
  const inputs = hostInputs(x as unknown as Record<string, Tensor>, dtype) as unknown as Parameters<
    Scanner['linearScanSync']
  >[0];
  const y = scanner.linearScanSync(inputs, { ...opts, resident: false });
  const h = tensorOf(y.h, dtype);
  const names = (Object.keys(x) as (keyof LinearScanTensors)[]).filter((k) => x[k] !== undefined);
  recordOp(
    'linearScan',
    names.map((k) => x[k]!),
    [h],
    (grads) => {
      const gh = grads[0] ?? zeros(h.shape, { dtype });
      const g = scanner.linearScanBackwardSync(
        { ...inputs, gh: host(gh, dtype) },
        { ...opts, resident: false },
      );
      const byName: Record<string, unknown> = { a: g.a, b: g.b, h0: g.h0 };
      return names.map((k) => tensorOf(byName[k], x[k]!.dtype));
    },
  );
  return h;
}
