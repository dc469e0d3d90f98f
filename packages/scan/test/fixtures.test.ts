// The golden cases of ../shared/fixtures (mamba's selective_scan_ref and the numpy linear scan),
// forward and gradients, on the CPU reference in float64, and in float32 on seqmod's wasm-simd
// kernels and the gpu.js backends that run in Node (webasm, and the gpu.js cpu mode).
import { afterAll, describe, expect, it } from 'vitest';
import { type BackendName, createScanner, type ScanArray, type Scanner } from '../src/index';
import { axis1ToTime, type Fixture, plain, ratio, scanFixtures, timeToAxis1 } from './helpers';

const fixtures = scanFixtures();
const scanners = new Map<BackendName, Promise<Scanner>>();
function scanner(b: BackendName): Promise<Scanner> {
  if (!scanners.has(b)) scanners.set(b, createScanner({ backend: b }));
  return scanners.get(b)!;
}
afterAll(async () => {
  for (const s of scanners.values()) (await s).destroy();
});

async function check(fx: Fixture, backend: BackendName): Promise<Record<string, number>> {
  const s = await scanner(backend);
  const f64 = backend === 'cpu';
  const [rtol, atol] = f64
    ? [fx.tolerance.rtol, fx.tolerance.atol]
    : [fx.tolerance.rtol32, fx.tolerance.atol32];
  const res: Record<string, number> = {};
  if (fx.op === 'linear_scan') {
    const { h, info } = await s.linearScan({
      a: plain(fx.inputs.a!, f64),
      b: plain(fx.inputs.b!, f64),
      h0: plain(fx.inputs.h0!, f64),
    });
    expect(info.computedIn).toBe(f64 ? 'float64' : 'float32');
    res.h = ratio((h as ScanArray).data, fx.expected.h!.data, rtol, atol);
    return res;
  }
  const opt = (n: string) => (fx.inputs[n] ? plain(fx.inputs[n]!, f64) : undefined);
  const x = {
    u: timeToAxis1(fx.inputs.u!, f64),
    delta: timeToAxis1(fx.inputs.delta!, f64),
    A: plain(fx.inputs.A!, f64),
    B: timeToAxis1(fx.inputs.B!, f64),
    C: timeToAxis1(fx.inputs.C!, f64),
    D: opt('D'),
    z: fx.inputs.z ? timeToAxis1(fx.inputs.z, f64) : undefined,
    deltaBias: opt('delta_bias'),
    deltaSoftplus: Boolean(fx.params.delta_softplus),
  };
  const y = await s.selectiveScan(x);
  expect(y.info.backend).toBe(backend);
  const out = y.out as ScanArray;
  res.out = ratio(axis1ToTime(out.data, out.shape), fx.expected.out!.data, rtol, atol);
  res.last_state = ratio((y.lastState as ScanArray).data, fx.expected.last_state!.data, rtol, atol);
  if (fx.inputs.g_out) {
    const g = await s.selectiveScanBackward({ ...x, gOut: timeToAxis1(fx.inputs.g_out, f64) });
    const t = (a: unknown) => {
      const v = a as ScanArray;
      return axis1ToTime(v.data, v.shape);
    };
    const pairs: [string, ArrayLike<number>][] = [
      ['grad_u', t(g.u)],
      ['grad_delta', t(g.delta)],
      ['grad_A', (g.A as ScanArray).data],
      ['grad_B', t(g.B)],
      ['grad_C', t(g.C)],
    ];
    if (g.D) pairs.push(['grad_D', (g.D as ScanArray).data]);
    if (g.z) pairs.push(['grad_z', t(g.z)]);
    if (g.deltaBias) pairs.push(['grad_delta_bias', (g.deltaBias as ScanArray).data]);
    for (const [name, v] of pairs) {
      expect(fx.expected[name], `${fx.case} expects ${name}`).toBeDefined();
      res[name] = ratio(v, fx.expected[name]!.data, rtol, atol);
    }
    // every expected output was checked
    expect(Object.keys(res).sort()).toEqual(Object.keys(fx.expected).sort());
  }
  return res;
}

describe.each(['cpu', 'wasm-simd', 'webasm', 'gpujs-cpu'] as BackendName[])('fixtures on %s', (backend) => {
  it('finds the fixtures', () => {
    expect(fixtures.filter((f) => f.op === 'selective_scan').length).toBeGreaterThanOrEqual(4);
    expect(fixtures.filter((f) => f.op === 'linear_scan').length).toBeGreaterThanOrEqual(3);
  });
  for (const fx of fixtures) {
    it(fx.case, async () => {
      const res = await check(fx, backend);
      for (const [name, r] of Object.entries(res)) expect(r, `${fx.case} ${name}`).toBeLessThanOrEqual(1);
    });
  }
});
