// Fixture tensors <-> library tensors, for adapters.
import { type ComplexTensor, complexFromInterleaved, fromArray, type Tensor } from '@seqmod/tensor';
import type { ComputeDType, Output } from './adapter';
import type { Fixture, FixtureTensor } from './fixture';

/** A real fixture tensor as a library tensor of `dtype`. */
export function toTensor(ft: FixtureTensor, dtype: ComputeDType, requiresGrad = false): Tensor {
  if (ft.dtype !== 'float64') throw new Error(`expected a real tensor, got ${ft.dtype}`);
  return fromArray(ft.data, ft.shape, { dtype, requiresGrad });
}

/** A complex fixture tensor (interleaved) as a ComplexTensor of `dtype`. */
export function toComplex(ft: FixtureTensor, dtype: ComputeDType): ComplexTensor {
  if (ft.dtype !== 'complex128') throw new Error(`expected a complex tensor, got ${ft.dtype}`);
  return complexFromInterleaved(ft.data, ft.shape, dtype);
}

/** The input `name` of a fixture, or a clear error naming the case. */
export function input(fx: Fixture, name: string): FixtureTensor {
  const t = fx.inputs[name];
  if (!t) throw new Error(`${fx.case}: missing input ${name}`);
  return t;
}

export function output(t: Tensor, shape: readonly number[] = t.shape): Output {
  return { shape, data: t.toArray() };
}

export function complexOutput(c: ComplexTensor, shape: readonly number[] = c.shape): Output {
  return { shape, data: c.toInterleaved(), complex: true };
}

export function param<T>(fx: Fixture, name: string, fallback?: T): T {
  const v = fx.params[name];
  if (v === undefined) {
    if (fallback !== undefined) return fallback;
    throw new Error(`${fx.case}: missing param ${name}`);
  }
  return v as T;
}

/** The gradient of a leaf after backward(), or zeros of its shape when none reached it. */
export function gradOf(t: Tensor): Output {
  if (t.grad) return output(t.grad);
  return { shape: t.shape, data: new Float64Array(t.size) };
}
