// The sLSTM block (post up-projection): x + sLSTM layer(LN(x)), then x + gated MLP(LN(x)) with
// up-projection factor 4/3.
//
// Glossary (Beck et al. 2024, xLSTM, §2.4): see slstm-layer.ts (conv, gates, sLSTM,
// group norm), gated-feed-forward.ts (the MLP) and residual-block.ts (the residual frame).
// Reference matched: NX-AI/xlstm `sLSTMBlock` (xLSTMBlock with an sLSTMLayer and a feed-forward);
// state-dict names xlstm_norm.weight, xlstm.conv1d.conv.{weight,bias}, xlstm.{i,f,z,o}gate.weight,
// xlstm.slstm_cell.{recurrent_kernel,bias} (external layouts), xlstm.group_norm.weight,
// ffn_norm.weight, ffn.proj_up.weight, ffn.proj_down.weight.
import { type DType, Generator } from '@seqmod/tensor';
import { GatedFeedForward } from './gated-feed-forward';
import { ResidualBlock } from './residual-block';
import { SlstmLayer, type SlstmLayerOptions, type SlstmLayerState } from './slstm-layer';

export interface SlstmBlockOptions extends SlstmLayerOptions {
  /** Include the gated MLP (default true). */
  feedForward?: boolean;
  /** MLP up-projection factor (default 4/3). */
  ffnProjFactor?: number;
  /** MLP width rounded up to a multiple of this (default 64, the reference's). */
  roundUpTo?: number;
}

export class SlstmBlock extends ResidualBlock<SlstmLayerState, SlstmLayer> {
  constructor(dim: number, opts: SlstmBlockOptions = {}) {
    const dtype: DType = opts.dtype ?? 'float32';
    const rng = opts.rng ?? new Generator(0);
    const layer = new SlstmLayer(dim, { ...opts, dtype, rng });
    const ffn =
      (opts.feedForward ?? true)
        ? new GatedFeedForward(dim, {
            projFactor: opts.ffnProjFactor,
            roundUpTo: opts.roundUpTo,
            numBlocks: opts.numBlocks,
            dropout: opts.dropout,
            dtype,
            rng,
          })
        : null;
    super(dim, layer, ffn, dtype);
  }
}
