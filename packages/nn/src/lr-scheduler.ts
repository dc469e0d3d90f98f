// The scheduler: applies a Schedule to an optimiser, lr = base lr × schedule(step), group by group.
// As torch's schedulers, it sets the step-0 rate when built and advances with step(), which goes
// after optimizer.step():
//
//   const sched = new LRScheduler(opt, cosineDecay({ totalSteps: 1000, warmupSteps: 100 }));
//   for (...) { loss.backward(); opt.step(); sched.step(); }
import { ValueError } from '@seqmod/tensor';
import type { GroupSettings, Optimizer } from './optimizer';
import type { Schedule } from './schedules';

export interface LRSchedulerState {
  /** How many times step() has run. */
  lastStep: number;
  /** Each group's base learning rate. */
  baseLrs: number[];
}

export class LRScheduler {
  readonly optimizer: Optimizer<GroupSettings>;
  readonly schedule: Schedule;
  private baseLrs: number[];
  private _lastStep = 0;

  constructor(optimizer: Optimizer<GroupSettings>, schedule: Schedule) {
    this.optimizer = optimizer;
    this.schedule = schedule;
    this.baseLrs = optimizer.paramGroups.map((g) => g.lr);
    this.apply();
  }

  /** The step the current rates belong to. */
  get lastStep(): number {
    return this._lastStep;
  }

  /** Advances one step and sets the new rates. */
  step(): void {
    this._lastStep++;
    this.apply();
  }

  /** The rates now set, one per group. */
  getLastLr(): number[] {
    return this.optimizer.paramGroups.map((g) => g.lr);
  }

  stateDict(): LRSchedulerState {
    return { lastStep: this._lastStep, baseLrs: [...this.baseLrs] };
  }

  loadStateDict(sd: LRSchedulerState): void {
    if (sd.baseLrs.length !== this.optimizer.paramGroups.length) {
      throw new ValueError(
        'LRScheduler.loadStateDict',
        `expected ${this.optimizer.paramGroups.length} base rates, got ${sd.baseLrs.length}`,
      );
    }
    if (!(Number.isInteger(sd.lastStep) && sd.lastStep >= 0)) {
      throw new ValueError(
        'LRScheduler.loadStateDict',
        `lastStep must be a non-negative integer, got ${sd.lastStep}`,
      );
    }
    this.baseLrs = [...sd.baseLrs];
    this._lastStep = sd.lastStep;
    this.apply();
  }

  private apply(): void {
    const f = this.schedule(this._lastStep);
    if (!(Number.isFinite(f) && f >= 0)) {
      throw new ValueError(
        'LRScheduler',
        `schedule returned ${f} at step ${this._lastStep}; expected a finite factor >= 0`,
      );
    }
    this.optimizer.paramGroups.forEach((g, i) => {
      g.lr = this.baseLrs[i]! * f;
    });
  }
}
