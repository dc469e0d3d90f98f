// Conformance adapters for the xLSTM cells of @seqmod/cells (mlstm_parallel, mlstm_recurrent, slstm).
import type { OpTable } from '../adapter';

export const xlstmOps: OpTable = {};
