// pnpm bench: @seqmod/fft against fft.js (radix-4, interleaved), in one process, and our
// non-power-of-two lengths against our next power of two. Prints markdown tables for the README.
// Powers of two run on the wasm SIMD passes by default (plan.backend); the same transforms forced
// onto the JS passes ({ backend: 'js' }) are timed too, against the wasm ones.
// Every comparison is repeated in SWEEPS sweeps over all sizes and the median sweep is reported,
// so that a burst of load from other jobs moves one sweep, not the table.
import { cpus } from 'node:os';
import FFT from 'fft.js';
import { FFTPlan, getPlan, getRealPlan, RealFFTPlan } from '../src/index';
import { comparePair, median, type Pair } from './measure';

const SWEEPS = 5;

function signal(n: number, seed: number): Float64Array {
  const x = new Float64Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    x[i] = s / 2147483648 - 0.5;
  }
  return x;
}

const fmt = (ns: number) => (ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : `${(ns / 1e3).toFixed(1)} µs`);

/** The median of several Pair measurements, field by field. */
function mid(pairs: Pair[]): Pair {
  return {
    a: median(pairs.map((p) => p.a)),
    b: median(pairs.map((p) => p.b)),
    speedup: median(pairs.map((p) => p.speedup)),
  };
}

interface PowerOfTwoCase {
  k: number;
  backend: string;
  complex: () => Pair;
  real: () => Pair;
  realVsComplex: () => Pair;
  /** the default plans against the JS passes: complex, real */
  complexJs: () => Pair;
  realJs: () => Pair;
}

function powerOfTwoCase(k: number): PowerOfTwoCase {
  const n = 2 ** k;
  const re = signal(n, 1);
  const im = signal(n, 2);
  const outRe = new Float64Array(n);
  const outIm = new Float64Array(n);
  const plan = getPlan(n);
  const real = getRealPlan(n);
  const planJs = new FFTPlan(n, { backend: 'js' });
  const realJs = new RealFFTPlan(n, { backend: 'js' });
  const binsRe = new Float64Array(real.bins);
  const binsIm = new Float64Array(real.bins);
  const f = new FFT(n);
  const data = new Float64Array(2 * n);
  for (let j = 0; j < n; j++) {
    data[2 * j] = re[j];
    data[2 * j + 1] = im[j];
  }
  const out = new Float64Array(2 * n);
  const ours = () => plan.forward(re, im, outRe, outIm);
  const oursReal = () => real.forward(re, binsRe, binsIm);
  const rounds = k >= 18 ? 9 : 31;
  return {
    k,
    backend: `${plan.backend}/${real.backend}`,
    complex: () => comparePair(ours, () => f.transform(out, data), rounds),
    real: () => comparePair(oursReal, () => f.realTransform(out, re), rounds),
    realVsComplex: () => comparePair(oursReal, ours, rounds),
    complexJs: () => comparePair(ours, () => planJs.forward(re, im, outRe, outIm), rounds),
    realJs: () => comparePair(oursReal, () => realJs.forward(re, binsRe, binsIm), rounds),
  };
}

function otherLengthCase(n: number): {
  n: number;
  p: number;
  algorithm: string;
  backend: string;
  run: () => Pair;
} {
  let p = 1;
  while (p < n) p *= 2;
  const plan = getPlan(n);
  const pow2 = getPlan(p);
  const re = signal(p, 3);
  const im = signal(p, 4);
  const outRe = new Float64Array(p);
  const outIm = new Float64Array(p);
  const [a, b, c, d] = [re, im, outRe, outIm].map((x) => x.subarray(0, n));
  return {
    n,
    p,
    // Bluestein's convolution length, where there is one
    algorithm:
      plan.algorithm === 'bluestein'
        ? `bluestein, M = ${(plan.kernel as unknown as { m: number }).m}`
        : plan.algorithm,
    backend: plan.backend,
    run: () =>
      comparePair(
        () => plan.forward(a, b, c, d),
        () => pow2.forward(re, im, outRe, outIm),
        p >= 1 << 17 ? 9 : 31,
      ),
  };
}

