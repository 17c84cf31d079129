// The CLI's run settings in-process: the default recipe per data set, old configurations without the newer optional
// fields, flags over defaults, and the refusals of bad values (the trainers are built, never trained).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { MLPGAN } from '../../src/architectures/mlp_gan.js';
import { buildTrainer } from '../../src/cli/run_config.js';
import { parseRunConfig, type RunConfig } from '../../src/cli/train_settings.js';
import { newRunConfig, type TrainFlags } from '../../src/cli/train.js';
import { UsageError } from '../../src/cli/usage_error.js';
import { adam } from '../../src/optimizers/optimizers.js';
import { setLearningRate } from '../../src/optimizers/learning_rate.js';
import { wganGpRecipe } from '../../src/recipes/published_recipes.js';
import { AdversarialTrainer } from '../../src/trainers/adversarial_trainer.js';
import type { OptimizerConfiguration, TrainerConfiguration } from '../../src/training/trainer_state.js';
import { useCpu } from '../helpers/backend.js';

before(useCpu);

/** The settings `gan-kit train` makes from these flags (the `--out` folder is never touched). */
async function configOf(flags: Omit<TrainFlags, 'out'>): Promise<RunConfig> {
  return (await newRunConfig({ ...flags, out: 'unused' })).config;
}

/** A GAN trainer's configuration as one flat record: the algorithm's settings, its regularizers and both optimizers. */
interface FlatConfiguration {
  readonly [key: string]: unknown;
  readonly loss?: unknown;
  readonly discriminatorSteps?: unknown;
  readonly regularizers: readonly { name: string; weight: number; every: number }[];
  readonly generatorOptimizer: OptimizerConfiguration | undefined;
  readonly discriminatorOptimizer: OptimizerConfiguration | undefined;
}

function flat(configuration: TrainerConfiguration): FlatConfiguration {
  return {
    ...configuration.settings,
    regularizers: configuration.regularizers.map(({ name, weight, every }) => ({ name, weight, every })),
    generatorOptimizer: configuration.optimizers['generator'],
    discriminatorOptimizer: configuration.optimizers['discriminator'],
  };
}

/**
 * What the trainer of a run is configured with (loss, k, penalties, optimizers), and the kernel shapes of G and D;
 * everything built is released again, and no tensor is left behind (an optimizer replaced for new β's included).
 */
function built(config: RunConfig, sampleShape: readonly number[] = [2], kind: 'points' | 'images' = 'points'): { configuration: FlatConfiguration; generator: number[][]; discriminator: number[][] } {
  const tensors = tf.memory().numTensors;
  const trainer = buildTrainer(config, sampleShape, kind);
  try {
    const kernels = (model: AdversarialTrainer['generator']) => model.getWeights().filter((w) => w.rank === 2).map((w) => w.shape);
    return { configuration: flat(trainer.configuration()), generator: kernels(trainer.generator), discriminator: kernels(trainer.discriminator) };
  } finally {
    trainer.generator.dispose();
    trainer.discriminator.dispose();
    trainer.generatorOptimizer.dispose();
    trainer.discriminatorOptimizer.dispose();
    trainer.dispose();
    assert.equal(tf.memory().numTensors, tensors, 'tensors left by building the trainer');
  }
}

/** An optimizer's entry in a trainer configuration: Adam with gan-kit's ε. */
function adamEntry(learningRate: number, beta1: number, beta2: number): OptimizerConfiguration {
  return { className: 'Adam', config: { learningRate, beta1, beta2, epsilon: 1e-8 } };
}

/** The 2-D MLP GAN of every 2-D recipe: G 8 → 3×128 → 2, D 2 → 2×128 → 1 (kernel shapes). */
const POINTS_GENERATOR = [[8, 128], [128, 128], [128, 128], [128, 2]];
const POINTS_DISCRIMINATOR = [[2, 128], [128, 128], [128, 1]];

/** The `wgan-gp` recipe of scripts/bench-quality.ts, as `gan-kit train --data grid25 --loss wgan-gp` writes it to config.json. */
const GRID25_WGAN_GP: RunConfig = {
  format: 'gan-kit-run', version: 1, data: 'grid25', model: 'mlp', seed: 0,
  loss: 'wgan-gp', gradientPenaltyWeight: 0.1, discriminatorSteps: 5, learningRate: 1e-3, beta1: 0.5, beta2: 0.9,
  batchSize: 256, latentDim: 8, steps: 12000, learningRateDecayFrom: 0.5, sampleEvery: 1000, checkpointEvery: 2000,
};

