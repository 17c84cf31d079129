// Sample-quality benchmark with time to quality.
// - ring8 / grid25: the mode-coverage protocol of ../shared/reference/quality.md (VEEGAN / PacGAN): modes captured,
//   % high-quality samples and reverse KL of 2,500 samples, beside the published rows.
// - mnist: the Fréchet distance between 997 generated digits and the 997 held-out 'test' digits in the bundled MNIST
//   classifier's feature space, and the digits covered; training uses the 'train' split only.
// Every run is evaluated every --eval-every steps (and at its end); each quality target is credited with the first
// evaluation that met it, by step and by training time (the clock stops while evaluating). Quality depends on the
// steps and the seed, not on the machine: on a busy machine read the steps, and turn them into minutes with a rate
// measured quietly (--speed N prints each recipe's steps/s with the load average and the hypervisor's steal).
// Usage: npm run bench:quality -- [--data ring8|grid25|both|mnist] [--recipes a,b] [--seeds N] [--first-seed N]
//        [--steps N] [--eval-every N] [--emas 0.999,… (extra generator averages scored beside)] [--fid-target F] [--backend wasm|cpu] [--threads N (default 1)] [--json]
//        [--from-json a.json,b.json (tabulate saved --json runs)] [--speed N (time N steps per recipe instead)]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { cpus, loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import {
  AdversarialTrainer, DCGAN, GeneratorEma, MLPGAN, adam, classCoverage, frechetDistance, gradientPenaltyRegularizer, grid25, hingeLoss, linearLearningRateDecay, loadMnist,
  mnistClassProbabilities, mnistFeatures, modeCoverage, nonSaturatingLoss, r1Regularizer, ring8, regularizerWeightSchedule, useFastestBackend, wassersteinLoss,
  type AdversarialTrainerOptions, type GanModels, type GeneratorEmaOptions, type RegularizerWeightScheduleOptions, type TrainerCallbacks,
} from '../src/index.js';
import { cpuTicks, stealPercent } from './bench/measure.js';
import { TimeToQuality, TrainingClock, type QualityTarget, type TargetReached } from './bench/time_to_quality.js';

type DataName = 'ring8' | 'grid25' | 'mnist';
type MixtureName = Exclude<DataName, 'mnist'>;

/** One benchmark configuration: the networks, the trainer options and the schedule of one run. */
interface Recipe {
  readonly description: string;
  /** The data sets the recipe is made for. */
  readonly data: 'mixtures' | 'mnist';
  readonly steps: number;
  readonly batchSize: number;
  build(seed: number): { models: GanModels; options: AdversarialTrainerOptions };
  /** Fraction of the run after which both learning rates fall linearly to `decayTo`× their start; none when omitted. */
  readonly decayFrom?: number;
  readonly decayTo?: number;
  /** A schedule of a regularizer's weight over the run (regularizerWeightSchedule); none when omitted. */
  readonly regularizerSchedule?: RegularizerWeightScheduleOptions;
}

interface MlpShape {
  readonly latentDim: number;
  readonly generatorUnits: readonly number[];
  readonly discriminatorUnits: readonly number[];
  readonly generatorActivation?: 'leakyRelu' | 'relu';
  readonly generatorNormalization?: 'batch' | 'none';
}
const SMALL: MlpShape = { latentDim: 8, generatorUnits: [128, 128, 128], discriminatorUnits: [128, 128] };
/** SMALL with a third 128-unit discriminator layer. */
const DEEP_D: MlpShape = { ...SMALL, discriminatorUnits: [128, 128, 128] };

function mlp(shape: MlpShape, seed: number, discriminatorNormalization: 'none' | 'spectral' = 'none', packing = 1): MLPGAN {
  return new MLPGAN({ sampleShape: [2], outputActivation: 'linear', discriminatorNormalization, packing, seed, ...shape });
}

/** PacGAN (Lin et al. 2018, arXiv 1712.04086): the discriminator judges packs of m samples (MLPGAN's `packing`). */
function packed(m: number, shape: MlpShape, seed: number): GanModels {
  return mlp(shape, seed, 'none', m);
}

/** A recipe of the non-saturating loss + R1 family on the 2-D mixtures, one setting per field. */
interface R1RecipeSpec {
  readonly description: string;
  readonly steps: number;
  readonly shape: MlpShape;
  /** Default 256. */
  readonly batchSize?: number;
  /** The generator's Adam rate; default 1e-3. */
  readonly learningRate?: number;
  /** The discriminator's Adam rate (two time-scale updates, Heusel et al. 2017, arXiv 1706.08500); default the generator's. */
  readonly discriminatorLearningRate?: number;
  /** Adam's β₁ and β₂; default 0.5 and 0.999. */
  readonly betas?: readonly [number, number];
  /** R1 γ; default 1. */
  readonly r1?: number;
  /** R1 every N discriminator steps (lazy regularization, γ·N); default 1. */
  readonly r1Every?: number;
  /** γ at the last step as a fraction of its start, falling geometrically over the decay; none when omitted. */
  readonly r1Final?: number;
  /** Fraction of the run after which the rates fall linearly to 0; default 0.5; `null`: constant rates. */
  readonly decayFrom?: number | null;
  readonly ema?: GeneratorEmaOptions;
}

