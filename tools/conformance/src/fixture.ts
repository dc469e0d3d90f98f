// The fixture schema of ../shared/fixtures/README.md, and a loader that validates it.
// A file that does not follow the schema is reported as a failed case, never skipped.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export type FixtureDType = 'float64' | 'complex128';

/** A tensor as stored in a fixture: row-major data; complex data interleaved [re0, im0, ...]. */
export interface FixtureTensor {
  shape: number[];
  dtype: FixtureDType;
  data: number[];
}

export interface Tolerance {
  rtol: number;
  atol: number;
  rtol32: number;
  atol32: number;
}

export interface Fixture {
  op: string;
  case: string;
  reference?: string;
  params: Record<string, unknown>;
  inputs: Record<string, FixtureTensor>;
  expected: Record<string, FixtureTensor>;
  tolerance: Tolerance;
}

export class FixtureFormatError extends Error {
  constructor(file: string, why: string) {
    super(`${file}: not a fixture: ${why}`);
    this.name = 'FixtureFormatError';
  }
}

function checkTensor(file: string, where: string, t: unknown): FixtureTensor {
  const bad = (why: string) => new FixtureFormatError(file, `${where}: ${why}`);
  if (typeof t !== 'object' || t === null) throw bad('expected an object');
  const { shape, dtype, data } = t as Record<string, unknown>;
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw bad('shape must be an array of non-negative integers');
  }
  if (dtype !== 'float64' && dtype !== 'complex128') throw bad(`unknown dtype ${String(dtype)}`);
  if (!Array.isArray(data)) throw bad('data must be an array');
  const size = (shape as number[]).reduce((a, b) => a * b, 1) * (dtype === 'complex128' ? 2 : 1);
  if (data.length !== size)
    throw bad(`data has ${data.length} numbers, shape ${JSON.stringify(shape)} needs ${size}`);
  for (const v of data) {
    // JSON cannot carry NaN/Infinity; a fixture writer may use null or strings for them.
    if (typeof v !== 'number' && v !== null && v !== 'NaN' && v !== 'Infinity' && v !== '-Infinity') {
      throw bad(`non-numeric element ${JSON.stringify(v)}`);
    }
  }
  const numeric = (data as unknown[]).map((v) =>
    typeof v === 'number' ? v : v === null ? Number.NaN : Number(v),
  );
  return { shape: shape as number[], dtype, data: numeric };
}

function checkTensors(file: string, where: string, m: unknown): Record<string, FixtureTensor> {
  if (m === undefined) return {};
  if (typeof m !== 'object' || m === null || Array.isArray(m)) {
    throw new FixtureFormatError(file, `${where} must be an object`);
  }
  const out: Record<string, FixtureTensor> = {};
  for (const [k, v] of Object.entries(m)) out[k] = checkTensor(file, `${where}.${k}`, v);
  return out;
}

/** Parses and validates one fixture file. */
export function parseFixture(file: string, text: string): Fixture {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new FixtureFormatError(file, `invalid JSON (${(e as Error).message})`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new FixtureFormatError(file, 'top level must be an object');
  }
  const r = raw as Record<string, unknown>;
  if (typeof r.op !== 'string' || r.op === '') throw new FixtureFormatError(file, 'missing "op"');
  if (typeof r.case !== 'string' || r.case === '') throw new FixtureFormatError(file, 'missing "case"');
  const params = r.params ?? {};
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    throw new FixtureFormatError(file, '"params" must be an object');
  }
  const tol = r.tolerance as Record<string, unknown> | undefined;
  if (typeof tol !== 'object' || tol === null) throw new FixtureFormatError(file, 'missing "tolerance"');
  const num = (k: string, fallback?: number): number => {
    const v = tol[k] ?? fallback;
    if (typeof v !== 'number' || !(v >= 0))
      throw new FixtureFormatError(file, `tolerance.${k} must be a number >= 0`);
    return v;
  };
  const rtol = num('rtol');
  const atol = num('atol');
  const expected = checkTensors(file, 'expected', r.expected);
  if (Object.keys(expected).length === 0) throw new FixtureFormatError(file, '"expected" holds no tensor');
  return {
    op: r.op,
    case: r.case,
    reference: typeof r.reference === 'string' ? r.reference : undefined,
    params: params as Record<string, unknown>,
    inputs: checkTensors(file, 'inputs', r.inputs),
    expected,
    tolerance: { rtol, atol, rtol32: num('rtol32', rtol), atol32: num('atol32', atol) },
  };
}

/** Every `*.json` file below `dir` (or `dir` itself when it is a file), sorted for a stable report. */
export function listFixtureFiles(dir: string): string[] {
  const st = statSync(dir);
  if (st.isFile()) return [dir];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const s = statSync(p);
      if (s.isDirectory()) walk(p);
      else if (name.endsWith('.json')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

export function loadFixture(file: string, root: string): Fixture {
  return parseFixture(relative(root, file) || file, readFileSync(file, 'utf8'));
}
