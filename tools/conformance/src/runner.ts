// Runs fixture files against an op table and yields one verdict per case.
import type { OpTable, RunOptions } from './adapter';
import { NotImplemented } from './adapter';
import { compareOutputs, type Worst } from './compare';
import { type Fixture, FixtureFormatError, listFixtureFiles, loadFixture } from './fixture';

export type Status = 'PASS' | 'FAIL' | 'SKIP';

export interface Verdict {
  status: Status;
  id: string;
  op: string;
  detail: string;
  worst?: Worst | null;
}

function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return x === 0 ? '0' : Math.abs(x) >= 1e-3 && Math.abs(x) < 1e4 ? x.toPrecision(6) : x.toExponential(3);
}

function describeWorst(w: Worst): string {
  return `${w.output}[${w.index.join(',')}] = ${fmt(w.actual)}, expected ${fmt(w.expected)}, |err| ${fmt(w.error)} (allowed ${fmt(w.allowed)})`;
}

export async function runFixture(fx: Fixture, ops: OpTable, options: RunOptions): Promise<Verdict> {
  const base = { id: fx.case, op: fx.op };
  const adapter = Object.hasOwn(ops, fx.op) ? ops[fx.op] : undefined;
  if (!adapter) return { ...base, status: 'SKIP', detail: `not implemented (op ${fx.op})` };
  let result: Awaited<ReturnType<typeof adapter>>;
  try {
    result = await adapter(fx, options);
  } catch (e) {
    if (e instanceof NotImplemented)
      return { ...base, status: 'SKIP', detail: `not implemented (${e.message})` };
    const err = e as Error;
    return { ...base, status: 'FAIL', detail: `threw ${err.name}: ${err.message}` };
  }
  const dtype = result.computedIn ?? options.dtype;
  const t = fx.tolerance;
  const [rtol, atol] = dtype === 'float32' ? [t.rtol32, t.atol32] : [t.rtol, t.atol];
  const cmp = compareOutputs(fx.expected, result.outputs, rtol, atol);
  const tag = `${dtype}`;
  if (cmp.problems.length > 0) {
    return {
      ...base,
      status: 'FAIL',
      detail: `${tag}: ${cmp.problems.map((p) => p.message).join('; ')}`,
      worst: cmp.worst,
    };
  }
  if (!cmp.ok && cmp.worst)
    return { ...base, status: 'FAIL', detail: `${tag}: worst ${describeWorst(cmp.worst)}`, worst: cmp.worst };
  const w = cmp.worst;
  return { ...base, status: 'PASS', detail: w ? `${tag}, max err/allowed ${fmt(w.ratio)}` : tag, worst: w };
}

export interface Summary {
  passed: number;
  failed: number;
  skipped: number;
  verdicts: Verdict[];
}

/** Runs every fixture file below `dir`; `onVerdict` sees each case as it finishes. */
export async function runDirectory(
  dir: string,
  ops: OpTable,
  options: RunOptions,
  onVerdict: (v: Verdict) => void = () => {},
  filter?: (fx: Fixture) => boolean,
): Promise<Summary> {
  const summary: Summary = { passed: 0, failed: 0, skipped: 0, verdicts: [] };
  for (const file of listFixtureFiles(dir)) {
    let verdict: Verdict;
    try {
      const fx = loadFixture(file, dir);
      if (filter && !filter(fx)) continue;
      verdict = await runFixture(fx, ops, options);
    } catch (e) {
      const why = e instanceof FixtureFormatError ? e.message : `${file}: ${(e as Error).message}`;
      verdict = { status: 'FAIL', id: file, op: '?', detail: why };
    }
    if (verdict.status === 'PASS') summary.passed++;
    else if (verdict.status === 'FAIL') summary.failed++;
    else summary.skipped++;
    summary.verdicts.push(verdict);
    onVerdict(verdict);
  }
  return summary;
}
