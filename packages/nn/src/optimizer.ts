// The optimiser base: parameter groups, per-parameter state, zeroGrad, and state dicts laid out
// as torch.optim.Optimizer.state_dict(): `state` keyed by the parameter's position across all
// groups (0, 1, ... in group order), `paramGroups` holding each group's settings and positions.
//
// Subclasses supply one update rule, `updateParam`, run under noGrad on raw arrays: an update is
// arithmetic on storage, not something to differentiate.
import {
  fmtShape,
  fromArray,
  noGrad,
  ShapeError,
  Tensor,
  type TypedArray,
  ValueError,
  zerosLike,
} from '@seqmod/tensor';

/** Settings shared by every optimiser; subclasses add theirs. `lr` is what schedulers set. */
export interface GroupSettings {
  lr: number;
}

/** A parameter group: parameters and the settings that apply to them (mutable, as in torch). */
export type ParamGroup<H extends GroupSettings> = H & { params: Tensor[] };

/** Parameters as a flat list, or as groups each overriding some of the defaults. */
export type ParamsInput<H extends GroupSettings> =
  | readonly Tensor[]
  | readonly (Partial<H> & { params: readonly Tensor[] })[];

/** Per-parameter state: a step count and named buffers shaped like the parameter. */
export interface ParamState {
  step: number;
  buffers: Record<string, Tensor>;
}

export interface OptimizerStateDict {
  /** By parameter position; only parameters that have been stepped have state. */
  state: Record<number, { step: number } & Record<string, number | Tensor>>;
  paramGroups: (Record<string, unknown> & { params: number[] })[];
}

export abstract class Optimizer<H extends GroupSettings = GroupSettings> {
  readonly paramGroups: ParamGroup<H>[];
  protected readonly state = new Map<Tensor, ParamState>();
  /** The optimiser's name in error messages (a getter: it is read during construction). */
  protected get name(): string {
    return 'Optimizer';
  }

  constructor(params: ParamsInput<H>, defaults: H) {
    const name = this.name;
    if (params.length === 0) throw new ValueError(name, 'got an empty parameter list');
    const groups = isGroupList(params) ? params : [{ params }];
    const seen = new Set<Tensor>();
    this.paramGroups = groups.map((g, gi) => {
      const { params: ps, ...overrides } = g as Partial<H> & { params: readonly Tensor[] };
      if (!ps || ps.length === 0) throw new ValueError(name, `parameter group ${gi} has no parameters`);
      for (const p of ps) {
        if (!(p instanceof Tensor))
          throw new ValueError(name, `group ${gi} holds something that is not a Tensor`);
        if (!p.isLeaf)
          throw new ValueError(name, `can only optimise leaf tensors; group ${gi} holds an op result`);
        if (!p.isContiguous())
          throw new ValueError(
            name,
            `parameters are updated in place and must be contiguous; got a view of shape ${fmtShape(p.shape)}`,
          );
        if (seen.has(p))
          throw new ValueError(name, 'a parameter appears more than once (within or across groups)');
        seen.add(p);
      }
      const group = { ...defaults, ...overrides, params: [...ps] } as ParamGroup<H>;
      this.validate(group);
      return group;
    });
  }

  /** Checks a group's settings; subclasses extend it (called for every group at construction). */
  protected validate(group: H): void {
    if (!(group.lr >= 0)) throw new ValueError(this.name, `lr must be >= 0, got ${group.lr}`);
  }

  /** Updates one parameter in place from its gradient `g` (contiguous, same length). */
  protected abstract updateParam(
    p: Tensor,
    g: ArrayLike<number>,
    group: ParamGroup<H>,
    state: ParamState,
  ): void;

  /** The buffers a fresh parameter state holds (names as in torch's state dict). */
  protected abstract bufferNames(group: ParamGroup<H>): string[];

  /** Every parameter, group by group. */
  params(): Tensor[] {
    return this.paramGroups.flatMap((g) => g.params);
  }

  /** One update of every parameter that has a gradient (parameters without one are skipped, as in torch). */
  step(): void {
    noGrad(() => {
      for (const group of this.paramGroups) {
        for (const p of group.params) {
          const grad = p.grad;
          if (!grad) continue;
          if (grad.size !== p.size || grad.ndim !== p.ndim || grad.shape.some((d, i) => d !== p.shape[i])) {
            throw new ShapeError(
              `${this.name}.step`,
              `gradient of shape ${fmtShape(grad.shape)} for a parameter of shape ${fmtShape(p.shape)}`,
            );
          }
          const g = grad.isContiguous()
            ? grad.data.subarray(grad.offset, grad.offset + grad.size)
            : grad.toArray();
          this.updateParam(p, g, group, this.stateOf(p, group));
        }
      }
    });
  }

