import { BackendError } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { runAsync, runSync } from '../src/plan-driver';

function* plan(values: unknown[]) {
  let sum = 0;
  for (const v of values) sum += (yield v) as number;
  return sum;
}

describe('plan drivers', () => {
  it('run the same plan synchronously and asynchronously', async () => {
    expect(runSync(plan([1, 2, 3]), 'op')).toBe(6);
    expect(await runAsync(plan([1, Promise.resolve(2), 3]))).toBe(6);
  });
  it('the synchronous driver refuses a Promise with a BackendError', () => {
    expect(() => runSync(plan([1, Promise.resolve(2)]), 'op')).toThrow(BackendError);
  });
});
