// Benchmarks of @seqmod/attention (pnpm bench; node --expose-gc is set in package.json).
//
// 1. Causal attention, B = 1, H = 8, d = 64, float32, at L = 1024 and 4096: seqmod's plain path,
//    its tiled (FlashAttention) kernel and causal linear attention, side by side in this process
//    with tfjs (tf.matMul + tf.softmax + an additive causal mask) on its cpu and wasm backends.
//    Time: median of the timed runs after one untimed first run. Memory: the first run's peak
//    RSS above the RSS before it (sampled every ms from a worker thread); for tfjs-wasm, whose
//    heap never shrinks, the heap's size after the run minus its size when the backend started.
// 2. Decoding: tokens/s of one-token steps after a context of 1k, 4k and 16k tokens, and what
//    each method stores per token: a multi-head KV cache, a grouped-query KV cache, the MLA
//    latent cache (absorbed and plain forms), and the linear-attention state.
//
// Options: --lengths 1024,4096   --contexts 1024,4096,16384   --only attention|decoding
import { Generator, noGrad, type Tensor } from '@seqmod/tensor';
import {
  flashAttention,
  GroupedQueryAttention,
  KVCache,
  LinearAttentionLayer,
  type LinearAttentionState,
  linearAttention,
  linearStateBytes,
  MLACache,
  MultiHeadLatentAttention,
  scaledDotProductAttention,
} from '../src/index';
import { MiB, measurePeak, median } from './peak-rss';
import { tfCausalAttention, tfProblem, useBackend, wasmHeapBytes } from './tfjs-attention';

function option(name: string, fallback: number[]): number[] {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]!.split(',').map(Number) : fallback;
}
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
if (!(globalThis as { gc?: unknown }).gc)
  console.warn('(run with node --expose-gc for clean memory baselines)');

interface Row {
  method: string;
  L: number;
  seconds: number;
  runs: number;
  memBytes: number;
}

/** One untimed first run (its memory is recorded), then timed runs while they stay cheap. */
async function timeCase(
  run: () => unknown,
  memory?: () => Promise<number>,
): Promise<{ seconds: number; runs: number; memBytes: number }> {
  const first = await measurePeak(run);
  const memBytes = memory ? await memory() : first.peakExtraBytes;
  // Slow cases: the first run is the measurement (the kernels are warm from smaller sizes).
  const reps = first.seconds > 20 ? 0 : first.seconds > 4 ? 1 : 3;
  if (reps === 0) return { seconds: first.seconds, runs: 1, memBytes };
  const times: number[] = [];
  for (let r = 0; r < reps; r++) times.push((await measurePeak(run)).seconds);
  return { seconds: median(times), runs: reps, memBytes };
}

async function attentionTable(lengths: number[]): Promise<void> {
  const H = 8;
  const d = 64;
  const rows: Row[] = [];
  let wasmStart = 0;
  for (const L of lengths) {
    const rng = new Generator(L);
    const [q, k, v] = [0, 1, 2].map(() => rng.normal([1, H, L, d], 0, 1)) as [Tensor, Tensor, Tensor];
    const cases: [string, () => unknown][] = [
      [
        'seqmod plain (softmax, L×L matrix)',
        () => noGrad(() => scaledDotProductAttention(q, k, v, { causal: true })),
      ],
      ['seqmod tiled (FlashAttention)', () => noGrad(() => flashAttention(q, k, v, { causal: true }))],
      ['seqmod linear (elu+1, chunkwise)', () => noGrad(() => linearAttention(q, k, v, { causal: true }))],
    ];
    for (const [method, run] of cases) {
      rows.push({ method, L, ...(await timeCase(run)) });
      console.error(`  ${method} L=${L}: ${rows.at(-1)!.seconds.toFixed(3)} s`);
    }
    for (const backend of ['cpu', 'wasm'] as const) {
      await useBackend(backend);
      if (backend === 'wasm' && wasmStart === 0) wasmStart = wasmHeapBytes();
      const p = tfProblem(
        q.toArray() as Float32Array,
        k.toArray() as Float32Array,
        v.toArray() as Float32Array,
        H,
        L,
        d,
      );
      const memory = backend === 'wasm' ? async () => wasmHeapBytes() - wasmStart : undefined;
      rows.push({
        method: `tfjs ${backend} (matMul + softmax + mask)`,
        L,
        ...(await timeCase(() => tfCausalAttention(p), memory)),
      });
      console.error(`  tfjs ${backend} L=${L}: ${rows.at(-1)!.seconds.toFixed(3)} s`);
      p.dispose();
    }
  }
  const scoreBytes = (L: number) => H * L * L * 4;
  console.log(`\n### Causal attention, B = 1, H = 8, d = 64, float32\n`);
  console.log(`| method | ${lengths.map((L) => `L = ${L}: time | peak memory`).join(' | ')} |`);
  console.log(`| --- | ${lengths.map(() => '---: | ---:').join(' | ')} |`);
  for (const method of [...new Set(rows.map((r) => r.method))]) {
    const cells = lengths.map((L) => {
      const r = rows.find((x) => x.method === method && x.L === L)!;
      return `${r.seconds.toFixed(3)} s | ${(r.memBytes / MiB).toFixed(0)} MiB`;
    });
    console.log(`| ${method} | ${cells.join(' | ')} |`);
  }
  console.log(
    `\nOne float32 score matrix [8, L, L]: ${lengths.map((L) => `${(scoreBytes(L) / MiB).toFixed(0)} MiB at L = ${L}`).join(', ')}.`,
  );
}

