// Element-wise comparison: |actual - expected| <= atol + rtol * |expected| (complex: re and im each).
import type { Output } from './adapter';
import type { FixtureTensor } from './fixture';

export interface Mismatch {
  output: string;
  message: string;
}

export interface Worst {
  output: string;
  index: number[];
  actual: number;
  expected: number;
  error: number;
  allowed: number;
  /** error / allowed: > 1 fails */
  ratio: number;
}

export interface Comparison {
  ok: boolean;
  problems: Mismatch[];
  worst: Worst | null;
}

function unravel(flat: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length).fill(0);
  for (let d = shape.length - 1; d >= 0; d--) {
    const n = shape[d]!;
    idx[d] = n === 0 ? 0 : flat % n;
    flat = n === 0 ? 0 : Math.floor(flat / n);
  }
  return idx;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

export function compareOutputs(
  expected: Record<string, FixtureTensor>,
  actual: Record<string, Output>,
  rtol: number,
  atol: number,
): Comparison {
  const problems: Mismatch[] = [];
  let worst: Worst | null = null;
  for (const [name, exp] of Object.entries(expected)) {
    const act = actual[name];
    if (!act) {
      problems.push({ output: name, message: `output ${name} was not produced` });
      continue;
    }
    const expComplex = exp.dtype === 'complex128';
    if (Boolean(act.complex) !== expComplex) {
      problems.push({
        output: name,
        message: `output ${name}: expected a ${expComplex ? 'complex' : 'real'} tensor, got a ${act.complex ? 'complex' : 'real'} one`,
      });
      continue;
    }
    if (!sameShape(act.shape, exp.shape)) {
      problems.push({
        output: name,
        message: `output ${name}: shape [${act.shape.join(', ')}], expected [${exp.shape.join(', ')}]`,
      });
      continue;
    }
    if (act.data.length !== exp.data.length) {
      problems.push({
        output: name,
        message: `output ${name}: ${act.data.length} numbers, expected ${exp.data.length}`,
      });
      continue;
    }
    for (let i = 0; i < exp.data.length; i++) {
      const e = exp.data[i]!;
      const a = act.data[i]!;
      const allowed = atol + rtol * Math.abs(e);
      let error: number;
      if (Number.isNaN(e)) error = Number.isNaN(a) ? 0 : Number.POSITIVE_INFINITY;
      else if (!Number.isFinite(e)) error = a === e ? 0 : Number.POSITIVE_INFINITY;
      else error = Number.isNaN(a) ? Number.POSITIVE_INFINITY : Math.abs(a - e);
      const ratio = allowed > 0 ? error / allowed : error === 0 ? 0 : Number.POSITIVE_INFINITY;
      if (!worst || ratio > worst.ratio) {
        const flat = expComplex ? i >> 1 : i;
        const index = unravel(flat, exp.shape);
        if (expComplex) index.push(i & 1); // last index: 0 = real part, 1 = imaginary part
        worst = { output: name, index, actual: a, expected: e, error, allowed, ratio };
      }
    }
  }
  const ok = problems.length === 0 && (worst === null || worst.ratio <= 1);
  return { ok, problems, worst };
}
