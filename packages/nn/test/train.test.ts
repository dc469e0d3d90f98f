import { Generator, type Tensor, tensor, ValueError } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import {
  Adam,
  crossEntropy,
  Lambda,
  Linear,
  LRScheduler,
  linearWarmup,
  mseLoss,
  Sequential,
  SGD,
  type TrainProgress,
  train,
} from '../src/index';

const xorX = tensor(
  [
    [0, 0],
    [0, 1],
    [1, 0],
    [1, 1],
  ],
  { dtype: 'float64' },
);
const xorY = tensor([[0], [1], [1], [0]], { dtype: 'float64' });

function mlp(seed: number) {
  const rng = new Generator(seed);
  return new Sequential(
    new Linear(2, 8, { rng, dtype: 'float64' }),
    new Lambda((x) => x.tanh()),
    new Linear(8, 1, { rng, dtype: 'float64' }),
  );
}

/** One parameter θ and loss (θ − target)²: each step's loss is known in advance. */
function scalarProblem() {
  const theta = tensor([0], { dtype: 'float64', requiresGrad: true });
  const optimizer = new SGD([theta], { lr: 0.1 });
  const step = (target: number) => theta.sub(target).square().sum();
  return { theta, optimizer, step };
}

describe('train', () => {
  it('fits XOR with Adam and reports every step', async () => {
    const model = mlp(1);
    const optimizer = new Adam(model.parameters(), { lr: 0.05 });
    const seen: TrainProgress[] = [];
    const result = await train({
      model,
      optimizer,
      data: [{ x: xorX, y: xorY }],
      steps: 100,
      step: ({ x, y }) => mseLoss(model.forward(x), y),
      countItems: ({ x }) => x.shape[0]!,
      onProgress: (p) => void seen.push(p),
    });
    expect(result.stopped).toBe('steps');
    expect(result.steps).toBe(100);
    expect(result.epochs).toBe(99); // the one-batch array was replayed; the 100th pass is cut short
    expect(result.loss!).toBeLessThan(1e-3);
    expect(seen.map((p) => p.step)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(seen[0]!.totalSteps).toBe(100);
    expect(seen[99]!.etaMs).toBe(0);
    expect(seen[99]!.items).toBe(400);
    expect(seen[99]!.itemUnit).toBe('samples');
    expect(seen.every((p) => p.elapsedMs >= 0 && Number.isFinite(p.itemsPerSecond) && p.etaMs! >= 0)).toBe(
      true,
    );
    expect(seen[0]!.smoothedLoss).toBe(seen[0]!.loss); // bias-corrected average starts at the first loss
  });
  it('walks epochs over an array; totalSteps = epochs × batches', async () => {
    const { theta, optimizer, step } = scalarProblem();
    const losses: number[] = [];
    const res = await train({
      optimizer,
      data: [1, 2, 3],
      epochs: 2,
      step: (t) => step(t),
      onProgress: (p) => {
        losses.push(p.loss);
        expect(p.totalSteps).toBe(6);
        expect(p.epoch).toBe(Math.floor((p.step - 1) / 3));
      },
    });
    expect(res).toMatchObject({ steps: 6, epochs: 2, stopped: 'epochs' });
    // θ₀ = 0, target 1: loss 1; SGD moves θ to 0.2; then target 2: loss 3.24.
    expect(losses.slice(0, 2)).toEqual([1, (2 - 0.2) ** 2]);
    expect(theta.item()).not.toBe(0);
  });
  it('accepts async sources and a factory per epoch', async () => {
    const { optimizer, step } = scalarProblem();
    async function* batches() {
      for (const t of [1, 2]) {
        await new Promise((r) => setTimeout(r, 1));
        yield t;
      }
    }
    const seen: number[] = [];
    const res = await train({
      optimizer,
      data: () => batches(),
      epochs: 3,
      step: (t) => step(t),
      onProgress: (p) => void seen.push(p.step),
    });
    expect(res).toMatchObject({ steps: 6, epochs: 3, stopped: 'epochs' });
    expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
    expect(seen.length).toBe(6);
  });
  it('stops when a one-shot iterator runs out, and refuses to replay one for several epochs', async () => {
    const { optimizer, step } = scalarProblem();
    function* three() {
      yield* [1, 2, 3];
    }
    const res = await train({ optimizer, data: three(), steps: 10, step: (t) => step(t) });
    expect(res).toMatchObject({ steps: 3, stopped: 'data' });
    await expect(train({ optimizer, data: three(), epochs: 2, step: (t) => step(t) })).rejects.toThrow(
      /train: 2 epochs need data that can be replayed/,
    );
  });
  it('is cancellable: an abort before the next step ends the run with stopped = aborted', async () => {
    const { optimizer, step } = scalarProblem();
    const ac = new AbortController();
    const res = await train({
      optimizer,
      data: [1],
      steps: 1000,
      signal: ac.signal,
      step: (t) => step(t),
      onProgress: (p) => {
        if (p.step === 3) ac.abort();
      },
    });
    expect(res).toMatchObject({ steps: 3, stopped: 'aborted' });
  });
  it('is cancellable while an async source waits, and closes the source', async () => {
    const { optimizer, step } = scalarProblem();
    const ac = new AbortController();
    let closed = false;
    const stuck: AsyncIterable<number> = {
      [Symbol.asyncIterator]: () => ({
        next: () => new Promise<IteratorResult<number>>(() => {}), // never answers
        return: async () => {
          closed = true;
          return { done: true, value: undefined };
        },
      }),
    };
    setTimeout(() => ac.abort(), 5);
    const res = await train({ optimizer, data: stuck, steps: 5, signal: ac.signal, step: (t) => step(t) });
    expect(res).toMatchObject({ steps: 0, stopped: 'aborted' });
    expect(closed).toBe(true);
  });
  it('an abort fired from a timer lands during a long synchronous run (the loop yields)', async () => {
    const { optimizer, step } = scalarProblem();
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 0);
    const res = await train({
      optimizer,
      data: [1],
      steps: 1e9,
      signal: ac.signal,
      yieldEveryMs: 0,
      step: (t) => step(t),
    });
    expect(res.stopped).toBe('aborted');
    expect(res.steps).toBeLessThan(1e9);
  });
  it('clips gradients and steps the scheduler', async () => {
    const theta = tensor([0], { dtype: 'float64', requiresGrad: true });
    const optimizer = new SGD([theta], { lr: 1 });
    const scheduler = new LRScheduler(optimizer, linearWarmup(2));
    const seen: TrainProgress[] = [];
    await train({
      optimizer,
      scheduler,
      clip: 0.5,
      data: [10],
      steps: 3,
      step: (t) => theta.sub(t).square().sum(), // gradient 2(θ − 10): far above the clip
      onProgress: (p) => void seen.push(p),
    });
    expect(seen.map((p) => p.lr)).toEqual([0, 0.5, 1]);
    expect(seen[0]!.gradNorm).toBe(20);
    // Updates: 0 (lr 0), then 0.5 × clipped gradient (norm 0.5), then 1 × 0.5.
    expect(theta.item()).toBeCloseTo(0.25 + 0.5, 5);
  });
  it('refuses a non-scalar, non-finite or detached loss, and bad options', async () => {
    const { optimizer } = scalarProblem();
    const run = (step: () => Tensor) => train({ optimizer, data: [0], steps: 1, step });
    await expect(run(() => tensor([1, 2], { requiresGrad: true }))).rejects.toThrow(
      /train: step must return a scalar loss, got shape \[2\]/,
    );
    await expect(run(() => tensor(Number.NaN, { requiresGrad: true }))).rejects.toThrow(
      /train: loss is NaN at step 1/,
    );
    await expect(run(() => tensor(1))).rejects.toThrow(/does not depend on any parameter/);
    await expect(train({ optimizer, data: [0], steps: -1, step: () => tensor(0) })).rejects.toThrow(
      ValueError,
    );
    await expect(train({ optimizer, data: [0], clip: -1, step: () => tensor(0) })).rejects.toThrow(
      /clip must be >= 0/,
    );
  });
  it('trains a classifier with cross-entropy, counting tokens', async () => {
    const model = new Linear(2, 2, { rng: new Generator(4) });
    const optimizer = new Adam(model.parameters(), { lr: 0.1 });
    const x = tensor([
      [
        [1, 0],
        [0, 1],
      ],
      [
        [1, 1],
        [0, 0],
      ],
    ]); // [B=2, L=2, 2]
    const y = tensor([
      [0, 1],
      [1, 0],
    ]);
    let last: TrainProgress | undefined;
    await train({
      optimizer,
      data: [{ x, y }],
      steps: 50,
      step: (b) => crossEntropy(model.forward(b.x), b.y),
      countItems: (b) => b.y.size,
      itemUnit: 'tokens',
      onProgress: (p) => {
        last = p;
      },
    });
    expect(last!.items).toBe(200);
    expect(last!.itemUnit).toBe('tokens');
    expect(last!.loss).toBeLessThan(0.5);
  });
});
