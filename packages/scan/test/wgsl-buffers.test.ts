// The webgpu-wgsl buffer pool, the handle a DeviceArray holds, and read-back, on an in-memory
// stand-in for a GPUDevice (test/fake-gpu.ts).
import { describe, expect, it } from 'vitest';
import { BufferPool, bufferId, ReadBack, STORAGE_USAGE, USAGE, WgslBuffer } from '../src/wgsl-buffers';
import { fakeDevice } from './fake-gpu';

const asDevice = (d: unknown) => d as GPUDevice;

describe('BufferPool', () => {
  it('rounds sizes up to 4 bytes and reuses a released buffer of the same size', () => {
    const dev = fakeDevice();
    const pool = new BufferPool(asDevice(dev), STORAGE_USAGE);
    const a = pool.acquire(10);
    expect(a.size).toBe(12);
    expect(pool.acquire(0).size).toBe(4);
    pool.release(a);
    expect(pool.acquire(12)).toBe(a);
    // a live buffer is never handed out twice
    const b = pool.acquire(12);
    expect(b).not.toBe(a);
    expect(pool.made).toBe(3);
    expect(dev.created.every((x) => x.usage === STORAGE_USAGE)).toBe(true);
  });

  it('a steady caller that releases makes no new buffers', () => {
    const pool = new BufferPool(asDevice(fakeDevice()), STORAGE_USAGE);
    for (let i = 0; i < 10; i++) {
      const x = pool.acquire(4096);
      const y = pool.acquire(64);
      pool.release(x);
      pool.release(y);
    }
    expect(pool.made).toBe(2);
  });

  it('destroy destroys every buffer it made, live or free', () => {
    const dev = fakeDevice();
    const pool = new BufferPool(asDevice(dev), STORAGE_USAGE);
    pool.release(pool.acquire(8));
    pool.acquire(16);
    pool.destroy();
    expect(dev.created.every((b) => b.destroyed)).toBe(true);
  });

  it('bufferId is stable per buffer and distinct between buffers', () => {
    const pool = new BufferPool(asDevice(fakeDevice()), STORAGE_USAGE);
    const a = pool.acquire(4);
    const b = pool.acquire(4);
    expect(bufferId(a)).toBe(bufferId(a));
    expect(bufferId(a)).not.toBe(bufferId(b));
  });
});

describe('ReadBack and WgslBuffer', () => {
  it('reads several buffers back with one submission, and the pooled staging is reused', async () => {
    const dev = fakeDevice();
    const pool = new BufferPool(asDevice(dev), STORAGE_USAGE);
    let checks = 0;
    const rb = new ReadBack(asDevice(dev), () => checks++);
    const x = pool.acquire(16);
    const y = pool.acquire(8);
    dev.queue.writeBuffer(x as never, 0, Float32Array.from([1, 2, 3, 4]).buffer);
    dev.queue.writeBuffer(y as never, 0, Float32Array.from([-5, 6.5]).buffer);
    const [a, b] = await rb.readMany([
      { buffer: x, length: 3 },
      { buffer: y, length: 2 },
    ]);
    expect([...a!]).toEqual([1, 2, 3]);
    expect([...b!]).toEqual([-5, 6.5]);
    expect(dev.submits).toBe(1);
    expect(checks).toBe(1);
    const made = dev.created.length;
    await rb.read(x, 3);
    expect(dev.created.length).toBe(made); // the 12-byte staging buffer came back from the pool
    expect(dev.created.filter((c) => c.usage === (USAGE.MAP_READ | USAGE.COPY_DST)).length).toBe(2);
  });

  it('WgslBuffer reads its floats and returns its buffer to the pool on delete', async () => {
    const dev = fakeDevice();
    const pool = new BufferPool(asDevice(dev), STORAGE_USAGE);
    const buf = pool.acquire(8);
    dev.queue.writeBuffer(buf as never, 0, Float32Array.from([7, 8]).buffer);
    const h = new WgslBuffer(buf, 2, new ReadBack(asDevice(dev), () => {}), pool);
    expect([...(await h.toArray())]).toEqual([7, 8]);
    h.delete();
    expect(pool.acquire(8)).toBe(buf);
  });
});
