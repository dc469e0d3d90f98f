// What WebGPU itself reaches on the GPU machine, next to which the scans' numbers mean
// something: copyBufferToBuffer and a vec4 WGSL copy kernel (bytes read + written), and a WGSL
// loop of independent exp2 (the special-function rate the selective scan leans on). Timed with
// timestamp queries when the device has them, else wall time around queue waits.

type Log = (...a: unknown[]) => void;

const STORAGE = 0x80;
const COPY_SRC = 0x4;
const COPY_DST = 0x8;
const MAP_READ = 0x1;
const QUERY_RESOLVE = 0x200;

/** What a timed compute pass records (passTime and wallTime repeat it). */
export type PassBody = (pass: GPUComputePassEncoder) => void;

/**
 * The body recording `list` in order: one pass orders the dispatches and makes each one's writes
 * visible to the next.
 */
export function dispatchesBody(
  list: readonly { pipeline: GPUComputePipeline; bindGroup: GPUBindGroup; workgroups: [number, number] }[],
): PassBody {
  return (pass) => {
    for (const d of list) {
      pass.setPipeline(d.pipeline);
      pass.setBindGroup(0, d.bindGroup);
      pass.dispatchWorkgroups(...d.workgroups);
    }
  };
}

/**
 * GPU time per repetition (ms) of `reps` recordings of `body` in one compute pass: timestamp
 * queries around the pass when available, else null.
 */
export async function passTime(device: GPUDevice, body: PassBody, reps: number): Promise<number | null> {
  if (!device.features.has('timestamp-query')) return null;
  const qs = device.createQuerySet({ type: 'timestamp', count: 2 });
  const res = device.createBuffer({ size: 16, usage: QUERY_RESOLVE | COPY_SRC });
  const rd = device.createBuffer({ size: 16, usage: MAP_READ | COPY_DST });
  const enc = device.createCommandEncoder();
  const pass = enc.beginComputePass({
    timestampWrites: { querySet: qs, beginningOfPassWriteIndex: 0, endOfPassWriteIndex: 1 },
  });
  for (let r = 0; r < reps; r++) body(pass);
  pass.end();
  enc.resolveQuerySet(qs, 0, 2, res, 0);
  enc.copyBufferToBuffer(res, 0, rd, 0, 16);
  device.queue.submit([enc.finish()]);
  await rd.mapAsync(MAP_READ);
  const t = new BigInt64Array(rd.getMappedRange().slice(0));
  rd.unmap();
  qs.destroy();
  res.destroy();
  rd.destroy();
  const ns = Number(t[1]! - t[0]!);
  return ns > 0 ? ns / 1e6 / reps : null;
}

/** Wall time per repetition (ms) of `reps` recordings of `body` in one submission. */
export async function wallTime(device: GPUDevice, body: PassBody, reps: number): Promise<number> {
  const t0 = performance.now();
  const enc = device.createCommandEncoder();
  const pass = enc.beginComputePass();
  for (let r = 0; r < reps; r++) body(pass);
  pass.end();
  device.queue.submit([enc.finish()]);
  await device.queue.onSubmittedWorkDone();
  return (performance.now() - t0) / reps;
}

async function kernel(device: GPUDevice, code: string): Promise<GPUComputePipeline> {
  return device.createComputePipelineAsync({
    layout: 'auto',
    compute: { module: device.createShaderModule({ code }), entryPoint: 'main' },
  });
}

const COPY = `
@group(0) @binding(0) var<storage, read> src: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> dst: array<vec4<f32>>;
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) nw: vec3<u32>) {
  let i = id.x + id.y * nw.x * 256u;
  if (i < arrayLength(&src)) { dst[i] = src[i] * 1.0001; }
}`;

const EXP2 = `
@group(0) @binding(0) var<storage, read_write> dst: array<f32>;
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) nw: vec3<u32>) {
  let i = id.x + id.y * nw.x * 256u;
  var v0 = f32(i & 7u) * -0.01; var v1 = v0 - 0.1; var v2 = v0 - 0.2; var v3 = v0 - 0.3;
  var v4 = v0 - 0.4; var v5 = v0 - 0.5; var v6 = v0 - 0.6; var v7 = v0 - 0.7;
  for (var k = 0u; k < 128u; k++) {
    v0 = exp2(v0 * -0.5 - 0.1); v1 = exp2(v1 * -0.5 - 0.1); v2 = exp2(v2 * -0.5 - 0.1); v3 = exp2(v3 * -0.5 - 0.1);
    v4 = exp2(v4 * -0.5 - 0.1); v5 = exp2(v5 * -0.5 - 0.1); v6 = exp2(v6 * -0.5 - 0.1); v7 = exp2(v7 * -0.5 - 0.1);
  }
  dst[i] = v0 + v1 + v2 + v3 + v4 + v5 + v6 + v7;
}`;

