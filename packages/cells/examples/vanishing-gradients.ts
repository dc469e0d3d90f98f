// ‖∂L/∂h_t‖ against t for a vanilla RNN and an LSTM (loss on the last step of a T = 100 adding
// problem sequence), written as JSON { t, rnn, lstm } for the web lab to plot.
//
//   node --conditions=@seqmod/source --import tsx examples/vanishing-gradients.ts out.json
//        [--length 100] [--hidden 32] [--forget-bias 1 | --torch-init] [--seed 0]
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { gradientNormsOverTime } from '@seqmod/cells';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    length: { type: 'string', default: '100' },
    hidden: { type: 'string', default: '32' },
    'forget-bias': { type: 'string', default: '1' },
    'torch-init': { type: 'boolean', default: false },
    seed: { type: 'string', default: '0' },
  },
});
const out = positionals[0];
if (!out) {
  console.error(
    'usage: vanishing-gradients.ts <out.json> [--length 100] [--hidden 32] [--forget-bias 1 | --torch-init]',
  );
  process.exit(2);
}
const curves = gradientNormsOverTime({
  length: Number(values.length),
  hiddenSize: Number(values.hidden),
  seed: Number(values.seed),
  forgetBias: values['torch-init'] ? null : Number(values['forget-bias']),
});
writeFileSync(out, `${JSON.stringify(curves)}\n`);
const T = curves.t.length;
console.log('distance from the loss   ‖∂L/∂h_t‖ RNN   ‖∂L/∂h_t‖ LSTM');
for (const d of [0, 10, 25, 50, T - 1].filter((v, i, a) => v < T && a.indexOf(v) === i)) {
  const t = T - 1 - d;
  console.log(
    `${String(d).padStart(22)}   ${curves.rnn[t]!.toExponential(2).padStart(13)}   ${curves.lstm[t]!.toExponential(2).padStart(14)}`,
  );
}
console.log(`wrote ${out}`);
