// Conformance adapters for @seqmod/fft: fixture op -> library call.
// fft/ifft: x complex [..., n] -> y; rfft: x real [m] with param n -> y complex [n//2+1];
// irfft: x complex [m] with param n -> y real [n]; fftconv: u, k [H, L] -> y [H, L].
// The library computes in float64 internally; with --dtype float32 it reads and writes float32
// tensors, so the outputs carry float32 rounding and are judged by rtol32/atol32.
import { fft, fftconv, ifft, irfft, rfft } from '@seqmod/fft';
import type { OpTable } from '../adapter';
import { complexOutput, input, output, param, toComplex, toTensor } from '../convert';

export const fftOps: OpTable = {
  fft: (fx, { dtype }) => ({ outputs: { y: complexOutput(fft(toComplex(input(fx, 'x'), dtype))) } }),
  ifft: (fx, { dtype }) => ({ outputs: { y: complexOutput(ifft(toComplex(input(fx, 'x'), dtype))) } }),
  rfft: (fx, { dtype }) => ({
    outputs: { y: complexOutput(rfft(toTensor(input(fx, 'x'), dtype), param<number>(fx, 'n'))) },
  }),
  irfft: (fx, { dtype }) => ({
    outputs: { y: output(irfft(toComplex(input(fx, 'x'), dtype), param<number>(fx, 'n'))) },
  }),
  fftconv: (fx, { dtype }) => ({
    outputs: { y: output(fftconv(toTensor(input(fx, 'u'), dtype), toTensor(input(fx, 'k'), dtype))) },
  }),
};
