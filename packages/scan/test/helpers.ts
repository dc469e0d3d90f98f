// Shared by the tests: seeded random arrays and an error ratio max |x − ref| / (atol + rtol|ref|).
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export { ratio } from './error-ratio';

export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function rand(
  r: () => number,
  n: number,
  scale = 1,
  offset = 0,
  f64 = false,
): Float32Array | Float64Array {
  const a = f64 ? new Float64Array(n) : new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = offset + scale * (2 * r() - 1);
  return a;
}

export interface FixtureTensor {
  shape: number[];
  data: number[];
}

export interface Fixture {
  op: string;
  case: string;
  params: Record<string, unknown>;
  inputs: Record<string, FixtureTensor>;
  expected: Record<string, FixtureTensor>;
  tolerance: { rtol: number; atol: number; rtol32: number; atol32: number };
}

const FIXTURES = resolve(__dirname, '../../../../shared/fixtures');

/** The scan fixtures (linear_scan and selective_scan) of ../shared/fixtures. */
export function scanFixtures(): Fixture[] {
  const out: Fixture[] = [];
  for (const dir of ['scan', 'mamba']) {
    for (const f of readdirSync(join(FIXTURES, dir)).sort()) {
      if (!f.endsWith('.json')) continue;
      const fx = JSON.parse(readFileSync(join(FIXTURES, dir, f), 'utf8')) as Fixture;
      if (fx.op === 'linear_scan' || fx.op === 'selective_scan') out.push(fx);
    }
  }
  return out;
}

/** [B, X..., L] -> [B, L, X...] (the fixtures' time-last layout to the library's). */
export function timeToAxis1(
  t: FixtureTensor,
  f64: boolean,
): { data: Float32Array | Float64Array; shape: number[] } {
  const s = t.shape;
  const B = s[0]!;
  const L = s[s.length - 1]!;
  const mid = s.slice(1, -1);
  const X = mid.reduce((a, b) => a * b, 1);
  const out = f64 ? new Float64Array(t.data.length) : new Float32Array(t.data.length);
  for (let b = 0; b < B; b++)
    for (let x = 0; x < X; x++)
      for (let l = 0; l < L; l++) out[(b * L + l) * X + x] = t.data[(b * X + x) * L + l]!;
  return { data: out, shape: [B, L, ...mid] };
}

/** [B, L, X...] data -> [B, X..., L]. */
export function axis1ToTime(data: ArrayLike<number>, shape: readonly number[]): Float64Array {
  const B = shape[0]!;
  const L = shape[1]!;
  const X = shape.slice(2).reduce((p, q) => p * q, 1);
  const out = new Float64Array(data.length);
  for (let b = 0; b < B; b++)
    for (let l = 0; l < L; l++)
      for (let x = 0; x < X; x++) out[(b * X + x) * L + l] = data[(b * L + l) * X + x]!;
  return out;
}

export function plain(t: FixtureTensor, f64: boolean) {
  return { data: f64 ? Float64Array.from(t.data) : Float32Array.from(t.data), shape: t.shape };
}
