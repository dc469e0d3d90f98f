// Conformance adapters for @seqmod/hippo: fixture op -> library call.
import type { OpTable } from '../adapter';

export const hippoOps: OpTable = {};
