// The scans are written once as generator functions that `yield` each kernel call and read its
// result back from the yield. Two drivers run them: runAsync awaits whatever a backend returns
// (webgpu kernels and webasm threaded kernels return Promises), runSync refuses Promises, for
// callers that need a value now (the autograd backward of @seqmod/tensor is synchronous).
import { BackendError } from '@seqmod/tensor';

export type Plan<R> = Generator<unknown, R, unknown>;

export function runSync<R>(plan: Plan<R>, op: string): R {
  let next = plan.next();
  while (!next.done) {
    if (next.value instanceof Promise) {
      plan.return(undefined as R);
      throw new BackendError(op, 'this backend only runs asynchronously: use the async method');
    }
    next = plan.next(next.value);
  }
  return next.value;
}

export async function runAsync<R>(plan: Plan<R>): Promise<R> {
  let next = plan.next();
  while (!next.done) {
    const v = next.value instanceof Promise ? await next.value : next.value;
    next = plan.next(v);
  }
  return next.value;
}
