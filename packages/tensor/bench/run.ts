// @seqmod/tensor speed, side by side in one process with what a JS user would pick instead:
// TensorFlow.js on its plain-JS `cpu` backend and on its WebAssembly `wasm` backend (XNNPACK,
// SIMD; single-threaded in Node, as seqmod is). Every result is read back: tfjs timings include
// `await t.data()`; seqmod's ops return their data synchronously.
//
//   pnpm bench            (in packages/tensor)
//   node --conditions=@seqmod/source --import tsx bench/run.ts [rounds]
//
// On a shared machine the load changes over a run, so seqmod and tfjs-wasm are measured in
// alternating rounds and each cell is the median of all its samples. tfjs-cpu, one to two orders
// of magnitude slower, is measured in one round.
import os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { add, exp, fromArray, gemmF32, gemmF64, matmul, mul } from '../src/index';
import { median, sampleSeconds, sampleSecondsAsync } from './timing';

const MATMUL_SIZES = [256, 512, 1024];
const ELEMENTWISE_SIZE = 2 ** 20;
const ELEMENTWISE_OPS = ['add', 'mul', 'exp'] as const;
type ElementwiseOp = (typeof ELEMENTWISE_OPS)[number];
const ROUNDS = Number(process.argv[2] ?? 3);
/** Each cell gets about this much time per round, in [MIN_REPS, MAX_REPS] repetitions. */
const BUDGET_SECONDS = 1.5;
const MIN_REPS = 3;
const MAX_REPS = 15;

/** Deterministic values in [-1, 1). */
function values(length: number, seed: number): Float32Array {
  const out = new Float32Array(length);
  let s = seed;
  for (let i = 0; i < length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

/** One untimed run (also the warm-up) sizes the repetition count. */
function repsFor(firstSeconds: number): number {
  return Math.max(MIN_REPS, Math.min(MAX_REPS, Math.floor(BUDGET_SECONDS / firstSeconds)));
}

function time(fn: () => unknown): number[] {
  const t0 = performance.now();
  fn();
  const first = (performance.now() - t0) / 1000;
  return sampleSeconds(fn, repsFor(first), first > 0.5 ? 0 : 2);
}

async function timeAsync(fn: () => Promise<void>): Promise<number[]> {
  const t0 = performance.now();
  await fn();
  const first = (performance.now() - t0) / 1000;
  return sampleSecondsAsync(fn, repsFor(first), first > 0.5 ? 0 : 2);
}

/** Samples (seconds) per cell, keyed `row/column`. */
const samples = new Map<string, number[]>();
function record(row: string, column: string, seconds: number[]): void {
  const key = `${row}/${column}`;
  samples.set(key, [...(samples.get(key) ?? []), ...seconds]);
}

function measureSeqmod(): void {
  for (const n of MATMUL_SIZES) {
    const av = values(n * n, 1);
    const bv = values(n * n, 2);
    const a = fromArray(av, [n, n]);
    const b = fromArray(bv, [n, n]);
    const cv = new Float32Array(n * n);
    const api = time(() => matmul(a, b).data);
    const kernel = time(() => gemmF32(n, n, n, av, 0, n, 1, bv, 0, n, 1, cv, 0, n, false));
    record(`mm${n}`, 'seqmod', api);
    record(`mm${n}`, 'kernel', kernel);
  }
  const a = fromArray(values(ELEMENTWISE_SIZE, 3), [ELEMENTWISE_SIZE]);
  const b = fromArray(values(ELEMENTWISE_SIZE, 4), [ELEMENTWISE_SIZE]);
  const ops: Record<ElementwiseOp, () => unknown> = {
    add: () => add(a, b).data,
    mul: () => mul(a, b).data,
    exp: () => exp(a).data,
  };
  for (const op of ELEMENTWISE_OPS) record(op, 'seqmod', time(ops[op]));
  for (const n of [256, 512]) {
    const a64 = Float64Array.from(values(n * n, 1));
    const b64 = Float64Array.from(values(n * n, 2));
    const at = fromArray(a64, [n, n]);
    const bt = fromArray(b64, [n, n]);
    const c64 = new Float64Array(n * n);
    const api = time(() => matmul(at, bt).data);
    const kernel = time(() => gemmF64(n, n, n, a64, 0, n, 1, b64, 0, n, 1, c64, 0, n, false));
    record(`mm${n}f64`, 'seqmod', api);
    record(`mm${n}f64`, 'kernel', kernel);
  }
}

async function measureTfjs(backend: 'cpu' | 'wasm'): Promise<void> {
  await tf.setBackend(backend);
  await tf.ready();
  const column = `tfjs-${backend}`;
  for (const n of MATMUL_SIZES) {
    const a = tf.tensor2d(values(n * n, 1), [n, n]);
    const b = tf.tensor2d(values(n * n, 2), [n, n]);
    const seconds = await timeAsync(async () => {
      const c = tf.matMul(a, b);
      await c.data();
      c.dispose();
    });
    record(`mm${n}`, column, seconds);
    tf.dispose([a, b]);
  }
  const a = tf.tensor1d(values(ELEMENTWISE_SIZE, 3));
  const b = tf.tensor1d(values(ELEMENTWISE_SIZE, 4));
  const ops: Record<ElementwiseOp, () => tf.Tensor> = {
    add: () => tf.add(a, b),
    mul: () => tf.mul(a, b),
    exp: () => tf.exp(a),
  };
  for (const op of ELEMENTWISE_OPS) {
    const seconds = await timeAsync(async () => {
      const c = ops[op]();
      await c.data();
      c.dispose();
    });
    record(op, column, seconds);
  }
  tf.dispose([a, b]);
}

function printTable(): void {
  const rows: { key: string; what: string; unit: string; rate: (s: number) => number }[] = [
    ...MATMUL_SIZES.map((n) => ({
      key: `mm${n}`,
      what: `matmul ${n}×${n}, float32`,
      unit: 'GFLOP/s',
      rate: (s: number) => (2 * n ** 3) / s / 1e9,
    })),
    ...ELEMENTWISE_OPS.map((op) => ({
      key: op,
      what: `${op}, 2^20 float32`,
      unit: 'M elem/s',
      rate: (s: number) => ELEMENTWISE_SIZE / s / 1e6,
    })),
    ...[256, 512].map((n) => ({
      key: `mm${n}f64`,
      what: `matmul ${n}×${n}, float64`,
      unit: 'GFLOP/s',
      rate: (s: number) => (2 * n ** 3) / s / 1e9,
    })),
  ];
  const columns = ['seqmod', 'kernel', 'tfjs-cpu', 'tfjs-wasm'];
  const cell = (key: string, column: string) => {
    const s = samples.get(`${key}/${column}`);
    if (s === undefined) return '—';
    const r = s.length > 0 ? rows.find((x) => x.key === key)!.rate(median(s)) : Number.NaN;
    return r >= 100 ? r.toFixed(0) : r.toFixed(1);
  };
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  console.log(
    `\nNode ${process.version}, ${cpu}, ${os.cpus().length} cores, tfjs ${tf.version.tfjs}; medians over ${ROUNDS} alternating rounds (tfjs-cpu: 1).\n`,
  );
  console.log('| op | unit | seqmod | seqmod gemm kernel | tfjs-cpu | tfjs-wasm |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const r of rows)
    console.log(`| ${r.what} | ${r.unit} | ${columns.map((c) => cell(r.key, c)).join(' | ')} |`);
}

for (let round = 0; round < ROUNDS; round++) {
  measureSeqmod();
  await measureTfjs('wasm');
}
await measureTfjs('cpu');
printTable();