interface Decoder {
  name: string;
  /** Bytes stored per token of context (null: a fixed-size state instead). */
  bytesPerToken: number | null;
  /** Bytes of the state at this context. */
  stateBytes: number;
  step: (x: Tensor) => void;
}

async function decodingTable(contexts: number[]): Promise<void> {
  const D = 512;
  const H = 8;
  const dh = 64;
  const steps = 16;
  const rows: {
    name: string;
    T: number;
    tokPerSec: number;
    bytesPerToken: number | null;
    stateBytes: number;
  }[] = [];
  for (const T of contexts) {
    const rng = new Generator(T);
    const randn = (shape: number[]) => rng.normal(shape, 0, 1);
    const decoders: Decoder[] = [];
    for (const [name, kv] of [
      ['softmax, MHA KV cache (8 kv heads)', H],
      ['softmax, GQA KV cache (2 kv heads)', 2],
    ] as const) {
      const layer = new GroupedQueryAttention(D, H, kv, { rope: {}, impl: 'plain' }).eval();
      const cache = new KVCache(T + steps + 4);
      cache.append(randn([1, kv, T, dh]), randn([1, kv, T, dh]));
      decoders.push({
        name,
        bytesPerToken: cache.bytesPerToken(),
        stateBytes: cache.bytes(),
        step: (x) => layer.forward(x, { cache }),
      });
    }
    const mla = new MultiHeadLatentAttention(D, {
      numHeads: H,
      headDim: dh,
      ropeHeadDim: 32,
      kvLoraRank: 256,
      impl: 'plain',
    }).eval();
    for (const absorbed of [true, false]) {
      const cache = new MLACache(T + steps + 4);
      cache.append(randn([1, T, 256]), randn([1, T, 32]));
      const weights = absorbed ? noGrad(() => mla.absorb()) : false;
      decoders.push({
        name: `MLA latent cache (${absorbed ? 'absorbed' : 'plain: up-projects the cache'})`,
        bytesPerToken: cache.bytesPerToken(),
        stateBytes: cache.bytes(),
        step: (x) => mla.forward(x, { cache, absorbed: weights }),
      });
    }
    const lin = new LinearAttentionLayer(D, H, { mode: 'recurrent' }).eval();
    let state: LinearAttentionState = { S: randn([1, H, dh, dh]), z: rng.uniform([1, H, dh], 1, 2) };
    decoders.push({
      name: 'linear attention state (elu+1)',
      bytesPerToken: null,
      stateBytes: linearStateBytes(state),
      step: (x) => {
        state = lin.forward(x, state).state;
      },
    });
    for (const dec of decoders) {
      const x = randn([1, 1, D]);
      // The plain MLA form re-projects the whole cache every token: few steps suffice at long contexts.
      const n = dec.name.includes('plain') && T > 4096 ? 2 : steps;
      noGrad(() => dec.step(x)); // warm-up token
      const t0 = performance.now();
      for (let s = 0; s < n; s++) noGrad(() => dec.step(x));
      const seconds = (performance.now() - t0) / 1000;
      rows.push({
        name: dec.name,
        T,
        tokPerSec: n / seconds,
        bytesPerToken: dec.bytesPerToken,
        stateBytes: dec.stateBytes,
      });
      console.error(`  ${dec.name} T=${T}: ${(n / seconds).toFixed(1)} tok/s`);
    }
  }
  console.log(`\n### Decoding one token at a time, d_model = 512, H = 8, d_h = 64, float32\n`);
  console.log(
    'MLA: d_c = 256, d_R = 32, no query compression. Softmax caches hold the context in random keys/values.\n',
  );
  console.log(
    `| method | ${contexts.map((T) => `${T / 1024}k: tokens/s`).join(' | ')} | cache bytes per token | state at ${contexts.at(-1)! / 1024}k |`,
  );
  console.log(`| --- | ${contexts.map(() => '---:').join(' | ')} | ---: | ---: |`);
  for (const name of [...new Set(rows.map((r) => r.name))]) {
    const rs = rows.filter((r) => r.name === name);
    const last = rs.at(-1)!;
    const perToken = last.bytesPerToken === null ? '0 (fixed state)' : String(last.bytesPerToken);
    console.log(
      `| ${name} | ${rs.map((r) => r.tokPerSec.toFixed(1)).join(' | ')} | ${perToken} | ${(last.stateBytes / MiB).toFixed(2)} MiB |`,
    );
  }
}

if (only !== 'decoding') await attentionTable(option('lengths', [1024, 4096]));
if (only !== 'attention') await decodingTable(option('contexts', [1024, 4096, 16384]));
