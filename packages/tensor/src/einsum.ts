// Einstein summation for one to three operands: "ij,jk->ik", "bhqd,bhkd->bhqk", "...d,de->...e".
//
// A pair is contracted by sorting its indices into batch (in both and kept), free (in one and
// kept), contracted (in both, dropped) and summed-away (in one, dropped); the operands are then
// permuted and reshaped to [batch, free, contracted] and multiplied with one batched matmul.
// Three operands contract left to right, keeping what the third operand or the output needs.
import { fmtShape, ShapeError, ValueError } from './errors';
import { matmul } from './matmul';
import { sum } from './reduce';
import type { Tensor } from './tensor';
import { expand, permute, reshape } from './views';

interface Term {
  t: Tensor;
  idx: string[];
}

function parse(equation: string, operands: readonly Tensor[]): { inputs: string[][]; output: string[] } {
  const eq = equation.replace(/\s+/g, '');
  const [lhs, rhs] = eq.includes('->') ? (eq.split('->') as [string, string]) : [eq, undefined];
  const specs = lhs.split(',');
  if (specs.length !== operands.length) {
    throw new ValueError(
      'einsum',
      `"${equation}" names ${specs.length} operands, ${operands.length} were given`,
    );
  }
  // An ellipsis stands for the same leading broadcast dimensions in every operand; give them
  // private names (digits never collide with the letters of the equation).
  const ellRank = Math.max(
    0,
    ...specs.map((s, i) => (s.includes('...') ? operands[i]!.ndim - (s.length - 3) : 0)),
  );
  const ellNames = Array.from({ length: ellRank }, (_, i) => String(i));
  const inputs = specs.map((s, i) => {
    const t = operands[i]!;
    let names: string[];
    if (s.includes('...')) {
      const [pre, post] = s.split('...') as [string, string];
      const here = t.ndim - pre.length - post.length;
      if (here < 0)
        throw new ShapeError(
          'einsum',
          `operand ${i} of shape ${fmtShape(t.shape)} has too few axes for "${s}"`,
        );
      names = [...pre, ...ellNames.slice(ellRank - here), ...post];
    } else names = [...s];
    for (const c of names)
      if (!/^[a-zA-Z0-9]$/.test(c)) throw new ValueError('einsum', `bad index "${c}" in "${equation}"`);
    if (names.length !== t.ndim) {
      throw new ShapeError(
        'einsum',
        `operand ${i} has shape ${fmtShape(t.shape)} but "${s}" names ${names.length} axes`,
      );
    }
    if (new Set(names).size !== names.length) {
      throw new ValueError(
        'einsum',
        `repeated index within one operand ("${s}", a diagonal) is not supported`,
      );
    }
    return names;
  });
  let output: string[];
  if (rhs !== undefined) {
    output = rhs.includes('...') ? [...rhs.split('...')[0]!, ...ellNames, ...rhs.split('...')[1]!] : [...rhs];
    const all = new Set(inputs.flat());
    for (const c of output)
      if (!all.has(c)) throw new ValueError('einsum', `output index "${c}" appears in no operand`);
    if (new Set(output).size !== output.length)
      throw new ValueError('einsum', `repeated output index in "${equation}"`);
  } else {
    const count = new Map<string, number>();
    for (const c of inputs.flat()) count.set(c, (count.get(c) ?? 0) + 1);
    output = [
      ...ellNames,
      ...[...count.keys()].filter((c) => count.get(c) === 1 && !ellNames.includes(c)).sort(),
    ];
  }
  return { inputs, output };
}

/** Sizes of every index, with size-1 dimensions broadcasting against larger ones. */
function indexSizes(terms: Term[]): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const { t, idx } of terms) {
    idx.forEach((c, i) => {
      const d = t.shape[i]!;
      const prev = sizes.get(c);
      if (prev === undefined || prev === 1) sizes.set(c, d);
      else if (d !== prev && d !== 1)
        throw new ShapeError('einsum', `index "${c}" has sizes ${prev} and ${d}`);
    });
  }
  return sizes;
}

/** Sums away indices of a term that nobody else needs. */
function reduceTerm(term: Term, keep: Set<string>): Term {
  const drop = term.idx.flatMap((c, i) => (keep.has(c) ? [] : [i]));
  if (drop.length === 0) return term;
  return { t: sum(term.t, drop), idx: term.idx.filter((c) => keep.has(c)) };
}

function contractPair(a: Term, b: Term, keep: Set<string>, sizes: Map<string, number>): Term {
  a = reduceTerm(a, new Set([...keep, ...b.idx]));
  b = reduceTerm(b, new Set([...keep, ...a.idx]));
  const inB = new Set(b.idx);
  const inA = new Set(a.idx);
  const batch = a.idx.filter((c) => inB.has(c) && keep.has(c));
  const contracted = a.idx.filter((c) => inB.has(c) && !keep.has(c));
  const freeA = a.idx.filter((c) => !inB.has(c));
  const freeB = b.idx.filter((c) => !inA.has(c));
  const size = (cs: string[]) => cs.reduce((p, c) => p * sizes.get(c)!, 1);
  const arrange = (term: Term, order: string[], shape: number[]) => {
    const p = permute(
      term.t,
      order.map((c) => term.idx.indexOf(c)),
    );
    // broadcast size-1 axes to the common index size before flattening
    return reshape(
      expand(
        p,
        order.map((c) => sizes.get(c)!),
      ),
      shape,
    );
  };
  const A = arrange(a, [...batch, ...freeA, ...contracted], [size(batch), size(freeA), size(contracted)]);
  const B = arrange(b, [...batch, ...contracted, ...freeB], [size(batch), size(contracted), size(freeB)]);
  const C = matmul(A, B);
  const idx = [...batch, ...freeA, ...freeB];
  return {
    t: reshape(
      C,
      idx.map((c) => sizes.get(c)!),
    ),
    idx,
  };
}

/** einsum over 1–3 operands (output order as written; implicit output: once-seen indices, sorted). */
export function einsum(equation: string, ...operands: Tensor[]): Tensor {
  if (operands.length < 1 || operands.length > 3) {
    throw new ValueError('einsum', `supports one to three operands, got ${operands.length}`);
  }
  const { inputs, output } = parse(equation, operands);
  let terms: Term[] = operands.map((t, i) => ({ t, idx: inputs[i]! }));
  const sizes = indexSizes(terms);
  const outSet = new Set(output);
  while (terms.length > 1) {
    const [a, b, ...rest] = terms as [Term, Term, ...Term[]];
    const keep = new Set([...outSet, ...rest.flatMap((r) => r.idx)]);
    terms = [contractPair(a, b, keep, sizes), ...rest];
  }
  const last = reduceTerm(terms[0]!, outSet);
  const perm = output.map((c) => last.idx.indexOf(c));
  const out = permute(last.t, perm);
  return expand(
    out,
    output.map((c) => sizes.get(c)!),
  );
}