/**
 * grid25's default, bench-quality's `gan-r1-anneal-d3`: the non-saturating loss + R1 γ 1 → 0.1, Adam 1e-3 (β₁ 0.5),
 * rates → 0 over the second half, 96,000 steps, D 3×128.
 */
const GRID25_DEFAULT: RunConfig = {
  format: 'gan-kit-run', version: 1, data: 'grid25', model: 'mlp', seed: 0,
  loss: 'non-saturating', r1: 1, r1Final: 0.1, learningRate: 1e-3, discriminatorUnits: [128, 128, 128],
  batchSize: 256, latentDim: 8, steps: 96000, learningRateDecayFrom: 0.5, sampleEvery: 1000, checkpointEvery: 2000,
};

/** ring8's default: grid25's recipe and length with a constant γ (no `r1Final`) and the two-layer D. */
const { r1Final: _annealed, discriminatorUnits: _deeper, ...RING8_RECIPE } = GRID25_DEFAULT;
const RING8_DEFAULT: RunConfig = { ...RING8_RECIPE, data: 'ring8' };

/** `config.json` of `gan-kit train --data grid25 --loss wgan-gp --steps 2 --batch-size 16` as the previous version wrote it. */
const OLD_GRID25_WGAN_GP = `{
  "format": "gan-kit-run", "version": 1, "loss": "wgan-gp", "steps": 2, "batchSize": 16, "latentDim": 8,
  "learningRate": 0.001, "learningRateDecayFrom": 0.5, "sampleEvery": 1, "checkpointEvery": 1,
  "data": "grid25", "model": "mlp", "seed": 0
}`;

/** `config.json` of `gan-kit train --data grid25 --steps 2 --batch-size 16` as the previous version wrote it (its default then). */
const OLD_GRID25_DEFAULT = `{
  "format": "gan-kit-run", "version": 1, "loss": "non-saturating", "steps": 2, "batchSize": 16, "latentDim": 8,
  "learningRate": 0.001, "r1": 1, "learningRateDecayFrom": 0.5, "sampleEvery": 1, "checkpointEvery": 1,
  "data": "grid25", "model": "mlp", "seed": 0
}`;

/** Asserts that `action` throws a {@link UsageError} whose message matches `message`. */
async function refused(action: () => unknown, message: RegExp): Promise<void> {
  await assert.rejects(async () => action(), (e: unknown) => e instanceof UsageError && message.test(e.message), String(message));
}

/** The trainer of the 2-D R1 recipe: non-saturating + R1 γ 1, k 1, Adam 1e-3 β 0.5/0.999 for both networks. */
const R1_TRAINER = {
  loss: 'non-saturating', discriminatorSteps: 1, weightClip: null,
  regularizers: [{ name: 'r1', weight: 1, every: 1 }],
  generatorOptimizer: adamEntry(1e-3, 0.5, 0.999), discriminatorOptimizer: adamEntry(1e-3, 0.5, 0.999),
};

/**
 * Asserts that `config` builds a trainer with `configuration` on the CLI's 2-D networks: G 3×128 and D with the
 * kernel shapes `discriminator` (default D 2×128).
 */
function assertPointsTrainer(config: RunConfig, configuration: object, discriminator: readonly number[][] = POINTS_DISCRIMINATOR): void {
  const trainer = built(config);
  assert.deepEqual(trainer.configuration, configuration);
  assert.deepEqual(trainer.generator, POINTS_GENERATOR);
  assert.deepEqual(trainer.discriminator, discriminator);
}

test('grid25 defaults to bench-quality\'s gan-r1-anneal-d3: the non-saturating loss + R1 γ 1 → 0.1, Adam 1e-3 β₁ 0.5, batch 256, z 8, 96,000 steps, decay from 0.5, D 3×128', async () => {
  assert.deepEqual(await configOf({ data: 'grid25' }), GRID25_DEFAULT);
  assert.deepEqual(await configOf({ data: 'grid25', model: 'mlp' }), GRID25_DEFAULT);
  assert.deepEqual(await configOf({ data: 'grid25', loss: 'non-saturating' }), GRID25_DEFAULT, 'asking for the default loss changes nothing');
  assertPointsTrainer(GRID25_DEFAULT, R1_TRAINER, [[2, 128], [128, 128], [128, 128], [128, 1]]);
  assert.deepEqual((await configOf({ data: 'grid25', dUnits: '128,128' })).discriminatorUnits, [128, 128], '--d-units overrides the recipe\'s D');
  assert.equal((await configOf({ data: 'grid25', r1: '2' })).r1Final, 0.1, 'a different starting γ keeps the recipe\'s final γ');
  assert.equal((await configOf({ data: 'grid25', r1Final: '0.01' })).r1Final, 0.01);
});

