// pnpm bench: the selective scan (B = 2, D = 256, N = 16, softplus step with bias, skip, gate)
// at L = 2048 and 16384 on the backends that run in this process, next to the plain JS loop a
// user would write (bench/plain-loop.ts). Prints a markdown table (elements = B·L·D per second,
// best of the repetitions; speed-up against the plain loop of the same L).
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
  const scanners: [string, Scanner, boolean][] = [];
  if (here.includes('webasm')) {
    const w = await createScanner({ backend: 'webasm' });
    scanners.push(['webasm (sync, SIMD)', w, false], ['webasm (async, SIMD + threads)', w, true]);
  }
  scanners.push(['cpu (reference)', await createScanner({ backend: 'cpu' }), false]);
  for (const L of lengths) {
    const x = selectiveArrays(B, L, D, N, 1);
    const inputs = selectiveInputs(x);
    const plain = new Float32Array(B * L * D);
    const reps = L > 4096 ? 1 : 3;
    const tp = best(reps, () => plainSelectiveScan(x, plain));
    const melem = (ms: number) => (B * L * D) / ms / 1e3;
    rows.push(`| ${L} | plain JS loop | sequential | ${tp.toFixed(0)} | ${melem(tp).toFixed(2)} | 1.0 | 0 |`);
    console.error(`L=${L} plain ${tp.toFixed(0)} ms`);
    for (const [name, s, async] of scanners) {
      let out: ScanArray | null = null;
      let info = '';
      const run = async () => {
        const y = async ? await s.selectiveScan(inputs) : s.selectiveScanSync(inputs);
        out = y.out as ScanArray;
        info = `${y.info.form} (${y.info.chunk})`;
      };
      await run(); // builds the kernels
      const t = await bestAsync(reps, run);
      const diff = maxRel((out as unknown as ScanArray).data, plain);
      rows.push(
        `| ${L} | ${name} | ${info} | ${t.toFixed(0)} | ${melem(t).toFixed(2)} | ${(tp / t).toFixed(2)} | ${diff.toExponential(1)} |`,
      );
      console.error(`L=${L} ${name} ${t.toFixed(0)} ms`);
    }
  }
  for (const [, s] of scanners) s.destroy();
  console.log(rows.join('\n'));
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
