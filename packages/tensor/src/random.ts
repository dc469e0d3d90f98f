// A seeded random generator: xoshiro128** (Blackman & Vigna, "Scrambled linear pseudorandom
// number generators", 2021) seeded through splitmix32. 32-bit state words keep every step in
// exact integer arithmetic in JS, so a seed gives the same stream on every engine.
import { allocate, checkDType, DEFAULT_DTYPE, type DType } from './dtype';
import { ValueError } from './errors';
import { checkShape, sizeOf } from './shape';
import { Tensor } from './tensor';

export interface RandomOptions {
  dtype?: DType;
  requiresGrad?: boolean;
}

/** A 32-bit hash of a string seed (FNV-1a), so generators can be named: new Generator('init'). */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) >>> 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

export class Generator {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spareNormal: number | null = null;
  /** The seed this generator started from. */
  readonly seed: number;

  constructor(seed: number | string = 0) {
    let numeric: number;
    if (typeof seed === 'string') numeric = hashString(seed);
    else {
      if (!Number.isFinite(seed))
        throw new ValueError('Generator', `seed must be a finite number or a string, got ${seed}`);
      // Fold both halves of a large integer seed into 32 bits.
      numeric = (Math.floor(seed) ^ Math.floor(seed / 2 ** 32)) >>> 0;
    }
    this.seed = numeric;
    const st = { s: numeric };
    this.s0 = splitmix32(st);
    this.s1 = splitmix32(st);
    this.s2 = splitmix32(st);
    this.s3 = splitmix32(st);
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** Next 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.s1 << 9) >>> 0;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    this.s0 >>>= 0;
    this.s1 >>>= 0;
    this.s2 >>>= 0;
    return result;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  random(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Standard normal (Box–Muller; the second value of each pair is kept for the next call). */
  randn(): number {
    if (this.spareNormal !== null) {
      const v = this.spareNormal;
      this.spareNormal = null;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.random();
    const v = this.random();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** Integer in [low, high). */
  randint(low: number, high: number): number {
    if (!Number.isInteger(low) || !Number.isInteger(high) || high <= low) {
      throw new ValueError('randint', `needs integers low < high, got ${low}, ${high}`);
    }
    return low + Math.floor(this.random() * (high - low));
  }

  /** Tensor of U[low, high) samples. */
  uniform(shape: readonly number[], low = 0, high = 1, opts: RandomOptions = {}): Tensor {
    return this.fill('uniform', shape, opts, () => low + (high - low) * this.random());
  }

  /** Tensor of N(mean, std²) samples. */
  normal(shape: readonly number[], mean = 0, std = 1, opts: RandomOptions = {}): Tensor {
    if (!(std >= 0)) throw new ValueError('normal', `std must be >= 0, got ${std}`);
    return this.fill('normal', shape, opts, () => mean + std * this.randn());
  }

  /** Tensor of 0/1 samples with P(1) = p. */
  bernoulli(shape: readonly number[], p = 0.5, opts: RandomOptions = {}): Tensor {
    if (!(p >= 0 && p <= 1)) throw new ValueError('bernoulli', `p must be in [0, 1], got ${p}`);
    return this.fill('bernoulli', shape, opts, () => (this.random() < p ? 1 : 0));
  }

  /** Tensor of integers drawn uniformly from [low, high). */
  integers(shape: readonly number[], low: number, high: number, opts: RandomOptions = {}): Tensor {
    this.randint(low, high); // validates
    return this.fill('integers', shape, opts, () => this.randint(low, high));
  }

  /** A random permutation of 0..n-1 (Fisher–Yates). */
  permutation(n: number): number[] {
    const p = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      [p[i], p[j]] = [p[j]!, p[i]!];
    }
    return p;
  }

  /** An independent generator derived from this one's stream (for per-module streams). */
  spawn(): Generator {
    return new Generator(this.nextUint32() ^ Math.imul(this.nextUint32(), 0x9e3779b1));
  }

  /** The full state, to save and later restore a stream exactly. */
  getState(): number[] {
    return [this.s0, this.s1, this.s2, this.s3, this.spareNormal ?? Number.NaN];
  }

  setState(state: readonly number[]): void {
    if (state.length !== 5)
      throw new ValueError('Generator.setState', `state has 5 numbers, got ${state.length}`);
    [this.s0, this.s1, this.s2, this.s3] = state.slice(0, 4).map((v) => v >>> 0) as [
      number,
      number,
      number,
      number,
    ];
    this.spareNormal = Number.isNaN(state[4]!) ? null : state[4]!;
  }

  private fill(op: string, shape: readonly number[], opts: RandomOptions, draw: () => number): Tensor {
    checkShape(op, shape);
    const dtype = opts.dtype ? checkDType(op, opts.dtype) : DEFAULT_DTYPE;
    const data = allocate(dtype, sizeOf(shape));
    for (let i = 0; i < data.length; i++) data[i] = draw();
    return new Tensor(data, shape, undefined, 0, opts.requiresGrad ?? false);
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