/** The recipe of an {@link R1RecipeSpec}. */
function r1Recipe(spec: R1RecipeSpec): Recipe {
  const { learningRate = 1e-3, betas = [0.5, 0.999], r1 = 1, r1Every = 1 } = spec;
  const decayFrom = spec.decayFrom === undefined ? 0.5 : spec.decayFrom;
  return {
    description: spec.description, data: 'mixtures', steps: spec.steps, batchSize: spec.batchSize ?? 256,
    ...(decayFrom === null ? {} : { decayFrom }),
    ...(spec.r1Final === undefined ? {} : { regularizerSchedule: { regularizer: 'r1', from: decayFrom ?? 0.5, to: spec.r1Final } }),
    build: (seed) => ({
      models: mlp(spec.shape, seed),
      options: {
        loss: nonSaturatingLoss(), regularizers: [r1Regularizer({ weight: r1, every: r1Every })],
        generatorOptimizer: adam(learningRate, ...betas), discriminatorOptimizer: adam(spec.discriminatorLearningRate ?? learningRate, ...betas),
        ...(spec.ema === undefined ? {} : { ema: spec.ema }), seed,
      },
    }),
  };
}

/** A DCGAN recipe on the 28×28 MNIST digits, one setting per field. */
interface DcganRecipeSpec {
  readonly description: string;
  readonly steps: number;
  /** Filters of the widest convolution (DCGAN's 64). */
  readonly width?: number;
  /** Default 64. */
  readonly batchSize?: number;
  /** The generator's Adam rate; default 2e-4. */
  readonly learningRate?: number;
  /** The discriminator's Adam rate; default the generator's. */
  readonly discriminatorLearningRate?: number;
  /** Adam's β₁ and β₂; default 0.5 and 0.999. */
  readonly betas?: readonly [number, number];
  readonly decayFrom?: number;
  readonly ema?: GeneratorEmaOptions;
}

function dcganRecipe(spec: DcganRecipeSpec): Recipe {
  const { learningRate = 2e-4, betas = [0.5, 0.999] } = spec;
  return {
    description: spec.description, data: 'mnist', steps: spec.steps, batchSize: spec.batchSize ?? 64,
    ...(spec.decayFrom === undefined ? {} : { decayFrom: spec.decayFrom }),
    build: (seed) => ({
      models: new DCGAN({ imageShape: [28, 28, 1], latentDim: 100, seed, ...(spec.width === undefined ? {} : { width: spec.width }) }),
      options: {
        loss: nonSaturatingLoss(), generatorOptimizer: adam(learningRate, ...betas), discriminatorOptimizer: adam(spec.discriminatorLearningRate ?? learningRate, ...betas),
        ...(spec.ema === undefined ? {} : { ema: spec.ema }), seed,
      },
    }),
  };
}

