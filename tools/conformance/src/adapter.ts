// What a package registers with the runner: one adapter per fixture `op`.
import type { Fixture } from './fixture';

export type ComputeDType = 'float32' | 'float64';

export interface RunOptions {
  /** The precision the library should compute in; tolerances follow what the adapter reports. */
  dtype: ComputeDType;
  /** Optional backend name for ops that have several (scan: cpu, webasm, ...). */
  backend?: string;
}

/**
 * One output of the library, row-major. `complex: true` means `data` is interleaved
 * [re0, im0, re1, im1, ...] and `shape` is the complex shape (as in the fixtures).
 */
export interface Output {
  shape: readonly number[];
  data: ArrayLike<number>;
  complex?: boolean;
}

export interface OpResult {
  outputs: Record<string, Output>;
  /** What the library really computed in (defaults to the requested dtype). */
  computedIn?: ComputeDType;
}

export type OpAdapter = (fixture: Fixture, options: RunOptions) => OpResult | Promise<OpResult>;

/** A package's contribution: op name -> adapter. */
export type OpTable = Record<string, OpAdapter>;

/** Thrown by an adapter for a parameter combination the library does not implement (reported SKIP). */
export class NotImplemented extends Error {
  constructor(what: string) {
    super(what);
    this.name = 'NotImplemented';
  }
}
