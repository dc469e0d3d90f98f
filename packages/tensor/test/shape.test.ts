import { describe, expect, it } from 'vitest';
import { ShapeError, ValueError } from '../src/errors';
import {
  broadcastShapes,
  checkShape,
  contiguousStrides,
  normalizeAxes,
  normalizeAxis,
  sizeOf,
} from '../src/shape';

describe('shape', () => {
  it('computes sizes and row-major strides', () => {
    expect(sizeOf([2, 3, 4])).toBe(24);
    expect(sizeOf([])).toBe(1);
    expect(contiguousStrides([2, 3, 4])).toEqual([12, 4, 1]);
  });
  it('broadcasts like NumPy', () => {
    expect(broadcastShapes('t', [3, 1, 5], [4, 1])).toEqual([3, 4, 5]);
    expect(broadcastShapes('t', [], [2, 2])).toEqual([2, 2]);
    expect(() => broadcastShapes('add', [3], [4])).toThrow(ShapeError);
    expect(() => broadcastShapes('add', [3], [4])).toThrow(/add: shapes \[3\] and \[4\] do not broadcast/);
  });
  it('normalises axes', () => {
    expect(normalizeAxis('t', -1, 3)).toBe(2);
    expect(() => normalizeAxis('t', 3, 3)).toThrow(ShapeError);
    expect(normalizeAxes('t', [-1, 0], 3)).toEqual([0, 2]);
    expect(() => normalizeAxes('t', [1, -2], 3)).toThrow(/repeated axis/);
  });
  it('refuses bad shapes', () => {
    expect(() => checkShape('zeros', [2, -1])).toThrow(ValueError);
    expect(() => checkShape('zeros', [1.5])).toThrow(ValueError);
  });
});
