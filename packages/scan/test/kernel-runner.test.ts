// The runner refuses to report a backend that did not run, and results of one kernel stay distinct.
import { BackendError } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { DeviceArray } from '../src/device-array';
import { GPU } from '../src/gpujs';
import { KernelRunner } from '../src/kernel-runner';
import { makeSpec } from '../src/kernel-spec';

const double = makeSpec('double:8', ['v'], '  return 2 * v[this.thread.x];', [8], 1, false);
const host = (n: number) =>
  new DeviceArray(
    [8],
    Float32Array.from({ length: 8 }, (_, i) => i + n),
    null,
  );

describe('KernelRunner', () => {
  it('raises a BackendError when gpu.js ran another backend than the one asked for', () => {
    // a runner that claims webasm over a gpu.js instance in cpu mode: the check must catch it
    const r = new KernelRunner(new GPU({ mode: 'cpu' }), 'webasm', false);
    expect(() => r.call(double, { v: host(0) })).toThrow(BackendError);
    expect(() => r.call(double, { v: host(0) })).toThrow(
      /asked for the webasm backend but gpu.js ran CPUKernel/,
    );
  });

  it('runs on the backend it names', () => {
    const r = new KernelRunner(new GPU({ mode: 'webasm' as never }), 'webasm', false);
    const out = r.call(double, { v: host(1) }) as DeviceArray;
    expect(Array.from(out.host!)).toEqual([2, 4, 6, 8, 10, 12, 14, 16]);
    expect(r.launches).toBe(1);
  });

  for (const [mode, name] of [
    ['webasm', 'webasm'],
    ['cpu', 'gpujs-cpu'],
  ] as const) {
    it(`keeps two results of one kernel apart (${name})`, () => {
      const r = new KernelRunner(new GPU({ mode: mode as never }), name, false);
      const a = r.call(double, { v: host(0) }) as DeviceArray;
      const b = r.call(double, { v: host(100) }) as DeviceArray;
      expect(a.host![0]).toBe(0);
      expect(b.host![0]).toBe(200);
      expect(a.host!.buffer).not.toBe(b.host!.buffer);
    });
  }

  it('refuses Array(n) results outside webgpu', () => {
    const r = new KernelRunner(new GPU({ mode: 'cpu' }), 'gpujs-cpu', false);
    const quad = {
      ...makeSpec('quad:8', ['v'], '  return [v[this.thread.x], 0, 0, 0];', [8], 1, false),
      components: 4,
    };
    expect(() => r.call(quad, { v: host(0) })).toThrow(/webgpu only/);
  });

  it('names a missing argument', () => {
    const r = new KernelRunner(new GPU({ mode: 'cpu' }), 'gpujs-cpu', false);
    expect(() => r.call(double, {})).toThrow(/missing argument v/);
  });
});
