import { describe, expect, it } from 'vitest';
import { FFTMemory, WORK_PAD } from '../src/wasm-fft-memory';

describe('FFTMemory', () => {
  it('builds each table once, at cache-line-aligned addresses', () => {
    const mem = new FFTMemory(new WebAssembly.Memory({ initial: 1 }));
    let fills = 0;
    const a = mem.table('t:8', 8, (t) => {
      fills++;
      t.set([1, 2, 3, 4, 5, 6, 7, 8]);
    })!;
    expect(mem.table('t:8', 8, () => fills++)).toBe(a);
    const b = mem.table('u:3', 3, (t) => t.fill(9))!;
    expect(fills).toBe(1);
    expect(b % 64).toBe(0);
    expect(b).toBeGreaterThanOrEqual(a + 64);
    expect([...mem.f64.subarray(a / 8, a / 8 + 8)]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect([...mem.f64.subarray(b / 8, b / 8 + 3)]).toEqual([9, 9, 9]);
  });

  it('keeps one work area, replaced only by a larger request; growth renews the view', () => {
    const memory = new WebAssembly.Memory({ initial: 1 });
    const mem = new FFTMemory(memory);
    const small = mem.work(16)!;
    expect(mem.work(8)).toBe(small);
    expect(small.aim - small.are).toBeGreaterThanOrEqual(8 * (16 + WORK_PAD));
    const generation = mem.generation;
    const big = mem.work(1 << 16)!; // 4 regions of 512 KiB: the memory must grow
    expect(big).not.toBe(small);
    expect(mem.generation).toBeGreaterThan(generation);
    expect(mem.f64.buffer).toBe(memory.buffer);
    expect(mem.f64.length).toBe(memory.buffer.byteLength / 8);
    expect(big.bim + 8 * (1 << 16)).toBeLessThanOrEqual(mem.bytesUsed);
  });

  it('returns null when the memory cannot grow', () => {
    const mem = new FFTMemory(new WebAssembly.Memory({ initial: 1, maximum: 2 }));
    expect(mem.work(1024)).not.toBeNull();
    expect(mem.work(1 << 20)).toBeNull();
    expect(mem.table('big', 1 << 20, () => {})).toBeNull();
  });

  it('keeps one plan slot: refilled for a new owner, grown only for a larger one', () => {
    const mem = new FFTMemory(new WebAssembly.Memory({ initial: 1 }));
    const [p, q] = [{}, {}];
    let fills = 0;
    const fill = (v: number) => (t: Float64Array) => {
      fills++;
      t.fill(v);
    };
    const a = mem.slot(p, 100, fill(1))!;
    expect(mem.slot(p, 100, fill(1))).toBe(a);
    expect(fills).toBe(1);
    // another owner of no more doubles: same address, refilled
    expect(mem.slot(q, 50, fill(2))).toBe(a);
    expect(fills).toBe(2);
    expect(mem.f64[a / 8]).toBe(2);
    // back to p: refilled with p's data
    expect(mem.slot(p, 100, fill(1))).toBe(a);
    expect(fills).toBe(3);
    expect(mem.f64[a / 8 + 99]).toBe(1);
    // a larger request moves the slot (and may grow the memory)
    const b = mem.slot(q, 1 << 16, fill(3))!;
    expect(b).not.toBe(a);
    expect(b % 64).toBe(0);
    expect(mem.f64[b / 8 + (1 << 16) - 1]).toBe(3);
    expect(mem.slot(p, 100, fill(1))).toBe(b);
  });
});
