// Weight initialisers (as torch.nn.init) and the default initialisations of PyTorch's layers,
// so that a freshly built seqmod layer has the statistics of its PyTorch twin.
import type { DType } from './dtype';
import { ShapeError, ValueError } from './errors';
import { orthogonalMatrix } from './orthogonal';
import type { Generator } from './random';
import type { Tensor } from './tensor';

export interface InitOptions {
  rng: Generator;
  dtype?: DType;
  requiresGrad?: boolean;
}

export type Nonlinearity = 'linear' | 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'selu';

/** The recommended gain of torch.nn.init.calculate_gain. */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  switch (nonlinearity) {
    case 'linear':
    case 'sigmoid':
      return 1;
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.SQRT2;
    case 'leaky_relu': {
      const slope = param ?? 0.01;
      return Math.sqrt(2 / (1 + slope * slope));
    }
    case 'selu':
      return 3 / 4;
    default:
      throw new ValueError('calculateGain', `unknown nonlinearity ${String(nonlinearity)}`);
  }
}

/** fan_in and fan_out of a weight shaped [out, in, ...kernel] (torch's convention). */
export function fans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length < 2)
    throw new ShapeError('fans', `needs at least 2 dimensions, got [${shape.join(', ')}]`);
  const receptive = shape.slice(2).reduce((a, b) => a * b, 1);
  return { fanIn: shape[1]! * receptive, fanOut: shape[0]! * receptive };
}

export function uniformInit(shape: readonly number[], low: number, high: number, o: InitOptions): Tensor {
  return o.rng.uniform(shape, low, high, o);
}

export function normalInit(shape: readonly number[], mean: number, std: number, o: InitOptions): Tensor {
  return o.rng.normal(shape, mean, std, o);
}

/** Glorot/Xavier uniform: U(−a, a), a = gain·√(6/(fan_in + fan_out)). */
export function xavierUniform(shape: readonly number[], o: InitOptions & { gain?: number }): Tensor {
  const { fanIn, fanOut } = fans(shape);
  const a = (o.gain ?? 1) * Math.sqrt(6 / (fanIn + fanOut));
  return o.rng.uniform(shape, -a, a, o);
}

/** Glorot/Xavier normal: N(0, gain²·2/(fan_in + fan_out)). */
export function xavierNormal(shape: readonly number[], o: InitOptions & { gain?: number }): Tensor {
  const { fanIn, fanOut } = fans(shape);
  return o.rng.normal(shape, 0, (o.gain ?? 1) * Math.sqrt(2 / (fanIn + fanOut)), o);
}

interface KaimingOptions extends InitOptions {
  a?: number;
  mode?: 'fan_in' | 'fan_out';
  nonlinearity?: Nonlinearity;
}

function kaimingStd(shape: readonly number[], o: KaimingOptions): number {
  const { fanIn, fanOut } = fans(shape);
  const fan = (o.mode ?? 'fan_in') === 'fan_in' ? fanIn : fanOut;
  const gain = calculateGain(o.nonlinearity ?? 'leaky_relu', o.a ?? 0);
  return gain / Math.sqrt(fan);
}

/** He/Kaiming uniform: U(−b, b), b = √3·gain/√fan. */
export function kaimingUniform(shape: readonly number[], o: KaimingOptions): Tensor {
  const b = Math.sqrt(3) * kaimingStd(shape, o);
  return o.rng.uniform(shape, -b, b, o);
}

/** He/Kaiming normal: N(0, (gain/√fan)²). */
export function kaimingNormal(shape: readonly number[], o: KaimingOptions): Tensor {
  return o.rng.normal(shape, 0, kaimingStd(shape, o), o);
}

/** A (semi-)orthogonal matrix times gain (torch.nn.init.orthogonal_): rows or columns orthonormal. */
export function orthogonal(shape: readonly number[], o: InitOptions & { gain?: number }): Tensor {
  return orthogonalMatrix(shape, o.rng, o.gain ?? 1, o);
}

/**
 * torch.nn.Linear's default: weight [out, in] ~ kaiming_uniform(a = √5) = U(−1/√in, 1/√in),
 * bias [out] ~ U(−1/√in, 1/√in).
 */
export function linearInit(
  outFeatures: number,
  inFeatures: number,
  o: InitOptions,
): { weight: Tensor; bias: Tensor } {
  const bound = inFeatures > 0 ? 1 / Math.sqrt(inFeatures) : 0;
  return {
    weight: o.rng.uniform([outFeatures, inFeatures], -bound, bound, o),
    bias: o.rng.uniform([outFeatures], -bound, bound, o),
  };
}

/** torch.nn.RNN/LSTM/GRU's default: every weight and bias ~ U(−1/√hidden, 1/√hidden). */
export function rnnInit(shape: readonly number[], hiddenSize: number, o: InitOptions): Tensor {
  const k = 1 / Math.sqrt(hiddenSize);
  return o.rng.uniform(shape, -k, k, o);
}
