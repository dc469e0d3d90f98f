// Shared by the tests of generated WGSL: counting a piece of source, bracket balance, and the
// selective kernels' options with every one on.
import type { SelectiveOptions } from '../src/wgsl-selective-options';

/** N = 16 with every option on (softplus, bias, D, z, h0): the specs the kernel tests start from. */
export const EVERY_OPTION: SelectiveOptions = {
  state: 16,
  softplus: true,
  hasBias: true,
  hasD: true,
  hasZ: true,
  hasH0: true,
};

/** How many times `s` occurs in `src`. */
export const count = (src: string, s: string): number => src.split(s).length - 1;

/** Whether (), [] and {} nest properly in `src`, comments ignored. */
export function balanced(src: string): boolean {
  const open = '([{';
  const close = ')]}';
  const stack: string[] = [];
  for (const ch of src.replace(/\/\/.*$/gm, '')) {
    if (open.includes(ch)) stack.push(ch);
    else if (close.includes(ch) && stack.pop() !== open[close.indexOf(ch)]) return false;
  }
  return stack.length === 0;
}
