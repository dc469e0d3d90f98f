// Conformance adapters for @seqmod/discretize: fixture op -> library call.
import type { OpTable } from '../adapter';

export const discretizeOps: OpTable = {};
