// Shared check of a strided wasm pass kernel (wasm-kernel-pass.ts) of radix r against the pass
// definition, for even strides and every m, at offset-free addresses of a scratch work area.
import { expect } from 'vitest';
import { passTwiddleSize, passTwiddles } from '../../src/wasm-twiddles';
import { randomSignal, relError } from './reference';
import { type Scratch, scratch, stockhamPassRef } from './wasm-scratch';

type PassFn = (xr: number, xi: number, yr: number, yi: number, tw: number, s: number, m: number) => void;

export function checkStridedPass(r: number, pick: (s: Scratch) => PassFn, cases: [number, number][]): void {
  for (const [s, m] of cases) {
    const n = r * s * m;
    const L = r * m;
    const sc = scratch(n);
    const { mem, area, put, get } = sc;
    const tw = mem.table(`radix${r}:${L}`, passTwiddleSize(r, L), (t) => passTwiddles(r, L, t))!;
    const xr = randomSignal(n, s + m);
    const xi = randomSignal(n, s + m + 7);
    put(area.are, xr);
    put(area.aim, xi);
    // poison the output so a butterfly the kernel skips cannot pass
    put(area.bre, new Float64Array(n).fill(Number.NaN));
    put(area.bim, new Float64Array(n).fill(Number.NaN));
    pick(sc)(area.are, area.aim, area.bre, area.bim, tw, s, m);
    const [er, ei] = stockhamPassRef(r, s, m, xr, xi);
    expect(relError(get(area.bre, n), er, get(area.bim, n), ei), `r = ${r}, s = ${s}, m = ${m}`).toBeLessThan(
      1e-15,
    );
  }
}
