// pnpm bench (in packages/hippo): how the three SSM-kernel paths scale.
//   dense  K[l] = C Āˡ B̄ by matrix-vector powers of the real N×N HiPPO-LegS system, O(N²L)
//   diag   the S4D Vandermonde kernel of N/2 complex modes, O(NL)
//   dplr   S4's Cauchy + Woodbury + inverse FFT on the DPLR form of LegS, O(NL + L log L),
//          plus C̃ = (I − Āᴸ)ᵀC by repeated squaring, O(N³ log L) (column "dplr+C̃")
// Prints markdown tables. Times are CPU milliseconds of this process (user + system), the fastest
// of several interleaved rounds: on a shared machine wall time swings with other processes' load,
// CPU time much less. growth = time(L)/time(L/2).
import { ssmKernelDenseArray } from '../src/kernel-dense';
import { s4dKernelArray } from '../src/kernel-diagonal';
import { dplrCorrectCArray, dplrKernelArray } from '../src/kernel-dplr';
import { dplrArray } from '../src/nplr';
import { hippoArray } from '../src/transition';

const DENSE_BUDGET_MS = 10_000;

/** CPU time of this process in ms. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * Fastest CPU time in ms of each function: `rounds` rounds, each running every function in turn
 * (so a burst of load elsewhere hits all paths alike), each run repeated until ~20 ms have passed.
 */
function timeAll(fns: (() => unknown)[], rounds = 5): number[] {
  const best = fns.map(() => Number.POSITIVE_INFINITY);
  for (let r = 0; r < rounds; r++) {
    fns.forEach((fn, i) => {
      let reps = 0;
      const t0 = cpuMs();
      do {
        fn();
        reps++;
      } while (cpuMs() - t0 < 20);
      best[i] = Math.min(best[i]!, (cpuMs() - t0) / reps);
    });
  }
  return best;
}

function systems(N: number) {
  const { A, B } = hippoArray('legs', N);
  const C = Float64Array.from({ length: N }, (_, i) => Math.cos(i));
  const form = dplrArray('legs', N);
  const Cc = {
    re: Float64Array.from({ length: N / 2 }, (_, i) => Math.cos(i)),
    im: Float64Array.from({ length: N / 2 }, (_, i) => Math.sin(i)),
  };
  const dplr = { Lambda: form.Lambda, P: form.P, B: form.B, C: Cc };
  return { A, B, C, dplr, Cc };
}

const fmt = (ms: number | null) =>
  ms === null ? 'skipped' : ms < 1 ? ms.toFixed(3) : ms < 100 ? ms.toFixed(2) : ms.toFixed(0);
const growth = (cur: number | null, prev: number | null) =>
  cur === null || prev === null ? '' : `×${(cur / prev).toFixed(2)}`;

function scaleInL(N: number) {
  const dt = 0.01;
  const sys = systems(N);
  const logDt = Float64Array.of(Math.log(dt));
  const rows: string[] = [
    `| L | dense ms | growth | diag ms | growth | dplr ms | growth | dplr+C̃ ms | growth | dense/dplr |`,
    `|---|---|---|---|---|---|---|---|---|---|`,
  ];
  let prev: (number | null)[] = [null, null, null, null];
  let denseSkipped = false;
  for (let p = 8; p <= 16; p++) {
    const L = 2 ** p;
    // Dense powers grow ~2× per doubling: skip once the next size would pass the budget.
    const runDense = !denseSkipped && (prev[0] === null || prev[0]! * 2.2 * 5 < DENSE_BUDGET_MS);
    if (!runDense) denseSkipped = true;
    const Ct = dplrCorrectCArray(sys.dplr, dt, L);
    const fns = [
      () => s4dKernelArray(logDt, sys.dplr.Lambda, sys.Cc, L),
      () => dplrKernelArray({ ...sys.dplr, C: Ct }, dt, L, { cIsTilde: true }),
      () => dplrKernelArray(sys.dplr, dt, L),
    ];
    if (runDense) fns.push(() => ssmKernelDenseArray(sys.A, sys.B, sys.C, dt, L, 'bilinear'));
    const [diag, dplr, full, denseTime] = timeAll(fns, L >= 2 ** 14 ? 3 : 5);
    const dense = runDense ? denseTime! : null;
    const cur = [dense, diag!, dplr!, full!];
    rows.push(
      `| 2^${p} | ${fmt(dense)} | ${growth(dense, prev[0]!)} | ${fmt(diag!)} | ${growth(diag!, prev[1]!)} | ${fmt(dplr!)} | ${growth(dplr!, prev[2]!)} | ${fmt(full!)} | ${growth(full!, prev[3]!)} | ${dense === null ? '' : `${(dense / dplr!).toFixed(1)}×`} |`,
    );
    prev = cur;
  }
  return { rows, denseSkipped };
}

function scaleInN(L: number) {
  const dt = 0.01;
  const logDt = Float64Array.of(Math.log(dt));
  const rows: string[] = [`| N | dense ms | diag ms | dplr ms | dense/dplr |`, `|---|---|---|---|---|`];
  for (const N of [16, 32, 64, 128, 256]) {
    const sys = systems(N);
    const Ct = dplrCorrectCArray(sys.dplr, dt, L);
    const [dense, diag, dplr] = timeAll([
      () => ssmKernelDenseArray(sys.A, sys.B, sys.C, dt, L, 'bilinear'),
      () => s4dKernelArray(logDt, sys.dplr.Lambda, sys.Cc, L),
      () => dplrKernelArray({ ...sys.dplr, C: Ct }, dt, L, { cIsTilde: true }),
    ]) as [number, number, number];
    rows.push(`| ${N} | ${fmt(dense)} | ${fmt(diag)} | ${fmt(dplr)} | ${(dense / dplr).toFixed(1)}× |`);
  }
  return rows;
}

const N = 64;
// Warm-up: let the JIT compile every path before anything is timed.
{
  const w = systems(16);
  for (let i = 0; i < 20; i++) {
    ssmKernelDenseArray(w.A, w.B, w.C, 0.01, 512, 'bilinear');
    s4dKernelArray(Float64Array.of(-4), w.dplr.Lambda, w.Cc, 512);
    dplrKernelArray(w.dplr, 0.01, 512);
  }
}
console.log(
  `SSM kernel paths, HiPPO-LegS N = ${N} (dense: real ${N}×${N}; diag, dplr: ${N / 2} complex modes), bilinear/ZOH, float64`,
);
console.log(`node ${process.version}, ${process.platform} ${process.arch}\n`);
const { rows, denseSkipped } = scaleInL(N);
console.log(rows.join('\n'));
if (denseSkipped)
  console.log(
    `\n(dense powers skipped where the next size would take more than ${DENSE_BUDGET_MS / 1000} s)`,
  );
console.log(`\nFixed L = 4096, growing N:\n`);
console.log(scaleInN(4096).join('\n'));