const RECIPES: Record<string, Recipe> = {
  gan: {
    description: 'non-saturating MLP GAN (G 3×128, D 2×128, z 8), Adam 1e-3 β1 0.5, batch 256 (the CLI default\'s optimizer and batch)',
    data: 'mixtures', steps: 1500, batchSize: 256,
    build: (seed) => ({ models: mlp(SMALL, seed), options: { loss: nonSaturatingLoss(), generatorOptimizer: adam(1e-3, 0.5), discriminatorOptimizer: adam(1e-3, 0.5), seed } }),
  },
  'gan-r1': r1Recipe({
    description: 'non-saturating + R1 γ 1 (G 3×128, D 2×128, z 8), Adam 1e-3 β1 0.5, batch 256, both rates → 0 linearly over the second half: ring8\'s paper-grade recipe (96,000 steps)',
    steps: 12000, shape: SMALL,
  }),
  'gan-r1-anneal': r1Recipe({
    description: 'gan-r1 with R1 γ annealed geometrically 1 → 0.1 over the second half, as the rates go to 0 (R3GAN\'s tenfold γ decay)',
    steps: 12000, shape: SMALL, r1Final: 0.1,
  }),
  'gan-r1-anneal-d3': r1Recipe({
    description: 'gan-r1-anneal with a third 128-unit discriminator layer (D 3×128): grid25\'s paper-grade recipe (96,000 steps)',
    steps: 12000, shape: DEEP_D, r1Final: 0.1,
  }),
  'wgan-gp': {
    description: 'gan-kit train --data grid25 --loss wgan-gp: WGAN-GP (Wasserstein + GP λ 0.1 as in the paper\'s toy runs, k 5), Adam 1e-3 β 0.5/0.9, batch 256, G 3×128, D 2×128, 12,000 steps, both rates → 0 linearly over the second half',
    data: 'mixtures', steps: 12000, batchSize: 256, decayFrom: 0.5,
    build: (seed) => ({
      models: mlp(SMALL, seed),
      options: { loss: wassersteinLoss(), regularizers: [gradientPenaltyRegularizer({ weight: 0.1 })], discriminatorSteps: 5, generatorOptimizer: adam(1e-3, 0.5, 0.9), discriminatorOptimizer: adam(1e-3, 0.5, 0.9), seed },
    }),
  },
  sngan: {
    description: 'SNGAN (spectral-norm D, hinge loss, k 5), Adam 1e-3 β 0.5/0.9, batch 256, G 3×128, D 2×128, both rates → 0 linearly over the second half',
    data: 'mixtures', steps: 6000, batchSize: 256, decayFrom: 0.5,
    build: (seed) => ({ models: mlp(SMALL, seed, 'spectral'), options: { loss: hingeLoss(), discriminatorSteps: 5, generatorOptimizer: adam(1e-3, 0.5, 0.9), discriminatorOptimizer: adam(1e-3, 0.5, 0.9), seed } }),
  },
  pacgan2: {
    description: 'PacGAN2 (non-saturating, D on pairs), Adam 1e-3 β1 0.5, batch 256, G 3×128, D 2×128',
    data: 'mixtures', steps: 1500, batchSize: 256,
    build: (seed) => ({ models: packed(2, SMALL, seed), options: { loss: nonSaturatingLoss(), generatorOptimizer: adam(1e-3, 0.5), discriminatorOptimizer: adam(1e-3, 0.5), seed } }),
  },
  pacgan4: {
    description: 'PacGAN4 (non-saturating, D on packs of 4), Adam 1e-3 β1 0.5, batch 256, G 3×128, D 2×128',
    data: 'mixtures', steps: 1500, batchSize: 256,
    build: (seed) => ({ models: packed(4, SMALL, seed), options: { loss: nonSaturatingLoss(), generatorOptimizer: adam(1e-3, 0.5), discriminatorOptimizer: adam(1e-3, 0.5), seed } }),
  },
  // Candidates of the search for recipes that are fast to a good result (docs/benchmarks.md, "Minutes, not hours").
  'relu-anneal-d3': r1Recipe({
    description: 'gan-r1-anneal-d3 with a ReLU generator (PacGAN\'s 2-D generator: flat pieces map whole latent regions onto one mode)',
    steps: 24000, shape: { ...DEEP_D, generatorActivation: 'relu' }, r1Final: 0.1,
  }),
  'relu-r1': r1Recipe({
    description: 'gan-r1 (D 2×128, γ 1) with a ReLU generator',
    steps: 24000, shape: { ...SMALL, generatorActivation: 'relu' },
  }),
  'relu-r1-ema': r1Recipe({
    description: 'relu-r1 with constant rates and an EMA of the generator (β 0.999), sampled from the EMA',
    steps: 24000, shape: { ...SMALL, generatorActivation: 'relu' }, decayFrom: null, ema: { decay: 0.999 },
  }),
  'relu-d3-ema': r1Recipe({
    description: 'D 3×128, ReLU generator, R1 γ 1, constant rates, EMA of the generator (β 0.999)',
    steps: 24000, shape: { ...DEEP_D, generatorActivation: 'relu' }, decayFrom: null, ema: { decay: 0.999 },
  }),
  'gbn-r1': r1Recipe({
    description: 'gan-r1 with batch normalization in the generator (as PacGAN\'s 2-D generator)',
    steps: 24000, shape: { ...SMALL, generatorNormalization: 'batch' },
  }),
  'gbn-anneal-d3': r1Recipe({
    description: 'gan-r1-anneal-d3 with batch normalization in the generator',
    steps: 24000, shape: { ...DEEP_D, generatorNormalization: 'batch' }, r1Final: 0.1,
  }),
  'relu-anneal': r1Recipe({
    description: 'gan-r1-anneal (D 2×128) with a ReLU generator',
    steps: 24000, shape: { ...SMALL, generatorActivation: 'relu' }, r1Final: 0.1,
  }),
  'anneal-d3-ema': r1Recipe({
    description: 'gan-r1-anneal-d3 with an EMA of the generator (β 0.999), sampled from the EMA',
    steps: 24000, shape: DEEP_D, r1Final: 0.1, ema: { decay: 0.999 },
  }),
  'anneal-d3-b128': r1Recipe({
    description: 'gan-r1-anneal-d3 with batch 128',
    steps: 24000, shape: DEEP_D, r1Final: 0.1, batchSize: 128,
  }),
  'anneal-d3-b64': r1Recipe({
    description: 'gan-r1-anneal-d3 with batch 64',
    steps: 24000, shape: DEEP_D, r1Final: 0.1, batchSize: 64,
  }),
  'gan-r1-b64': r1Recipe({
    description: 'gan-r1 with batch 64',
    steps: 24000, shape: SMALL, batchSize: 64,
  }),
  'gan-r1-b128': r1Recipe({
    description: 'gan-r1 with batch 128',
    steps: 24000, shape: SMALL, batchSize: 128,
  }),
  'anneal-d3-lazy4': r1Recipe({
    description: 'gan-r1-anneal-d3 with lazy R1 (every 4 discriminator steps, γ×4)',
    steps: 24000, shape: DEEP_D, r1Final: 0.1, r1Every: 4,
  }),
  'anneal-d3-decay25': r1Recipe({
    description: 'gan-r1-anneal-d3 with the rates (and γ) falling over the last 75% of the run',
    steps: 24000, shape: DEEP_D, r1Final: 0.1, decayFrom: 0.25,
  }),
  'relu-anneal-d3-ema': r1Recipe({
    description: 'relu-anneal-d3 with an EMA of the generator (β 0.999)',
    steps: 24000, shape: { ...DEEP_D, generatorActivation: 'relu' }, r1Final: 0.1, ema: { decay: 0.999 },
  }),
  'relu-anneal-d3-2e3': r1Recipe({
    description: 'relu-anneal-d3 with Adam 2e-3',
    steps: 24000, shape: { ...DEEP_D, generatorActivation: 'relu' }, r1Final: 0.1, learningRate: 2e-3,
  }),
  // MNIST (28×28×1): today's default of `gan-kit train --data mnist` and candidates.
  dcgan: dcganRecipe({
    description: 'today\'s `gan-kit train --data mnist`: DCGAN-28 (width 64), non-saturating, Adam 2e-4 β1 0.5, batch 64, 2,000 steps, constant rates',
    steps: 2000,
  }),
  'dcgan-ema': dcganRecipe({
    description: 'dcgan with an EMA of the generator (β 0.999), sampled from the EMA',
    steps: 2000, ema: { decay: 0.999 },
  }),
  'dcgan-w32-ema': dcganRecipe({
    description: 'DCGAN-28 of width 32 (a quarter of the work), EMA β 0.999, Adam 2e-4 β1 0.5, batch 64',
    steps: 4000, width: 32, ema: { decay: 0.999 },
  }),
  'dcgan-ttur-ema': dcganRecipe({
    description: 'dcgan-ema with two time-scale rates: G 2e-4, D 4e-4',
    steps: 2000, discriminatorLearningRate: 4e-4, ema: { decay: 0.999 },
  }),
  'dcgan-ema-decay': dcganRecipe({
    description: 'dcgan-ema with both rates → 0 linearly over the second half',
    steps: 2000, decayFrom: 0.5, ema: { decay: 0.999 },
  }),
};

