// Conformance adapters for @seqmod/cells: fixture op -> library call.
import type { OpTable } from '../adapter';

export const cellsOps: OpTable = {};
