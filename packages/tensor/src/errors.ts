// Typed errors. Every message starts with the op that refused the input, so that a user
// reading a stack trace from deep inside a model knows which call to look at.

/** Base class of every error seqmod throws on purpose. */
export class SeqmodError extends Error {
  /** The op (function or method) that detected the problem, e.g. `matmul`. */
  readonly op: string;
  constructor(op: string, message: string) {
    super(`${op}: ${message}`);
    this.name = 'SeqmodError';
    this.op = op;
  }
}

/** A shape does not fit: wrong rank, mismatched or non-broadcastable dimensions, bad axis. */
export class ShapeError extends SeqmodError {
  constructor(op: string, message: string) {
    super(op, message);
    this.name = 'ShapeError';
  }
}

/** A dtype does not fit: mixed float32/float64 operands, a non-float buffer, ... */
export class DTypeError extends SeqmodError {
  constructor(op: string, message: string) {
    super(op, message);
    this.name = 'DTypeError';
  }
}

/** A value is out of its domain: a negative size, a non-integer index, an unknown option. */
export class ValueError extends SeqmodError {
  constructor(op: string, message: string) {
    super(op, message);
    this.name = 'ValueError';
  }
}

/** A compute backend was asked for but is not available, or failed. */
export class BackendError extends SeqmodError {
  constructor(op: string, message: string) {
    super(op, message);
    this.name = 'BackendError';
  }
}

/** Formats a shape the way messages show it: `[2, 3, 4]`. */
export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}
