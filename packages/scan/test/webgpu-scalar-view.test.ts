// The plain-array view of an Array(n) WebGPU result: same buffer, one component, the given dims,
// built with the result's own class, the vector handle released after the view took its
// reference (a stand-in class with gpu.js's reference counting on the buffer).
import { BackendError } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { scalarView } from '../src/webgpu-scalar-view';

class FakeResult {
  readonly buffer: { refs: number; destroyed: boolean };
  readonly output: number[];
  readonly componentCount: number;
  readonly context: unknown;
  readonly kernel: unknown;
  constructor(s: {
    buffer: { refs: number; destroyed: boolean };
    output: number[];
    componentCount: number;
    context: unknown;
    kernel: unknown;
  }) {
    this.buffer = s.buffer;
    this.output = s.output;
    this.componentCount = s.componentCount;
    this.context = s.context;
    this.kernel = s.kernel;
    this.buffer.refs++;
  }
  toArray(): unknown {
    return null;
  }
  delete(): void {
    if (--this.buffer.refs === 0) this.buffer.destroyed = true;
  }
}

describe('scalarView', () => {
  it('views the same buffer as n× the values and keeps it alive', () => {
    const buffer = { refs: 0, destroyed: false };
    const ctx = {};
    const kernel = {};
    const vec = new FakeResult({ buffer, output: [3, 5, 2], componentCount: 4, context: ctx, kernel });
    const view = scalarView(vec, [12, 5, 2]) as unknown as FakeResult;
    expect(view).toBeInstanceOf(FakeResult);
    expect(view.buffer).toBe(buffer);
    expect(view.output).toEqual([12, 5, 2]);
    expect(view.componentCount).toBe(1);
    expect(view.context).toBe(ctx);
    expect(view.kernel).toBe(kernel);
    expect(buffer.refs).toBe(1); // the vector handle's reference was dropped, the view's kept
    expect(buffer.destroyed).toBe(false);
    view.delete();
    expect(buffer.destroyed).toBe(true);
  });

  it('refuses anything but a buffer result', () => {
    expect(() => scalarView({}, [4])).toThrow(BackendError);
    expect(() => scalarView(new Float32Array(4), [4])).toThrow(/WebGPU buffer result/);
  });
});
