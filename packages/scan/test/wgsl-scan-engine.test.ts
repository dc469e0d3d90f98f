// The webgpu-wgsl engine's host paths on an in-memory device (test/fake-gpu.ts): uploads and
// read-back through the scanner, pooled results, poisoned results, and its refusals.
import { BackendError, ShapeError } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { createScanner, type DeviceTensor } from '../src/index';
import { useFakeWgslScanner } from './fake-gpu';

// Small buffers, so that the engine's size refusals can be reached.
const LIMITS = {
  maxStorageBufferBindingSize: 1024,
  maxBufferSize: 4096,
  maxComputeWorkgroupStorageSize: 49152,
  maxComputeInvocationsPerWorkgroup: 1024,
  maxStorageBuffersPerShaderStage: 10,
  maxComputeWorkgroupsPerDimension: 65535,
};
const fx = useFakeWgslScanner(LIMITS);

describe('webgpu-wgsl engine (host side)', () => {
  it('is what auto picks when an adapter exists, and has only the async API', async () => {
    const auto = await createScanner();
    expect(auto.backend).toBe('webgpu-wgsl');
    expect(auto.canRunSync).toBe(false);
    auto.destroy();
    expect(() => fx.s.downloadSync({} as DeviceTensor)).toThrow(/webgpu-wgsl backend has no synchronous/);
  });

  it('uploads into a pooled buffer and reads it back', async () => {
    const t = await fx.s.upload({ data: [1, 2, 3, 4, 5, 6], shape: [2, 3] });
    expect(t.backend).toBe('webgpu-wgsl');
    expect([...(await fx.s.download(t))]).toEqual([1, 2, 3, 4, 5, 6]);
    const made = fx.s.wgsl!.buffersMade;
    t.release();
    const u = await fx.s.upload({ data: [9, 8, 7, 6, 5, 4], shape: [6] });
    expect(fx.s.wgsl!.buffersMade).toBe(made);
    expect([...(await fx.s.download(u))]).toEqual([9, 8, 7, 6, 5, 4]);
    await expect(fx.s.download(t)).rejects.toThrow(/released/);
  });

  it('refuses a tensor over the storage binding limit, naming the limit', async () => {
    await expect(fx.s.upload({ data: new Float32Array(257), shape: [257] })).rejects.toThrow(BackendError);
    await expect(fx.s.upload({ data: new Float32Array(257), shape: [257] })).rejects.toThrow(/1024 bytes/);
  });

  it('poisons result buffers with NaN when asked (so unwritten outputs show)', () => {
    const e = fx.s.wgsl!;
    const clean = e.resultBuffer('t.out', 4, false) as unknown as { data: Uint8Array };
    expect([...new Float32Array(clean.data.buffer)]).toEqual([0, 0, 0, 0]);
    e.poisonResults = true;
    const b = e.resultBuffer('t.out', 4, true) as unknown as { data: Uint8Array };
    expect(new Float32Array(b.data.buffer).every(Number.isNaN)).toBe(true);
  });

  it('keeps a host operand and a result of one name in two buffers', () => {
    const e = fx.s.wgsl!;
    const input = e.operand('op', 'u', { data: [1, 2, 3, 4], shape: [4] }, 4, fx.s);
    const result = e.resultBuffer('op.u', 4, false);
    expect(result).not.toBe(input);
    // each the same buffer on the next call
    expect(e.operand('op', 'u', { data: [5, 6, 7, 8], shape: [4] }, 4, fx.s)).toBe(input);
    expect(e.resultBuffer('op.u', 4, false)).toBe(result);
  });

  it('checks operands: owner, liveness and length', async () => {
    const other = await createScanner({ backend: 'webgpu-wgsl' });
    const t = await other.upload({ data: [1, 2], shape: [2] });
    expect(() => fx.s.wgsl!.operand('op', 'u', t, 2, fx.s)).toThrow(/another scanner/);
    const mine = await fx.s.upload({ data: [1, 2, 3], shape: [3] });
    expect(() => fx.s.wgsl!.operand('op', 'u', mine, 4, fx.s)).toThrow(ShapeError);
    other.destroy();
  });

  it('reports the first device error on the next call', async () => {
    const e = fx.s.wgsl!;
    (e as unknown as { error: string }).error = 'validation failed';
    expect(() => e.check('selectiveScan')).toThrow(/webgpu-wgsl: validation failed/);
  });
});