/** The figures of one evaluation: mode coverage on the mixtures, Fréchet distance and digits covered on MNIST. */
interface Figures {
  readonly modes?: number;
  readonly highQuality?: number;
  readonly reverseKl?: number;
  readonly fid?: number;
  readonly classes?: number;
}

/** One evaluation of a run: its step, the training time so far, the load average then, and the figures. */
interface Evaluation {
  readonly step: number;
  readonly seconds: number;
  readonly load: number;
  readonly figures: Figures;
}

interface RunResult {
  readonly data: DataName;
  readonly recipe: string;
  readonly seed: number;
  readonly steps: number;
  /** The last evaluation's figures (after the last step). */
  readonly final: Figures;
  /** Training time of the whole run, evaluations excluded. */
  readonly seconds: number;
  readonly evaluations: readonly Evaluation[];
  readonly reached: readonly TargetReached[];
}

/** Each data set's quality targets, the issue's last (ring8 ≥ 97% HQ; grid25 ≥ 95% HQ and KL ≤ 0.03; MNIST a FID). */
function targetsFor(data: DataName, fidTargets: readonly number[]): QualityTarget<Figures>[] {
  const hq = (modes: number, share: number, kl = Number.POSITIVE_INFINITY): QualityTarget<Figures> => ({
    name: `${modes}/${modes} modes, ≥ ${100 * share}% HQ${Number.isFinite(kl) ? `, KL ≤ ${kl}` : ''}`,
    reached: (f) => f.modes === modes && f.highQuality! >= share && f.reverseKl! <= kl,
  });
  if (data === 'ring8') return [hq(8, 0.9), hq(8, 0.95), hq(8, 0.97)];
  if (data === 'grid25') return [hq(25, 0.8, 0.03), hq(25, 0.9, 0.03), hq(25, 0.95, 0.03)];
  return fidTargets.map((f) => ({ name: `10 digits, FID ≤ ${f}`, reached: (g: Figures) => g.classes === 10 && g.fid! <= f }));
}

