// Small operands packed into one storage buffer: WebGPU guarantees only 8 storage bindings per
// shader stage, so the scans bind A, D, bias, h0 (and the backward's ḡ_last) as regions of one
// buffer. Host values are written into it by the queue; DeviceTensors are copied into it on the
// GPU, by copies the caller records before the dispatch that reads the buffer.
import { DeviceTensor, type ScanOperand } from './device-tensor';
import { asFloat32 } from './float-array';
import type { WgslDispatch, WgslScanEngine } from './wgsl-scan-engine';

export interface PackedOperand {
  /** the operand's name in errors */
  name: string;
  value: ScanOperand | undefined;
  /** floats of the operand */
  floats: number;
  /** [offset in the operand, offset in the buffer, floats] of each piece (default: all at `at`) */
  pieces: [number, number, number][];
}

/** Writes or schedules every given operand's pieces into `dst`; returns the copies to record. */
export function packOperands(
  engine: WgslScanEngine,
  op: string,
  dst: GPUBuffer,
  items: readonly PackedOperand[],
  owner: object,
): WgslDispatch['copies'] {
  const copies: WgslDispatch['copies'] = [];
  for (const { name, value, floats, pieces } of items) {
    if (value === undefined) continue;
    if (value instanceof DeviceTensor) {
      const src = engine.operand(op, name, value, floats, owner);
      for (const [from, to, m] of pieces)
        copies.push({ src, srcOffset: 4 * from, dst, dstOffset: 4 * to, bytes: 4 * m });
    } else {
      const f = asFloat32(value.data);
      for (const [from, to, m] of pieces)
        engine.device.queue.writeBuffer(dst, 4 * to, f.buffer, f.byteOffset + 4 * from, 4 * m);
    }
  }
  return copies;
}
