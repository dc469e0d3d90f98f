// A gpu.js WebGPU result of an Array(n) kernel seen as a plain array of n times as many values:
// the same GPU buffer, wrapped in the backend's own result class with one component per cell.
// gpu.js's webgpu backend refuses Array(n) results as kernel arguments; a plain-array view of
// the buffer is accepted, and gives the values in memory order (thread i's value c at n·i + c).
import { BackendError } from '@seqmod/tensor';
import type { GpuHandle } from './device-array';

interface WebGPUBufferResultLike extends GpuHandle {
  buffer: unknown;
  componentCount: number;
  context: unknown;
  kernel: unknown;
}

/** A new handle on `result`'s buffer with `dims` (gpu.js order, x first) and one component; `result` is released. */
export function scalarView(result: unknown, dims: readonly number[]): GpuHandle {
  const r = result as WebGPUBufferResultLike;
  if (!r || typeof r !== 'object' || !r.buffer || typeof r.componentCount !== 'number') {
    throw new BackendError('scan kernel', 'expected a gpu.js WebGPU buffer result');
  }
  const Ctor = (r as object).constructor as new (settings: object) => GpuHandle;
  // the view takes a reference on the buffer before the vector handle drops its own
  const view = new Ctor({
    buffer: r.buffer,
    output: [...dims],
    componentCount: 1,
    context: r.context,
    kernel: r.kernel,
  });
  r.delete();
  return view;
}
