// Shared plans: building one computes twiddle tables and picks an algorithm, so transforms of a
// length seen before reuse it. Bounded (least recently used first out) so that a program that
// touches many lengths does not keep every table alive.
import { FFTPlan } from './complex-plan';
import { checkLength } from './float-array';
import { RealFFTPlan } from './real-plan';

/** How many plans of each kind stay cached. */
const CAPACITY = 64;

const complexPlans = new Map<number, FFTPlan>();
const realPlans = new Map<number, RealFFTPlan>();

function lookup<P>(cache: Map<number, P>, n: number, make: (n: number) => P): P {
  const hit = cache.get(n);
  if (hit !== undefined) {
    // Map keeps insertion order: re-inserting marks the plan as most recently used.
    cache.delete(n);
    cache.set(n, hit);
    return hit;
  }
  const plan = make(n);
  cache.set(n, plan);
  if (cache.size > CAPACITY) cache.delete(cache.keys().next().value as number);
  return plan;
}

/** The shared complex FFT plan of length n (built on first use). */
export function getPlan(n: number): FFTPlan {
  checkLength('getPlan', n);
  return lookup(complexPlans, n, (m) => new FFTPlan(m));
}

/** The shared real FFT plan of length n (built on first use). */
export function getRealPlan(n: number): RealFFTPlan {
  checkLength('getRealPlan', n);
  return lookup(realPlans, n, (m) => new RealFFTPlan(m));
}

/** Drops every cached plan (their tables are freed once no caller holds them). */
export function clearPlanCache(): void {
  complexPlans.clear();
  realPlans.clear();
}
