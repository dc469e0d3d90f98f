// Throughput of one-layer LSTM and GRU (B = 16, T = 256, input = hidden = 256, float32), forward
// and forward+backward, in tokens/s (B·T per second), side by side in this process with
// @tensorflow/tfjs layers (tf.layers.lstm / tf.layers.gru, returnSequences) on its cpu and wasm
// backends. Gradients are taken w.r.t. the weights in both libraries (tf.variableGrads).
//
//   pnpm bench [--reps 5] [--cpu-length 16]
//
// tfjs-cpu is two orders of magnitude slower, so it runs a shorter sequence (--cpu-length, default
// 16; per-token cost of a recurrence does not depend on T, and a short run only flatters it).
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { noGrad, sum, type Tensor } from '@seqmod/tensor';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { Generator } from '@seqmod/tensor';
import { GRU, LSTM } from '../src/index';

const { values } = parseArgs({
  options: { reps: { type: 'string', default: '5' }, 'cpu-length': { type: 'string', default: '16' } },
});
const REPS = Number(values.reps);
const CPU_T = Number(values['cpu-length']);
const B = 16;
const T = 256;
const I = 256;
const H = 256;

/** Median seconds over `reps` runs after `warmup` untimed ones. */
async function median(fn: () => unknown, reps: number, warmup = 1): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await fn();
    times.push((performance.now() - t0) / 1000);
  }
  times.sort((a, b) => a - b);
  const m = times.length >> 1;
  return times.length % 2 ? times[m]! : (times[m - 1]! + times[m]!) / 2;
}

type Kind = 'LSTM' | 'GRU';
type Mode = 'forward' | 'forward+backward';

async function seqmodRate(kind: Kind, mode: Mode): Promise<number> {
  const layer = kind === 'LSTM' ? new LSTM(I, H) : new GRU(I, H);
  const x = new Generator(1).normal([B, T, I], 0, 1, { dtype: 'float32' });
  const run =
    mode === 'forward'
      ? () => noGrad(() => layer.forward(x))
      : () => {
          layer.zeroGrad();
          const [y] = layer.forward(x);
          sum(y as Tensor).backward();
        };
  return (B * T) / (await median(run, REPS));
}

async function tfjsRate(backend: 'cpu' | 'wasm', kind: Kind, mode: Mode): Promise<number> {
  await tf.setBackend(backend);
  await tf.ready();
  const steps = backend === 'cpu' ? CPU_T : T;
  // Glorot recurrent init: tfjs's default orthogonal init of a 256×1024 matrix takes minutes on cpu.
  const opts = { units: H, returnSequences: true, recurrentInitializer: 'glorotUniform' as const };
  const layer = kind === 'LSTM' ? tf.layers.lstm(opts) : tf.layers.gru(opts);
  const x = tf.randomNormal([B, steps, I]);
  layer.apply(x); // builds the weights
  const weights = layer.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
  const run =
    mode === 'forward'
      ? async () => {
          const y = tf.tidy(() => layer.apply(x) as tf.Tensor);
          await y.data();
          y.dispose();
        }
      : async () => {
          const { value, grads } = tf.variableGrads(
            () => tf.sum(layer.apply(x) as tf.Tensor) as tf.Scalar,
            weights,
          );
          await Promise.all(Object.values(grads).map((g) => g.data()));
          value.dispose();
          tf.dispose(grads);
        };
  const reps = backend === 'cpu' ? Math.min(REPS, 2) : REPS;
  const rate = (B * steps) / (await median(run, reps));
  x.dispose();
  layer.dispose();
  return rate;
}

const fmt = (r: number) => (r >= 1000 ? `${(r / 1000).toFixed(1)}k` : r.toFixed(0));
const load = loadavg()[0]!.toFixed(1);
console.log(
  `# cells bench: ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}, node ${process.version}, load ${load}`,
);
console.log(`# B = ${B}, T = ${T} (tfjs-cpu: ${CPU_T}), input = hidden = ${H}, float32, median of ${REPS}`);
const rows: string[] = [];
for (const kind of ['LSTM', 'GRU'] as const) {
  for (const mode of ['forward', 'forward+backward'] as const) {
    const ours = await seqmodRate(kind, mode);
    const wasm = await tfjsRate('wasm', kind, mode);
    const cpu = await tfjsRate('cpu', kind, mode);
    rows.push(
      `| ${kind} | ${mode} | ${fmt(ours)} | ${fmt(cpu)} | ${fmt(wasm)} | ${(ours / cpu).toFixed(0)}× | ${(ours / wasm).toFixed(1)}× |`,
    );
    console.error(`done: ${kind} ${mode}`);
  }
}
console.log('');
console.log('| layer | mode | seqmod tokens/s | tfjs-cpu | tfjs-wasm | vs cpu | vs wasm |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const r of rows) console.log(r);
