// Conformance adapters for @seqmod/fft: fixture op -> library call.
import type { OpTable } from '../adapter';

export const fftOps: OpTable = {};
