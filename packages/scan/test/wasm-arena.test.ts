// Linear-memory regions: aligned, laid out after the arguments blocks, memory grown to fit and
// views renewed; an impossible request is a BackendError naming the op.
import { BackendError } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { ARGS_BYTES, WasmArena } from '../src/wasm-arena';

describe('WasmArena', () => {
  it('lays out aligned regions after the arguments and grows the memory', () => {
    const mem = new WebAssembly.Memory({ initial: 1, maximum: 100 });
    const a = new WasmArena(mem);
    const at = a.layout('t', { x: 10, y: 100_000, z: 4 });
    expect(at.x).toBe(ARGS_BYTES);
    expect(at.y).toBe(ARGS_BYTES + 64);
    expect(at.z).toBe(ARGS_BYTES + 64 + 100_032);
    expect(mem.buffer.byteLength).toBeGreaterThanOrEqual(at.z + 4);
    a.f32[at.z >> 2] = 1.5;
    expect(a.f32[at.z >> 2]).toBe(1.5);
    a.layout('t', { big: 3 * 65536 });
    expect(a.f32.buffer).toBe(mem.buffer); // renewed after growth
    expect(a.f32[at.z >> 2]).toBe(1.5);
    a.zero(at.z, 4);
    expect(a.f32[at.z >> 2]).toBe(0);
  });

  it('names the op when the memory cannot grow', () => {
    const a = new WasmArena(new WebAssembly.Memory({ initial: 1, maximum: 2 }));
    expect(() => a.layout('selectiveScan', { x: 10 * 65536 })).toThrow(BackendError);
    expect(() => a.layout('selectiveScan', { x: 10 * 65536 })).toThrow(/selectiveScan.*could not grow/);
    expect(() => a.layout('selectiveScan', { x: 2 ** 32 })).toThrow(/4 GiB/);
  });
});
