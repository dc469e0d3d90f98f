// The GPU machine's run for the webgpu-wgsl backend (bench/wgsl-bench.ts) on Dawn in Node.
//
// Build and run (from the repository root; the GPU machine has no Node of its own):
//   pnpm --filter @seqmod/scan device:bundle:wgsl
//   ../shared/tools/device-pack.sh /tmp/scan-device-wgsl.mjs
//   device run: carry [".device"], command `bash .device/run.sh [MODE] [--dawn TOGGLES]`
// Modes: none, the full run; --quick, every tile at (2, 2048, 4096) only; --focus, FOCUS_VARIANTS
// (wgsl-bench.ts); --backward [--quick] [--all-shapes] [--activations], the selective backward
// (bench/wgsl-backward.ts) after the forward's small-shape checks, --activations adding the
// backward with softplus on and off (run 48); --host, a call's time split into host and GPU
// parts (bench/wgsl-host-cost.ts). --dawn passes one flag string to Dawn (e.g.
// enable-dawn-features=allow_unsafe_apis,disable_robustness).
import { createScanner, installNodeWebGPU } from '../src/index';
import {
  backwardPastIndexLimit,
  backwardSmallChecks,
  timeBackward,
  timeBackwardActivations,
} from './wgsl-backward';
import { type BenchOptions, FOCUS_VARIANTS, runWgslBench, VARIANTS } from './wgsl-bench';
import { smallChecks } from './wgsl-checks';
import { timeHostCost } from './wgsl-host-cost';

async function main() {
  const quick = process.argv.includes('--quick');
  const di = process.argv.indexOf('--dawn');
  const flags = di > 0 ? [process.argv[di + 1]!] : [];
  const dawn = 'webgpu';
  installNodeWebGPU((await import(dawn)) as never, flags);
  console.log(`dawn flags: ${flags.join(' ') || 'none'}`);
  const s = await createScanner(); // auto must pick webgpu-wgsl
  if (process.argv.includes('--host')) {
    // where a call's time goes beyond its GPU time (bench/wgsl-host-cost.ts)
    console.log(`backend: ${s.backend}; adapter: ${s.wgsl!.adapter}`);
    await timeHostCost(s, (...a) => console.log(...a));
    s.destroy();
    process.exit(0);
  }
  if (process.argv.includes('--backward')) {
    const log = (...a: unknown[]) => console.log(...a);
    log(`backend: ${s.backend}; adapter: ${s.wgsl!.adapter}; limits ${JSON.stringify(s.wgsl!.limits)}`);
    const quickBackward = process.argv.includes('--quick');
    let ok = quickBackward ? true : await smallChecks(s, [], log);
    ok = (await backwardSmallChecks(s, log)) && ok;
    if (!quickBackward) {
      ok = (await backwardPastIndexLimit(s, log)) && ok;
      ok = (await backwardPastIndexLimit(s, log, { keepDecays: true })) && ok;
    }
    log(`correctness ${ok ? 'PASS' : 'FAIL'}`);
    if (process.argv.includes('--activations')) await timeBackwardActivations(s, [2, 2048, 4096], log);
    ok =
      (await timeBackward(
        s,
        [
          [2, 2048, 4096],
          [4, 4096, 1024],
          [16, 1024, 1024],
          [1, 16384, 1024],
        ],
        // the rule's tile (states over 2 lanes, spans of 512, the walks' loads an iteration
        // ahead, the chunks' loads hoisted), with the reverse's decays kept (also with spans of
        // 256 and chunks of 8), and the workgroup-memory sums with and without kept decays
        [
          {},
          { keepDecays: true },
          { keepDecays: true, span: 256 },
          { keepDecays: true, steps: 8 },
          { channels: 32, steps: 4, span: 256 },
          { channels: 32, steps: 4, span: 256, keepDecays: true },
        ],
        quickBackward ? [] : [[1, 2048, 4096]],
        log,
        process.argv.includes('--all-shapes'),
      )) && ok;
    log(`correctness ${ok ? 'PASS' : 'FAIL'}`);
    s.destroy();
    process.exit(ok ? 0 : 2);
  }
  // --quick: correctness at small sizes, then every tile variant at B, L, D = 2, 2048, 4096 only
  // --focus: FOCUS_VARIANTS (checked on the small shapes too) at the shapes of the last study (run
  // 24: few long sequences, B·D = 512–4096, against the default at (2, 2048, 4096)), the ceilings,
  // the past-2^24 check; no gpu.js, no linear scan
  const focus = process.argv.includes('--focus');
  const o: BenchOptions = focus
    ? {
        shapes: [
          [1, 16384, 1024, true],
          [2, 8192, 1024, true],
          [1, 16384, 2048, true],
          [4, 4096, 1024, true],
          [2, 2048, 256, true],
          [2, 2048, 4096, false],
        ],
        variants: FOCUS_VARIANTS,
        allTiles: true,
        ceilings: true,
        past24: true,
        gpujs: [],
        warmup: 1500,
        linear: [],
      }
    : quick
      ? {
          shapes: [[2, 2048, 4096, true]],
          variants: VARIANTS,
          allTiles: false,
          ceilings: false,
          past24: false,
          gpujs: [],
          warmup: 1500,
          linear: [[2, 2048, 4096]],
        }
      : {
          shapes: [
            [2, 2048, 4096, true],
            [4, 4096, 1024, true],
            [16, 1024, 1024, true],
            [4, 2048, 4096, true],
            [8, 2048, 4096, true],
            [1, 16384, 1024, false],
            [2, 8192, 1024, false],
            [1, 16384, 2048, false],
            [2, 2048, 256, false],
          ],
          variants: VARIANTS,
          allTiles: true,
          ceilings: true,
          past24: true,
          gpujs: process.argv.includes('--no-gpujs')
            ? []
            : [
                [2, 2048, 4096],
                [4, 4096, 1024],
              ],
          warmup: 2000,
          linear: [
            [2, 2048, 4096],
            [4, 4096, 1024],
            [2, 256, 32768],
          ],
        };
  const ok = await runWgslBench(s, o, (...a) => console.log(...a));
  s.destroy();
  process.exit(ok ? 0 : 2);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