/** Draws n samples from one of a run's generators, from the same latents for the same seed. */
type Sampler = (n: number, seed: number) => tf.Tensor;

/** What a run is scored against: a mixture's modes, or MNIST's held-out digits and their features. */
type Scorer = (sample: Sampler, seed: number) => Promise<Figures>;

async function mixtureScorer(modes: number[][], std: number): Promise<Scorer> {
  return async (sample, seed) => {
    const samples = sample(2500, 7 + seed) as tf.Tensor2D;
    const c = modeCoverage(samples, { modes, std });
    samples.dispose();
    return { modes: c.modesCaptured, highQuality: c.highQualityFraction, reverseKl: c.reverseKl };
  };
}

/** FID of 997 generated digits against the 997 held-out ones (bundled classifier features) and the digits covered. */
async function mnistScorer(heldOut: tf.Tensor4D): Promise<{ score: Scorer; dispose: () => void }> {
  const realFeatures = await mnistFeatures(heldOut);
  const n = heldOut.shape[0];
  return {
    score: async (sample, seed) => {
      const fake = sample(n, 7 + seed) as tf.Tensor4D;
      const [features, probabilities] = [await mnistFeatures(fake), await mnistClassProbabilities(fake)];
      const fid = frechetDistance(realFeatures, features);
      const classes = classCoverage(probabilities).classesCovered;
      tf.dispose([fake, features, probabilities]);
      return { fid, classes };
    },
    dispose: () => realFeatures.dispose(),
  };
}

/** The recipe's schedules as callbacks. */
function scheduleCallbacks(recipe: Recipe): TrainerCallbacks<AdversarialTrainer>[] {
  return [
    ...(recipe.decayFrom === undefined ? [] : [linearLearningRateDecay<AdversarialTrainer>({ from: recipe.decayFrom, to: recipe.decayTo ?? 0 })]),
    ...(recipe.regularizerSchedule === undefined ? [] : [regularizerWeightSchedule<AdversarialTrainer>(recipe.regularizerSchedule)]),
  ];
}

function disposeTrainer(trainer: AdversarialTrainer, models: GanModels): void {
  trainer.generatorOptimizer.dispose();
  trainer.discriminatorOptimizer.dispose();
  trainer.generatorEma?.model.dispose();
  models.generator.dispose();
  models.discriminator.dispose();
}

interface TrainingData {
  readonly samples: tf.Tensor;
  readonly score: Scorer;
  readonly dispose: () => void;
}

async function trainingData(data: DataName, seed: number): Promise<TrainingData> {
  if (data === 'mnist') {
    const [train, test] = [await loadMnist({ split: 'train' }), await loadMnist({ split: 'test' })];
    const scorer = await mnistScorer(test.images);
    return { samples: train.images, score: scorer.score, dispose: () => { scorer.dispose(); tf.dispose([train.images, train.labels, test.images, test.labels]); } };
  }
  const mixture = data === 'ring8' ? ring8({ count: 100_000, seed: 1000 + seed }) : grid25({ count: 100_000, seed: 1000 + seed });
  return { samples: mixture.samples, score: await mixtureScorer(mixture.modes, mixture.std), dispose: () => mixture.samples.dispose() };
}

function describe(f: Figures): string {
  return f.fid === undefined
    ? `${f.modes} modes, ${(100 * f.highQuality!).toFixed(1)}% HQ, reverse KL ${f.reverseKl!.toFixed(3)}`
    : `FID ${f.fid.toFixed(2)}, ${f.classes}/10 digits`;
}

/**
 * The generators a run is scored on, by the name its results carry: the recipe's own (its EMA when it has one),
 * the raw generator beside a recipe's EMA (`NAME@raw`), and each extra average of `--emas` (`NAME@ema0.999`), which
 * follows the generator without changing the training.
 */