test('--loss wgan-gp on grid25 is bench-quality\'s wgan-gp recipe: λ 0.1, k 5, Adam 1e-3 β 0.5/0.9, batch 256, z 8, 12,000 steps, decay from 0.5', async () => {
  assert.deepEqual(await configOf({ data: 'grid25', loss: 'wgan-gp' }), GRID25_WGAN_GP);
  assert.deepEqual(await configOf({ data: 'grid25', model: 'mlp', loss: 'wgan-gp' }), GRID25_WGAN_GP);
  assertPointsTrainer(GRID25_WGAN_GP, {
    loss: 'wasserstein', discriminatorSteps: 5, weightClip: null,
    regularizers: [{ name: 'gradient-penalty', weight: 0.1, every: 1 }],
    generatorOptimizer: adamEntry(1e-3, 0.5, 0.9), discriminatorOptimizer: adamEntry(1e-3, 0.5, 0.9),
  });
});

test('ring8 defaults to the non-saturating loss + R1 γ 1, Adam 1e-3 β₁ 0.5, k 1, 96,000 steps, no WGAN-GP settings', async () => {
  const config = await configOf({ data: 'ring8' });
  assert.deepEqual(config, RING8_DEFAULT);
  assertPointsTrainer(config, R1_TRAINER);
});

test('a configuration written before gradientPenaltyWeight, beta1 and beta2 parses unchanged and builds the trainer it built then', () => {
  const wganGp = parseRunConfig(OLD_GRID25_WGAN_GP, 'old/config.json');
  assert.deepEqual(wganGp, JSON.parse(OLD_GRID25_WGAN_GP), 'no field is added');
  // The previous buildTrainer: the paper's preset (λ 10, Adam β 0/0.9, k 5) with the run's learning rate.
  const { discriminatorNormalization, ...preset } = wganGpRecipe();
  for (const optimizer of [preset.generatorOptimizer!, preset.discriminatorOptimizer!]) setLearningRate(optimizer, 1e-3);
  const models = new MLPGAN({ sampleShape: [2], outputActivation: 'linear', generatorUnits: [128, 128, 128], discriminatorUnits: [128, 128], latentDim: 8, discriminatorNormalization, seed: 0 });
  const before = new AdversarialTrainer(models, { ...preset, seed: 0 });
  const expected = flat(before.configuration());
  models.generator.dispose();
  models.discriminator.dispose();
  before.generatorOptimizer.dispose();
  before.discriminatorOptimizer.dispose();
  assert.deepEqual(expected.regularizers, [{ name: 'gradient-penalty', weight: 10, every: 1 }]);
  assert.deepEqual(expected.generatorOptimizer, adamEntry(1e-3, 0, 0.9));
  assert.deepEqual(built(wganGp).configuration, expected, 'a checkpoint of the old run passes restore\'s configuration check');

  const nonSaturating = parseRunConfig(OLD_GRID25_DEFAULT, 'old/config.json');
  assert.deepEqual(nonSaturating, JSON.parse(OLD_GRID25_DEFAULT));
  assert.deepEqual(built(nonSaturating).configuration, R1_TRAINER);
  assert.deepEqual(built(nonSaturating).discriminator, POINTS_DISCRIMINATOR, 'a grid25 run written before discriminatorUnits keeps its D 2×128, so its checkpoints still load');
});

