import { describe, expect, it } from 'vitest';
import { carryChunk, chooseForm } from '../src/form-choice';

describe('chooseForm', () => {
  it('is sequential up to L = 2T and chunked above', () => {
    expect(chooseForm('t', 'webgpu', 32)).toEqual({ form: 'sequential', chunk: 32 });
    expect(chooseForm('t', 'webgpu', 33)).toEqual({ form: 'chunked', chunk: 16 });
    expect(chooseForm('t', 'webasm', 17)).toEqual({ form: 'chunked', chunk: 8 });
    expect(chooseForm('t', 'webasm', 16)).toEqual({ form: 'sequential', chunk: 16 });
  });
  it('honours overrides and rejects bad ones', () => {
    expect(chooseForm('t', 'webgpu', 100, { form: 'sequential' })).toEqual({
      form: 'sequential',
      chunk: 100,
    });
    expect(chooseForm('t', 'webgpu', 100, { chunk: 4 })).toEqual({ form: 'chunked', chunk: 4 });
    expect(() => chooseForm('t', 'webgpu', 100, { chunk: 6 })).toThrow(/power of two/);
    expect(() => chooseForm('t', 'webgpu', 8, { form: 'chunked', chunk: 8 })).toThrow(/L > T/);
  });
  it('takes carry chunks near √nC', () => {
    expect(carryChunk(20)).toBe(20);
    expect(carryChunk(1024)).toBe(32);
    expect(carryChunk(100)).toBe(16);
  });
});
