// Conformance adapters for @seqmod/tensor: fixture op -> library call.
import type { OpTable } from '../adapter';

export const tensorOps: OpTable = {};
