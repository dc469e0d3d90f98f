// How the webgpu-wgsl scans cut their work: the measured default tile, the rules that adapt it
// to the shape and the device, the workgroup memory it needs, and refusals of tiles that
// cannot run.
import { describe, expect, it } from 'vitest';
import {
  BACKWARD_THREADS,
  chooseBackwardTile,
  chooseLinearTile,
  chooseSelectiveTile,
  DEFAULT_SELECTIVE_TILE,
  LANES_MIN_THREADS,
  LANES_SHORT_THREADS,
  lanesTileFor,
  laneWidth,
  linearSharedBytes,
  type ScanTile,
  SELECTIVE_MIN_THREADS,
  SPLIT_MAX_CHANNELS,
  SPLIT_MIN_ELEMENTS,
  selectiveSharedBytes,
  splitProblem,
  splitTileFor,
  stagesBC,
  tileProblem,
} from '../src/wgsl-tile';

/** What the H100 granted through Dawn (bench/results/h100-wgsl.txt). */
const H100 = { maxComputeInvocationsPerWorkgroup: 1024, maxComputeWorkgroupStorageSize: 49152 };
/** WebGPU's default limits. */
const DEFAULTS = { maxComputeInvocationsPerWorkgroup: 256, maxComputeWorkgroupStorageSize: 16384 };

