// The mLSTM block (pre up-projection): x + mLSTM layer(LN(x)); no feed-forward, the layer's own
// up- and down-projection take its place.
//
// Glossary (Beck et al. 2024, xLSTM, §2.4): see mlstm-layer.ts and residual-block.ts.
// Reference matched: NX-AI/xlstm `mLSTMBlock` (xLSTMBlock with an mLSTMLayer, no feed-forward);
// state-dict names xlstm_norm.weight, xlstm.proj_up.weight, xlstm.{q,k,v}_proj.weight,
// xlstm.conv1d.conv.{weight,bias}, xlstm.mlstm_cell.{igate,fgate}.{weight,bias},
// xlstm.mlstm_cell.outnorm.weight, xlstm.learnable_skip, xlstm.proj_down.weight.
import { type DType, Generator } from '@seqmod/tensor';
import { MlstmLayer, type MlstmLayerOptions, type MlstmLayerState } from './mlstm-layer';
import { ResidualBlock } from './residual-block';

export type MlstmBlockOptions = MlstmLayerOptions;

export class MlstmBlock extends ResidualBlock<MlstmLayerState, MlstmLayer> {
  constructor(dim: number, opts: MlstmBlockOptions = {}) {
    const dtype: DType = opts.dtype ?? 'float32';
    super(dim, new MlstmLayer(dim, { ...opts, dtype, rng: opts.rng ?? new Generator(0) }), null, dtype);
  }
}
