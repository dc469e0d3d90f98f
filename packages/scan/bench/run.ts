// pnpm bench: the selective scan (B = 2, D = 256, N = 16, softplus step with bias, skip, gate)
// at L = 2048 and 16384 on the backends that run in this process, next to the plain JS loop a
// user would write (bench/plain-loop.ts). Prints markdown tables (elements = B·L·D per second,
// best of the repetitions; speed-up against the plain loop of the same L): the forward pass, then
// the backward pass at L = 2048 against the CPU reference's backward.
import { availableBackends, createScanner, type ScanArray, type Scanner } from '../src/index';
import { selectiveArrays, selectiveInputs } from './inputs';
import { plainSelectiveScan } from './plain-loop';

function best(reps: number, f: () => void): number {
  let b = Number.POSITIVE_INFINITY;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    f();
    b = Math.min(b, performance.now() - t0);
  }
  return b;
}

async function bestAsync(reps: number, f: () => Promise<unknown>): Promise<number> {
  let b = Number.POSITIVE_INFINITY;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await f();
    b = Math.min(b, performance.now() - t0);
  }
  return b;
}

function maxRel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!) / (1e-3 + Math.abs(b[i]!)));
  return m;
}

interface Entry {
  name: string;
  scanner: Scanner;
  async: boolean;
  /** repetitions at L = 2048 (one at L = 16384 for the slow ones) */
  fast: boolean;
}

async function main() {
  const B = 2;
  const D = 256;
  const N = 16;
  const lengths = process.argv.includes('--quick') ? [2048] : [2048, 16384];
  const rows: string[] = [
    '| L | implementation | form (T) | ms | Melem/s | × plain JS | max rel. diff vs plain |',
    '|---|---|---|---|---|---|---|',
  ];
  const here = await availableBackends();
  const entries: Entry[] = [];
  if (here.includes('wasm-simd')) {
    const s = await createScanner({ backend: 'wasm-simd' });
    entries.push({ name: 'wasm-simd (seqmod kernel)', scanner: s, async: false, fast: true });
  }
  if (here.includes('webasm')) {
    const w = await createScanner({ backend: 'webasm' });
    entries.push(
      { name: 'webasm (gpu.js, sync, SIMD)', scanner: w, async: false, fast: false },
      { name: 'webasm (gpu.js, async, SIMD + threads)', scanner: w, async: true, fast: false },
    );
  }
  const cpu = await createScanner({ backend: 'cpu' });
  entries.push({ name: 'cpu (reference)', scanner: cpu, async: false, fast: false });
  for (const L of lengths) {
    const x = selectiveArrays(B, L, D, N, 1);
    const inputs = selectiveInputs(x);
    const plain = new Float32Array(B * L * D);
    const reps = L > 4096 ? 1 : 3;
    const tp = best(reps, () => plainSelectiveScan(x, plain));
    const melem = (ms: number) => (B * L * D) / ms / 1e3;
    rows.push(`| ${L} | plain JS loop | sequential | ${tp.toFixed(0)} | ${melem(tp).toFixed(2)} | 1.0 | 0 |`);
    console.error(`L=${L} plain ${tp.toFixed(0)} ms`);
    for (const e of entries) {
      let out: ScanArray | null = null;
      let info = '';
      const run = async () => {
        const y = e.async ? await e.scanner.selectiveScan(inputs) : e.scanner.selectiveScanSync(inputs);
        out = y.out as ScanArray;
        info = `${y.info.form} (${y.info.chunk})`;
      };
      await run(); // builds the kernels
      const t = await bestAsync(e.fast ? 5 : reps, run);
      const diff = maxRel((out as unknown as ScanArray).data, plain);
      rows.push(
        `| ${L} | ${e.name} | ${info} | ${t.toFixed(t < 100 ? 1 : 0)} | ${melem(t).toFixed(2)} | ${(tp / t).toFixed(2)} | ${diff.toExponential(1)} |`,
      );
      console.error(`L=${L} ${e.name} ${t.toFixed(1)} ms`);
    }
  }
  // the backward pass at L = 2048: wasm-simd against the CPU reference (what runs without it)
  const back: string[] = [
    '| L | backward | ms | Melem/s | × cpu reference | max rel. diff vs reference |',
    '|---|---|---|---|---|---|',
  ];
  {
    const L = 2048;
    const x = selectiveArrays(B, L, D, N, 2);
    const inputs = selectiveInputs(x);
    const gOut = { data: selectiveArrays(B, L, D, N, 3).u, shape: [B, L, D] };
    const melem = (ms: number) => (B * L * D) / ms / 1e3;
    let ref: ScanArray | null = null;
    const tc = best(1, () => {
      ref = cpu.selectiveScanBackwardSync({ ...inputs, gOut }).delta as ScanArray;
    });
    back.push(`| ${L} | cpu (reference) | ${tc.toFixed(0)} | ${melem(tc).toFixed(2)} | 1.0 | 0 |`);
    const w = entries.find((e) => e.scanner.backend === 'wasm-simd');
    if (w) {
      let got: ScanArray | null = null;
      const tw = best(3, () => {
        got = w.scanner.selectiveScanBackwardSync({ ...inputs, gOut }).delta as ScanArray;
      });
      const diff = maxRel((got as unknown as ScanArray).data, (ref as unknown as ScanArray).data);
      back.push(
        `| ${L} | wasm-simd (seqmod kernel) | ${tw.toFixed(0)} | ${melem(tw).toFixed(2)} | ${(tc / tw).toFixed(1)} | ${diff.toExponential(1)} |`,
      );
    }
  }
  for (const e of new Set(entries.map((q) => q.scanner))) e.destroy();
  console.log(rows.join('\n'));
  console.log(`\n${back.join('\n')}`);
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
