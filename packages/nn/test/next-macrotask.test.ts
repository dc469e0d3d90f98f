import { describe, expect, it } from 'vitest';
import { nextMacrotask } from '../src/next-macrotask';

describe('nextMacrotask', () => {
  it('lets a pending timer run before it resolves (microtasks would not)', async () => {
    let fired = false;
    setTimeout(() => {
      fired = true;
    }, 0);
    await Promise.resolve();
    expect(fired).toBe(false);
    // A timer needs ≥ 1 ms; loop turns are faster, so allow many (a microtask-only wait never gets there).
    for (let i = 0; i < 100_000 && !fired; i++) await nextMacrotask();
    expect(fired).toBe(true);
  });
});
