// Conformance adapters for @seqmod/attention: fixture op -> library call.
import type { OpTable } from '../adapter';

export const attentionOps: OpTable = {};
