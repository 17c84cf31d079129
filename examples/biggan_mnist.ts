// A class-conditional BigGAN-style model (Brock et al. 2018, arXiv 1809.11096) on the embedded MNIST digits padded
// to 32×32: shared class embedding → conditional batch norm, hierarchical latents, projection D, spectral norm in both
// networks, hinge loss, TTUR, orthogonal regularization of G, a generator EMA, standing statistics before sampling and
// the truncation trick. Checkpoints every --checkpoint-every steps: running the command again continues the run.
// At the end it asks for each digit 100 times and reports the share the bundled MNIST classifier gives the requested
// digit, then the truncation sweep (no truncation, ψ = 1, 0.7, 0.4): accuracy, precision and recall against held-out
// digits in the classifier's feature space.
// Run: npm run example:biggan-mnist [-- --steps N --width N --out DIR --backend NAME --threads N --digits N --held-out N
//        --per-digit N --checkpoint-every N --log-every N]
// --digits and --held-out take the first N training and test digits (default all: 9,003 and 997), --per-digit the
// samples of each digit scored at each threshold (default 100); smaller values make a quick trial run.
// Writes DIR/digits.png (row k asked for digit k), DIR/truncation.png (the same latents and labels at each
// threshold, one block of rows per ψ), DIR/report.json and DIR/checkpoints/.
import { mkdir, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import {
  BigGAN, CheckpointManager, ConditionalTrainer, SeededRandom, bigganRecipe, cycleLabels, loadMnist, loadMnistClassifier,
  mnistClassProbabilities, mnistFeatures, precisionRecall, progressLogger, standingStatistics, useFastestBackend, writeImageGrid,
} from 'gan-kit';

const { values: args } = parseArgs({
  options: {
    steps: { type: 'string', default: '2000' },
    width: { type: 'string', default: '32' },
    out: { type: 'string', default: 'examples/out/biggan_mnist' },
    backend: { type: 'string' },
    threads: { type: 'string' },
    digits: { type: 'string' },
    'held-out': { type: 'string' },
    'per-digit': { type: 'string', default: '100' },
    'checkpoint-every': { type: 'string', default: '250' },
    'log-every': { type: 'string', default: '50' },
  },
});
const steps = Number(args.steps);
const backend = await useFastestBackend({
  ...(args.backend === undefined ? {} : { prefer: [args.backend] }),
  ...(args.threads === undefined ? {} : { threads: Number(args.threads) }),
});
console.log(backend.reason);

const DIGITS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
const count = (flag: 'digits' | 'held-out') => (args[flag] === undefined ? {} : { count: Number(args[flag]) });
const { images, labels } = await loadMnist({ split: 'train', size: 32, ...count('digits') });   // [9003, 32, 32, 1]: LeNet's padding
const gan = new BigGAN({ imageShape: [32, 32, 1], classes: 10, width: Number(args.width), latentDim: 64, seed: 1 });
// BigGAN's recipe: hinge, Adam β 0/0.999 with G 5e-5 and D 2e-4, 2 D steps, orthogonal regularization β 1e-4 on G.
// Its EMA (0.9999 from step 20,000) is for runs of 100,000s of steps; this one averages over the last ~1,000.
const { discriminatorNormalization: _, ...recipe } = bigganRecipe(gan.generator);
const trainer = new ConditionalTrainer(gan, { ...recipe, ema: { decay: 0.999 }, seed: 1 });
const checkpoints = new CheckpointManager({ directory: `${args.out}/checkpoints`, keep: 2 });
const restored = await checkpoints.restore(trainer);
if (restored !== undefined) console.log(`continuing from step ${restored.step} (${restored.path})`);

const started = Date.now();
if (trainer.step < steps) {
  await trainer.fit({ samples: images, labels }, {
    steps: steps - trainer.step,
    batchSize: 64,
    callbacks: [progressLogger({ every: Number(args['log-every']) }), checkpoints.callback({ every: Number(args['checkpoint-every']) })],
    guard: checkpoints.rollback,
  });
}
const trainSeconds = (Date.now() - started) / 1000;
tf.dispose([images, labels]);

// Standing statistics: the EMA generator's batch-norm statistics averaged over 100 training-mode passes on batches
// mixing all ten digits, so that a request for one digit is normalized like any other batch.
const random = new SeededRandom(500);
standingStatistics(trainer.generatorEma!.model, () => [
  random.normalTensor([100, gan.latentDim]), tf.tensor2d(cycleLabels(100, DIGITS), [100, 1], 'int32'),
], 100);

const classifier = await loadMnistClassifier();
const crop = (x: tf.Tensor) => tf.tidy(() => tf.slice(x, [0, 2, 2, 0], [-1, 28, 28, 1]) as tf.Tensor4D);   // back to 28×28
const { images: heldOut } = await loadMnist({ split: 'test', ...count('held-out') });
const realFeatures = await mnistFeatures(heldOut as tf.Tensor4D, { classifier });
heldOut.dispose();

/** --per-digit samples of each digit at a truncation threshold: the share classified as asked, precision and recall. */
async function score(truncation: number | undefined) {
  const asked = cycleLabels(10 * Number(args['per-digit']), DIGITS);
  const samples = trainer.sample(asked.length, { labels: asked, seed: 1000, ...(truncation === undefined ? {} : { truncation }) });
  const cropped = crop(samples);
  samples.dispose();
  const probabilities = await mnistClassProbabilities(cropped, { classifier });
  const predicted = tf.tidy(() => tf.argMax(probabilities, 1).dataSync());
  const fakeFeatures = await mnistFeatures(cropped, { classifier });
  const { precision, recall } = precisionRecall(realFeatures, fakeFeatures);
  tf.dispose([cropped, probabilities, fakeFeatures]);
  const hits = asked.filter((digit, i) => predicted[i] === digit).length;
  const perDigit = DIGITS.map((d) => asked.filter((digit, i) => digit === d && predicted[i] === d).length / asked.filter((digit) => digit === d).length);
  return { truncation: truncation ?? null, accuracy: hits / asked.length, perDigit, precision, recall };
}
const sweep = [];
for (const psi of [undefined, 1, 0.7, 0.4]) sweep.push(await score(psi));
classifier.dispose();
realFeatures.dispose();

await mkdir(args.out, { recursive: true });
const rows = DIGITS.flatMap((d) => cycleLabels(10, [d]));                         // row k: ten samples of digit k
const grid = trainer.sample(rows.length, { labels: rows, seed: 7 }) as tf.Tensor4D;
await writeImageGrid(`${args.out}/digits.png`, grid, { columns: 10, scale: 2 });
grid.dispose();
// The same latents (one per column) and labels at each threshold: a block of two rows (digits 0–9) per ψ.
const sweepLabels = cycleLabels(20, DIGITS);
const blocks = [undefined, 1, 0.7, 0.4].map((psi) => trainer.sample(20, { labels: sweepLabels, seed: 8, ...(psi === undefined ? {} : { truncation: psi }) }));
const truncationGrid = tf.concat(blocks) as tf.Tensor4D;
await writeImageGrid(`${args.out}/truncation.png`, truncationGrid, { columns: 10, scale: 2 });
tf.dispose([...blocks, truncationGrid]);

const report = {
  backend: backend.name, threads: backend.threads, steps: trainer.step, width: Number(args.width), trainSeconds: Math.round(trainSeconds),
  accuracy: sweep[0]!.accuracy, accuracyPerDigit: sweep[0]!.perDigit, truncationSweep: sweep,
};
await writeFile(`${args.out}/report.json`, `${JSON.stringify(report, null, 2)}\n`);
console.log(`requested digit drawn: ${(100 * sweep[0]!.accuracy).toFixed(1)}% (per digit ${sweep[0]!.perDigit.map((a) => Math.round(100 * a)).join(' ')})`);
for (const s of sweep) {
  console.log(`truncation ${s.truncation ?? 'none'}: accuracy ${(100 * s.accuracy).toFixed(1)}%, precision ${s.precision.toFixed(3)}, recall ${s.recall.toFixed(3)}`);
}
console.log(`→ ${args.out}/digits.png, ${args.out}/truncation.png, ${args.out}/report.json`);
trainer.dispose();
