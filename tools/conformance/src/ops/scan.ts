// Conformance adapters for @seqmod/scan: fixture op -> library call.
import type { OpTable } from '../adapter';

export const scanOps: OpTable = {};
