// A WGSL walk over time whose loads run one loop iteration ahead: the walk over t in [from, to)
// (or from to − 1 down to from) goes in iterations of K unrolled steps, and while an iteration
// computes, the values its successor reads are already on their way into registers. A plain
// loop over t issues a step's loads only when the step starts, so each step waits for a
// global-memory round trip (measured on the H100 for the forward's state lanes: ~570 cycles per
// step until their B and C rows were loaded an iteration ahead; wgsl-kernel-selective-lanes.ts).
// The steps past the last whole iteration (fewer than K) run as a plain loop. Used by the
// selective backward's walks over a span (wgsl-kernel-selective-backward.ts, tile option
// `prefetch`; with its chunks' loads hoisted, −13 to −15 % on the H100, runs 38–40).

import { unroll } from './wgsl-functions';

/** One value a step reads: a register per step of the iteration, and its load at time `t`. */
export interface WalkLoad {
  name: string;
  /** WGSL type, e.g. f32 or vec4<f32> */
  type: string;
  /** the load expression at time index `t` (a WGSL u32 expression) */
  at: (t: string) => string;
}

export interface PrefetchedWalk {
  /** steps per iteration */
  K: number;
  /** first step and one past the last (WGSL u32 expressions, from < to) */
  from: string;
  to: string;
  /** true: from to − 1 down to from */
  reverse: boolean;
  loads: WalkLoad[];
  /** one step at time `t`; `v(name)` is the value of load `name` for that step */
  step: (t: string, v: (name: string) => string) => string;
  /** code at the start of every iteration (the tail's too), given its index (a WGSL expression) */
  atIteration?: (it: string) => string;
  /** a prefix for the walk's own names, so that two walks can share a scope */
  id: string;
}

/** The walk as WGSL statements, in a block of its own (indented by two spaces). */
export function prefetchedWalk(w: PrefetchedWalk): string {
  const { K, from, to, id } = w;
  const reg = (name: string, s: number) => `${id}${name}_${s}`;
  // step s of an iteration whose first step is `base`
  const tOf = (base: string, s: number) => (w.reverse ? `${base} - ${s}u` : `${base} + ${s}u`);
  const n = `${id}n`;
  const full = `${id}full`;
  // the first step of iteration `it`
  const first = (it: string) => (w.reverse ? `${to} - 1u - ${it} * ${K}u` : `${from} + ${it} * ${K}u`);
  // the next iteration's first step, kept inside the walk: for the last whole iteration the
  // loads are of steps the walk has (the tail reloads its own), so no step needs a clamp
  const next = w.reverse
    ? `select(${from} + ${K - 1}u, tb - ${K}u, tb + 1u >= ${from} + ${2 * K}u)`
    : `min(tb + ${K}u, ${to} - ${K}u)`;
  const load = (name: string, t: string) => {
    const l = w.loads.find((x) => x.name === name);
    if (!l) throw new Error(`prefetchedWalk: no load named ${name}`);
    return l.at(t);
  };
  // step s reads its registers, then refills them with step s of the next iteration (one copy
  // of each register live, as in the forward's state lanes)
  const iteration = unroll(
    K,
    (s) => `      {
        let t = ${tOf('tb', s)};
${indent(
  w.step('t', (name) => reg(name, s)),
  '        ',
)}
      }
${w.loads.map((l) => `      ${reg(l.name, s)} = ${l.at(tOf('tn', s))};`).join('\n')}`,
  );
  return `  {
    let ${n} = ${to} - ${from};
    let ${full} = ${n} / ${K}u;
${unroll(K, (s) => w.loads.map((l) => `    var ${reg(l.name, s)}: ${l.type};`).join('\n'))}
    if (${full} > 0u) {
      let tb = ${first('0u')};
${unroll(K, (s) => w.loads.map((l) => `      ${reg(l.name, s)} = ${l.at(tOf('tb', s))};`).join('\n'))}
    }
    for (var it = 0u; it < ${full}; it++) {
      let tb = ${first('it')};
      let tn = ${next};${w.atIteration ? `\n${indent(w.atIteration('it'), '      ')}` : ''}
${iteration}
    }
    if (${full} * ${K}u < ${n}) {${w.atIteration ? `\n${indent(w.atIteration(full), '      ')}` : ''}
      for (var ${id}r = ${full} * ${K}u; ${id}r < ${n}; ${id}r++) {
        let t = ${w.reverse ? `${to} - 1u - ${id}r` : `${from} + ${id}r`};
${indent(
  w.step('t', (name) => load(name, 't')),
  '        ',
)}
      }
    }
  }`;
}

function indent(code: string, by: string): string {
  return code
    .split('\n')
    .map((l) => (l.length > 0 ? by + l : l))
    .join('\n');
}
