import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NotImplemented, type OpTable } from '../src/adapter';
import { compareOutputs } from '../src/compare';
import { parseFixture } from '../src/fixture';
import { runDirectory } from '../src/runner';

const tol = { rtol: 1e-10, atol: 1e-12, rtol32: 1e-4, atol32: 1e-6 };
const fixture = (op: string, id: string, expected: number[], extra: object = {}) => ({
  op,
  case: id,
  params: {},
  inputs: { x: { shape: [expected.length], dtype: 'float64', data: expected } },
  expected: { y: { shape: [expected.length], dtype: 'float64', data: expected } },
  tolerance: tol,
  ...extra,
});

function folder(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'conf-'));
  for (const [name, content] of Object.entries(files)) {
    const p = join(dir, name);
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  }
  return dir;
}

const ops: OpTable = {
  identity: (fx) => ({ outputs: { y: { shape: fx.inputs.x!.shape, data: fx.inputs.x!.data } } }),
  off_by_one: (fx) => ({
    outputs: { y: { shape: fx.inputs.x!.shape, data: fx.inputs.x!.data.map((v) => v + 1e-3) } },
  }),
  silent: () => ({ outputs: {} }),
  throws: () => {
    throw new RangeError('boom');
  },
  partial: () => {
    throw new NotImplemented('mode x');
  },
  f32: (fx) => ({
    outputs: { y: { shape: [1], data: [fx.inputs.x!.data[0]! * (1 + 5e-5)] } },
    computedIn: 'float32',
  }),
};

describe('conformance runner', () => {
  it('passes, fails and skips, and never passes an unknown op', async () => {
    const dir = folder({
      'a/pass.json': fixture('identity', 'a/pass', [1, 2]),
      'a/fail.json': fixture('off_by_one', 'a/fail', [1, 2]),
      'b/unknown.json': fixture('nobody_knows', 'b/unknown', [1]),
      'b/missing.json': fixture('silent', 'b/missing', [1]),
      'b/throws.json': fixture('throws', 'b/throws', [1]),
      'b/partial.json': fixture('partial', 'b/partial', [1]),
      'c/f32.json': fixture('f32', 'c/f32', [3]),
      'c/bad.json': '{"op": 1}',
      'c/README.md': 'not a fixture',
    });
    const s = await runDirectory(dir, ops, { dtype: 'float64' });
    const by = Object.fromEntries(s.verdicts.map((v) => [v.id, v]));
    expect(by['a/pass']!.status).toBe('PASS');
    expect(by['a/fail']!.status).toBe('FAIL');
    expect(by['a/fail']!.detail).toMatch(/y\[0\] = 1\.00100, expected 1\.00000/);
    expect(by['b/unknown']!.status).toBe('SKIP');
    expect(by['b/missing']!.status).toBe('FAIL');
    expect(by['b/missing']!.detail).toMatch(/output y was not produced/);
    expect(by['b/throws']!.detail).toMatch(/RangeError: boom/);
    expect(by['b/partial']!.status).toBe('SKIP');
    expect(by['c/f32']!.status).toBe('PASS'); // judged by rtol32 because the adapter says float32
    expect(s.verdicts.find((v) => v.id.endsWith('bad.json'))!.status).toBe('FAIL');
    expect([s.passed, s.failed, s.skipped]).toEqual([2, 4, 2]);
  });
  it('compares complex outputs part by part and checks shapes', () => {
    const exp = { z: { shape: [1], dtype: 'complex128' as const, data: [1, 2] } };
    expect(compareOutputs(exp, { z: { shape: [1], data: [1, 2], complex: true } }, 0, 0).ok).toBe(true);
    const off = compareOutputs(exp, { z: { shape: [1], data: [1, 2.1], complex: true } }, 0, 0.01);
    expect(off.ok).toBe(false);
    expect(off.worst!.index).toEqual([0, 1]);
    expect(compareOutputs(exp, { z: { shape: [1], data: [1, 2] } }, 0, 0).problems[0]!.message).toMatch(
      /complex/,
    );
    const real = { y: { shape: [2], dtype: 'float64' as const, data: [1, 2] } };
    expect(compareOutputs(real, { y: { shape: [1, 2], data: [1, 2] } }, 0, 0).problems[0]!.message).toMatch(
      /shape \[1, 2\]/,
    );
    expect(compareOutputs(real, { y: { shape: [2], data: [1, Number.NaN] } }, 1, 1).ok).toBe(false);
  });
  it('validates the schema', () => {
    expect(() => parseFixture('f', '[]')).toThrow(/top level/);
    const good = fixture('identity', 'x', [1]);
    expect(() =>
      parseFixture(
        'f',
        JSON.stringify({ ...good, expected: { y: { shape: [2], dtype: 'float64', data: [1] } } }),
      ),
    ).toThrow(/data has 1 numbers/);
    expect(() => parseFixture('f', JSON.stringify({ ...good, tolerance: {} }))).toThrow(/tolerance.rtol/);
    expect(parseFixture('f', JSON.stringify(good)).tolerance.rtol32).toBe(1e-4);
  });
});
