// A training loop with progress reporting: for each batch, zeroGrad -> loss = step(batch) ->
// backward -> optional global-norm clipping -> optimizer.step -> scheduler.step -> onProgress.
// Data may be synchronous or asynchronous; the loop can be stopped through an AbortSignal, and
// it hands the event loop a turn every `yieldEveryMs` so that UIs stay live and aborts land.
import { fmtShape, ShapeError, type Tensor, ValueError } from '@seqmod/tensor';
import { clipGradNorm } from './clip-grad-norm';
import type { Module } from './module';
import { nextMacrotask } from './next-macrotask';
import type { Optimizer } from './optimizer';

/** Batches: an iterable (replayed each epoch when it can be), an async iterable, or a factory of either. */
export type DataSource<B> = Iterable<B> | AsyncIterable<B> | (() => Iterable<B> | AsyncIterable<B>);

export interface TrainProgress {
  /** Steps done (1 after the first update). */
  step: number;
  /** Steps the run will take, when known (steps given, or epochs over an array). */
  totalSteps: number | null;
  /** Epoch of this step, from 0. */
  epoch: number;
  /** Loss of this step's batch. */
  loss: number;
  /** Exponential moving average of the loss, bias-corrected (readable on a progress bar). */
  smoothedLoss: number;
  /** Learning rate of the first parameter group used for this update. */
  lr: number;
  /** Global gradient norm before clipping (null without `clip`). */
  gradNorm: number | null;
  /** Items (samples, tokens, ... as countItems counts them) processed so far. */
  items: number;
  itemsPerSecond: number;
  /** What an item is: 'samples' unless `itemUnit` says otherwise. */
  itemUnit: string;
  elapsedMs: number;
  /** Estimated time left at the average step time so far (null when totalSteps is unknown). */
  etaMs: number | null;
}

export interface TrainOptions<B> {
  /** The forward pass: returns the scalar loss of a batch. train() runs backward and the update. */
  step: (batch: B, at: { step: number; epoch: number }) => Tensor | Promise<Tensor>;
  data: DataSource<B>;
  optimizer: Pick<Optimizer, 'step' | 'zeroGrad' | 'params' | 'paramGroups'>;
  /** Stop after this many updates (the data is replayed across epochs when it can be). */
  steps?: number;
  /** Stop after this many passes over the data (default 1 when `steps` is not given). */
  epochs?: number;
  /** Stepped after every optimizer step (e.g. an LRScheduler). */
  scheduler?: { step(): void };
  /** Clip the global gradient norm to this value before each update (clipGradNorm). */
  clip?: number;
  /** Put into train mode before the first step. */
  model?: Pick<Module, 'train'>;
  /** Items in a batch, for throughput (default 1: batches per second). */
  countItems?: (batch: B) => number;
  itemUnit?: string;
  /** Called after every step; an async callback is awaited. */
  onProgress?: (p: TrainProgress) => void | Promise<void>;
  /** Stops the loop before its next step (or while it waits for data). */
  signal?: AbortSignal;
  /** Give the event loop a turn at least this often (default 50 ms; 0: after every step). */
  yieldEveryMs?: number;
  /** Weight β of the loss moving average (default 0.9). */
  lossSmoothing?: number;
}

export interface TrainResult {
  steps: number;
  /** Complete passes over the data. */
  epochs: number;
  /** Last step's loss and its moving average (null when no step ran). */
  loss: number | null;
  smoothedLoss: number | null;
  items: number;
  elapsedMs: number;
  /** Why the loop ended: the step or epoch budget, the data ran out, or the signal fired. */
  stopped: 'steps' | 'epochs' | 'data' | 'aborted';
}

type AnyIterator<B> = Iterator<B> | AsyncIterator<B>;

function isAsyncIterable<B>(x: unknown): x is AsyncIterable<B> {
  return (
    typeof x === 'object' && x !== null && typeof (x as AsyncIterable<B>)[Symbol.asyncIterator] === 'function'
  );
}

/** An iterable that hands out itself (a generator) can be walked only once. */
function isOneShot(x: Iterable<unknown> | AsyncIterable<unknown>): boolean {
  const it = isAsyncIterable(x) ? x[Symbol.asyncIterator]() : x[Symbol.iterator]();
  return (it as unknown) === x;
}

const ABORTED = Symbol('aborted');

function checkLoss(loss: Tensor, step: number, epoch: number): void {
  if (loss.size !== 1)
    throw new ShapeError('train', `step must return a scalar loss, got shape ${fmtShape(loss.shape)}`);
  const v = loss.item();
  if (!Number.isFinite(v)) {
    throw new ValueError(
      'train',
      `loss is ${v} at step ${step + 1} (epoch ${epoch}); stopping before the update`,
    );
  }
  if (!loss.requiresGrad) {
    throw new ValueError(
      'train',
      'the loss does not depend on any parameter (was it computed under noGrad?)',
    );
  }
}