test('flags override the grid25 WGAN-GP recipe; another loss gets its own preset without the WGAN-GP settings', async () => {
  const tuned = await configOf({ data: 'grid25', loss: 'wgan-gp', gpWeight: '1', beta1: '0', beta2: '0.99', dSteps: '3', lr: '2e-4', lrDecayFrom: '0.25' });
  assert.deepEqual(tuned, { ...GRID25_WGAN_GP, gradientPenaltyWeight: 1, beta1: 0, beta2: 0.99, discriminatorSteps: 3, learningRate: 2e-4, learningRateDecayFrom: 0.25 });
  const trainer = built(tuned);
  assert.deepEqual(trainer.configuration.regularizers, [{ name: 'gradient-penalty', weight: 1, every: 1 }]);
  assert.equal(trainer.configuration.discriminatorSteps, 3);
  assert.deepEqual(trainer.configuration.discriminatorOptimizer, adamEntry(2e-4, 0, 0.99));

  const { loss: _wganGp, gradientPenaltyWeight: _gp, discriminatorSteps: _k, beta1: _b1, beta2: _b2, ...schedule } = GRID25_WGAN_GP;
  assert.deepEqual(await configOf({ data: 'grid25', loss: 'non-saturating' }), { ...schedule, steps: 96000, loss: 'non-saturating', r1: 1, r1Final: 0.1, discriminatorUnits: [128, 128, 128] }, 'the non-saturating loss keeps its annealed R1, length and D');
  assert.deepEqual(await configOf({ data: 'grid25', loss: 'hinge' }), { ...schedule, loss: 'hinge' });
  const hinge = built(await configOf({ data: 'grid25', loss: 'hinge' })).configuration;
  assert.deepEqual([hinge.loss, hinge.discriminatorSteps, hinge.regularizers, hinge.generatorOptimizer], ['hinge', 1, [], adamEntry(1e-3, 0.5, 0.999)]);
  const adamOnHinge = await configOf({ data: 'grid25', loss: 'hinge', beta2: '0.9' });
  assert.deepEqual(built(adamOnHinge).configuration.generatorOptimizer, adamEntry(1e-3, 0.5, 0.9), 'β₂ alone keeps the preset\'s β₁');
});

