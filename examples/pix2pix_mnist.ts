// pix2pix (Isola et al. 2017, arXiv 1611.07004) on the embedded MNIST: paired Sobel edge maps → digits. Checkpoints let
// a rerun continue; at the end it measures on the 997 held-out pairs how often the bundled classifier recognises the
// output as the digit of its edge map.
// Run: npm run example:pix2pix-mnist [-- --steps N --out DIR --backend NAME --batch-size N --width N --digits N
//        --held-out N --checkpoint-every N --log-every N]
// Writes DIR/edges2digits.png (each held-out edge map, the output, the true digit) and DIR/checkpoints/.
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import {
  CheckpointManager, progressLogger, Pix2PixTrainer, linearLearningRateDecay, loadMnistEdgePairs, mnistLabelAccuracy, patchGanDiscriminator, unetGenerator,
  useFastestBackend, writeTranslationGrid, type LogsOf,
} from 'gan-kit';

const { values: args } = parseArgs({
  options: {
    steps: { type: 'string', default: '2000' },
    out: { type: 'string', default: 'examples/out/pix2pix' },
    backend: { type: 'string' },
    'batch-size': { type: 'string', default: '16' },
    width: { type: 'string', default: '32' },
    digits: { type: 'string' },
    'held-out': { type: 'string' },
    'checkpoint-every': { type: 'string', default: '250' },
    'log-every': { type: 'string', default: '100' },
  },
});
const steps = Number(args.steps);
console.log((await useFastestBackend(args.backend === undefined ? {} : { prefer: [args.backend] })).reason);

// The paper's networks at 28×28: a U-Net (28 → 14 → 7 and back, skip connections, dropout as the noise) and a
// PatchGAN that judges 16×16 patches of the (output, edge map) pair.
const imageShape = [28, 28, 1];
const trainer = new Pix2PixTrainer(
  {
    generator: unetGenerator({ imageShape, width: Number(args.width), seed: 1 }),
    discriminator: patchGanDiscriminator({ imageShape, conditionChannels: 1, layers: 1, width: 32, seed: 2 }),
  },
  { seed: 1 },   // the paper's L1 weight λ = 100, non-saturating loss, Adam(2e-4, 0.5)
);
const checkpoints = new CheckpointManager<LogsOf<Pix2PixTrainer['algorithm']>>({ directory: `${args.out}/checkpoints`, keep: 2 });
const restored = await checkpoints.restore(trainer);
if (restored !== undefined) console.log(`continuing from step ${restored.step} (${restored.path})`);

const { a: edges, b: digits, labels } = await loadMnistEdgePairs({ split: 'train', ...(args.digits === undefined ? {} : { count: Number(args.digits) }) });
const started = Date.now();
const firstStep = trainer.step;
if (trainer.step < steps) {
  await trainer.fit({ a: edges, b: digits }, {
    steps: steps - trainer.step,
    batchSize: Number(args['batch-size']),
    callbacks: [
      linearLearningRateDecay({ from: 0.5, initial: { generator: 2e-4, discriminator: 2e-4 } }),
      checkpoints.callback({ every: Number(args['checkpoint-every']) }),
      progressLogger({ every: Number(args['log-every']) }),   // step, steps/s, ETA and every loss of the step
    ],
  });
}
const seconds = (Date.now() - started) / 1000;
tf.dispose([edges, digits, labels]);

// Held-out pairs: is the output recognised as the digit of its edge map?
const test = await loadMnistEdgePairs({ split: 'test', ...(args['held-out'] === undefined ? {} : { count: Number(args['held-out']) }) });
const output = trainer.translate(test.a) as tf.Tensor4D;
const accuracy = await mnistLabelAccuracy(output, test.labels);
const onEdges = await mnistLabelAccuracy(test.a, test.labels);
const l1 = tf.tidy(() => tf.mean(tf.abs(tf.sub(output, test.b))).dataSync()[0]!);
console.log(
  `the classifier recognises ${(100 * accuracy).toFixed(1)}% of ${test.a.shape[0]} held-out outputs as their edge map's digit ` +
    `(${(100 * onEdges).toFixed(1)}% of the edge maps themselves); mean |output − digit| ${l1.toFixed(4)}`,
);
const rows = [test.a, output, test.b].map((t) => tf.slice(t, 0, 16) as tf.Tensor4D);
await writeTranslationGrid(`${args.out}/edges2digits.png`, rows);
const ran = trainer.step - firstStep;
console.log(`${ran} steps in ${seconds.toFixed(1)} s${ran > 0 ? ` (${(ran / seconds).toFixed(2)} steps/s)` : ''}; wrote ${args.out}/edges2digits.png (edge map, output, true digit), checkpoints in ${args.out}/checkpoints`);
tf.dispose([output, ...rows, test.a, test.b, test.labels]);
trainer.dispose();
