// The set-up's main job, for now: a two-minute tour that trains and checks models from the
// packages (the web lab will take this place). Run with `pnpm demo`.
import { flashAttention, scaledDotProductAttention } from '@seqmod/attention';
import { trainAddingProblem } from '@seqmod/cells';
import { hippo, legsEncode, legsReconstruct } from '@seqmod/hippo';
import { createScanner } from '@seqmod/scan';
import { Generator } from '@seqmod/tensor';

const line = (s = '') => process.stdout.write(`${s}\n`);
const bar = (frac: number, width = 24) => {
  const full = Math.round(Math.min(1, Math.max(0, frac)) * width);
  return `[${'#'.repeat(full)}${'.'.repeat(width - full)}]`;
};

async function addingProblem() {
  const T = 30;
  line(
    `1. The adding problem (Hochreiter & Schmidhuber 1997), T = ${T}: an LSTM learns it, a vanilla RNN does not.`,
  );
  line(
    '   Trivial baseline (always predict 1): MSE 0.167. Each model trains until MSE < 0.01 or the step budget.',
  );
  const tty = process.stdout.isTTY;
  let lstmSteps = 1500;
  for (const cell of ['lstm', 'rnn'] as const) {
    const steps = cell === 'lstm' ? 1500 : Math.max(lstmSteps, 1000);
    const r = await trainAddingProblem({
      cell,
      length: T,
      hiddenSize: 32,
      lr: 0.01,
      steps,
      evalEvery: 100,
      evalSize: 256,
      targetMse: 0.01,
      onEval: (e) => {
        const msg = `   ${cell.padEnd(4)} ${bar(e.step / steps)} step ${String(e.step).padStart(4)}  held-out MSE ${e.mse.toFixed(4)}  ${(e.elapsedMs / 1000).toFixed(1)} s`;
        if (tty) process.stdout.write(`\r${msg}`);
        else line(msg);
      },
    });
    if (cell === 'lstm') lstmSteps = r.steps;
    const done = `   ${cell.padEnd(4)} ${r.steps} steps, held-out MSE ${r.mse.toFixed(4)} in ${(r.elapsedMs / 1000).toFixed(1)} s${r.mse < 0.01 ? '  (solved)' : '  (at the baseline)'}`;
    line(tty ? `\r${done.padEnd(100)}` : done);
  }
}

function hippoMemory() {
  line('\n2. HiPPO-LegS as memory: compress a signal online into N coefficients, then reconstruct it.');
  const L = 2000;
  const f = Float64Array.from({ length: L }, (_, k) => Math.sin((6 * k) / L) + 0.5 * Math.cos((17 * k) / L));
  const xs = Float64Array.from({ length: 200 }, (_, i) => ((i + 0.5) / 200) * L);
  for (const N of [4, 8, 16, 32]) {
    const states = legsEncode(f, N);
    const c = states.subarray((L - 1) * N, L * N); // the state after the last sample
    const g = legsReconstruct(c, L, xs);
    let err = 0;
    xs.forEach((x, i) => (err = Math.max(err, Math.abs(g[i]! - f[Math.min(L - 1, Math.floor(x))]!))));
    line(`   N = ${String(N).padStart(2)}: max reconstruction error ${err.toFixed(4)}`);
  }
  const { A } = hippo('legs', 4, { dtype: 'float64' });
  line(`   (LegS A for N = 4, first row: ${Array.from(A.toArray().slice(0, 4)).join(', ')})`);
}

function attention() {
  line(
    '\n3. Causal attention, B = 1, H = 8, L = 1024, d = 64: tiled online softmax (FlashAttention) vs the plain path.',
  );
  const rng = new Generator(2);
  const [q, k, v] = [0, 1, 2].map(() => rng.normal([1, 8, 1024, 64]));
  let t0 = performance.now();
  const plain = scaledDotProductAttention(q!, k!, v!, { causal: true });
  const tPlain = performance.now() - t0;
  t0 = performance.now();
  const tiled = flashAttention(q!, k!, v!, { causal: true });
  const tTiled = performance.now() - t0;
  line(
    `   max |plain − tiled| = ${plain.sub(tiled).abs().max().item().toExponential(2)}; plain ${tPlain.toFixed(0)} ms (8·L² scores stored), tiled ${tTiled.toFixed(0)} ms (O(L) memory)`,
  );
}

async function selectiveScan() {
  line("\n4. Mamba's selective scan on the best backend here, against the CPU reference:");
  const scanner = await createScanner();
  const [B, L, D, N] = [2, 256, 64, 16];
  const rng = new Generator(3);
  const arr = (shape: number[], lo = -1, hi = 1) => ({
    data: rng.uniform(shape, lo, hi).toArray() as Float32Array,
    shape,
  });
  const x = {
    u: arr([B, L, D]),
    delta: arr([B, L, D], -3, 0),
    A: arr([D, N], -2, -0.5),
    B: arr([B, L, N]),
    C: arr([B, L, N]),
    deltaSoftplus: true,
  };
  const t0 = performance.now();
  const { out, info } = await scanner.selectiveScan(x);
  const ms = performance.now() - t0;
  const ref = await (await createScanner({ backend: 'cpu' })).selectiveScan(x);
  let worst = 0;
  for (let i = 0; i < out.data.length; i++)
    worst = Math.max(worst, Math.abs(out.data[i]! - ref.out.data[i]!));
  line(
    `   backend ${info.backend} (${info.form}, ${info.launches ?? '?'} launches): y ${JSON.stringify(out.shape)} in ${ms.toFixed(0)} ms, max |Δ| vs reference ${worst.toExponential(2)}`,
  );
}

line('seqmod demo — sequence models from the RNN to Mamba, in TypeScript\n');
await addingProblem();
hippoMemory();
attention();
await selectiveScan();
line('\nEvery package: README.md in packages/*; all tests: pnpm test:all');
