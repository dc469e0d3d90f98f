// The typed errors every entry point throws, from @seqmod/tensor (one import site for the package).
export { DTypeError, ShapeError, ValueError } from '@seqmod/tensor';
