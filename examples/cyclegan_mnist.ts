// CycleGAN (Zhu et al. 2017, arXiv 1703.10593) on the embedded MNIST: unpaired translation between digits as written
// (A) and digits with thickened strokes (B), two disjoint halves of the training digits. Checkpoints let a rerun
// continue; at the end it measures, on the 997 held-out digits, whether each translation keeps the digit (the bundled
// classifier) and lands on the other domain's stroke area.
// Run: npm run example:cyclegan-mnist [-- --steps N --out DIR --backend NAME --batch-size N --width N --blocks N
//        --digits N --held-out N --checkpoint-every N --log-every N]
// Writes DIR/a2b.png and DIR/b2a.png (each held-out digit x, its translation, and the round trip back) and DIR/checkpoints/.
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import {
  CheckpointManager, progressLogger, CycleGanTrainer, linearLearningRateDecay, loadMnistStrokeDomains, mnistLabelAccuracy, patchGanDiscriminator, resnetGenerator,
  strokeArea, unpaired, useFastestBackend, writeTranslationGrid, type LogsOf,
} from 'gan-kit';

const { values: args } = parseArgs({
  options: {
    steps: { type: 'string', default: '2000' },
    out: { type: 'string', default: 'examples/out/cyclegan' },
    backend: { type: 'string' },
    'batch-size': { type: 'string', default: '8' },
    width: { type: 'string', default: '8' },
    blocks: { type: 'string', default: '2' },
    digits: { type: 'string' },
    'held-out': { type: 'string' },
    'checkpoint-every': { type: 'string', default: '250' },
    'log-every': { type: 'string', default: '100' },
  },
});
const steps = Number(args.steps);
console.log((await useFastestBackend(args.backend === undefined ? {} : { prefer: [args.backend] })).reason);

// The paper's networks, scaled to 28×28: ResNet generators (28 → 14 → 7, residual blocks, back up) and PatchGANs
// judging 16×16 patches, about one stroke junction each.
const imageShape = [28, 28, 1];
const generator = (seed: number) => resnetGenerator({ imageShape, width: Number(args.width), blocks: Number(args.blocks), seed });
const critic = (seed: number) => patchGanDiscriminator({ imageShape, layers: 1, width: 32, normalization: 'instance', seed });
const trainer = new CycleGanTrainer(
  { generatorAB: generator(1), generatorBA: generator(2), discriminatorA: critic(3), discriminatorB: critic(4) },
  { seed: 1 },   // the paper's λ_cyc = 10, identity 0.5·λ, least squares, pools of 50, Adam(2e-4, 0.5)
);
const checkpoints = new CheckpointManager<LogsOf<CycleGanTrainer['algorithm']>>({ directory: `${args.out}/checkpoints`, keep: 2 });
const restored = await checkpoints.restore(trainer);
if (restored !== undefined) console.log(`continuing from step ${restored.step} (${restored.path})`);

const count = args.digits === undefined ? {} : { count: Number(args.digits) };
const { a, b } = await loadMnistStrokeDomains({ split: 'train', ...count });
const started = Date.now();
const firstStep = trainer.step;
if (trainer.step < steps) {
  await trainer.fit(unpaired({ a: a.images, b: b.images }), {
    steps: steps - trainer.step,
    batchSize: Number(args['batch-size']),
    callbacks: [
      linearLearningRateDecay({ from: 0.5, initial: { generators: 2e-4, discriminators: 2e-4 } }),   // the paper's schedule
      checkpoints.callback({ every: Number(args['checkpoint-every']) }),
      progressLogger({ every: Number(args['log-every']) }),   // step, steps/s, ETA and every loss of the step
    ],
  });
}
const seconds = (Date.now() - started) / 1000;
tf.dispose([a.images, a.labels, b.images, b.labels]);

// Held-out digits: does the translation keep the digit, and does it reach the other domain's stroke area?
const test = await loadMnistStrokeDomains({ split: 'test', ...(args['held-out'] === undefined ? {} : { count: Number(args['held-out']) }) });
const mean = (values: number[]) => values.reduce((s, v) => s + v, 0) / values.length;
for (const [direction, source, target] of [['a2b', test.a, test.b], ['b2a', test.b, test.a]] as const) {
  const translated = trainer.translate(source.images, direction) as tf.Tensor4D;
  const back = trainer.translate(translated, direction === 'a2b' ? 'b2a' : 'a2b') as tf.Tensor4D;
  const accuracy = await mnistLabelAccuracy(translated, source.labels);
  const [area, targetArea, sourceArea] = [mean(strokeArea(translated)), mean(strokeArea(target.images)), mean(strokeArea(source.images))];
  console.log(
    `${direction}: the classifier gives ${(100 * accuracy).toFixed(1)}% of ${source.images.shape[0]} translated held-out digits their source's digit; ` +
      `mean stroke area ${area.toFixed(4)} (source ${sourceArea.toFixed(4)}, target domain ${targetArea.toFixed(4)}: ${(100 * (area / targetArea - 1)).toFixed(1)}% off)`,
  );
  const first = (t: tf.Tensor4D) => tf.slice(t, 0, 16);
  const rows = [first(source.images), first(translated), first(back)];
  await writeTranslationGrid(`${args.out}/${direction}.png`, rows);
  tf.dispose([translated, back, ...rows]);
}
const ran = trainer.step - firstStep;
console.log(`${ran} steps in ${seconds.toFixed(1)} s${ran > 0 ? ` (${(ran / seconds).toFixed(2)} steps/s)` : ''}; wrote ${args.out}/a2b.png and ${args.out}/b2a.png (each digit, its translation, the round trip), checkpoints in ${args.out}/checkpoints`);
tf.dispose([test.a.images, test.a.labels, test.b.images, test.b.labels]);
trainer.dispose();
