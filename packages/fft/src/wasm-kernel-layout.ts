// Changes of layout in WebAssembly SIMD, for the real FFT: its half-length complex transform
// packs the real signal as z_j = x_{2j} + i·x_{2j+1}, which the split work buffers hold as
// re = (x_0, x_2, ...), im = (x_1, x_3, ...). Two vectors (x_{2j}, x_{2j+1}), (x_{2j+2}, x_{2j+3})
// become (x_{2j}, x_{2j+2}) and (x_{2j+1}, x_{2j+3}) by two shuffles, and back.
//
// Arguments: byte addresses of the interleaved array and of the re and im arrays, then the
// number of complex points h (i32, even and >= 2).
import { FunctionBuilder, I32 } from './wasm-expr';

type Built = ReturnType<FunctionBuilder['build']>;

/** Interleaved x -> split (re, im). */
export function deinterleaveKernel(name: string): Built {
  const f = new FunctionBuilder([I32, I32, I32, I32]);
  const [x, re, im, h] = [0, 1, 2, 3];
  f.repeat(f.ishr(f.get(h), 1), () => {
    const a = f.bind(f.load(f.get(x)));
    const b = f.bind(f.load(f.get(x), 16));
    f.store(f.get(re), f.pick(a, b, 0, 2));
    f.store(f.get(im), f.pick(a, b, 1, 3));
    f.advance(x, f.const(32));
    f.advance(re, f.const(16));
    f.advance(im, f.const(16));
  });
  return f.build(name);
}

/** Split (re, im) -> interleaved x. */
export function interleaveKernel(name: string): Built {
  const f = new FunctionBuilder([I32, I32, I32, I32]);
  const [x, re, im, h] = [0, 1, 2, 3];
  f.repeat(f.ishr(f.get(h), 1), () => {
    const a = f.bind(f.load(f.get(re)));
    const b = f.bind(f.load(f.get(im)));
    f.store(f.get(x), f.pick(a, b, 0, 2));
    f.store(f.get(x), f.pick(a, b, 1, 3), 16);
    f.advance(x, f.const(32));
    f.advance(re, f.const(16));
    f.advance(im, f.const(16));
  });
  return f.build(name);
}
