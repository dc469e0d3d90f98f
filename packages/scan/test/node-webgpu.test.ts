// The Node WebGPU bootstrap, against a stand-in for Dawn's binding whose device (like Dawn's)
// refuses `onuncapturederror = fn`.
import { afterEach, describe, expect, it } from 'vitest';
import { installNodeWebGPU, nodeWebGPUDevice } from '../src/index';

class FakeDevice extends EventTarget {
  label = 'dev';
  set onuncapturederror(_: unknown) {
    throw new TypeError('refused');
  }
  createBuffer() {
    return this.label;
  }
}

afterEach(() => {
  delete (globalThis as { navigator?: unknown }).navigator;
  delete (globalThis as { GPUBufferUsage?: unknown }).GPUBufferUsage;
});

describe('installNodeWebGPU', () => {
  it('installs navigator.gpu and the globals, and forwards onuncapturederror to a listener', async () => {
    const device = new FakeDevice();
    const adapter = { limits: { maxBufferSize: 1 }, requestDevice: async () => device };
    const ok = installNodeWebGPU({
      create: () => ({ requestAdapter: async () => adapter }),
      globals: { GPUBufferUsage: { STORAGE: 128 } },
    });
    expect(ok).toBe(true);
    expect((globalThis as { GPUBufferUsage?: unknown }).GPUBufferUsage).toEqual({ STORAGE: 128 });
    const gpu = (
      globalThis as unknown as { navigator: { gpu: { requestAdapter(): Promise<typeof adapter> } } }
    ).navigator.gpu;
    const a = await gpu.requestAdapter();
    expect(a.limits.maxBufferSize).toBe(1);
    const d = (await a.requestDevice()) as unknown as FakeDevice & { onuncapturederror: unknown };
    expect(nodeWebGPUDevice()).toBe(device);
    expect(d.createBuffer()).toBe('dev');
    const seen: string[] = [];
    d.onuncapturederror = (e: Event) => seen.push(e.type);
    device.dispatchEvent(new Event('uncapturederror'));
    expect(seen).toEqual(['uncapturederror']);
    d.onuncapturederror = null;
    device.dispatchEvent(new Event('uncapturederror'));
    expect(seen).toHaveLength(1);
  });
});
