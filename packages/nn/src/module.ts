// Module: a named tree of parameters, buffers and submodules, with PyTorch-style state dicts.
//
// Names follow PyTorch's `state_dict()` exactly: a parameter `weight` of a child registered as
// `fc` is `fc.weight`; list children are `0`, `1`, ... So a model whose modules register the
// same names as its torch.nn twin loads that twin's state dict unchanged.
import { type DType, fmtShape, noGrad, ShapeError, Tensor, ValueError } from '@seqmod/tensor';

/** A value in a state dict: a tensor, or plain {shape, data} (e.g. parsed from JSON/safetensors). */
export type StateValue = Tensor | { shape: readonly number[]; data: ArrayLike<number> };
export type StateDict = Record<string, StateValue>;

export interface LoadResult {
  missing: string[];
  unexpected: string[];
}

/** A state dict that does not fit the module: the message lists every problem at once. */
export class StateDictError extends ValueError {
  readonly missing: string[];
  readonly unexpected: string[];
  readonly mismatched: string[];
  constructor(missing: string[], unexpected: string[], mismatched: string[]) {
    const parts: string[] = [];
    if (missing.length) parts.push(`missing keys: ${missing.join(', ')}`);
    if (unexpected.length) parts.push(`unexpected keys: ${unexpected.join(', ')}`);
    if (mismatched.length) parts.push(`shape mismatches: ${mismatched.join('; ')}`);
    super('loadStateDict', parts.join('. '));
    this.name = 'StateDictError';
    this.missing = missing;
    this.unexpected = unexpected;
    this.mismatched = mismatched;
  }
}

export abstract class Module {
  /** Train mode (dropout active) or eval mode. */
  training = true;
  private readonly _params = new Map<string, Tensor | null>();
  private readonly _buffers = new Map<string, Tensor>();
  private readonly _children = new Map<string, Module>();

  /** Registers a trainable tensor under `name` (requiresGrad is switched on). Null keeps the slot (e.g. bias=false). */
  protected registerParameter(name: string, t: Tensor | null): Tensor {
    this.checkName(name);
    if (t) {
      if (!t.isLeaf)
        throw new ValueError('registerParameter', `${name} must be a leaf tensor (use .detach())`);
      if (!t.isContiguous() || t.offset !== 0 || t.data.length !== t.size)
        t = new Tensor(t.toArray(), t.shape);
      t.requiresGrad = true;
    }
    this._params.set(name, t);
    return t as Tensor;
  }

  /** Registers non-trainable state saved in the state dict (running statistics, fixed projections). */
  protected registerBuffer(name: string, t: Tensor): Tensor {
    this.checkName(name);
    const own =
      t.isContiguous() && t.offset === 0 && t.data.length === t.size
        ? t.detach()
        : new Tensor(t.toArray(), t.shape);
    this._buffers.set(name, own);
    return own;
  }

  /** Registers a child module under `name`. */
  protected registerModule<M extends Module>(name: string, m: M): M {
    this.checkName(name);
    this._children.set(name, m);
    return m;
  }

  private checkName(name: string) {
    if (name === '' || name.includes('.'))
      throw new ValueError('Module', `bad name "${name}": non-empty, without dots`);
    if (this._params.has(name) || this._buffers.has(name) || this._children.has(name)) {
      throw new ValueError('Module', `"${name}" is registered already`);
    }
  }

  /** The registered parameter `name` of this module (not of children). */
  param(name: string): Tensor {
    const p = this._params.get(name);
    if (!p) throw new ValueError('Module.param', `no parameter "${name}" in ${this.constructor.name}`);
    return p;
  }

  buffer(name: string): Tensor {
    const b = this._buffers.get(name);
    if (!b) throw new ValueError('Module.buffer', `no buffer "${name}" in ${this.constructor.name}`);
    return b;
  }

  children(): [string, Module][] {
    return [...this._children.entries()];
  }

