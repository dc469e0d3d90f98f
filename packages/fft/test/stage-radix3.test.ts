import { radix3Pass } from '../src/stage-radix3';
import { describeStockhamPass } from './helpers/stockham-pass-check';

describeStockhamPass('radix3Pass', 3, radix3Pass);
