// pnpm bench (in packages/discretize): what a discretisation costs, dense versus diagonal.
//   expm        e^{ΔA} for the HiPPO-LegS matrix (Padé 13 with scaling and squaring)
//   dense zoh   (Ā, B̄) through the augmented (N+1)×(N+1) exponential
//   bilinear    (Ā, B̄) through one LU factorisation and two solves
//   diag zoh    the complex-diagonal fast path on N/2 modes (what S4D and DPLR use)
// Prints a markdown table: CPU ms of this process per call (user + system), the fastest of several
// runs; on a shared machine wall time swings with other processes' load, CPU time much less.
import { discretizeArray } from '../src/discretize-dense';
import { discretizeComplexDiagArray } from '../src/discretize-diagonal';
import { expmArray } from '../src/expm';

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function time(fn: () => unknown): number {
  fn();
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 5; round++) {
    let reps = 0;
    const t0 = cpuMs();
    do {
      fn();
      reps++;
    } while (cpuMs() - t0 < 20);
    best = Math.min(best, (cpuMs() - t0) / reps);
  }
  return best;
}

function legs(N: number): { A: Float64Array; B: Float64Array } {
  const A = new Float64Array(N * N);
  const B = new Float64Array(N);
  for (let n = 0; n < N; n++) {
    B[n] = Math.sqrt(2 * n + 1);
    for (let k = 0; k < n; k++) A[n * N + k] = -Math.sqrt((2 * n + 1) * (2 * k + 1));
    A[n * N + n] = -(n + 1);
  }
  return { A, B };
}

const fmt = (ms: number) => (ms < 0.01 ? ms.toExponential(1) : ms < 100 ? ms.toFixed(3) : ms.toFixed(0));
const dt = 0.01;
// Warm-up: let the JIT compile every path before anything is timed.
for (let i = 0; i < 30; i++) {
  const { A, B } = legs(16);
  expmArray(
    A.map((v) => v * dt),
    16,
  );
  discretizeArray(A, B, 16, 1, dt, 'zoh');
  discretizeArray(A, B, 16, 1, dt, 'bilinear');
  discretizeComplexDiagArray(
    { re: new Float64Array(8).fill(-0.5), im: new Float64Array(8) },
    { re: new Float64Array(8), im: new Float64Array(8) },
    dt,
  );
}
console.log(`Discretising HiPPO-LegS (dt = ${dt}), float64, node ${process.version}\n`);
console.log(
  '| N | expm ms | dense zoh ms | dense bilinear ms | diag zoh ms (N/2 modes) | dense zoh / diag |',
);
console.log('|---|---|---|---|---|---|');
for (const N of [16, 64, 256]) {
  const { A, B } = legs(N);
  const dA = A.map((v) => v * dt);
  const lam = {
    re: new Float64Array(N / 2).fill(-0.5),
    im: Float64Array.from({ length: N / 2 }, (_, n) => Math.PI * n),
  };
  const b = { re: new Float64Array(N / 2).fill(1), im: new Float64Array(N / 2) };
  const e = time(() => expmArray(dA, N));
  const z = time(() => discretizeArray(A, B, N, 1, dt, 'zoh'));
  const bl = time(() => discretizeArray(A, B, N, 1, dt, 'bilinear'));
  const d = time(() => discretizeComplexDiagArray(lam, b, dt, 'zoh'));
  console.log(`| ${N} | ${fmt(e)} | ${fmt(z)} | ${fmt(bl)} | ${fmt(d)} | ${(z / d).toFixed(0)}× |`);
}