// Let the JIT settle before anything is timed: on a busy machine the optimising compiler runs late,
// and the first contender measured would otherwise be timed partly unoptimised.
function warmUp(seconds: number): void {
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    for (const n of [1024, 4096]) {
      const re = signal(n, 5);
      const im = signal(n, 6);
      for (const backend of ['auto', 'js'] as const) {
        const real = backend === 'js' ? new RealFFTPlan(n, { backend }) : getRealPlan(n);
        const plan = backend === 'js' ? new FFTPlan(n, { backend }) : getPlan(n);
        plan.forward(re, im, re.slice(), im.slice());
        real.forward(re, new Float64Array(real.bins), new Float64Array(real.bins));
      }
      const f = new FFT(n);
      f.transform(new Float64Array(2 * n), new Float64Array(2 * n));
      f.realTransform(new Float64Array(2 * n), re);
    }
    for (const n of [1000, 10007]) getPlan(n).forward(signal(n, 7), signal(n, 8));
  }
}

console.log(`node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores\n`);
warmUp(2);
const pow2Cases = Array.from({ length: 11 }, (_, i) => powerOfTwoCase(10 + i));
const otherCases = [1000, 3000, 4099, 6000, 10007, 12289, 16381, 48000, 65537, 100000].map(otherLengthCase);
const results = new Map<string, Pair[]>();
const record = (key: string, p: Pair) => results.set(key, [...(results.get(key) ?? []), p]);
for (let sweep = 0; sweep < SWEEPS; sweep++) {
  for (const c of pow2Cases) {
    record(`c${c.k}`, c.complex());
    record(`r${c.k}`, c.real());
    record(`rc${c.k}`, c.realVsComplex());
    record(`cj${c.k}`, c.complexJs());
    record(`rj${c.k}`, c.realJs());
  }
  for (const c of otherCases) record(`o${c.n}`, c.run());
}

console.log(
  'Powers of two: median time per transform (out of place, float64); speedup = median ratio of alternating rounds; median of',
  SWEEPS,
  'sweeps.',
);
console.log(
  'fft.js gets Float64Array buffers (its fastest input) in its interleaved layout; seqmod its split arrays.',
);
console.log(`seqmod engines (complex/real): ${[...new Set(pow2Cases.map((c) => c.backend))].join(', ')}.\n`);
console.log(
  '| n | seqmod complex | fft.js complex | speedup | seqmod real | fft.js real | speedup | complex / real (seqmod) |',
);
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const { k } of pow2Cases) {
  const c = mid(results.get(`c${k}`)!);
  const r = mid(results.get(`r${k}`)!);
  const rc = mid(results.get(`rc${k}`)!);
  console.log(
    `| 2^${k} | ${fmt(c.a)} | ${fmt(c.b)} | ${c.speedup.toFixed(2)}x | ${fmt(r.a)} | ${fmt(r.b)} | ${r.speedup.toFixed(2)}x | ${rc.speedup.toFixed(2)}x |`,
  );
}
console.log(
  "\nThe same transforms on seqmod's JS passes ({ backend: 'js' }), against the default engine above.\n",
);
console.log('| n | complex (JS) | default / JS | real (JS) | default / JS | complex / real (JS) |');
console.log('|---:|---:|---:|---:|---:|---:|');
for (const { k } of pow2Cases) {
  const cj = mid(results.get(`cj${k}`)!);
  const rj = mid(results.get(`rj${k}`)!);
  console.log(
    `| 2^${k} | ${fmt(cj.b)} | ${cj.speedup.toFixed(2)}x | ${fmt(rj.b)} | ${rj.speedup.toFixed(2)}x | ${(cj.b / rj.b).toFixed(2)}x |`,
  );
}
console.log('\nOther lengths against the next power of two (ratio = time(n) / time(2^k), same process).\n');
console.log('| n | algorithm | engine | seqmod | next 2^k | seqmod 2^k | ratio |');
console.log('|---:|---|---|---:|---:|---:|---:|');
for (const { n, p, algorithm, backend } of otherCases) {
  const c = mid(results.get(`o${n}`)!);
  console.log(
    `| ${n} | ${algorithm} | ${backend} | ${fmt(c.a)} | ${p} | ${fmt(c.b)} | ${(1 / c.speedup).toFixed(2)} |`,
  );
}
