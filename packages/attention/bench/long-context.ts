// The O(L) memory of tiled attention, shown: causal attention at L = 16384, 8 heads, d = 64,
// float32, forward and backward, through flashAttention. The score matrix alone would take
// 8 · 16384² · 4 bytes = 8 GiB (and the plain path keeps several such matrices for backward);
// here the process's peak memory stays in the tens of MiB above the inputs.
//
//   pnpm bench:long [--length 16384] [--forward-only]
// Prints markdown lines for the README: time, RSS before, peak RSS during each pass (sampled
// every ms from a worker thread), the process's max RSS, and V8 heap / ArrayBuffer totals.
import { Generator, noGrad } from '@seqmod/tensor';
import { flashAttention } from '../src/index';
import { MiB, measurePeak } from './peak-rss';

const arg = (name: string) => process.argv.indexOf(`--${name}`);
const L = arg('length') >= 0 ? Number(process.argv[arg('length') + 1]) : 16384;
const forwardOnly = arg('forward-only') >= 0;
const H = 8;
const d = 64;

const rng = new Generator(0);
const [q, k, v] = [0, 1, 2].map(() => rng.normal([1, H, L, d], 0, 1, { requiresGrad: !forwardOnly }));
const g = noGrad(() => rng.normal([1, H, L, d], 0, 1));
const mem = () => process.memoryUsage();
const fmt = (b: number) => `${(b / MiB).toFixed(1)} MiB`;
const scoreBytes = H * L * L * 4;

const before = mem();
console.log(`### Tiled causal attention, L = ${L}, H = ${H}, d = ${d}, float32\n`);
console.log(
  `- one float32 score matrix [${H}, ${L}, ${L}] would be ${fmt(scoreBytes)} (${(scoreBytes / 2 ** 30).toFixed(2)} GiB)`,
);
console.log(
  `- inputs q, k, v and the output gradient: 4 × ${fmt(H * L * d * 4)}; RSS before the call: ${fmt(before.rss)}`,
);

const fwd = await measurePeak(() => flashAttention(q!, k!, v!, { causal: true }));
console.log(
  `- forward: ${fwd.seconds.toFixed(1)} s, peak RSS ${fmt(before.rss + fwd.peakExtraBytes)} (+${fmt(fwd.peakExtraBytes)} over the RSS before)`,
);
if (!forwardOnly) {
  const rssBefore = mem().rss;
  const bwd = await measurePeak(() => fwd.value.backward(g));
  console.log(
    `- backward (dq, dk, dv): ${bwd.seconds.toFixed(1)} s, peak RSS ${fmt(rssBefore + bwd.peakExtraBytes)} (+${fmt(bwd.peakExtraBytes)})`,
  );
  const norm = (t: typeof q) => Math.sqrt(noGrad(() => t!.grad!.square().sum().item()));
  console.log(
    `- gradient norms: dq ${norm(q).toFixed(3)}, dk ${norm(k).toFixed(3)}, dv ${norm(v).toFixed(3)} (finite: ${[q, k, v].every((t) => Number.isFinite(norm(t)))})`,
  );
}
const after = mem();
const maxRss = process.resourceUsage().maxRSS * 1024;
console.log(
  `- process max RSS over the whole run: ${fmt(maxRss)} = ${((maxRss / scoreBytes) * 100).toFixed(1)} % of one score matrix`,
);
console.log(`- after: V8 heap used ${fmt(after.heapUsed)}, ArrayBuffers ${fmt(after.arrayBuffers)}`);
