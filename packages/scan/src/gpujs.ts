// The one place that imports gpu.js (a CommonJS module; its default export is the namespace).
import gpujs from 'gpu.js';

export const { GPU, input, CPUKernel, WebAssemblyKernel, WebGL2Kernel, HeadlessGLKernel, WebGPUKernel } =
  gpujs as unknown as {
    GPU: typeof import('gpu.js').GPU;
    input: (value: Float32Array, size: number[]) => unknown;
    CPUKernel: new (...args: never[]) => unknown;
    WebAssemblyKernel: (new (
      ...args: never[]
    ) => unknown) & { isSIMDSupported?: boolean; isThreadsSupported?: boolean };
    WebGL2Kernel: new (...args: never[]) => unknown;
    HeadlessGLKernel: new (...args: never[]) => unknown;
    WebGPUKernel: new (...args: never[]) => unknown;
  };

export type GpuInstance = InstanceType<typeof import('gpu.js').GPU>;