  /** Clears every parameter's gradient (to null, as torch's default set_to_none=True). */
  zeroGrad(): void {
    for (const p of this.params()) p.zeroGrad();
  }

  private stateOf(p: Tensor, group: ParamGroup<H>): ParamState {
    let s = this.state.get(p);
    if (!s) {
      const buffers: Record<string, Tensor> = {};
      for (const b of this.bufferNames(group)) buffers[b] = zerosLike(p);
      s = { step: 0, buffers };
      this.state.set(p, s);
    }
    return s;
  }

  /** A snapshot (copies) of the step counts, buffers and group settings. */
  stateDict(): OptimizerStateDict {
    const state: OptimizerStateDict['state'] = {};
    const paramGroups: OptimizerStateDict['paramGroups'] = [];
    let index = 0;
    for (const group of this.paramGroups) {
      const { params, ...settings } = group;
      const ids: number[] = [];
      for (const p of params) {
        const s = this.state.get(p);
        if (s) {
          const entry: { step: number } & Record<string, number | Tensor> = { step: s.step };
          for (const [k, t] of Object.entries(s.buffers)) entry[k] = t.clone();
          state[index] = entry;
        }
        ids.push(index++);
      }
      paramGroups.push({ ...structuredClone(settings), params: ids });
    }
    return { state, paramGroups };
  }

  /** Restores a snapshot taken from an optimiser over parameters of the same shapes, in the same groups. */
  loadStateDict(sd: OptimizerStateDict): void {
    const op = `${this.name}.loadStateDict`;
    if (sd.paramGroups.length !== this.paramGroups.length) {
      throw new ValueError(
        op,
        `expected ${this.paramGroups.length} parameter groups, got ${sd.paramGroups.length}`,
      );
    }
    // The saved settings apply from now on; they also decide which buffers a state must hold.
    const settings = sd.paramGroups.map(({ params: _ids, ...rest }) => structuredClone(rest) as Partial<H>);
    const merged = this.paramGroups.map((group, gi) => ({ ...group, ...settings[gi] }) as ParamGroup<H>);
    merged.forEach((g) => this.validate(g));
    const byIndex = new Map<number, { p: Tensor; group: ParamGroup<H> }>();
    merged.forEach((group, gi) => {
      const saved = sd.paramGroups[gi]!;
      if (saved.params.length !== group.params.length) {
        throw new ValueError(
          op,
          `group ${gi}: expected ${group.params.length} parameters, got ${saved.params.length}`,
        );
      }
      saved.params.forEach((id, k) => byIndex.set(id, { p: group.params[k]!, group }));
    });
    const restored = new Map<Tensor, ParamState>();
    for (const [key, entry] of Object.entries(sd.state)) {
      const target = byIndex.get(Number(key));
      if (!target) throw new ValueError(op, `state for parameter ${key}, which no group lists`);
      const { step, ...rest } = entry;
      if (!(Number.isInteger(step) && step >= 0))
        throw new ValueError(op, `parameter ${key}: step must be a non-negative integer, got ${step}`);
      const buffers: Record<string, Tensor> = {};
      for (const name of this.bufferNames(target.group)) {
        const t = rest[name];
        if (!(t instanceof Tensor)) throw new ValueError(op, `parameter ${key}: missing buffer "${name}"`);
        if (t.ndim !== target.p.ndim || t.shape.some((d, i) => d !== target.p.shape[i])) {
          throw new ShapeError(
            op,
            `parameter ${key}: buffer "${name}" expected ${fmtShape(target.p.shape)}, got ${fmtShape(t.shape)}`,
          );
        }
        buffers[name] = fromArray(t.toArray(), t.shape, { dtype: target.p.dtype });
      }
      restored.set(target.p, { step, buffers });
    }
    this.paramGroups.forEach((group, gi) => Object.assign(group, settings[gi]));
    this.state.clear();
    for (const [p, s] of restored) this.state.set(p, s);
  }
}

function isGroupList<H extends GroupSettings>(
  params: ParamsInput<H>,
): params is readonly (Partial<H> & { params: readonly Tensor[] })[] {
  return params.length > 0 && !(params[0] instanceof Tensor);
}

/** The storage of a parameter (or buffer) as a writable contiguous array. */
export function storageOf(t: Tensor): TypedArray {
  return t.data.subarray(t.offset, t.offset + t.size);
}
