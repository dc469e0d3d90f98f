import { radix2Pass } from '../src/stage-radix2';
import { describeStockhamPass } from './helpers/stockham-pass-check';

describeStockhamPass('radix2Pass', 2, radix2Pass);
