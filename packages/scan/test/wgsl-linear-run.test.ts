// The host side of the webgpu-wgsl linear scan on an in-memory device (test/fake-gpu.ts;
// nothing is computed there: the browser test and bench/wgsl-checks.ts check the numbers): the
// dispatch grid, the dims uniform, and forward + adjoint in one submission.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '../src/index';
import { type FakeDevice, fakeDevice, installFakeGpu } from './fake-gpu';
import { rand, rng } from './helpers';

const LIMITS = {
  maxStorageBufferBindingSize: 2 ** 30,
  maxBufferSize: 2 ** 30,
  maxComputeWorkgroupStorageSize: 49152,
  maxComputeInvocationsPerWorkgroup: 1024,
  maxStorageBuffersPerShaderStage: 10,
  maxComputeWorkgroupsPerDimension: 65535,
};

let dev: FakeDevice;
let s: Scanner;
let restore: () => void;
beforeEach(async () => {
  dev = fakeDevice(LIMITS);
  restore = installFakeGpu(dev, LIMITS).restore;
  s = await createScanner({ backend: 'webgpu-wgsl' });
});
afterEach(() => {
  s.destroy();
  restore();
});

const words = (b: { data: Uint8Array }, n: number) => [...new Uint32Array(b.data.buffer, 0, n)];

describe('webgpu-wgsl linear scan (host side)', () => {
  it('forward: one dispatch, dims L, D, tiles; backward: forward and adjoint in one submission', async () => {
    const [B, L, D] = [2, 100, 40];
    const r = rng(5);
    const x = {
      a: { data: rand(r, B * L * D), shape: [B, L, D] },
      b: { data: rand(r, B * L * D), shape: [B, L, D] },
      h0: { data: rand(r, B * D), shape: [B, D] },
    };
    const y = await s.linearScan(x);
    expect(y.info).toMatchObject({ engine: 'seqmod-wgsl', launches: 1, chunk: 64 });
    expect(dev.dispatched[0]!.workgroups).toEqual([2, 2]);
    expect(words(dev.dispatched[0]!.entries.get(0) as never, 3)).toEqual([L, D, 2]);
    const submits = dev.submits;
    const g = await s.linearScanBackward({ ...x, gh: { data: rand(r, B * L * D), shape: [B, L, D] } });
    expect(g.info.launches).toBe(2);
    expect(dev.dispatched.length).toBe(3);
    // one submission for both dispatches, one for the read-back
    expect(dev.submits - submits).toBe(2);
    expect(g.h0).toBeDefined();
  });
});
