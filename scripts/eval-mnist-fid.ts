// Trains a GAN on the embedded MNIST (all 9,003 training digits, or the first --subset of them) and scores it every
// --eval-every steps with the Fréchet distance over the bundled MNIST classifier's features against the 997 held-out
// test digits, which no run trains on. One JSON line per evaluation goes to OUT/fid.jsonl (step, FID, seconds, the
// load average); OUT/samples.png is the last sample grid. The targets of issue 20 (docs/small-data.md,
// docs/stylegan.md) were measured with it.
// Usage: npx tsx scripts/eval-mnist-fid.ts --model dcgan|progan|stylegan2 [--augment diffaugment|ada] [--subset 500]
//        [--steps 3000] [--seed 1] [--eval-every 500] [--width 64] [--count 2000] [--out runs/fid/NAME]
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import * as tf from '@tensorflow/tfjs-core';
import { positiveInteger } from './bench/cli_args.js';
import {
  AdversarialTrainer, DCGAN, ProGAN, ProGanAlgorithm, StyleGAN2, StyleGan2Algorithm, frechetDistance, loadMnist, mnistFeatures, useFastestBackend, writeImageGrid,
  type AugmentOptions,
} from '../src/index.js';
import { adaAugment } from '../src/augment/ada_augment.js';
import { diffAugment } from '../src/augment/diff_augment.js';
import { CLI_ADA, CLI_PROGAN, CLI_STYLEGAN2 } from '../src/cli/run_config.js';

const program = new Command()
  .addOption(new Option('--model <name>', 'the GAN').choices(['dcgan', 'progan', 'stylegan2']).default('dcgan'))
  .addOption(new Option('--augment <name>', 'differentiable augmentation before D (as gan-kit train --augment)').choices(['none', 'diffaugment', 'ada']).default('none'))
  .option('--subset <n>', 'train on the first n training digits (default: all 9,003)', positiveInteger)
  .option('--steps <n>', 'generator steps', positiveInteger, 3000)
  .option('--batch <n>', 'batch size', positiveInteger, 64)
  .option('--seed <n>', 'seed of the models and the trainer', positiveInteger, 1)
  .option('--eval-every <n>', 'steps between FID evaluations', positiveInteger, 500)
  .option('--width <n>', 'DCGAN: filters of the widest convolution (gan-kit train: 64)', positiveInteger, 64)
  .option('--count <n>', 'generated samples per FID', positiveInteger, 2000)
  .option('--threads <n>', 'XNNPACK threads of the wasm backend', positiveInteger)
  .requiredOption('--out <dir>', 'folder for fid.jsonl and samples.png')
  .parse();
const options = program.opts<{
  model: 'dcgan' | 'progan' | 'stylegan2'; augment: 'none' | 'diffaugment' | 'ada'; subset?: number; steps: number; batch: number;
  seed: number; evalEvery: number; width: number; count: number; threads?: number; out: string;
}>();

await useFastestBackend({ log: (line) => console.error(line), ...(options.threads === undefined ? {} : { threads: options.threads }) });
await mkdir(options.out, { recursive: true });
const { images } = await loadMnist({ split: 'train', ...(options.subset === undefined ? {} : { count: options.subset }) });
const { images: heldOut } = await loadMnist({ split: 'test' });
const heldOutFeatures = await mnistFeatures(heldOut);
heldOut.dispose();

/** The models' sample size: 28×28, or 32×32 (the digits padded with black) for ProGAN and StyleGAN2. */
const side = options.model === 'dcgan' ? 28 : 32;
const data = side === 28 ? images : tf.tidy(() => tf.sub(tf.pad(tf.add(images, 1), [[0, 0], [2, 2], [2, 2], [0, 0]]), 1));
const augment: AugmentOptions | undefined = options.augment === 'none'
  ? undefined
  : options.augment === 'ada' ? { augmentation: adaAugment(), ada: CLI_ADA } : { augmentation: diffAugment() };

