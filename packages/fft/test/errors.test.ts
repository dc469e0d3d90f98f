import { DTypeError as TDType, ShapeError as TShape, ValueError as TValue } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { DTypeError, ShapeError, ValueError } from '../src/errors';

describe('errors', () => {
  it('are the typed errors of @seqmod/tensor', () => {
    expect(ShapeError).toBe(TShape);
    expect(DTypeError).toBe(TDType);
    expect(ValueError).toBe(TValue);
    expect(new ValueError('fft', 'bad').message).toBe('fft: bad');
  });
});
