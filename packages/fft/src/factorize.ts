// Integer factorisation for planning: which passes a length splits into.

/** Prime factors of a positive integer n in increasing order, with multiplicity (1 -> []). */
export function primeFactors(n: number): number[] {
  const out: number[] = [];
  let rest = n;
  for (let p = 2; p * p <= rest; p += p === 2 ? 1 : 2) {
    while (rest % p === 0) {
      out.push(p);
      rest /= p;
    }
  }
  if (rest > 1) out.push(rest);
  return out;
}

/**
 * The radices for 2^k. Every pass is a sweep through memory, so fewer, wider passes win: per bit
 * a radix-8 pass is about 10-20% cheaper than a radix-4 one, and the last pass (no twiddles) is
 * cheapest as radix 4, which the real FFT also needs there (real-last-pass.ts). So up to 2^14:
 * radix 8 as often as the bit count allows, then radix 4. Above 2^14 the first pass stays radix 4:
 * eight inputs 2^k/8 apart fall into the same cache sets and a radix-8 first pass slows down
 * three-fold; one radix-8 pass in the middle absorbs an odd bit.
 */
export function powerOfTwoRadices(k: number): number[] {
  const small: Record<number, number[]> = { 0: [], 1: [2], 2: [4], 3: [8], 4: [4, 4] };
  if (small[k]) return small[k].slice();
  if (k > 14) return k % 2 === 0 ? Array(k / 2).fill(4) : [4, 8, ...Array((k - 5) / 2).fill(4)];
  // k - 2 bits before the radix-4 last pass, as 3a + 2b with a as large as possible
  const r = k - 2;
  const b = [0, 2, 1][r % 3];
  const a = (r - 2 * b) / 3;
  return [...Array(a).fill(8), ...Array(b).fill(4), 4];
}

/**
 * The pass radices of a Stockham transform of length n: the power-of-two part as in
 * powerOfTwoRadices, then the odd prime factors in increasing order. n = 1 has no passes.
 */
export function passRadices(n: number): number[] {
  const primes = primeFactors(n);
  const twos = primes.filter((p) => p === 2).length;
  return [...powerOfTwoRadices(twos), ...primes.filter((p) => p !== 2)];
}