  /** (dotted name, parameter) pairs of this module and its descendants, each tensor once. */
  namedParameters(prefix = ''): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    const seen = new Set<Tensor>();
    const walk = (m: Module, pre: string) => {
      for (const [n, p] of m._params) {
        if (p && !seen.has(p)) {
          seen.add(p);
          out.push([pre + n, p]);
        }
      }
      for (const [n, c] of m._children) walk(c, `${pre}${n}.`);
    };
    walk(this, prefix ? `${prefix}.` : '');
    return out;
  }

  parameters(): Tensor[] {
    return this.namedParameters().map(([, p]) => p);
  }

  namedBuffers(prefix = ''): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    const walk = (m: Module, pre: string) => {
      for (const [n, b] of m._buffers) out.push([pre + n, b]);
      for (const [n, c] of m._children) walk(c, `${pre}${n}.`);
    };
    walk(this, prefix ? `${prefix}.` : '');
    return out;
  }

  /** Number of trainable scalars. */
  numParameters(): number {
    return this.parameters().reduce((s, p) => s + p.size, 0);
  }

  /** Parameters and buffers by PyTorch name, detached (they share storage with the module). */
  stateDict(): Record<string, Tensor> {
    const sd: Record<string, Tensor> = {};
    for (const [n, p] of this.namedParameters()) sd[n] = p.detach();
    for (const [n, b] of this.namedBuffers()) sd[n] = b;
    return sd;
  }

  /**
   * Copies values into the module's tensors (in place: optimisers holding them stay valid), with
   * dtype conversion. Strict (default): any missing, unexpected or misshaped key is an error
   * listing all of them; non-strict loads what fits and reports the rest.
   */
  loadStateDict(sd: StateDict, opts: { strict?: boolean } = {}): LoadResult {
    const strict = opts.strict ?? true;
    const own = new Map<string, Tensor>([...this.namedParameters(), ...this.namedBuffers()]);
    const missing = [...own.keys()].filter((k) => !(k in sd));
    const unexpected = Object.keys(sd).filter((k) => !own.has(k));
    const mismatched: string[] = [];
    for (const [k, t] of own) {
      const v = sd[k];
      if (!v) continue;
      const shape = v.shape;
      if (shape.length !== t.shape.length || shape.some((d, i) => d !== t.shape[i])) {
        mismatched.push(`${k}: expected ${fmtShape(t.shape)}, got ${fmtShape(shape)}`);
      }
    }
    if (strict && (missing.length || unexpected.length || mismatched.length)) {
      throw new StateDictError(missing, unexpected, mismatched);
    }
    if (!strict && mismatched.length) throw new StateDictError([], [], mismatched);
    noGrad(() => {
      for (const [k, t] of own) {
        const v = sd[k];
        if (!v) continue;
        const values = v instanceof Tensor ? v.toArray() : v.data;
        if (values.length !== t.size)
          throw new ShapeError('loadStateDict', `${k}: ${values.length} values for ${t.size} elements`);
        for (let i = 0; i < t.size; i++) t.data[i] = values[i]!;
      }
    });
    return { missing, unexpected };
  }

  /** Train mode for this module and all descendants (dropout on). */
  train(mode = true): this {
    this.training = mode;
    for (const c of this._children.values()) c.train(mode);
    return this;
  }

  /** Eval mode (dropout off). */
  eval(): this {
    return this.train(false);
  }

  /** Clears every parameter's gradient. */
  zeroGrad(): void {
    for (const p of this.parameters()) p.zeroGrad();
  }

  /**
   * Converts every parameter and buffer to `dtype`, replacing the tensors (build optimisers after).
   * Subclasses therefore read parameters through `this.param(name)` (or a getter over it), never
   * through a field that caches the tensor.
   */
  to(dtype: DType): this {
    const convert = (m: Module) => {
      for (const [n, p] of m._params) {
        if (p && p.dtype !== dtype) {
          const q = new Tensor(p.to(dtype).detach().toArray(), p.shape, undefined, 0, true);
          m._params.set(n, q);
        }
      }
      for (const [n, b] of m._buffers) if (b.dtype !== dtype) m._buffers.set(n, b.to(dtype).detach());
      for (const c of m._children.values()) convert(c);
    };
    convert(this);
    return this;
  }

  /** A one-line-per-module summary with parameter shapes. */
  summary(): string {
    const lines: string[] = [];
    const walk = (m: Module, name: string, depth: number) => {
      const own = [...m._params.entries()].filter(([, p]) => p).map(([n, p]) => `${n}${fmtShape(p!.shape)}`);
      lines.push(
        `${'  '.repeat(depth)}${name}${name ? ': ' : ''}${m.constructor.name}${own.length ? ` (${own.join(', ')})` : ''}`,
      );
      for (const [n, c] of m._children) walk(c, n, depth + 1);
    };
    walk(this, '', 0);
    lines.push(`${this.numParameters()} parameters`);
    return lines.join('\n');
  }
}