/** Runs the loop; resolves when it stops (an abort resolves too, with stopped = 'aborted'). */
export async function train<B>(opts: TrainOptions<B>): Promise<TrainResult> {
  const op = 'train';
  const { steps, signal, optimizer } = opts;
  const epochs = opts.epochs ?? (steps === undefined ? 1 : Number.POSITIVE_INFINITY);
  if (steps !== undefined && !(Number.isInteger(steps) && steps >= 0))
    throw new ValueError(op, `steps must be a non-negative integer, got ${steps}`);
  if (opts.epochs !== undefined && !(Number.isInteger(opts.epochs) && opts.epochs >= 0)) {
    throw new ValueError(op, `epochs must be a non-negative integer, got ${opts.epochs}`);
  }
  if (opts.clip !== undefined && !(opts.clip >= 0))
    throw new ValueError(op, `clip must be >= 0, got ${opts.clip}`);
  const beta = opts.lossSmoothing ?? 0.9;
  if (!(beta >= 0 && beta < 1)) throw new ValueError(op, `lossSmoothing must be in [0, 1), got ${beta}`);
  const yieldEvery = opts.yieldEveryMs ?? 50;

  const factory = typeof opts.data === 'function' ? opts.data : null;
  const fixed = factory ? null : (opts.data as Iterable<B> | AsyncIterable<B>);
  const replayable = factory !== null || !isOneShot(fixed!);
  if (!replayable && epochs > 1 && Number.isFinite(epochs)) {
    throw new ValueError(
      op,
      `${epochs} epochs need data that can be replayed; this iterator runs once (pass an array or a function returning a fresh iterable)`,
    );
  }
  const perEpoch = Array.isArray(opts.data) ? opts.data.length : null;
  let totalSteps: number | null = null;
  if (steps !== undefined)
    totalSteps = perEpoch !== null && Number.isFinite(epochs) ? Math.min(steps, perEpoch * epochs) : steps;
  else if (perEpoch !== null && Number.isFinite(epochs)) totalSteps = perEpoch * epochs;

  opts.model?.train();
  const start = performance.now();
  let lastYield = start;
  let step = 0;
  let epoch = 0;
  let items = 0;
  let ema = 0;
  let lastLoss: number | null = null;
  let smoothed: number | null = null;
  let onAbort: (() => void) | null = null;
  const aborted = new Promise<typeof ABORTED>((resolve) => {
    onAbort = () => resolve(ABORTED);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  const finish = (stopped: TrainResult['stopped']): TrainResult => ({
    steps: step,
    epochs: epoch,
    loss: lastLoss,
    smoothedLoss: smoothed,
    items,
    elapsedMs: performance.now() - start,
    stopped,
  });

  try {
    return await loop();
  } finally {
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }

  async function loop(): Promise<TrainResult> {
    while (epoch < epochs) {
      if (steps !== undefined && step >= steps) return finish('steps');
      const source = factory ? factory() : fixed!;
      const it: AnyIterator<B> = isAsyncIterable<B>(source)
        ? source[Symbol.asyncIterator]()
        : source[Symbol.iterator]();
      let stepsThisEpoch = 0;
      try {
        while (true) {
          if (signal?.aborted) return finish('aborted');
          if (steps !== undefined && step >= steps) return finish('steps');
          const pending = it.next();
          const next =
            signal && pending instanceof Promise ? await Promise.race([pending, aborted]) : await pending;
          if (next === ABORTED) return finish('aborted');
          if (next.done) break;
          const batch = next.value;

          optimizer.zeroGrad();
          const loss = await opts.step(batch, { step, epoch });
          checkLoss(loss, step, epoch);
          const value = loss.item();
          loss.backward();
          const gradNorm = opts.clip !== undefined ? clipGradNorm(optimizer.params(), opts.clip) : null;
          const lr = optimizer.paramGroups[0]?.lr ?? Number.NaN;
          optimizer.step();
          opts.scheduler?.step();

          step++;
          stepsThisEpoch++;
          items += opts.countItems ? opts.countItems(batch) : 1;
          ema = beta * ema + (1 - beta) * value;
          smoothed = ema / (1 - beta ** step);
          lastLoss = value;
          const now = performance.now();
          const elapsedMs = now - start;
          if (opts.onProgress) {
            await opts.onProgress({
              step,
              totalSteps,
              epoch,
              loss: value,
              smoothedLoss: smoothed,
              lr,
              gradNorm,
              items,
              itemsPerSecond: elapsedMs > 0 ? (items * 1000) / elapsedMs : 0,
              itemUnit: opts.itemUnit ?? 'samples',
              elapsedMs,
              etaMs: totalSteps === null ? null : (Math.max(0, totalSteps - step) * elapsedMs) / step,
            });
          }
          if (now - lastYield >= yieldEvery) {
            await nextMacrotask();
            lastYield = performance.now();
          }
        }
      } finally {
        // Release a generator or reader we leave early (its finally blocks run). Not awaited: an
        // async source aborted mid-wait would only answer after its pending next() settles.
        Promise.resolve(it.return?.()).catch(() => {});
      }
      epoch++;
      if (!replayable || stepsThisEpoch === 0) return finish(epoch >= epochs ? 'epochs' : 'data');
    }
    return finish(steps !== undefined && step >= steps ? 'steps' : 'epochs');
  }
}
