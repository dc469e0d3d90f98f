// Reads test/fixtures/numpy-reference.json (numpy.fft at sampled bins; see numpy-reference.py).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface NumpyCase {
  op: 'fft' | 'ifft' | 'rfft' | 'irfft';
  n: number;
  bins: number[];
  re: number[];
  im?: number[];
  maxAbs: number;
}

const here = dirname(fileURLToPath(import.meta.url));

export const numpyCases: NumpyCase[] = JSON.parse(
  readFileSync(join(here, '..', 'fixtures', 'numpy-reference.json'), 'utf8'),
).cases;

/** max over the sampled bins of |ours - numpy| / max|numpy output|. */
export function sampledError(c: NumpyCase, re: ArrayLike<number>, im?: ArrayLike<number>): number {
  let err = 0;
  c.bins.forEach((k, i) => {
    err = Math.max(err, Math.abs(re[k] - c.re[i]));
    if (im && c.im) err = Math.max(err, Math.abs(im[k] - c.im[i]));
  });
  return err / c.maxAbs;
}
