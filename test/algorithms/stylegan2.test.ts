// StyleGAN2's training on the loop: the step against a hand computation (style mixing, non-saturating loss), lazy R1
// and path length logged on their steps only, the path length as the reference code defines it, the lazy-regularization
// Adam settings, truncation in W when sampling, and a checkpoint that resumes bit for bit (w̄, noise counters, EMA,
// the path-length mean).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { StyleGan2Algorithm } from '../../src/algorithms/stylegan2.js';
import { StyleGAN2, styleGan2Parts } from '../../src/architectures/stylegan2.js';
import { diffAugment } from '../../src/augment/diff_augment.js';
import { mixStyles } from '../../src/latent/stylegan2_sampling.js';
import { AdversarialTrainer } from '../../src/trainers/adversarial_trainer.js';
import { CheckpointManager } from '../../src/training/checkpoint.js';
import { SeededRandom } from '../../src/utils/random.js';
import { useCpu } from '../helpers/backend.js';
import { disposeGan, weightsOf } from '../helpers/tiny_gan.js';

let root = '';
before(async () => {
  await useCpu();
  root = await mkdtemp(join(tmpdir(), 'gan-kit-stylegan2-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

const build = (seed = 2) => new StyleGAN2({ resolution: 8, channels: 1, latentDim: 4, mappingLayers: 2, channelBase: 16, channelMax: 4, seed });
const images = (n = 16) => tf.tidy(() => tf.tanh(new SeededRandom(1).normalTensor([n, 8, 8, 1])));
const softplusMean = (x: tf.Tensor) => tf.mean(tf.softplus(x));

describe('StyleGan2Algorithm', () => {
  it('has StyleGAN2\'s defaults: non-saturating loss, R1 γ 0.01 every 16, path length 2 every 4, Adam with the lazy-regularization correction, EMA', () => {
    const gan = build();
    const algorithm = new StyleGan2Algorithm(gan);
    assert.equal(algorithm.loss.name, 'non-saturating');
    assert.deepEqual(algorithm.regularizers.map((r) => [r.name, r.weight, r.every]), [['r1', 0.01, 16], ['path-length', 2, 4]]);
    const config = (o: tf.Optimizer) => o.getConfig() as { learningRate: number; beta1: number; beta2: number };
    const g = config(algorithm.generatorOptimizer);
    const d = config(algorithm.discriminatorOptimizer);
    assert.ok(Math.abs(g.learningRate - 0.0025 * 0.8) < 1e-12 && g.beta1 === 0 && Math.abs(g.beta2 - 0.99 ** 0.8) < 1e-12, JSON.stringify(g));
    assert.ok(Math.abs(d.learningRate - 0.0025 * 16 / 17) < 1e-12 && d.beta1 === 0 && Math.abs(d.beta2 - 0.99 ** (16 / 17)) < 1e-12, JSON.stringify(d));
    assert.deepEqual(Object.keys(algorithm.networks), ['generator', 'discriminator', 'generator-ema']);
    assert.equal(algorithm.generatorEma?.decay, 0.995);
    assert.equal(algorithm.styleMixingProbability, 0.9);
    algorithm.dispose();
    disposeGan(gan);
  });

  it('refuses a generator without StyleGAN2\'s parts and options out of range', () => {
    const gan = build();
    assert.throws(() => new StyleGan2Algorithm({ generator: gan.discriminator, discriminator: gan.discriminator, latentDim: 4 }), /styleGan2Parts: the model has no 'mapping'/);
    assert.throws(() => new StyleGan2Algorithm(gan, { styleMixingProbability: 1.5 }), /options\.styleMixingProbability must be a number in \[0, 1\], but got 1\.5/);
    assert.throws(() => new StyleGan2Algorithm(gan, { r1Every: 0 }), /options\.r1Every must be an integer ≥ 1/);
    disposeGan(gan);
  });

  it('the first step\'s losses and path-length penalty match a hand computation with style mixing and the reference code\'s path lengths', async () => {
    const gan = build();
    const trainer = new AdversarialTrainer(new StyleGan2Algorithm(gan, { r1Gamma: 0, styleMixingProbability: 1, ema: false }), { seed: 5 });
    const x = images(8);
    // The same networks and streams by hand.
    const twin = build();
    const { mapping, synthesis, numWs } = styleGan2Parts(twin.generator);
    const random = new SeededRandom(5);
    const generation = () => {
      const z = random.normalTensor([8, 4]);
      const second = random.normalTensor([8, 4]);
      assert.ok(random.uniform() < 1, 'the batch mixes');
      const crossover = 1 + Math.floor(random.uniform() * (numWs - 1));
      const broadcast = (w: tf.Tensor) => tf.tile(tf.expandDims(w, 1), [1, numWs, 1]) as tf.Tensor3D;
      return mixStyles(broadcast(mapping.apply(z, { training: true }) as tf.Tensor), broadcast(mapping.apply(second) as tf.Tensor), crossover);
    };
    const expectedD = tf.tidy(() => {
      const fake = synthesis.apply(generation(), { training: true }) as tf.Tensor;
      return tf.add(softplusMean(tf.neg(twin.discriminator.apply(x) as tf.Tensor)), softplusMean(twin.discriminator.apply(fake) as tf.Tensor)).dataSync()[0]!;
    });
    const logs = await trainer.trainOnBatch([x]);
    assert.ok(Math.abs(logs.discriminatorLoss - expectedD) < 1e-5, `D loss ${logs.discriminatorLoss} vs ${expectedD}`);
    const [expectedG, expectedPenalty] = tf.tidy(() => {
      const ws = generation();
      const fake = synthesis.apply(ws, { training: true }) as tf.Tensor;
      const loss = softplusMean(tf.neg(gan.discriminator.apply(fake) as tf.Tensor));
      // Path length on the first half of the batch: ‖J_wᵀy‖ = sqrt(mean over the styles of Σ over w's entries of g²).
      const half = tf.slice(ws, 0, 4);
      const y = tf.div(random.normalTensor([4, 8, 8, 1]), 8);
      const g = tf.grad((w: tf.Tensor) => tf.sum(tf.mul(synthesis.apply(w, { training: true }) as tf.Tensor, y)))(half);
      const lengths = tf.sqrt(tf.mean(tf.sum(tf.square(g), 2), 1));
      const mean = tf.mul(tf.mean(lengths), 0.01);
      const penalty = tf.mean(tf.square(tf.sub(lengths, mean)));
      return [loss.dataSync()[0]!, penalty.dataSync()[0]!];
    });
    assert.ok(Math.abs(logs.penalties['path-length']! - expectedPenalty!) < 1e-5 * Math.max(1, expectedPenalty!), `path length ${logs.penalties['path-length']} vs ${expectedPenalty}`);
    assert.ok(Math.abs(logs.generatorLoss - (expectedG! + 4 * 2 * expectedPenalty!)) < 1e-4, `G loss ${logs.generatorLoss} vs ${expectedG} + 8·${expectedPenalty}`);
    x.dispose();
    trainer.dispose();
    [gan, twin].forEach(disposeGan);
  });

  it('lazy R1 and path length are logged on their steps only (every 3 and every 2 here), and no tensor leaks', async () => {
    const gan = build();
    const data = images();
    const before = tf.memory().numTensors;
    const trainer = new AdversarialTrainer(new StyleGan2Algorithm(gan, { r1Every: 3, pathLengthEvery: 2 }), { seed: 1 });
    const history = await trainer.fit(data, { steps: 6, batchSize: 8 });
    assert.deepEqual(history.steps.map((s) => Object.keys(s.penalties).sort()), [['path-length', 'r1'], [], ['path-length'], ['r1'], ['path-length'], []]);
    assert.ok(history.steps.every((s) => Object.values(s.penalties).every((p) => Number.isFinite(p) && p >= 0)));
    trainer.dispose();
    assert.equal(tf.memory().numTensors, before, 'the trainer, its optimizers, EMA and path-length mean are released');
    data.dispose();
    disposeGan(gan);
  });

  it('samples with truncation in W (ψ = 0: the image of w̄ for every latent, ψ = 1: untruncated) and style mixing at a crossover', async () => {
    const gan = build();
    const trainer = new AdversarialTrainer(new StyleGan2Algorithm(gan), { seed: 1 });
    const data = images();
    await trainer.fit(data, { steps: 2, batchSize: 8 });
    const [average, free, again] = [trainer.sample(4, { seed: 3, psi: 0 }), trainer.sample(4, { seed: 3 }), trainer.sample(4, { seed: 3 })];
    const spread = (t: tf.Tensor) => tf.tidy(() => tf.max(tf.sub(tf.max(t, 0), tf.min(t, 0))).dataSync()[0]!);
    assert.ok(spread(average) < 1e-6, `ψ = 0: one image, spread ${spread(average)}`);
    assert.ok(spread(free) > 1e-3, `ψ = 1: different images, spread ${spread(free)}`);
    assert.deepEqual(Array.from(again.dataSync()), Array.from(free.dataSync()), 'constant noise: sampling repeats');
    // Style mixing: crossover numWs keeps every style of the first latents, 0 takes every style of the second.
    const [first, second] = [new SeededRandom(3).normalTensor([4, 4]) as tf.Tensor2D, new SeededRandom(4).normalTensor([4, 4]) as tf.Tensor2D];
    const { numWs } = styleGan2Parts(gan.generator);
    const allFirst = trainer.sample(4, { latents: first, mix: { latents: second, crossover: numWs } });
    const allSecond = trainer.sample(4, { latents: first, mix: { latents: second, crossover: 0 } });
    const ofSecond = trainer.sample(4, { latents: second });
    const halfway = trainer.sample(4, { latents: first, mix: { latents: second, crossover: 2 } });
    assert.deepEqual(Array.from(allFirst.dataSync()), Array.from(free.dataSync()));
    assert.deepEqual(Array.from(allSecond.dataSync()), Array.from(ofSecond.dataSync()));
    const distance = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
    assert.ok(distance(halfway, free) > 1e-4 && distance(halfway, ofSecond) > 1e-4, 'a crossover inside mixes both');
    tf.dispose([average, free, again, data, first, second, allFirst, allSecond, ofSecond, halfway]);
    trainer.dispose();
    disposeGan(gan);
  });

  it('a checkpoint resumes bit for bit (w̄, noise counters, EMA, the path-length mean, ADA-free augmentation)', async () => {
    const data = images();
    const options = { r1Every: 2, pathLengthEvery: 2, augment: { augmentation: diffAugment() } } as const;
    const straightGan = build();
    const straight = new AdversarialTrainer(new StyleGan2Algorithm(straightGan, options), { seed: 4 });
    const history = await straight.fit(data, { steps: 4, batchSize: 8 });
    const directory = join(root, 'resume');
    const firstGan = build();
    const first = new AdversarialTrainer(new StyleGan2Algorithm(firstGan, options), { seed: 4 });
    await first.fit(data, { steps: 2, batchSize: 8 });
    await new CheckpointManager({ directory }).save(first);
    // Rebuilt from the same settings, as a resumed run is (the noise layers' seeds are configuration, not weights);
    // the trainer's seed differs, so the stream must come from the checkpoint.
    const resumedGan = build();
    const resumed = new AdversarialTrainer(new StyleGan2Algorithm(resumedGan, options), { seed: 77 });
    await new CheckpointManager({ directory }).restore(resumed);
    const rest = await resumed.fit(data, { steps: 2, batchSize: 8 });
    assert.deepEqual(rest.steps.map((s) => [s.discriminatorLoss, s.generatorLoss, s.penalties]), history.steps.slice(2).map((s) => [s.discriminatorLoss, s.generatorLoss, s.penalties]));
    assert.deepEqual(weightsOf(resumedGan), weightsOf(straightGan));
    assert.deepEqual(weightsOf({ ...resumedGan, generator: resumed.generatorEma!.model }), weightsOf({ ...straightGan, generator: straight.generatorEma!.model }));
    data.dispose();
    for (const t of [straight, first, resumed]) t.dispose();
    [straightGan, firstGan, resumedGan].forEach(disposeGan);
  });
});