function samplers(name: string, trainer: AdversarialTrainer, extra: readonly GeneratorEma[]): Map<string, Sampler> {
  const fromModel = (model: tfl.LayersModel): Sampler => (n, seed) => tf.tidy(() => model.apply(trainer.sampleLatents(n, seed), { training: false }) as tf.Tensor);
  return new Map<string, Sampler>([
    [name, (n, seed) => trainer.sample(n, { seed })],
    ...(trainer.generatorEma === undefined ? [] : [[`${name}@raw`, (n: number, seed: number) => trainer.sample(n, { seed, ema: false })] as const]),
    ...extra.map((e) => [`${name}@ema${e.decay}`, fromModel(e.model)] as const),
  ]);
}

async function runOnce(data: DataName, name: string, recipe: Recipe, seed: number, steps: number, evalEvery: number, emaDecays: readonly number[], targets: QualityTarget<Figures>[]): Promise<RunResult[]> {
  const source = await trainingData(data, seed);
  const { models, options } = recipe.build(seed);
  const trainer = new AdversarialTrainer(models, options);
  const extra = emaDecays.map((decay) => new GeneratorEma(trainer.generator, { decay }));
  const scored = [...samplers(name, trainer, extra)].map(([label, sample]) => ({ label, sample, progress: new TimeToQuality(targets), evaluations: [] as Evaluation[] }));
  const clock = new TrainingClock();
  const evaluate = async (step: number) => {
    clock.pause();
    for (const s of scored) {
      const figures = await source.score(s.sample, seed);
      const point = { step, seconds: clock.seconds, load: loadavg()[0]!, figures };
      s.evaluations.push(point);
      s.progress.record({ step, seconds: point.seconds, metrics: figures });
      console.error(`  ${data} ${s.label} seed ${seed}: step ${step}, ${point.seconds.toFixed(0)} s of training (load ${point.load.toFixed(1)}): ${describe(figures)}`);
    }
    clock.resume();
  };
  const bookkeeping: TrainerCallbacks<AdversarialTrainer> = {
    onStepEnd: async ({ step }) => {
      if (extra.length > 0) {
        clock.pause();
        for (const e of extra) e.update(trainer.generator, step);
        clock.resume();
      }
      if (evalEvery > 0 && step % evalEvery === 0 && step < steps) await evaluate(step);
    },
  };
  await trainer.fit(source.samples, { steps, batchSize: recipe.batchSize, callbacks: [...scheduleCallbacks(recipe), bookkeeping] });
  const seconds = clock.seconds;
  await evaluate(steps);
  source.dispose();
  for (const e of extra) e.dispose();
  disposeTrainer(trainer, models);
  return scored.map((s) => ({ data, recipe: s.label, seed, steps, final: s.evaluations.at(-1)!.figures, seconds, evaluations: s.evaluations, reached: s.progress.reached() }));
}

/** Trains `steps` timed steps of a recipe after a fifth as many untimed ones: steps/s, CPU per step, load, steal. */
async function measureSpeed(data: DataName, name: string, recipe: Recipe, steps: number): Promise<string> {
  const source = await trainingData(data, 1);
  const { models, options } = recipe.build(1);
  const trainer = new AdversarialTrainer(models, options);
  const warmup = Math.max(1, Math.round(steps / 5));
  const callbacks = scheduleCallbacks(recipe);
  await trainer.fit(source.samples, { steps: warmup, batchSize: recipe.batchSize, callbacks });
  const [load0, ticks, cpu0, t0] = [loadavg()[0]!, cpuTicks(), process.cpuUsage(), performance.now()];
  await trainer.fit(source.samples, { steps, batchSize: recipe.batchSize, callbacks });
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const line = {
    data, recipe: name, steps, steps_per_s: Number((steps / seconds).toFixed(2)), ms_per_step: Number(((1000 * seconds) / steps).toFixed(2)),
    cpu_ms_per_step: Number(((cpu.user + cpu.system) / 1000 / steps).toFixed(2)), load_start: load0, load_end: loadavg()[0]!, steal_pct: stealPercent(ticks),
  };
  source.dispose();
  disposeTrainer(trainer, models);
  return JSON.stringify(line);
}

/** Mean and standard error (sample standard deviation / √n) of `xs`. */
function meanSe(xs: readonly number[]): { mean: number; se: number } {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const variance = n > 1 ? xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1) : 0;
  return { mean, se: Math.sqrt(variance / n) };
}

const PUBLISHED: ReadonlyArray<readonly [string, string, string]> = [
  ['GAN (VEEGAN Table 1)', '1 / 99.3% / –', '3.3 / 0.5% / –'],
  ['Unrolled GAN (VEEGAN Table 1)', '7.6 / 35.6% / –', '23.6 / 16% / –'],
  ['VEEGAN (VEEGAN Table 1)', '8 / 52.9% / –', '24.6 / 40% / –'],
  ['WGAN-GP (GDPP Table 1)', '6.8 / 59.6% / –', '24.2 / 28.7% / –'],
  ['GAN (PacGAN Table 1)', '6.3 / 98.2% / 0.45', '17.3 / 94.8% / 0.70'],
  ['PacGAN2 (PacGAN Table 1)', '7.9 / 95.6% / 0.07', '23.8 / 91.3% / 0.13'],
  ['PacGAN4 (PacGAN Table 1)', '7.8 / 95.9% / 0.07', '24.8 / 93.6% / 0.04'],
];

