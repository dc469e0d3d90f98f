import { wasmEncoder } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { stridedPassKernel } from '../src/wasm-kernel-pass';
import { passTwiddleSize, passTwiddles } from '../src/wasm-twiddles';
import { randomSignal, relError } from './helpers/reference';
import { checkStridedPass } from './helpers/strided-pass-check';
import { scratch, stockhamPassRef } from './helpers/wasm-scratch';

describe('the strided pass loop (wasm-kernel-pass.ts)', () => {
  it('runs the radix-4 butterfly as the radix-4 pass of the definition', () => {
    checkStridedPass(4, (s) => s.k.radix4, [
      [2, 1],
      [2, 3],
      [6, 5],
      [10, 4],
    ]);
  });

  it('addresses inputs, outputs and twiddles for any radix: a radix-2 butterfly built on it', () => {
    // a module of its own on the scratch memory, with a radix-2 butterfly given to the loop
    const bytes = wasmEncoder.encodeModule({
      importMemory: { module: 'm', name: 'mem', initialPages: 1 },
      functions: [
        stridedPassKernel(2, 'radix2', () => (f, [a, b], [w]) => [
          f.cadd(a, b),
          f.cmul(f.bindCx(f.csub(a, b)), w),
        ]),
      ],
    });
    for (const [s, m] of [
      [2, 1],
      [2, 7],
      [8, 3],
      [64, 16],
    ]) {
      const n = 2 * s * m;
      const L = 2 * m;
      const { k, mem, area, put, get } = scratch(n);
      const radix2 = new WebAssembly.Instance(new WebAssembly.Module(bytes), { m: { mem: k.mem } }).exports
        .radix2 as (...args: number[]) => void;
      const tw = mem.table(`radix2:${L}`, passTwiddleSize(2, L), (t) => passTwiddles(2, L, t))!;
      const xr = randomSignal(n, s);
      const xi = randomSignal(n, m);
      put(area.are, xr);
      put(area.aim, xi);
      radix2(area.are, area.aim, area.bre, area.bim, tw, s, m);
      const [er, ei] = stockhamPassRef(2, s, m, xr, xi);
      expect(relError(get(area.bre, n), er, get(area.bim, n), ei), `s = ${s}, m = ${m}`).toBeLessThan(1e-15);
    }
  });
});
