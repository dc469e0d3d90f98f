// Conformance adapters for @seqmod/discretize: fixture op -> library call.
//   expm             scipy.linalg.expm                     -> expm
//   discretize       scipy.signal.cont2discrete (A, B)     -> discretize (zoh, bilinear, euler,
//                                                             backward_euler, gbt + alpha)
//   discretize_diag  closed forms on a complex diagonal    -> discretizeDiag
// Inputs are converted to the requested dtype first, so float32 runs compute in float32.
import { type DiscretizeMethod, discretize, discretizeDiag, expm } from '@seqmod/discretize';
import { type ComplexTensor, complexFromInterleaved, fromArray, type Tensor } from '@seqmod/tensor';
import type { ComputeDType, OpTable, Output } from '../adapter';
import type { Fixture, FixtureTensor } from '../fixture';

/** A real fixture tensor as a Tensor of the requested dtype. */
export function realInput(fx: Fixture, name: string, dtype: ComputeDType): Tensor {
  const t = fixtureInput(fx, name, 'float64');
  return fromArray(t.data, t.shape, { dtype });
}

/** A complex fixture tensor (interleaved) as a ComplexTensor of the requested dtype. */
export function complexInput(fx: Fixture, name: string, dtype: ComputeDType): ComplexTensor {
  const t = fixtureInput(fx, name, 'complex128');
  return complexFromInterleaved(t.data, t.shape, dtype);
}

function fixtureInput(fx: Fixture, name: string, kind: FixtureTensor['dtype']): FixtureTensor {
  const t = fx.inputs[name];
  if (!t) throw new Error(`fixture ${fx.case} has no input '${name}'`);
  if (t.dtype !== kind)
    throw new Error(`fixture ${fx.case}: input '${name}' is ${t.dtype}, expected ${kind}`);
  return t;
}

export function realOutput(t: Tensor): Output {
  return { shape: t.shape, data: t.toArray() };
}

export function complexOutput(t: ComplexTensor): Output {
  return { shape: t.shape, data: t.toInterleaved(), complex: true };
}

export function numberParam(fx: Fixture, name: string): number {
  const v = fx.params[name];
  if (typeof v !== 'number')
    throw new Error(`fixture ${fx.case}: param '${name}' must be a number, got ${JSON.stringify(v)}`);
  return v;
}

export function stringParam(fx: Fixture, name: string): string {
  const v = fx.params[name];
  if (typeof v !== 'string')
    throw new Error(`fixture ${fx.case}: param '${name}' must be a string, got ${JSON.stringify(v)}`);
  return v;
}

function methodOptions(fx: Fixture): { method: DiscretizeMethod; alpha?: number } {
  const method = stringParam(fx, 'method') as DiscretizeMethod;
  return method === 'gbt' ? { method, alpha: numberParam(fx, 'alpha') } : { method };
}

export const discretizeOps: OpTable = {
  expm: (fx, { dtype }) => ({ outputs: { expA: realOutput(expm(realInput(fx, 'A', dtype))) } }),

  discretize: (fx, { dtype }) => {
    const { Ab, Bb } = discretize(
      realInput(fx, 'A', dtype),
      realInput(fx, 'B', dtype),
      numberParam(fx, 'dt'),
      methodOptions(fx),
    );
    return { outputs: { Ab: realOutput(Ab), Bb: realOutput(Bb) } };
  },

  discretize_diag: (fx, { dtype }) => {
    const { Ab, Bb } = discretizeDiag(
      complexInput(fx, 'lambda', dtype),
      complexInput(fx, 'B', dtype),
      numberParam(fx, 'dt'),
      methodOptions(fx),
    );
    return { outputs: { Ab: complexOutput(Ab), Bb: complexOutput(Bb) } };
  },
};
