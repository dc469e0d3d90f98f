// The README's example: node --conditions=@seqmod/source --import tsx examples/quickstart.ts
import { LSTM } from '@seqmod/cells';
import { Generator, sum } from '@seqmod/tensor';

const lstm = new LSTM(8, 32, { numLayers: 2 }); // torch.nn.LSTM(8, 32, num_layers=2)
const x = new Generator(1).normal([4, 50, 8]); // [batch, length, features]
const [y, { h }] = lstm.forward(x); // y: [4, 50, 32], h and c: [2, 4, 32]
let state = lstm.initialState(4); // the same, one step at a time (generation)
for (let t = 0; t < 50; t++) [, state] = lstm.step(x.select(1, t), state);
console.log(y.shape, h.shape, state.h.sub(h).abs().max().item()); // [4, 50, 32] [2, 4, 32] 0
const [, padded] = lstm.forward(x, undefined, { lengths: [50, 20, 35, 1] }); // a padded batch
sum(padded.h).backward(); // backpropagation through time
console.log(lstm.param('weight_hh_l0').grad!.shape); // [128, 32]