function cell(runs: readonly RunResult[]): string {
  if (runs.length === 0) return '';
  const t = meanSe(runs.map((r) => r.seconds));
  const tail = `(${runs.length} seed${runs.length === 1 ? '' : 's'}, ${t.mean.toFixed(0)} s/run)`;
  if (runs[0]!.data === 'mnist') {
    const f = meanSe(runs.map((r) => r.final.fid!));
    return `FID ${f.mean.toFixed(2)} ± ${f.se.toFixed(2)}, digits ${runs.map((r) => r.final.classes).join('/')} ${tail}`;
  }
  const m = meanSe(runs.map((r) => r.final.modes!));
  const h = meanSe(runs.map((r) => 100 * r.final.highQuality!));
  // The reverse KL is undefined (NaN) for a run without any high-quality sample: averaged over the other runs.
  const kls = runs.map((r) => r.final.reverseKl!).filter(Number.isFinite);
  const k = meanSe(kls);
  const kl = kls.length === 0 ? '–' : `${k.mean.toFixed(3)} ± ${k.se.toFixed(3)}${kls.length < runs.length ? ` (${kls.length} runs)` : ''}`;
  return `${m.mean.toFixed(1)} ± ${m.se.toFixed(1)} / ${h.mean.toFixed(1)} ± ${h.se.toFixed(1)}% / ${kl} ${tail}`;
}

function table(results: readonly RunResult[], recipes: readonly string[]): string {
  const of = (name: string, data: DataName) => results.filter((r) => r.recipe === name && r.data === data);
  if (results.some((r) => r.data === 'mnist')) {
    return ['| recipe | MNIST: FID against the held-out digits (mean ± s.e.), digits covered |', '|---|---|',
      ...recipes.map((name) => `| **gan-kit ${name}** | ${cell(of(name, 'mnist'))} |`)].join('\n');
  }
  return [
    '| method | ring8: modes / % HQ / reverse KL | grid25: modes / % HQ / reverse KL |',
    '|---|---|---|',
    ...PUBLISHED.map(([name, r, g]) => `| ${name} | ${r} | ${g} |`),
    ...recipes.map((name) => `| **gan-kit ${name}** | ${cell(of(name, 'ring8'))} | ${cell(of(name, 'grid25'))} |`),
  ].join('\n');
}

function perSeed(results: readonly RunResult[]): string {
  const figures = (f: Figures) => (f.fid === undefined
    ? `${f.modes} | ${(100 * f.highQuality!).toFixed(1)} | ${f.reverseKl!.toFixed(3)}`
    : `${f.fid.toFixed(2)} | ${f.classes} | –`);
  const reached = (r: RunResult) => r.reached.map((t) => (t.step === null ? '–' : `${t.step} (${t.seconds!.toFixed(0)} s)`)).join('; ');
  return [
    '| data | recipe | seed | steps | modes or FID | % HQ or digits | reverse KL | training s | first reached: step (training s) per target |',
    '|---|---|---|---|---|---|---|---|---|',
    ...results.map((r) => `| ${r.data} | ${r.recipe} | ${r.seed} | ${r.steps} | ${figures(r.final)} | ${r.seconds.toFixed(0)} | ${reached(r)} |`),
  ].join('\n');
}

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: 'both' },
    recipes: { type: 'string' },
    seeds: { type: 'string', default: '3' },
    'first-seed': { type: 'string', default: '1' },
    steps: { type: 'string' },
    'eval-every': { type: 'string' },
    'fid-target': { type: 'string', default: '20,15,10' },
    emas: { type: 'string', default: '' },
    backend: { type: 'string', default: 'wasm' },
    threads: { type: 'string', default: '1' },
    json: { type: 'boolean', default: false },
    'from-json': { type: 'string' },
    speed: { type: 'string' },
  },
});
const datas: DataName[] = values.data === 'both' ? ['ring8', 'grid25'] : values.data === 'ring8' || values.data === 'grid25' || values.data === 'mnist' ? [values.data] : [];
if (datas.length === 0) throw new Error(`--data must be ring8, grid25, both or mnist, got '${values.data}'.`);
const kind = datas[0] === 'mnist' ? 'mnist' : 'mixtures';
const recipeNames = (values.recipes ?? Object.keys(RECIPES).filter((n) => RECIPES[n]!.data === kind).join(',')).split(',').filter((s) => s !== '');

