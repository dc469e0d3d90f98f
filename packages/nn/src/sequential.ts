// Containers: Sequential (children named 0, 1, ... as torch.nn.Sequential) and Residual.
import { add, type Tensor } from '@seqmod/tensor';
import { Module } from './module';

/** Anything with forward(x) -> y: a Module, or a plain function wrapped by Lambda. */
export interface Layer {
  forward(x: Tensor): Tensor;
}

export class Sequential extends Module {
  private readonly layers: (Module & Layer)[];

  constructor(...layers: (Module & Layer)[]) {
    super();
    this.layers = layers;
    layers.forEach((l, i) => this.registerModule(String(i), l));
  }

  get length(): number {
    return this.layers.length;
  }

  at(i: number): Module & Layer {
    return this.layers[i]!;
  }

  forward(x: Tensor): Tensor {
    for (const l of this.layers) x = l.forward(x);
    return x;
  }
}

/** y = x + f(x). */
export class Residual extends Module {
  constructor(readonly inner: Module & Layer) {
    super();
    this.registerModule('inner', inner);
  }

  forward(x: Tensor): Tensor {
    return add(x, this.inner.forward(x));
  }
}

/** A parameter-free function as a layer (activations inside a Sequential). */
export class Lambda extends Module {
  constructor(private readonly fn: (x: Tensor) => Tensor) {
    super();
  }

  forward(x: Tensor): Tensor {
    return this.fn(x);
  }
}
