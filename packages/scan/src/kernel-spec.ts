// What the runtime needs to build one gpu.js kernel: its source text, output dims and loop bound.
// Sources are generated per block shape with every size baked in as a literal: the kernels then
// index with small integer constants only, and gpu.js compiles one variant per shape anyway.

export interface KernelSpec {
  /** Unique per (kind, sizes, flags): the kernel cache key. */
  key: string;
  /** A `function (...) { ... }` expression in gpu.js's kernel language. */
  source: string;
  /** Its parameter names, in order: the runtime binds arguments by name. */
  params: string[];
  /** gpu.js output dims [x, y?, z?] (x fastest in memory). */
  output: number[];
  /** Upper bound of every loop's trip count (GLSL needs it). */
  loopMax: number;
  /** Whether the source reads this.constants.pow2 (the fast exp table). */
  usesPow2: boolean;
  /**
   * Values per thread (an Array(n) return; webgpu only): the result is then handed on as a plain
   * array of n·output[0] × output[1] × output[2] values (KernelRunner).
   */
  components?: number;
}

/**
 * A float-typed constant for kernel source. gpu.js parses `15.0` as the integer 15, and its GLSL
 * output then fails where an int meets a float (ternary branches, min/max arguments); an
 * expression with a fractional literal is a float on every backend, and exact for |v| < 2^22.
 */
export function flt(v: number): string {
  if (!Number.isFinite(v)) throw new Error(`kernel literal must be finite, got ${v}`);
  return Number.isInteger(v) ? `(${v} + 0.5 - 0.5)` : String(v);
}

/** An integer literal for kernel source. */
export function int(v: number): string {
  if (!Number.isInteger(v)) throw new Error(`kernel integer literal expected, got ${v}`);
  return String(v);
}

/** A spec from a body: the source is `function (params) { body }`. */
export function makeSpec(
  key: string,
  params: string[],
  body: string,
  output: number[],
  loopMax: number,
  usesPow2: boolean,
): KernelSpec {
  return { key, params, source: `function (${params.join(', ')}) {\n${body}\n}`, output, loopMax, usesPow2 };
}
