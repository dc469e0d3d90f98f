import { radix4Pass } from '../src/stage-radix4';
import { describeStockhamPass } from './helpers/stockham-pass-check';

describeStockhamPass('radix4Pass', 4, radix4Pass);