/** gan-kit train's DCGAN: batch normalization in both networks, the non-saturating loss, Adam(2e-4, β₁ 0.5). */
function dcganTrainer(): AdversarialTrainer {
  const gan = new DCGAN({ imageShape: [28, 28, 1], latentDim: 100, width: options.width, discriminatorNormalization: 'batch', seed: options.seed });
  return new AdversarialTrainer(gan, { seed: options.seed, ...(augment === undefined ? {} : { augment }) });
}

/** gan-kit train's StyleGAN2 (CLI_STYLEGAN2) with StyleGan2Algorithm's defaults (R1 γ 0.01 every 16 steps, path length every 4). */
function styleGan2Trainer(): AdversarialTrainer {
  const gan = new StyleGAN2({ resolution: 32, channels: 1, latentDim: 64, ...CLI_STYLEGAN2, seed: options.seed });
  return new AdversarialTrainer(new StyleGan2Algorithm(gan, augment === undefined ? {} : { augment }), { seed: options.seed });
}

/**
 * gan-kit train's ProGAN (CLI_PROGAN) growing 4×4 → 32×32, with phases of steps × batch / 7 images: the run's images
 * cover the first stage, three fade-ins and three stabilizations. No augmentation (ProGanAlgorithm has none).
 */
function proGanTrainer(): AdversarialTrainer {
  if (augment !== undefined) throw new Error('eval-mnist-fid: --model progan trains without --augment.');
  const gan = new ProGAN({ resolution: 4, channels: 1, latentDim: 64, ...CLI_PROGAN, seed: options.seed });
  const imagesPerPhase = Math.max(1, Math.floor((options.steps * options.batch) / 7));
  return new AdversarialTrainer(new ProGanAlgorithm(gan, { finalResolution: 32, imagesPerPhase }), { seed: options.seed });
}

const trainer = options.model === 'dcgan' ? dcganTrainer() : options.model === 'progan' ? proGanTrainer() : styleGan2Trainer();

/** FID of `count` samples (from the trainer's sampling generator, the centre 28×28 of 32×32 ones) against the held-out digits. */
async function heldOutFid(): Promise<number> {
  const samples = trainer.sample(options.count, { seed: 12345 });
  const digits = side === 28 ? samples : tf.slice(samples, [0, 2, 2, 0], [-1, 28, 28, -1]);
  const features = await mnistFeatures(digits as tf.Tensor4D);
  const fid = frechetDistance(heldOutFeatures, features);
  tf.dispose([samples, digits, features]);
  return fid;
}

const log = join(options.out, 'fid.jsonl');
await writeFile(log, '');
const started = performance.now();
let last = started;
let lastStep = 0;
while (trainer.step < options.steps) {
  const steps = Math.min(options.evalEvery, options.steps - trainer.step);
  const history = await trainer.fit(data, { steps, batchSize: options.batch });
  const now = performance.now();
  const fid = await heldOutFid();
  const logs = history.steps.at(-1)!;
  const line = {
    step: trainer.step, fid, seconds: (now - started) / 1000, stepsPerSecond: (trainer.step - lastStep) / ((now - last) / 1000),
    load: loadavg()[0], discriminatorLoss: logs.discriminatorLoss, generatorLoss: logs.generatorLoss,
    ...(trainer.algorithm.augmentation === undefined ? {} : { p: trainer.algorithm.augmentation.p }),
  };
  console.error(JSON.stringify(line));
  await appendFile(log, `${JSON.stringify(line)}\n`);
  last = performance.now();
  lastStep = trainer.step;
}
const grid = trainer.sample(64, { seed: 7 });
await writeImageGrid(join(options.out, 'samples.png'), grid as tf.Tensor4D, { columns: 8, minCellSize: 56 });
tf.dispose([grid, heldOutFeatures, images, data]);
trainer.dispose();