describe('selective tile', () => {
  it('takes the measured default at B·L·D = 2^24 (B = 2, D = 4096, N = 16)', () => {
    const { tile, staged } = chooseSelectiveTile(2, 4096, 16, 1, H100);
    expect(tile).toMatchObject({ channels: 32, segments: 4, steps: 8, stateBlock: 4 });
    expect(staged).toBe(true);
    expect(DEFAULT_SELECTIVE_TILE).toMatchObject({ channels: 32, segments: 4, steps: 8, stateBlock: 4 });
  });

  it('doubles the time segments when B·D leaves the GPU short of threads', () => {
    // B·D = 4096: 16 K threads at S = 4, under the threshold
    expect(chooseSelectiveTile(4, 1024, 16, 1, H100).tile.segments).toBe(8);
    expect(chooseSelectiveTile(1, 1024, 16, 1, H100).tile.segments).toBe(8);
    // B·D = 8192: 32 K threads at S = 4, enough
    expect(2 * 4096 * 4).toBe(SELECTIVE_MIN_THREADS);
    expect(chooseSelectiveTile(2, 4096, 16, 1, H100).tile.segments).toBe(4);
  });

  it('takes the state lanes from B·D·4 = 65536 threads on devices with subgroups of a size 4 divides', () => {
    // B·D = 8192 (2, 2048, 4096): segmented, measured faster there
    expect(chooseSelectiveTile(2, 4096, 16, 1, H100, {}, 32).tile.lanes).toBeUndefined();
    // B·D = 16384: 8 steps per iteration; B·D = 32768: 4
    const mid = chooseSelectiveTile(4, 4096, 16, 1, H100, {}, 32);
    expect(mid.tile).toEqual({ channels: 32, segments: 1, steps: 8, stateBlock: 4, lanes: 4 });
    expect(mid.staged).toBe(false);
    expect(4 * 4096 * 4).toBe(LANES_MIN_THREADS);
    expect(chooseSelectiveTile(16, 1024, 16, 1, H100, {}, 32).tile.steps).toBe(8);
    expect(chooseSelectiveTile(8, 4096, 16, 1, H100, {}, 32).tile).toMatchObject({ lanes: 4, steps: 4 });
    expect(8 * 4096 * 4).toBe(LANES_SHORT_THREADS);
    // no subgroups, a size 4 does not divide, N not a multiple of 4 or over 16: segmented
    expect(chooseSelectiveTile(8, 4096, 16, 1, H100).tile.lanes).toBeUndefined();
    expect(chooseSelectiveTile(8, 4096, 16, 1, H100, {}, 2).tile.lanes).toBeUndefined();
    expect(chooseSelectiveTile(8, 4096, 6, 1, H100, {}, 32).tile.lanes).toBeUndefined();
    expect(chooseSelectiveTile(8, 4096, 32, 1, H100, {}, 32).tile.lanes).toBeUndefined();
    expect(lanesTileFor(8, 4096, 8, 4)).toMatchObject({ lanes: 4 });
    // the WebGPU default limits hold its 128 threads and it needs no workgroup memory
    expect(chooseSelectiveTile(8, 4096, 16, 1, DEFAULTS, {}, 32).tile.lanes).toBe(4);
    expect(selectiveSharedBytes(lanesTileFor(8, 4096, 16, 32)!, 16, false)).toBe(0);
  });

  it('splits long scans of few channels along L: 131072 lane threads, chunks of ≥ 128 steps', () => {
    // (1, 16384, 1024): P = 32 chunks of 512, 1·32·1024·4 = 131072 threads, 4 steps per iteration
    expect(chooseSelectiveTile(1, 1024, 16, 1, H100, {}, 32, 16384).tile).toEqual({
      channels: 32,
      segments: 1,
      steps: 4,
      stateBlock: 4,
      lanes: 4,
      chunks: 32,
    });
    expect(splitTileFor(2, 1024, 16, 8192, 32)).toMatchObject({ chunks: 16, steps: 4 });
    expect(splitTileFor(1, 2048, 16, 16384, 32)).toMatchObject({ chunks: 16, steps: 4 });
    // (2, 8192, 256): P = 64 chunks of 128, 131072 threads
    expect(splitTileFor(2, 256, 16, 8192, 32)).toMatchObject({ chunks: 64, steps: 4 });
    // (4, 4096, 256): chunks of 128 (P = 32), 4·32·256·4 = 131072 threads
    expect(splitTileFor(4, 256, 16, 4096, 32)).toMatchObject({ chunks: 32, steps: 4 });
    // L = 16016 = 16 · 1001: P stays a power of two dividing L (16, not 32): 65536 threads, 8 steps
    expect(splitTileFor(1, 1024, 16, 16016, 32)).toMatchObject({ chunks: 16, steps: 8 });
    // (1, 5 · 2^10, 1024): P = 32 chunks of 160 steps (131072 threads); odd L: no split
    expect(splitTileFor(1, 1024, 16, 5 * 1024, 32)).toMatchObject({ chunks: 32, steps: 4 });
    expect(splitTileFor(1, 1024, 16, 5 * 1024 - 1, 32)).toBeNull();
    // under 2^22 elements the three dispatches cost more host time than they save: no split
    expect(2 * 2048 * 256).toBeLessThan(SPLIT_MIN_ELEMENTS);
    expect(splitTileFor(2, 256, 16, 2048, 32)).toBeNull();
    // odd L, many channels, no subgroups: no split
    expect(splitTileFor(1, 1024, 16, 4097, 32)).toBeNull();
    expect(splitTileFor(2, SPLIT_MAX_CHANNELS, 16, 16384, 32)).toBeNull();
    expect(splitTileFor(1, SPLIT_MAX_CHANNELS, 16, 16384, 32)).not.toBeNull();
    expect(splitTileFor(1, 1024, 16, 16384, 0)).toBeNull();
    expect(chooseSelectiveTile(1, 1024, 16, 1, H100, {}, 0, 16384).tile.segments).toBe(8);
    // the split needs the state lanes
    expect(() => chooseSelectiveTile(1, 1024, 16, 1, H100, { chunks: 4 })).toThrow(/chunks needs lanes/);
    expect(() =>
      chooseSelectiveTile(1, 1024, 16, 1, H100, { channels: 32, segments: 1, lanes: 4, chunks: 0 }),
    ).toThrow(/chunks must be a positive integer/);
  });

  it('refuses state-lanes tiles that do not fit N or the workgroup', () => {
    const l = { channels: 32, segments: 1, steps: 8, lanes: 4 };
    expect(() => chooseSelectiveTile(2, 64, 6, 1, H100, l)).toThrow(/lanes 4 must divide N = 6/);
    expect(() => chooseSelectiveTile(2, 64, 16, 1, H100, { ...l, steps: 6 })).toThrow(/multiple of lanes 4/);
    expect(() => chooseSelectiveTile(2, 64, 16, 1, H100, { ...l, lanes: 3 })).toThrow(/lanes must be/);
    expect(() => chooseSelectiveTile(2, 64, 16, 1, H100, { ...l, segments: 2 })).toThrow(/segments 1/);
    expect(() => chooseSelectiveTile(2, 64, 16, 1, H100, { ...l, split: 2 })).toThrow(/excludes/);
    expect(() => chooseSelectiveTile(2, 64, 16, 1, DEFAULTS, { ...l, channels: 128 })).toThrow(
      /512 threads > maxComputeInvocationsPerWorkgroup 256/,
    );
    expect(chooseSelectiveTile(2, 64, 12, 1, H100, l).tile.lanes).toBe(4);
  });

  it('shrinks the channels of a workgroup for narrow D, to a power of two ≥ 4', () => {
    expect(chooseSelectiveTile(64, 3, 4, 1, H100).tile.channels).toBe(4);
    expect(chooseSelectiveTile(64, 12, 8, 1, H100).tile.channels).toBe(16);
    expect(chooseSelectiveTile(64, 5000, 16, 1, H100).tile.channels).toBe(32);
  });

  it('picks a state block that divides N', () => {
    for (const N of [1, 2, 3, 4, 6, 8, 12, 16, 24, 64]) {
      const { tile } = chooseSelectiveTile(8, 4096, N, 1, H100);
      expect(N % tile.stateBlock).toBe(0);
      expect(splitProblem(N, tile.stateBlock, tile.split ?? 1)).toBeNull();
    }
  });

  it('stages B and C only when every workgroup reads one group', () => {
    const t: ScanTile = { channels: 32, segments: 4, steps: 8, stateBlock: 4 };
    expect(stagesBC(t, 4096, 1)).toBe(true);
    expect(stagesBC(t, 4096, 4)).toBe(true); // 1024 channels per group, 32 per workgroup
    expect(stagesBC(t, 48, 3)).toBe(false); // 16 channels per group
    expect(stagesBC({ ...t, stage: false }, 4096, 1)).toBe(false);
    expect(chooseSelectiveTile(2, 48, 8, 3, H100).staged).toBe(false);
  });

  it('fits WebGPU default limits (16 KiB, 256 threads) by shrinking', () => {
    for (const [B, D, N] of [
      [2, 4096, 16],
      [1, 64, 64],
      [1, 1024, 16],
    ] as const) {
      const { tile, staged } = chooseSelectiveTile(B, D, N, 1, DEFAULTS);
      const threads = tile.channels * tile.segments * (tile.split ?? 1);
      expect(threads).toBeLessThanOrEqual(256);
      expect(selectiveSharedBytes(tile, N, staged)).toBeLessThanOrEqual(16384);
    }
  });

  it('counts workgroup memory: staged rows of two tiles, aggregates, y of the parts, carries', () => {
    const t: ScanTile = { channels: 32, segments: 4, steps: 8, stateBlock: 4 };
    // staged 2·S·K·(2N + W) + 4·NB·H·S·CH + (H − 1)·K·S·CH + 2·N·CH floats
    expect(selectiveSharedBytes(t, 16, true)).toBe(4 * (2 * 32 * 36 + 4 * 4 * 128 + 0 + 2 * 16 * 32));
    expect(selectiveSharedBytes(t, 16, false)).toBe(4 * (4 * 4 * 128 + 2 * 16 * 32));
    const s2 = { ...t, split: 2 };
    expect(selectiveSharedBytes(s2, 16, false)).toBe(4 * (4 * 4 * 2 * 128 + 8 * 128 + 2 * 16 * 32));
    expect(linearSharedBytes({ channels: 32, segments: 8, steps: 8, stateBlock: 1 })).toBe(4 * 4 * 256);
  });

  it('refuses overrides that cannot run, saying why', () => {
    expect(() => chooseSelectiveTile(2, 4096, 16, 1, H100, { stateBlock: 3 })).toThrow(/stateBlock/);
    expect(() => chooseSelectiveTile(2, 4096, 16, 1, H100, { channels: 64, segments: 32 })).toThrow(
      /threads > maxComputeInvocationsPerWorkgroup/,
    );
    expect(() => chooseSelectiveTile(2, 4096, 16, 1, H100, { segments: 16, steps: 16 })).toThrow(
      /workgroup memory/,
    );
    expect(() => chooseSelectiveTile(2, 4096, 16, 1, H100, { steps: 33 })).toThrow(/unrolled/);
    expect(() => chooseSelectiveTile(2, 4096, 8, 1, H100, { split: 4 })).toThrow(/split 4/);
    expect(chooseSelectiveTile(2, 4096, 16, 1, H100, { split: 2 }).tile.split).toBe(2);
  });

  it('splitProblem and tileProblem name the field at fault', () => {
    expect(splitProblem(16, 4, 1)).toBeNull();
    expect(splitProblem(16, 4, 2)).toBeNull();
    expect(splitProblem(16, 16, 2)).toMatch(/split 2/);
    expect(splitProblem(16, 5, 1)).toMatch(/must divide/);
    expect(splitProblem(16, 4, 3)).toMatch(/1, 2 or 4/);
    const t: ScanTile = { channels: 32, segments: 4, steps: 8, stateBlock: 4 };
    expect(tileProblem(t, 1024, 1000, 49152)).toBeNull();
    expect(tileProblem({ ...t, channels: 0 }, 1024, 0, 49152)).toMatch(/channels/);
    expect(tileProblem({ ...t, split: 2 }, 128, 0, 49152)).toMatch(/256 threads/);
  });

  it('fits the subgroup combine (and its lane layout) to the tile, saying why not', () => {
    const t: ScanTile = { channels: 32, segments: 4, steps: 8, stateBlock: 4 };
    expect(laneWidth(t)).toBe(0);
    expect(laneWidth({ ...t, subgroup: 32 })).toBe(32);
    expect(laneWidth({ ...t, laneLayout: 16 })).toBe(16);
    expect(tileProblem({ ...t, subgroup: 32 }, 1024, 0, 49152)).toBeNull();
    expect(tileProblem({ ...t, subgroup: 4, subgroupLog: true }, 1024, 0, 49152)).toBeNull();
    expect(tileProblem({ ...t, subgroup: 24 }, 1024, 0, 49152)).toMatch(/power of two/);
    expect(tileProblem({ ...t, subgroup: 2 }, 1024, 0, 49152)).toMatch(/segments 4 must divide/);
    expect(tileProblem({ ...t, channels: 4, subgroup: 32 }, 1024, 0, 49152)).toMatch(
      /multiple of the subgroup/,
    );
    expect(tileProblem({ ...t, subgroup: 32, split: 2 }, 1024, 0, 49152)).toMatch(/split 1/);
    expect(tileProblem({ ...t, subgroupLog: true }, 1024, 0, 49152)).toMatch(/subgroupLog needs subgroup/);
    expect(tileProblem({ ...t, subgroup: 32, laneLayout: 32 }, 1024, 0, 49152)).toMatch(/exclude/);
    expect(tileProblem({ ...t, laneLayout: 64, segments: 8, channels: 4 }, 1024, 0, 49152)).toMatch(
      /multiple/,
    );
    expect(() =>
      chooseSelectiveTile(2, 4096, 16, 1, H100, { subgroup: 64, segments: 8, channels: 4 }),
    ).toThrow(/multiple of the subgroup size 64/);
    // the default stays the barrier combine (bench/results/wgsl-notes.md, runs 14 and 15)
    expect(chooseSelectiveTile(2, 4096, 16, 1, H100).tile.subgroup).toBeUndefined();
  });

  it('needs no aggregate memory with the subgroup combine', () => {
    const t: ScanTile = { channels: 32, segments: 4, steps: 8, stateBlock: 4 };
    expect(selectiveSharedBytes({ ...t, subgroup: 32 }, 16, true)).toBe(4 * (2 * 32 * 36 + 2 * 16 * 32));
    expect(selectiveSharedBytes({ ...t, laneLayout: 32 }, 16, true)).toBe(selectiveSharedBytes(t, 16, true));
  });
});

