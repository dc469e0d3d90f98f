// Opening the webgpu-wgsl device: no navigator.gpu or no adapter is a BackendError; otherwise
// the device asks for the adapter's own limits and the optional features it offers.
import { BackendError } from '@seqmod/tensor';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedSubgroupSize, openWgslDevice, wgslAdapter } from '../src/wgsl-device';
import { fakeDevice, installFakeGpu } from './fake-gpu';

const ADAPTER = {
  maxStorageBufferBindingSize: 4294967295,
  maxBufferSize: 2 ** 40,
  maxComputeWorkgroupStorageSize: 49152,
  maxComputeInvocationsPerWorkgroup: 1024,
  maxStorageBuffersPerShaderStage: 10,
  maxComputeWorkgroupsPerDimension: 65535,
};

let restore: (() => void) | null = null;
afterEach(() => {
  restore?.();
  restore = null;
});

describe('webgpu-wgsl device', () => {
  it('has no adapter without navigator.gpu, and says so with a BackendError', async () => {
    expect(await wgslAdapter()).toBeNull();
    await expect(openWgslDevice()).rejects.toThrow(BackendError);
    await expect(openWgslDevice()).rejects.toThrow(/no adapter/);
  });

  it("requests the adapter's limits and the subgroups / timestamp features it offers", async () => {
    const dev = fakeDevice(ADAPTER);
    const g = installFakeGpu(dev, ADAPTER, ['subgroups', 'timestamp-query', 'shader-f16']);
    restore = g.restore;
    const d = await openWgslDevice();
    expect(d.limits).toEqual(ADAPTER);
    expect(d.subgroups).toBe(true);
    expect(d.timestamps).toBe(true);
    expect(d.adapter).toBe('fake test');
    expect(g.requested[0]!.requiredLimits).toEqual(ADAPTER);
    expect(g.requested[0]!.requiredFeatures).toEqual(['subgroups', 'timestamp-query']);
  });

  it('asks for no feature the adapter lacks', async () => {
    const dev = fakeDevice(ADAPTER);
    const g = installFakeGpu(dev, ADAPTER, []);
    restore = g.restore;
    const d = await openWgslDevice();
    expect(d.subgroups).toBe(false);
    expect(d.timestamps).toBe(false);
    expect(g.requested[0]!.requiredFeatures).toEqual([]);
  });

  it('reports the subgroup size when the adapter has subgroups of one fixed size, else 0', async () => {
    const dev = fakeDevice(ADAPTER);
    const g = installFakeGpu(dev, ADAPTER, ['subgroups'], { subgroupMinSize: 32, subgroupMaxSize: 32 });
    restore = g.restore;
    expect((await openWgslDevice()).subgroupSize).toBe(32);
    const info = (lo?: number, hi?: number) => ({ info: { subgroupMinSize: lo, subgroupMaxSize: hi } });
    expect(fixedSubgroupSize(info(4, 4), true)).toBe(4);
    // a size that varies (e.g. 8 … 32), no feature, no info: no fixed layout to generate for
    expect(fixedSubgroupSize(info(8, 32), true)).toBe(0);
    expect(fixedSubgroupSize(info(32, 32), false)).toBe(0);
    expect(fixedSubgroupSize(info(), true)).toBe(0);
    expect(fixedSubgroupSize({}, true)).toBe(0);
  });

  it('reports subgroup size 0 when the adapter lacks subgroups', async () => {
    const dev = fakeDevice(ADAPTER);
    const g = installFakeGpu(dev, ADAPTER, [], { subgroupMinSize: 32, subgroupMaxSize: 32 });
    restore = g.restore;
    expect((await openWgslDevice()).subgroupSize).toBe(0);
  });
});
