// The walk whose loads run an iteration ahead, run for real: the generated WGSL is integer code
// simple enough to execute as JavaScript after a few rewrites (u32 literals, declarations,
// integer division, select/min), so every step's time and loaded values can be checked for
// every walk length, direction and iteration size. (The kernels built on it are checked against
// float64 in test/browser.test.ts and on the H100 by bench/wgsl-backward.ts.)
import { describe, expect, it } from 'vitest';
import { prefetchedWalk } from '../src/wgsl-prefetched-walk';
import { balanced, count } from './wgsl-source';

/** The walk over [from, to) as JS: the steps it takes, in order, with their loaded values. */
function run(from: number, to: number, K: number, reverse: boolean): { t: number; x: number; y: number }[] {
  const src = prefetchedWalk({
    K,
    from: 'from',
    to: 'to',
    reverse,
    id: 'pw',
    loads: [
      { name: 'x', type: 'f32', at: (t) => `X[${t}]` },
      { name: 'y', type: 'vec4<f32>', at: (t) => `Y[${t}]` },
    ],
    step: (t, v) => `steps.push({ t: ${t}, x: ${v('x')}, y: ${v('y')} });`,
    atIteration: (it) => `iterations.push(${it});`,
  });
  const js = src
    .replace(/\b(\d+)u\b/g, '$1')
    .replace(/var (\w+): [\w<>]+;/g, 'let $1;')
    .replace(/\bvar\b/g, 'let')
    .replace(/(\w+) \/ (\d+)/g, 'Math.floor($1 / $2)');
  const steps: { t: number; x: number; y: number }[] = [];
  const iterations: number[] = [];
  // loads outside the walk read undefined, which the checks below would see
  const X = Array.from({ length: to }, (_, i) => (i >= from ? 1000 + i : undefined));
  const Y = Array.from({ length: to }, (_, i) => (i >= from ? 2000 + i : undefined));
  const select = (f: number, t: number, c: boolean) => (c ? t : f);
  new Function('from', 'to', 'X', 'Y', 'steps', 'iterations', 'select', 'min', js)(
    from,
    to,
    X,
    Y,
    steps,
    iterations,
    select,
    Math.min,
  );
  expect(iterations).toEqual(Array.from({ length: Math.ceil((to - from) / K) }, (_, i) => i));
  return steps;
}

describe('prefetchedWalk', () => {
  it('takes every step once, in order, with the values loaded for that step', () => {
    for (const K of [1, 2, 3, 4, 8])
      for (const reverse of [false, true])
        for (const [from, to] of [
          [0, 1],
          [0, 7],
          [3, 11],
          [5, 5 + 2 * K],
          [2, 2 + 3 * K + 1],
          [0, 64],
        ] as const) {
          const steps = run(from, to, K, reverse);
          const ts = Array.from({ length: to - from }, (_, i) => (reverse ? to - 1 - i : from + i));
          expect(
            steps.map((s) => s.t),
            `K ${K} ${reverse ? 'reverse' : 'forward'} [${from}, ${to})`,
          ).toEqual(ts);
          expect(steps.map((s) => s.x)).toEqual(ts.map((t) => 1000 + t));
          expect(steps.map((s) => s.y)).toEqual(ts.map((t) => 2000 + t));
        }
  });

  it('issues an iteration’s loads before it runs, and each step refills its registers after use', () => {
    const src = prefetchedWalk({
      K: 4,
      from: 't0',
      to: 't1',
      reverse: false,
      id: 'fw',
      loads: [{ name: 'x', type: 'f32', at: (t) => `X[${t}]` }],
      step: (_t, v) => `acc += ${v('x')};`,
    });
    expect(balanced(src)).toBe(true);
    const loop = src.slice(src.indexOf('for (var it'), src.indexOf('if (fwfull * 4u < fwn)'));
    expect(loop).toContain('let tn = min(tb + 4u, t1 - 4u);');
    expect(count(loop, 'X[')).toBe(4);
    expect(loop.indexOf('acc += fwx_2;')).toBeLessThan(loop.indexOf('fwx_2 = X[tn + 2u];'));
    expect(loop.indexOf('fwx_2 = X[tn + 2u];')).toBeLessThan(loop.indexOf('acc += fwx_3;'));
    // the tail loads as it goes
    expect(src.slice(src.indexOf('if (fwfull * 4u < fwn)'))).toContain('acc += X[t];');
    expect(() =>
      prefetchedWalk({
        K: 2,
        from: 'a',
        to: 'b',
        reverse: false,
        id: 'w',
        loads: [],
        step: (_t, v) => v('missing'),
      }),
    ).toThrow(/no load named missing/);
  });
});
