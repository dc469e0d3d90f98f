// Learning-rate schedules as plain functions of the step: each returns the factor that multiplies
// a parameter group's base learning rate at that step (the LambdaLR convention of torch, so one
// schedule serves groups with different base rates). `step` counts optimiser steps from 0.
//
// Warm-up follows Hugging Face transformers' get_*_schedule_with_warmup: the factor is t/w for
// t < w, so step 0 has factor 0. Cosine decay is the annealing of SGDR (Loshchilov & Hutter 2017)
// without restarts, as torch.optim.lr_scheduler.CosineAnnealingLR in closed form.
import { ValueError } from '@seqmod/tensor';

/** step -> factor of the base learning rate. */
export type Schedule = (step: number) => number;

function checkCount(op: string, name: string, v: number, min: number): void {
  if (!(Number.isInteger(v) && v >= min))
    throw new ValueError(op, `${name} must be an integer >= ${min}, got ${v}`);
}

function checkFactor(op: string, name: string, v: number): void {
  if (!(v >= 0 && v <= 1)) throw new ValueError(op, `${name} must be in [0, 1], got ${v}`);
}

/** Factor 1 at every step. */
export function constantSchedule(): Schedule {
  return () => 1;
}

/** Factor t/w for t < w, then 1 (HF get_constant_schedule_with_warmup). */
export function linearWarmup(warmupSteps: number): Schedule {
  checkCount('linearWarmup', 'warmupSteps', warmupSteps, 0);
  return (t) => (t < warmupSteps ? t / warmupSteps : 1);
}

export interface DecayOptions {
  /** Step at which the decay ends (the factor then stays at minFactor). */
  totalSteps: number;
  /** Linear warm-up steps before the decay starts (default 0). */
  warmupSteps?: number;
  /** Factor reached at totalSteps (default 0); CosineAnnealingLR's eta_min / base lr. */
  minFactor?: number;
}

function decayArgs(op: string, o: DecayOptions): { total: number; warm: number; floor: number } {
  const warm = o.warmupSteps ?? 0;
  const floor = o.minFactor ?? 0;
  checkCount(op, 'warmupSteps', warm, 0);
  checkCount(op, 'totalSteps', o.totalSteps, Math.max(warm, 1));
  checkFactor(op, 'minFactor', floor);
  return { total: o.totalSteps, warm, floor };
}

/**
 * Warm-up, then a half cosine from 1 to minFactor over the remaining steps:
 * f(t) = m + (1 − m)·½(1 + cos(π·(t − w)/(T − w))), held at m after T.
 * With w = 0 this is CosineAnnealingLR(T_max = T, eta_min = m·lr); with m = 0 it is HF
 * get_cosine_schedule_with_warmup.
 */
export function cosineDecay(opts: DecayOptions): Schedule {
  const { total, warm, floor } = decayArgs('cosineDecay', opts);
  return (t) => {
    if (t < warm) return t / warm;
    const progress = total === warm ? 1 : Math.min(1, (t - warm) / (total - warm));
    return floor + (1 - floor) * 0.5 * (1 + Math.cos(Math.PI * progress));
  };
}

/** Warm-up, then a straight line from 1 to minFactor at totalSteps (HF get_linear_schedule_with_warmup when m = 0). */
export function linearDecay(opts: DecayOptions): Schedule {
  const { total, warm, floor } = decayArgs('linearDecay', opts);
  return (t) => {
    if (t < warm) return t / warm;
    const progress = total === warm ? 1 : Math.min(1, (t - warm) / (total - warm));
    return 1 - (1 - floor) * progress;
  };
}

/** Factor γ^⌊t / stepSize⌋ (torch.optim.lr_scheduler.StepLR). */
export function stepDecay(opts: { stepSize: number; gamma?: number }): Schedule {
  const gamma = opts.gamma ?? 0.1;
  checkCount('stepDecay', 'stepSize', opts.stepSize, 1);
  if (!(gamma > 0)) throw new ValueError('stepDecay', `gamma must be > 0, got ${gamma}`);
  return (t) => gamma ** Math.floor(t / opts.stepSize);
}
