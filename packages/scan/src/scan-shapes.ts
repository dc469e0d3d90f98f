// Shapes of the two scans and their validation. Everything is row-major, in the library layout
// [batch, length, features]; the grouped B/C of S6 are [B, L, G, N] (G = 1 is the plain [B, L, N]).
//
// Glossary: B batch, L length, D channels (features), N state size, G groups of B/C; channel d
// reads group g(d) = d // (D/G).
import { ShapeError, ValueError } from '@seqmod/tensor';

export interface LinearScanShape {
  /** B */
  batch: number;
  /** L */
  length: number;
  /** D: independent recurrences per batch element. */
  channels: number;
}

export interface SelectiveScanShape {
  /** B */
  batch: number;
  /** L */
  length: number;
  /** D */
  channels: number;
  /** N */
  state: number;
  /** G: groups of B and C (1 = shared by all channels). */
  groups: number;
}

/** Elements of a shape. */
export function numel(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

function fmt(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** Throws a ShapeError unless `actual` equals `expected`. */
export function expectShape(
  op: string,
  name: string,
  actual: readonly number[],
  expected: readonly number[],
): void {
  if (actual.length !== expected.length || actual.some((v, i) => v !== expected[i])) {
    throw new ShapeError(op, `${name} must be ${fmt(expected)}, got ${fmt(actual)}`);
  }
}

/** Throws a ShapeError unless `data` holds exactly numel(shape) numbers. */
export function expectLength(op: string, name: string, length: number, shape: readonly number[]): void {
  if (length !== numel(shape)) {
    throw new ShapeError(op, `${name} has ${length} numbers, its shape ${fmt(shape)} needs ${numel(shape)}`);
  }
}

function positiveDims(op: string, name: string, shape: readonly number[]): void {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 1)
      throw new ShapeError(op, `${name} must have positive integer dimensions, got ${fmt(shape)}`);
  }
}

/** The linear-scan shape from a: [B, L, D]. */
export function linearScanShape(op: string, aShape: readonly number[]): LinearScanShape {
  if (aShape.length !== 3) throw new ShapeError(op, `a must be [B, L, D], got ${fmt(aShape)}`);
  positiveDims(op, 'a', aShape);
  const [batch, length, channels] = aShape as [number, number, number];
  return { batch, length, channels };
}

/** The selective-scan shape from u: [B, L, D], A: [D, N] and B: [B, L, N] or [B, L, G, N]. */
export function selectiveScanShape(
  op: string,
  uShape: readonly number[],
  aShape: readonly number[],
  bShape: readonly number[],
): SelectiveScanShape {
  if (uShape.length !== 3) throw new ShapeError(op, `u must be [B, L, D], got ${fmt(uShape)}`);
  positiveDims(op, 'u', uShape);
  const [batch, length, channels] = uShape as [number, number, number];
  if (aShape.length !== 2 || aShape[0] !== channels) {
    throw new ShapeError(op, `A must be [${channels}, N], got ${fmt(aShape)}`);
  }
  positiveDims(op, 'A', aShape);
  const state = aShape[1]!;
  let groups: number;
  if (bShape.length === 3) groups = 1;
  else if (bShape.length === 4) groups = bShape[2]!;
  else
    throw new ShapeError(
      op,
      `B must be [${batch}, ${length}, ${state}] or [${batch}, ${length}, G, ${state}], got ${fmt(bShape)}`,
    );
  const expected = bShape.length === 3 ? [batch, length, state] : [batch, length, groups, state];
  expectShape(op, 'B', bShape, expected);
  if (!Number.isInteger(groups) || groups < 1 || channels % groups !== 0) {
    throw new ValueError(op, `the number of groups G = ${groups} must divide D = ${channels}`);
  }
  return { batch, length, channels, state, groups };
}

/** [B, L, G, N] with G dropped when it is 1 and the caller gave [B, L, N]. */
export function bcShape(s: SelectiveScanShape, grouped: boolean): number[] {
  return grouped ? [s.batch, s.length, s.groups, s.state] : [s.batch, s.length, s.state];
}
