import { radix8Pass } from '../src/stage-radix8';
import { describeStockhamPass } from './helpers/stockham-pass-check';

describeStockhamPass('radix8Pass', 8, radix8Pass);