test('--loss wgan-gp elsewhere keeps the paper\'s preset (λ 10, Adam β 0/0.9, k 5), and a --config file sits between defaults and flags', async () => {
  const ring = await configOf({ data: 'ring8', loss: 'wgan-gp' });
  const { r1: _r1, ...ringSchedule } = RING8_DEFAULT;
  assert.deepEqual(ring, { ...ringSchedule, steps: 12000, loss: 'wgan-gp' }, 'as before: the 2-D schedule and learning rate, no R1');
  const ringTrainer = built(ring).configuration;
  assert.deepEqual([ringTrainer.regularizers, ringTrainer.discriminatorSteps, ringTrainer.generatorOptimizer], [[{ name: 'gradient-penalty', weight: 10, every: 1 }], 5, adamEntry(1e-3, 0, 0.9)]);
  const mnist = await configOf({ data: 'mnist', loss: 'wgan-gp' });
  for (const key of ['gradientPenaltyWeight', 'beta1', 'beta2', 'learningRate', 'discriminatorSteps'] as const) assert.equal(mnist[key], undefined, key);
  const images = built(mnist, [28, 28, 1], 'images').configuration;
  assert.deepEqual([images.regularizers, images.discriminatorSteps, images.generatorOptimizer], [[{ name: 'gradient-penalty', weight: 10, every: 1 }], 5, adamEntry(1e-4, 0, 0.9)]);

  const dir = mkdtempSync(join(tmpdir(), 'gan-kit-run-config-'));
  try {
    const file = join(dir, 'settings.json');
    writeFileSync(file, JSON.stringify({ data: 'grid25', loss: 'wgan-gp', gradientPenaltyWeight: 0.5, beta1: 0.25 }));
    assert.deepEqual(await configOf({ config: file }), { ...GRID25_WGAN_GP, gradientPenaltyWeight: 0.5, beta1: 0.25 });
    assert.deepEqual(await configOf({ config: file, gpWeight: '2' }), { ...GRID25_WGAN_GP, gradientPenaltyWeight: 2, beta1: 0.25 });
    writeFileSync(file, JSON.stringify({ data: 'grid25', beta2: 1 }));
    await refused(() => configOf({ config: file }), /'beta2' must be a number in \[0, 1\) \(Adam's β₂\), got 1/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bad values of --gp-weight, --beta1 and --beta2 are refused with the flag, the value and the allowed range', async () => {
  await refused(() => configOf({ data: 'grid25', loss: 'wgan-gp', gpWeight: '0' }), /^--gp-weight must be a number > 0, got '0'$/);
  await refused(() => configOf({ data: 'grid25', loss: 'wgan-gp', gpWeight: 'ten' }), /^--gp-weight must be a number > 0, got 'ten'$/);
  await refused(() => configOf({ data: 'grid25', loss: 'wgan-gp', gpWeight: 'Infinity' }), /^--gp-weight must be a number > 0, got 'Infinity'$/);
  await refused(() => configOf({ data: 'grid25', beta1: '1' }), /^--beta1 must be a fraction in \[0, 1\), got '1'$/);
  await refused(() => configOf({ data: 'grid25', beta1: '-0.1' }), /^--beta1 must be a fraction in \[0, 1\), got '-0\.1'$/);
  await refused(() => configOf({ data: 'grid25', beta2: '' }), /^--beta2 must be a fraction in \[0, 1\), got ''$/);
  await refused(() => configOf({ data: 'grid25', beta2: 'high' }), /^--beta2 must be a fraction in \[0, 1\), got 'high'$/);
  const file = (fields: Record<string, unknown>) => JSON.stringify({ ...GRID25_WGAN_GP, ...fields });
  await refused(() => parseRunConfig(file({ gradientPenaltyWeight: 0 }), 'r/config.json'), /^r\/config\.json: 'gradientPenaltyWeight' must be a number > 0 \(the WGAN-GP weight λ\), got 0$/);
  await refused(() => parseRunConfig(file({ gradientPenaltyWeight: '0.1' }), 'r/config.json'), /'gradientPenaltyWeight' must be a number > 0 .*got "0\.1"$/);
  await refused(() => parseRunConfig(file({ beta1: -1 }), 'r/config.json'), /^r\/config\.json: 'beta1' must be a number in \[0, 1\) \(Adam's β₁\), got -1$/);
  await refused(() => parseRunConfig(file({ beta2: null }), 'r/config.json'), /'beta2' must be a number in \[0, 1\) .*got null$/);
});

test('settings that do not fit the loss are refused before any model is made: --gp-weight without wgan-gp, Adam β\'s for RMSProp', async () => {
  const tensors = tf.memory().numTensors;
  await refused(async () => built(await configOf({ data: 'grid25', loss: 'hinge', gpWeight: '1' })),
    /^--gp-weight 1 sets the WGAN-GP gradient penalty, but the run's loss is 'hinge': add --loss wgan-gp, or drop --gp-weight$/);
  await refused(async () => built(await configOf({ data: 'ring8', loss: 'wasserstein', beta1: '0.5' })),
    /^--beta1 0\.5 sets Adam's β, but --loss wasserstein trains with RMSProp: drop --beta1, or choose a --loss that trains with Adam$/);
  await refused(async () => built(await configOf({ data: 'ring8', loss: 'wasserstein', beta2: '0.9' })), /^--beta2 0\.9 sets Adam's β, but --loss wasserstein trains with RMSProp/);
  assert.equal(tf.memory().numTensors, tensors, 'a refused run leaves no tensor behind');
});

test('generatorUnits / discriminatorUnits set the MLP hidden layers on points and on images; bad lists are refused', async () => {
  const points = built(await configOf({ data: 'ring8', gUnits: '32,16', dUnits: '64, 64,64' }));
  assert.deepEqual(points.generator, [[8, 32], [32, 16], [16, 2]]);
  assert.deepEqual(points.discriminator, [[2, 64], [64, 64], [64, 64], [64, 1]]);
  const images = built(await configOf({ data: 'mnist', model: 'mlp', gUnits: '40', dUnits: '30,20' }), [28, 28, 1], 'images');
  assert.deepEqual(images.generator, [[100, 40], [40, 784]]);
  assert.deepEqual(images.discriminator, [[784, 30], [30, 20], [20, 1]]);
  assert.deepEqual(built(await configOf({ data: 'mnist', model: 'mlp' }), [28, 28, 1], 'images').discriminator, [[784, 512], [512, 256], [256, 1]], 'absent: MLPGAN\'s own layers');
  await refused(() => configOf({ data: 'ring8', gUnits: '' }), /^--g-units must be a comma-separated list of positive integers \(units of each hidden layer, such as 128,128,128\), got ''$/);
  await refused(() => configOf({ data: 'ring8', dUnits: '128,1.5' }), /^--d-units must be a comma-separated list .*got '128,1\.5'$/);
  await refused(() => configOf({ data: 'mnist', dUnits: '128' }), /'discriminatorUnits' sets the layers of the MLP discriminator, but the run's model is 'dcgan': use --model mlp, or drop --d-units$/);
  const file = (fields: Record<string, unknown>) => JSON.stringify({ ...GRID25_WGAN_GP, ...fields });
  await refused(() => parseRunConfig(file({ generatorUnits: [] }), 'r/config.json'), /^r\/config\.json: 'generatorUnits' must be a non-empty list of positive integers \(the units of the MLP generator's hidden layers, such as \[128, 128\]\), got \[\]$/);
  await refused(() => parseRunConfig(file({ discriminatorUnits: '128,128' }), 'r/config.json'), /'discriminatorUnits' must be a non-empty list of positive integers .*got "128,128"$/);
});