describe('linear tile', () => {
  it('takes 32 channels × 8 segments × 8 steps, fewer channels for narrow D', () => {
    expect(chooseLinearTile(4096, H100)).toEqual({ channels: 32, segments: 8, steps: 8, stateBlock: 1 });
    expect(chooseLinearTile(3, H100).channels).toBe(4);
    expect(chooseLinearTile(4096, H100, { steps: 4 }).steps).toBe(4);
    expect(() => chooseLinearTile(4096, DEFAULTS, { channels: 64, segments: 8 })).toThrow(RangeError);
  });
});

describe('chooseBackwardTile', () => {
  const limits = {
    maxComputeInvocationsPerWorkgroup: 1024,
    maxComputeWorkgroupStorageSize: 49152,
    maxComputeWorkgroupsPerDimension: 65535,
  };

  it('spans as long as B·(L/TS)·D·Q keeps 65536 threads; subgroup sums, over 2 lanes where blocks pair', () => {
    expect(BACKWARD_THREADS).toBe(65536);
    // 2^24 elements, a channel's 4 state blocks over 2 lanes (16 channels per subgroup of 32):
    // spans of 512 steps, 65536 threads, whatever the split of B, L, D
    expect(chooseBackwardTile(2, 2048, 4096, 1, 16, limits, {}, 32)).toEqual({
      channels: 16,
      steps: 4,
      span: 512,
      subgroup: 32,
      lanes: 2,
      prefetch: true,
      hoist: true,
      keepDecays: true,
    });
    // one block (N = 4): one lane per channel, SG = 8 dividing 2N
    expect(chooseBackwardTile(2, 2048, 4096, 1, 4, limits, {}, 8)).toMatchObject({
      channels: 8,
      subgroup: 8,
    });
    expect(chooseBackwardTile(2, 2048, 4096, 1, 4, limits, {}, 8).lanes).toBeUndefined();
    expect(chooseBackwardTile(2, 2048, 4096, 1, 4, limits, {}, 8).keepDecays).toBe(true);
    expect(chooseBackwardTile(1, 16384, 1024, 1, 16, limits, {}, 32).span).toBe(512);
    // one lane per channel (N = 4, SG = 8): spans of 256
    expect(chooseBackwardTile(2, 2048, 4096, 1, 4, limits, {}, 8).span).toBe(256);
    // no fixed subgroup size: 32 channels summed in workgroup memory
    expect(chooseBackwardTile(2, 2048, 4096, 1, 16, limits, {}, 0)).toEqual({
      channels: 32,
      steps: 4,
      span: 256,
      prefetch: true,
      hoist: true,
    });
    // SG = 4 does not divide 2N = 6; narrow groups take fewer channels; T = 64/N up to 16
    expect(chooseBackwardTile(1, 50, 8, 1, 3, limits, {}, 4)).toMatchObject({
      channels: 8,
      steps: 16,
      span: 16,
    });
    // few threads: spans of one chunk
    expect(chooseBackwardTile(1, 100, 40, 1, 16, limits, {}, 0).span).toBe(4);
  });

  it('keeps B·⌈L/TS⌉ within the workgroup limit, and the sums within workgroup memory', () => {
    const t = chooseBackwardTile(1, 2 ** 20, 1, 1, 16, limits, {}, 0);
    expect(Math.ceil(2 ** 20 / t.span)).toBeLessThanOrEqual(65535);
    // N = 64 in 16 KiB: 2·2N·(CH + 1) floats fit from CH = 8
    const small = { ...limits, maxComputeWorkgroupStorageSize: 16384 };
    expect(chooseBackwardTile(1, 64, 64, 1, 64, small, {}, 0).channels).toBe(8);
  });

  it('overrides must fit; channels alone leave the workgroup-memory sums; the load options can be turned off', () => {
    // (one lane per channel: the span is the one for Q = 1, not the auto tile's 512; the decays
    // kept only with subgroup sums, unless asked for)
    expect(chooseBackwardTile(2, 2048, 4096, 1, 16, limits, { channels: 16 }, 32)).toEqual({
      channels: 16,
      steps: 4,
      span: 256,
      prefetch: true,
      hoist: true,
    });
    expect(
      chooseBackwardTile(2, 2048, 4096, 1, 16, limits, { channels: 16, keepDecays: true }, 32).keepDecays,
    ).toBe(true);
    expect(
      chooseBackwardTile(2, 2048, 4096, 1, 16, limits, { channels: 8, subgroup: 32, lanes: 4 }, 32),
    ).toEqual({
      channels: 8,
      steps: 4,
      span: 1024,
      subgroup: 32,
      lanes: 4,
      prefetch: true,
      hoist: true,
      keepDecays: true,
    });
    expect(
      chooseBackwardTile(
        2,
        2048,
        4096,
        1,
        16,
        limits,
        { prefetch: false, hoist: false, keepDecays: false },
        32,
      ),
    ).toEqual({
      channels: 16,
      steps: 4,
      span: 512,
      subgroup: 32,
      lanes: 2,
      prefetch: false,
      hoist: false,
      keepDecays: false,
    });
    expect(() => chooseBackwardTile(1, 64, 8, 1, 16, limits, { channels: 16, subgroup: 16 }, 32)).toThrow(
      /the device's fixed subgroup size is 32/,
    );
    expect(() => chooseBackwardTile(1, 64, 8, 1, 8, limits, { channels: 32, subgroup: 32 }, 32)).toThrow(
      /subgroup 32 must divide 2N = 16/,
    );
    expect(() => chooseBackwardTile(1, 64, 8, 1, 16, limits, { steps: 4, span: 6 }, 0)).toThrow(
      /span must be a positive multiple of steps 4/,
    );
  });
});
