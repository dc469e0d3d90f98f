// The gpu.js selective scan (forward and backward, sequential and chunked forms, every option)
// equals the CPU reference on the backends that run in Node, for random shapes and inputs.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type BackendName,
  createScanner,
  type ScanArray,
  type Scanner,
  selectiveScanBackwardReference,
  selectiveScanReference,
} from '../src/index';
import { rand, ratio, rng } from './helpers';

const scanners = new Map<BackendName, Scanner>();
afterAll(() => {
  for (const s of scanners.values()) s.destroy();
});
async function scanner(b: BackendName): Promise<Scanner> {
  if (!scanners.has(b)) scanners.set(b, await createScanner({ backend: b }));
  return scanners.get(b)!;
}

interface Case {
  B: number;
  L: number;
  D: number;
  N: number;
  G: number;
  z: boolean;
  Dskip: boolean;
  bias: boolean;
  softplus: boolean;
  h0: boolean;
  gLast: boolean;
  seed: number;
}

const caseArb = fc
  .record({
    B: fc.integer({ min: 1, max: 2 }),
    L: fc.integer({ min: 1, max: 40 }),
    groupsLog: fc.integer({ min: 0, max: 1 }),
    perGroup: fc.integer({ min: 1, max: 5 }),
    N: fc.constantFrom(1, 3, 4, 8),
    z: fc.boolean(),
    Dskip: fc.boolean(),
    bias: fc.boolean(),
    softplus: fc.boolean(),
    h0: fc.boolean(),
    gLast: fc.boolean(),
    seed: fc.integer({ min: 1, max: 1e6 }),
  })
  .map((c): Case => {
    const G = 2 ** c.groupsLog;
    return { ...c, G, D: G * c.perGroup };
  });

function inputs(c: Case) {
  const r = rng(c.seed);
  const { B, L, D, N, G } = c;
  const a = {
    u: rand(r, B * L * D),
    delta: rand(r, B * L * D, c.softplus ? 1 : 0.2, c.softplus ? -1 : 0.3),
    A: rand(r, D * N, 0.5, -0.8),
    B: rand(r, B * L * G * N),
    C: rand(r, B * L * G * N),
    D: c.Dskip ? rand(r, D) : undefined,
    z: c.z ? rand(r, B * L * D) : undefined,
    deltaBias: c.bias ? rand(r, D, 0.2) : undefined,
    deltaSoftplus: c.softplus,
    h0: c.h0 ? rand(r, B * D * N) : undefined,
  };
  const gOut = rand(r, B * L * D);
  const gLast = c.gLast ? rand(r, B * D * N) : undefined;
  const bShape = G === 1 && r() < 0.5 ? [B, L, N] : [B, L, G, N];
  const host = {
    u: { data: a.u, shape: [B, L, D] },
    delta: { data: a.delta, shape: [B, L, D] },
    A: { data: a.A, shape: [D, N] },
    B: { data: a.B, shape: bShape },
    C: { data: a.C, shape: bShape },
    D: a.D ? { data: a.D, shape: [D] } : undefined,
    z: a.z ? { data: a.z, shape: [B, L, D] } : undefined,
    deltaBias: a.deltaBias ? { data: a.deltaBias, shape: [D] } : undefined,
    deltaSoftplus: c.softplus,
    h0: a.h0 ? { data: a.h0, shape: [B, D, N] } : undefined,
  };
  return { a, host, gOut, gLast };
}

describe.each(['webasm', 'gpujs-cpu'] as BackendName[])(
  'selective scan on %s equals the reference',
  (backend) => {
    for (const form of ['sequential', 'chunked'] as const) {
      it(`${form} form, forward and backward`, async () => {
        const s = await scanner(backend);
        await fc.assert(
          fc.asyncProperty(caseArb, async (c0) => {
            // the chunked form needs L > T (= 4 here): lengths 5..40 for it
            const c = form === 'chunked' ? { ...c0, L: 5 + (c0.L % 36) } : c0;
            const { a, host, gOut, gLast } = inputs(c);
            const shape = { batch: c.B, length: c.L, channels: c.D, state: c.N, groups: c.G };
            const ref = selectiveScanReference(a, shape, 'float64');
            const y = await s.selectiveScan(host, { form, chunk: 4 });
            expect(y.info.form).toBe(form);
            expect(y.info.backend).toBe(backend);
            expect(ratio((y.out as ScanArray).data, ref.out, 2e-4, 2e-5)).toBeLessThanOrEqual(1);
            expect(ratio((y.lastState as ScanArray).data, ref.lastState, 2e-4, 2e-5)).toBeLessThanOrEqual(1);
            const g = await s.selectiveScanBackward(
              {
                ...host,
                gOut: { data: gOut, shape: [c.B, c.L, c.D] },
                gLastState: gLast ? { data: gLast, shape: [c.B, c.D, c.N] } : undefined,
              },
              { form, chunk: 4 },
            );
            const gref = selectiveScanBackwardReference(a, { gOut, gLastState: gLast }, shape, 'float64');
            for (const k of ['u', 'delta', 'A', 'B', 'C'] as const) {
              expect(ratio((g[k] as ScanArray).data, gref[k], 1e-3, 1e-4), `d${k}`).toBeLessThanOrEqual(1);
            }
            const optional = [
              ['D', c.Dskip],
              ['z', c.z],
              ['deltaBias', c.bias],
              ['h0', c.h0],
            ] as const;
            for (const [k, present] of optional) {
              if (!present) expect(g[k]).toBeUndefined();
              else
                expect(ratio((g[k] as ScanArray).data, gref[k], 1e-3, 1e-4), `d${k}`).toBeLessThanOrEqual(1);
            }
          }),
          { numRuns: 6, seed: form === 'chunked' ? 11 : 7 },
        );
      });
    }

    it('the synchronous twin gives the same numbers as the async method', async () => {
      const s = await scanner(backend);
      const c: Case = {
        B: 2,
        L: 21,
        D: 4,
        N: 4,
        G: 1,
        z: true,
        Dskip: true,
        bias: true,
        softplus: true,
        h0: false,
        gLast: false,
        seed: 5,
      };
      const { host } = inputs(c);
      const y1 = await s.selectiveScan(host);
      const y2 = s.selectiveScanSync(host);
      expect(Array.from((y2.out as ScanArray).data)).toEqual(Array.from((y1.out as ScanArray).data));
      expect(y1.info.form).toBe('chunked');
    });
  },
);
