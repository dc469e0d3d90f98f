import { radix5Pass } from '../src/stage-radix5';
import { describeStockhamPass } from './helpers/stockham-pass-check';

describeStockhamPass('radix5Pass', 5, radix5Pass);
