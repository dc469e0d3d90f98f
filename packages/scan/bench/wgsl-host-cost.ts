// Where a scanner call's time goes beyond its GPU time (webgpu-wgsl, data resident): for the
// selective forward and backward, the per-call time of R back-to-back calls is split into the
// host's issue time (the loop of awaited calls, before any wait) and the total (after the queue
// drains), next to raw submissions of the same prebuilt dispatches (one compute pass per
// dispatch, as the engine records them, or all in one pass), an empty submission, and the
// parameter uploads a call with host A, D, bias makes. What the GPU does is the same in every
// row; only the host side changes.
import type { DeviceTensor, Scanner, SelectiveScanShape } from '../src/index';
import { runAsync } from '../src/plan-driver';
import type { WgslDispatch } from '../src/wgsl-scan-engine';
import { selectiveBackwardDispatch } from '../src/wgsl-selective-backward-run';
import { selectiveForwardDispatch } from '../src/wgsl-selective-forward-run';
import { callTimes, median, waitedCallTime } from './call-timing';
import { randArray, rng } from './inputs';
import { dispatchesBody, passTime, wallTime } from './wgsl-ceilings';
import { inputsOf, problem } from './wgsl-checks';

type Log = (...a: unknown[]) => void;

const REPS_ONE_SUBMISSION = 20;

function recordOnePass(enc: GPUCommandEncoder, list: readonly WgslDispatch[]): void {
  for (const d of list)
    for (const c of d.copies) enc.copyBufferToBuffer(c.src, c.srcOffset ?? 0, c.dst, c.dstOffset, c.bytes);
  const pass = enc.beginComputePass();
  dispatchesBody(list)(pass);
  pass.end();
}

type Op = 'forward' | 'backward';

/** The operands of a problem: u, δ, z, B, C (and ḡ_out) resident; A, D, bias too when `params`. */
async function operands(s: Scanner, op: Op, sh: SelectiveScanShape, params: boolean) {
  const a = problem(sh, 31);
  const { h0: _h, ...x } = inputsOf(a, sh);
  const keep: DeviceTensor[] = [];
  const up = async (t: { data: ArrayLike<number>; shape: number[] }) => {
    const d = await s.upload(t);
    keep.push(d);
    return d;
  };
  const dev: Record<string, unknown> = {
    ...x,
    u: await up(x.u),
    delta: await up(x.delta),
    z: await up(x.z),
    B: await up(x.B),
    C: await up(x.C),
  };
  if (params) {
    dev.A = await up(x.A);
    dev.D = await up(x.D);
    dev.deltaBias = await up(x.deltaBias);
  }
  if (op === 'backward') {
    const r = rng(32);
    dev.gOut = await up({
      data: randArray(r, sh.batch * sh.length * sh.channels),
      shape: [sh.batch, sh.length, sh.channels],
    });
  }
  return { dev, release: () => keep.forEach((t) => t.release()) };
}

/** Host cost rows for one op and shape. */
async function hostRows(s: Scanner, op: Op, [B, L, D]: [number, number, number], log: Log): Promise<void> {
  const engine = s.wgsl!;
  const device = engine.device;
  const sh = { batch: B, length: L, channels: D, state: 16, groups: 1 };
  const name = `${op} ${B}x${L}x${D}`;
  const row = (what: string, t: { issue: number; total: number } | number) =>
    typeof t === 'number'
      ? log(`| ${name} | ${what} | | ${t.toFixed(3)} |`)
      : log(`| ${name} | ${what} | ${t.issue.toFixed(3)} | ${t.total.toFixed(3)} |`);
  for (const params of [false, true]) {
    const { dev, release } = await operands(s, op, sh, params);
    const call = async () => {
      const r =
        op === 'forward'
          ? await s.selectiveScan(dev as never, { resident: true })
          : await s.selectiveScanBackward(dev as never, { resident: true });
      for (const [k, v] of Object.entries(r)) if (k !== 'info' && v) (v as DeviceTensor).release();
    };
    await call();
    const list =
      op === 'forward'
        ? (await runAsync(selectiveForwardDispatch(engine, 'hostCost', dev as never, sh, true, s))).dispatches
        : (await runAsync(selectiveBackwardDispatch(engine, 'hostCost', dev as never, sh, true, s)))
            .dispatches;
    const body = dispatchesBody(list);
    // warm the clocks, then the GPU time of the dispatches back to back
    const t0 = performance.now();
    while (performance.now() - t0 < 300) await callTimes(device, () => engine.submit(list));
    const gpu: number[] = [];
    for (let i = 0; i < 3; i++) gpu.push((await passTime(device, body, 10)) ?? Number.NaN);
    const tag = params ? 'A, D, bias resident' : 'A, D, bias on the host';
    if (!params) row(`GPU time (timestamps, ${list.length} dispatches in one pass)`, median(gpu));
    row(`scanner calls, ${tag}`, await callTimes(device, call));
    row(`one scanner call waited for, ${tag}`, await waitedCallTime(device, call, 5));
    if (params) {
      row(
        'raw submit, a pass per dispatch (engine.submit)',
        await callTimes(device, () => engine.submit(list)),
      );
      row(
        'raw submit, one pass',
        await callTimes(device, () => {
          const enc = device.createCommandEncoder();
          recordOnePass(enc, list);
          device.queue.submit([enc.finish()]);
        }),
      );
      // what one submission for many calls would give: the per-submission cost removed
      const walls: number[] = [];
      for (let i = 0; i < 3; i++) walls.push(await wallTime(device, body, REPS_ONE_SUBMISSION));
      row(`${REPS_ONE_SUBMISSION} calls' dispatches in one submission (wall, per call)`, median(walls));
      row(
        'encode only (a pass per dispatch, finish, no submit)',
        await callTimes(device, () => {
          const enc = device.createCommandEncoder();
          engine.record(enc, list);
          enc.finish();
        }),
      );
      // results in the call site's scratch buffers (not pooled): nothing to release
      const planned = await callTimes(device, () =>
        op === 'forward'
          ? runAsync(selectiveForwardDispatch(engine, 'hostCost', dev as never, sh, false, s))
          : runAsync(selectiveBackwardDispatch(engine, 'hostCost', dev as never, sh, false, s)),
      );
      row('planning only (dispatch list, uniforms, no submit)', planned);
    }
    release();
  }
  row(
    'empty submission',
    await callTimes(device, () => device.queue.submit([device.createCommandEncoder().finish()])),
  );
  const host = new Float32Array(16 * D);
  const buf = engine.scratchBuffer('hostCost.write', host.length);
  row(
    `writeBuffer of A (${(host.byteLength / 1024).toFixed(0)} KiB)`,
    await callTimes(device, () => device.queue.writeBuffer(buf, 0, host.buffer, 0, host.byteLength)),
  );
}

/** The host-cost table: forward and backward at one 2^24 shape and a small one. */
export async function timeHostCost(s: Scanner, log: Log): Promise<void> {
  log('\n| op, B×L×D | what (20 back to back, median of 3 rounds) | ms issue per call | ms per call |');
  log('|---|---|---|---|');
  for (const op of ['forward', 'backward'] as const) {
    for (const shape of [
      [2, 2048, 4096],
      [2, 2048, 256],
    ] as [number, number, number][]) {
      try {
        await hostRows(s, op, shape, log);
      } catch (e) {
        log(`${op} ${shape.join('x')} failed: ${(e as Error).stack}`);
      }
    }
  }
}