/**
 * `NAME+tuned`: recipe NAME with both learning rates falling linearly to 0 over the second half of the run.
 */
function recipeNamed(name: string): Recipe | undefined {
  const [base, suffix] = name.split('+');
  const recipe = RECIPES[base ?? ''];
  if (recipe === undefined || (suffix !== undefined && suffix !== 'tuned')) return undefined;
  if (suffix === undefined) return recipe;
  return { ...recipe, description: `${recipe.description}; both learning rates → 0 linearly over the second half`, decayFrom: 0.5, decayTo: 0 };
}

for (const name of recipeNames) {
  const recipe = recipeNamed(name);
  if (recipe === undefined) throw new Error(`--recipes: unknown recipe '${name}'; known: ${Object.keys(RECIPES).join(', ')}, each optionally with '+tuned'.`);
  if (recipe.data !== kind) throw new Error(`--recipes: '${name}' is a recipe for ${recipe.data}, not for --data ${values.data}.`);
}
const integer = (flag: string, text: string | undefined, min: number): number | undefined => {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!(Number.isInteger(n) && n >= min)) throw new Error(`--${flag} must be an integer ≥ ${min}, got '${text}'.`);
  return n;
};
const seeds = integer('seeds', values.seeds, 1)!;
const firstSeed = integer('first-seed', values['first-seed'], 0)!;
const stepsOverride = integer('steps', values.steps, 1);
const evalEvery = integer('eval-every', values['eval-every'], 0) ?? (kind === 'mnist' ? 250 : 2000);
const speedSteps = integer('speed', values.speed, 1);
const emaDecays = values.emas.split(',').filter((d) => d !== '').map(Number);
if (emaDecays.some((d) => !(d >= 0 && d < 1))) throw new Error(`--emas must be a list of decays in [0, 1), got '${values.emas}'.`);
const fidTargets = values['fid-target'].split(',').map(Number);
if (fidTargets.some((f) => !(f > 0))) throw new Error(`--fid-target must be a list of numbers > 0, got '${values['fid-target']}'.`);

let conditions: string;
const results: RunResult[] = [];
if (values['from-json'] !== undefined) {
  const saved = values['from-json'].split(',').map((path) => JSON.parse(readFileSync(path, 'utf8')) as { conditions: string; results: RunResult[] });
  conditions = [...new Set(saved.map((s) => s.conditions))].join('; ');
  for (const s of saved) {
    // JSON writes NaN (no high-quality sample, so no reverse KL) as null.
    const picked = s.results.filter((r) => datas.includes(r.data) && recipeNames.includes(r.recipe.split('@')[0]!));
    results.push(...picked.map((r) => ({ ...r, final: { ...r.final, ...(r.final.modes === undefined ? {} : { reverseKl: r.final.reverseKl ?? Number.NaN }) } })));
  }
} else {
  const backend = await useFastestBackend({ prefer: [values.backend], threads: Number(values.threads) });
  conditions = `backend ${backend.name}, ${backend.threads ?? '?'} thread(s); ${cpus().length} cores (${cpus()[0]?.model ?? '?'}); load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at start`;
  console.error(conditions);
  for (const data of datas) {
    for (const name of recipeNames) {
      const recipe = recipeNamed(name)!;
      if (speedSteps !== undefined) {
        console.log(await measureSpeed(data, name, recipe, speedSteps));
        continue;
      }
      for (let seed = firstSeed; seed < firstSeed + seeds; seed++) {
        for (const r of await runOnce(data, name, recipe, seed, stepsOverride ?? recipe.steps, evalEvery, emaDecays, targetsFor(data, fidTargets))) {
          results.push(r);
          console.error(`${data} ${name} seed ${seed}: ${describe(r.final)}, ${r.steps} steps in ${r.seconds.toFixed(0)} s of training (load ${loadavg()[0]!.toFixed(1)}); first reached: ${r.reached.map((t) => `${t.target} at ${t.step ?? '–'}`).join('; ')}`);
        }
      }
    }
  }
}
if (speedSteps === undefined) {
  if (values.json) {
    console.log(JSON.stringify({ conditions, results }));
  } else {
    console.log(`${conditions}\n`);
    console.log(table(results, [...new Set(results.map((r) => r.recipe))]));
    console.log('\nRecipes:');
    for (const name of recipeNames) console.log(`- ${name}: ${recipeNamed(name)!.description}`);
    console.log(`\nQuality targets: ${targetsFor(datas[0]!, fidTargets).map((t) => t.name).join('; ')}.`);
    console.log(`\nPer seed:\n\n${perSeed(results)}`);
  }
}
