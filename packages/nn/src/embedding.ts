// Embedding: a lookup table of row vectors, as torch.nn.Embedding (weight [num, dim], initialised
// N(0, 1)). With a padding index, that row starts at zero and receives no gradient, so padding
// tokens stay a zero vector through training, as in torch.
import {
  allocate,
  type DType,
  fmtShape,
  Generator,
  type Indices,
  recordOp,
  ShapeError,
  Tensor,
  ValueError,
} from '@seqmod/tensor';
import { Module } from './module';

function readIndices(idx: Indices, num: number): { values: Int32Array; shape: number[] } {
  const raw: ArrayLike<number> = idx instanceof Tensor ? idx.toArray() : idx;
  const shape = idx instanceof Tensor ? [...idx.shape] : [idx.length];
  const values = new Int32Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const v = raw[i]!;
    if (!(Number.isInteger(v) && v >= 0 && v < num)) {
      throw new ValueError(
        'embedding',
        `index ${v} out of range for an embedding of ${num} rows (expected an integer in [0, ${num}))`,
      );
    }
    values[i] = v;
  }
  return { values, shape };
}

/**
 * Rows of `weight` picked by `indices`. indices: [...] integers in [0, num), weight: [num, dim]
 * -> [..., dim]. The gradient scatters back into weight, except into row `paddingIdx`.
 */
export function embedding(indices: Indices, weight: Tensor, paddingIdx: number | null = null): Tensor {
  if (weight.ndim !== 2)
    throw new ShapeError('embedding', `weight must be [num, dim], got ${fmtShape(weight.shape)}`);
  const [num, dim] = weight.shape as [number, number];
  const { values, shape } = readIndices(indices, num);
  const w = weight.contiguous();
  const out = allocate(weight.dtype, values.length * dim);
  for (let j = 0; j < values.length; j++) {
    const from = w.offset + values[j]! * dim;
    out.set(w.data.subarray(from, from + dim), j * dim);
  }
  const result = new Tensor(out, [...shape, dim]);
  recordOp('embedding', [weight], [result], ([g]) => {
    const gc = g!.contiguous();
    const gw = allocate(weight.dtype, num * dim);
    for (let j = 0; j < values.length; j++) {
      const row = values[j]!;
      if (row === paddingIdx) continue;
      const to = row * dim;
      const from = gc.offset + j * dim;
      for (let k = 0; k < dim; k++) gw[to + k]! += gc.data[from + k]!;
    }
    return [new Tensor(gw, weight.shape)];
  });
  return result;
}

export interface EmbeddingOptions {
  /** Row that stays zero and gets no gradient; negative counts from the end, as torch. */
  paddingIdx?: number | null;
  dtype?: DType;
  /** Generator for the N(0, 1) initialisation; a fixed seed when omitted. */
  rng?: Generator;
}

export class Embedding extends Module {
  readonly numEmbeddings: number;
  readonly embeddingDim: number;
  /** The padding row, normalised to [0, num), or null. */
  readonly paddingIdx: number | null;

  constructor(numEmbeddings: number, embeddingDim: number, opts: EmbeddingOptions = {}) {
    super();
    for (const [name, v] of [
      ['numEmbeddings', numEmbeddings],
      ['embeddingDim', embeddingDim],
    ] as const) {
      if (!(Number.isInteger(v) && v > 0))
        throw new ValueError('Embedding', `${name} must be a positive integer, got ${v}`);
    }
    this.numEmbeddings = numEmbeddings;
    this.embeddingDim = embeddingDim;
    let pad = opts.paddingIdx ?? null;
    if (pad !== null) {
      if (!(Number.isInteger(pad) && pad >= -numEmbeddings && pad < numEmbeddings)) {
        throw new ValueError(
          'Embedding',
          `paddingIdx must be an integer in [-${numEmbeddings}, ${numEmbeddings}), got ${pad}`,
        );
      }
      if (pad < 0) pad += numEmbeddings;
    }
    this.paddingIdx = pad;
    const weight = (opts.rng ?? new Generator(0)).normal([numEmbeddings, embeddingDim], 0, 1, {
      dtype: opts.dtype,
    });
    if (pad !== null) weight.data.fill(0, pad * embeddingDim, (pad + 1) * embeddingDim);
    this.registerParameter('weight', weight);
  }

  get weight(): Tensor {
    return this.param('weight');
  }

  /** indices: [...] -> [..., embeddingDim]. */
  forward(indices: Indices): Tensor {
    return embedding(indices, this.weight, this.paddingIdx);
  }
}
