// The scanner's contract: per-call reports, resident tensors, typed errors, the cpu reference.
import { BackendError, ShapeError, ValueError } from '@seqmod/tensor';
import { afterAll, describe, expect, it } from 'vitest';
import { createScanner, type DeviceTensor, type ScanArray } from '../src/index';
import { rand, rng } from './helpers';

const scanners: { destroy(): void }[] = [];
afterAll(() => {
  for (const s of scanners) s.destroy();
});

function problem(seed: number, B = 2, L = 20, D = 8, N = 4) {
  const r = rng(seed);
  return {
    u: { data: rand(r, B * L * D), shape: [B, L, D] },
    delta: { data: rand(r, B * L * D, 0.2, 0.3), shape: [B, L, D] },
    A: { data: rand(r, D * N, 0.5, -1), shape: [D, N] },
    B: { data: rand(r, B * L * N), shape: [B, L, N] },
    C: { data: rand(r, B * L * N), shape: [B, L, N] },
  };
}

describe('Scanner', () => {
  it('reports what ran', async () => {
    const s = await createScanner({ backend: 'webasm' });
    scanners.push(s);
    const y = await s.selectiveScan(problem(1));
    expect(y.info).toMatchObject({
      backend: 'webasm',
      engine: 'gpu.js',
      form: 'chunked',
      chunk: 8,
      blocks: 1,
      computedIn: 'float32',
    });
    expect(y.info.launches).toBeGreaterThan(3);
    const c = await createScanner({ backend: 'cpu' });
    scanners.push(c);
    const z = await c.selectiveScan(problem(1));
    expect(z.info).toMatchObject({ backend: 'cpu', engine: 'reference', launches: 0, computedIn: 'float32' });
  });

  it('keeps resident tensors and takes them back as inputs', async () => {
    const s = await createScanner({ backend: 'webasm' });
    scanners.push(s);
    const p = problem(2);
    const host = await s.selectiveScan(p);
    const dev = { ...p, u: await s.upload(p.u), B: await s.upload(p.B) };
    const y = await s.selectiveScan(dev, { resident: true });
    const out = y.out as DeviceTensor;
    expect(out.shape).toEqual([2, 20, 8]);
    expect(Array.from(await s.download(out))).toEqual(Array.from((host.out as ScanArray).data));
    out.release();
    await expect(s.download(out)).rejects.toThrow(/released/);
    const other = await createScanner({ backend: 'webasm' });
    scanners.push(other);
    await expect(other.selectiveScan({ ...p, u: dev.u })).rejects.toThrow(/another scanner/);
  });

  it('checks shapes with typed errors', async () => {
    const s = await createScanner({ backend: 'cpu' });
    scanners.push(s);
    const p = problem(3);
    await expect(s.selectiveScan({ ...p, delta: { data: p.delta.data, shape: [2, 8, 20] } })).rejects.toThrow(
      ShapeError,
    );
    await expect(
      s.selectiveScan({ ...p, A: { data: p.A.data.subarray(0, 8), shape: [8, 1] } }),
    ).rejects.toThrow(ShapeError);
    await expect(
      s.selectiveScan({ ...p, B: { data: new Float32Array(2 * 20 * 12), shape: [2, 20, 3, 4] } }),
    ).rejects.toThrow(ValueError);
    await expect(
      s.linearScan({
        a: { data: new Float32Array(5), shape: [1, 2, 3] },
        b: { data: new Float32Array(6), shape: [1, 2, 3] },
      }),
    ).rejects.toThrow(/5 numbers/);
  });

  it('computes in float64 on the cpu backend when given float64', async () => {
    const s = await createScanner({ backend: 'cpu' });
    scanners.push(s);
    const a = { data: new Float64Array([0.5, 0.5, 0.5]), shape: [1, 3, 1] };
    const b = { data: new Float64Array([0.1, 0.2, 0.3]), shape: [1, 3, 1] };
    const { h, info } = await s.linearScan({ a, b });
    expect(info.computedIn).toBe('float64');
    expect((h as ScanArray).data).toBeInstanceOf(Float64Array);
    expect((h as ScanArray).data[2]).toBe(0.5 * (0.5 * 0.1 + 0.2) + 0.3);
  });

  it('refuses calls after destroy', async () => {
    const s = await createScanner({ backend: 'webasm' });
    s.destroy();
    expect(() => s.selectiveScanSync(problem(4))).toThrow(BackendError);
  });
});

describe('Scanner on wasm-simd', () => {
  it('reports seqmod-wasm, one sequential pass, and its kernel calls', async () => {
    const s = await createScanner({ backend: 'wasm-simd' });
    scanners.push(s);
    expect(s.backend).toBe('wasm-simd');
    expect(s.canRunSync).toBe(true);
    const y = await s.selectiveScan(problem(5), { form: 'chunked', chunk: 4 });
    expect(y.info).toMatchObject({
      backend: 'wasm-simd',
      engine: 'seqmod-wasm',
      form: 'sequential',
      chunk: 20,
      blocks: 1,
      launches: 2, // one kernel call per batch row (8 channels: one tile)
      computedIn: 'float32',
      threaded: false,
    });
    const g = s.selectiveScanBackwardSync({ ...problem(5), gOut: problem(6).u });
    expect(g.info).toMatchObject({ engine: 'seqmod-wasm', form: 'sequential', launches: 2 });
    expect(s.launches).toBe(4);
    const l = s.linearScanSync({ a: problem(7).u, b: problem(8).u });
    expect(l.info).toMatchObject({ backend: 'wasm-simd', launches: 2 });
  });

  it('keeps resident tensors in host memory, takes them back, refuses foreign ones', async () => {
    const s = await createScanner({ backend: 'wasm-simd' });
    const other = await createScanner({ backend: 'wasm-simd' });
    scanners.push(s, other);
    const p = problem(9);
    const host = s.selectiveScanSync(p);
    const dev = { ...p, u: s.uploadSync(p.u), B: s.uploadSync(p.B) };
    const y = s.selectiveScanSync(dev, { resident: true });
    const out = y.out as DeviceTensor;
    expect(out.backend).toBe('wasm-simd');
    expect(Array.from(s.downloadSync(out))).toEqual(Array.from((host.out as ScanArray).data));
    expect(() => other.selectiveScanSync({ ...p, u: dev.u })).toThrow(/another scanner/);
    dev.u.release();
    expect(() => s.selectiveScanSync(dev)).toThrow(/was released/);
    expect(() => s.linearScanSync({ a: dev.u, b: p.u })).toThrow(BackendError);
  });
});
