// Every package's adapters, merged. A package registers its ops in its own file here.
import type { OpTable } from '../adapter';
import { attentionOps } from './attention';
import { cellsOps } from './cells';
import { discretizeOps } from './discretize';
import { fftOps } from './fft';
import { hippoOps } from './hippo';
import { scanOps } from './scan';
import { tensorOps } from './tensor';
import { xlstmOps } from './xlstm';

const tables: Record<string, OpTable> = {
  tensor: tensorOps,
  fft: fftOps,
  discretize: discretizeOps,
  hippo: hippoOps,
  cells: cellsOps,
  attention: attentionOps,
  scan: scanOps,
  xlstm: xlstmOps,
};

function merge(): OpTable {
  const all: OpTable = {};
  const owner: Record<string, string> = {};
  for (const [pkg, table] of Object.entries(tables)) {
    for (const [op, adapter] of Object.entries(table)) {
      if (owner[op]) throw new Error(`conformance op ${op} registered by both ${owner[op]} and ${pkg}`);
      owner[op] = pkg;
      all[op] = adapter;
    }
  }
  return all;
}

export const allOps: OpTable = merge();