export interface Ceilings {
  /** copyBufferToBuffer, GB/s read + written */
  copy: number;
  /** vec4 copy kernel, GB/s read + written (timestamps when available) */
  kernelCopy: number;
  /** exp2 per second */
  exp2: number;
}

/** Measures the three ceilings (256 MiB buffers; the GPU should be warm). */
export async function measureCeilings(device: GPUDevice, log: Log): Promise<Ceilings> {
  const bytes = 256 * 2 ** 20;
  const a = device.createBuffer({ size: bytes, usage: STORAGE | COPY_SRC | COPY_DST });
  const b = device.createBuffer({ size: bytes, usage: STORAGE | COPY_SRC | COPY_DST });
  const copies = async (n: number) => {
    const t0 = performance.now();
    const e = device.createCommandEncoder();
    for (let i = 0; i < n; i++) e.copyBufferToBuffer(i % 2 ? b : a, 0, i % 2 ? a : b, 0, bytes);
    device.queue.submit([e.finish()]);
    await device.queue.onSubmittedWorkDone();
    return (performance.now() - t0) / n;
  };
  await copies(4);
  const copyMs = Math.min(await copies(40), await copies(40));
  const cp = await kernel(device, COPY);
  const vec4s = bytes / 16;
  const wx = 32768;
  const wy = Math.ceil(vec4s / 256 / wx);
  const bgs = [
    device.createBindGroup({
      layout: cp.getBindGroupLayout(0),
      entries: [
        { binding: 0, resource: { buffer: a } },
        { binding: 1, resource: { buffer: b } },
      ],
    }),
    device.createBindGroup({
      layout: cp.getBindGroupLayout(0),
      entries: [
        { binding: 0, resource: { buffer: b } },
        { binding: 1, resource: { buffer: a } },
      ],
    }),
  ];
  let flip = 0;
  const copyBody = (pass: GPUComputePassEncoder) => {
    pass.setPipeline(cp);
    pass.setBindGroup(0, bgs[flip++ % 2]!);
    pass.dispatchWorkgroups(wx, wy);
  };
  await wallTime(device, copyBody, 4);
  const kWall = await wallTime(device, copyBody, 40);
  const kTs = await passTime(device, copyBody, 40);
  const ex = await kernel(device, EXP2);
  const threads = 132 * 2048 * 4;
  const out = device.createBuffer({ size: 4 * threads, usage: STORAGE });
  const bg = device.createBindGroup({
    layout: ex.getBindGroupLayout(0),
    entries: [{ binding: 0, resource: { buffer: out } }],
  });
  const exBody = (pass: GPUComputePassEncoder) => {
    pass.setPipeline(ex);
    pass.setBindGroup(0, bg);
    pass.dispatchWorkgroups(threads / 256 / 4, 4);
  };
  await wallTime(device, exBody, 4);
  const eWall = await wallTime(device, exBody, 20);
  const eTs = await passTime(device, exBody, 20);
  a.destroy();
  b.destroy();
  out.destroy();
  const res = {
    copy: (2 * bytes) / (copyMs * 1e6),
    kernelCopy: (2 * bytes) / ((kTs ?? kWall) * 1e6),
    exp2: (threads * 8 * 128) / ((eTs ?? eWall) * 1e-3),
  };
  log(
    `ceilings: copyBufferToBuffer ${res.copy.toFixed(0)} GB/s; vec4 copy kernel ${res.kernelCopy.toFixed(0)} GB/s ` +
      `(wall ${((2 * bytes) / (kWall * 1e6)).toFixed(0)}, timestamps ${kTs ? ((2 * bytes) / (kTs * 1e6)).toFixed(0) : 'n/a'}); ` +
      `exp2 ${(res.exp2 / 1e12).toFixed(2)}e12/s (wall ${((threads * 1024) / (eWall * 1e-3) / 1e12).toFixed(2)}e12)`,
  );
  return res;
}
