// CycleGAN on the training loop: the loss composition by hand (generators that scale their input, discriminators with
// constant logits), the pools fed with the generators' images, translation, memory, and refusals.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { CycleGan } from '../../src/algorithms/cycle_gan.js';
import { nonSaturatingLoss } from '../../src/losses/non_saturating.js';
import { CycleGanTrainer } from '../../src/trainers/cycle_gan_trainer.js';
import { unpaired } from '../../src/training/data_source.js';
import { GanTrainer } from '../../src/training/gan_trainer.js';
import { useCpu } from '../helpers/backend.js';
import { constantCritic, disposeModels, scalingModel, tinyCycleGanModels, tinyImages } from '../helpers/tiny_image_models.js';

before(useCpu);

const shape = [4, 4, 1] as const;
const close = (actual: number, expected: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= 1e-5 * Math.max(1, Math.abs(expected)), `${what}: ${actual}, expected ${expected}`);
const meanAbs = (t: tf.Tensor) => tf.tidy(() => tf.mean(tf.abs(t)).dataSync()[0]!);

/** G = identity, F = s·x, D_A and D_B with logits c everywhere. */
function handModels(s: number, c: number) {
  return {
    generatorAB: scalingModel(shape, 1), generatorBA: scalingModel(shape, s),
    discriminatorA: constantCritic(shape, c), discriminatorB: constantCritic(shape, c),
  };
}

test('one step\'s losses are the paper\'s objective, by hand: G = identity, F = s·x, D ≡ c', async () => {
  const [s, c] = [0.5, 0.3];
  const models = handModels(s, c);
  const a = tinyImages(3, shape, 1);
  const b = tinyImages(3, shape, 2);
  const trainer = new CycleGanTrainer(models, { seed: 1 });
  const logs = await trainer.trainOnBatch([{ a, b }]);
  const [ma, mb] = [meanAbs(a), meanAbs(b)];
  // Least squares: L_G = ½(c − 1)² for each generator; L_D = ½(c − 1)² + ½c² for each discriminator.
  close(logs.adversarialLoss, 2 * 0.5 * (c - 1) ** 2, 'adversarialLoss');
  // F(G(a)) = s·a, G(F(b)) = s·b: |s − 1|·(mean|a| + mean|b|). Identity: G(b) = b (0), F(a) = s·a.
  close(logs.cycleLoss, Math.abs(s - 1) * (ma + mb), 'cycleLoss');
  close(logs.identityLoss, Math.abs(s - 1) * ma, 'identityLoss');
  close(logs.generatorLoss, 2 * logs.adversarialLoss + 10 * logs.cycleLoss + 5 * logs.identityLoss, 'generatorLoss = 2·adv + 10·cyc + 5·idt');
  close(logs.discriminatorLoss, 2 * (0.5 * (c - 1) ** 2 + 0.5 * c ** 2), 'discriminatorLoss');
  // Both pools received this step's generated images, computed before G's update: G(a) = a and F(b) = s·b.
  assert.deepEqual(trainer.algorithm.state(), { pools: { a: { capacity: 50, size: 3 }, b: { capacity: 50, size: 3 } } });
  const stored = tf.tidy(() => [
    tf.max(tf.abs(tf.sub(tf.slice(trainer.algorithm.pools.b.images, 0, 3), a))).dataSync()[0]!,
    tf.max(tf.abs(tf.sub(tf.slice(trainer.algorithm.pools.a.images, 0, 3), tf.mul(s, b)))).dataSync()[0]!,
  ]);
  assert.ok(stored[0]! < 1e-6 && stored[1]! < 1e-6, `pool contents off by ${stored}`);
  // Every network moved.
  const kernel = (name: string) => Array.from(trainer.algorithm.networks[name]!.getWeights()[0]!.dataSync());
  assert.notDeepEqual(kernel('generator-ab'), [1]);
  assert.notDeepEqual(kernel('discriminator-b'), [0]);
  trainer.dispose();
  disposeModels(models);
  tf.dispose([a, b]);
});

test('weights change the composition: identity off, λ = 4, w = 1 with the non-saturating loss', async () => {
  const [s, c] = [2, -0.4];
  const models = handModels(s, c);
  const a = tinyImages(2, shape, 3);
  const b = tinyImages(2, shape, 4);
  const algorithm = new CycleGan(models, { loss: nonSaturatingLoss(), identityWeight: 0, cycleWeight: 4, adversarialWeight: 1, poolSize: 0 });
  const trainer = new GanTrainer(algorithm, { seed: 2 });
  const logs = await trainer.trainOnBatch([{ a, b }]);
  const softplus = (x: number) => Math.log1p(Math.exp(x));
  close(logs.adversarialLoss, 2 * softplus(-c), 'adversarialLoss: 2·softplus(−c)');
  close(logs.identityLoss, 0, 'identityLoss off');
  close(logs.generatorLoss, logs.adversarialLoss + 4 * Math.abs(s - 1) * (meanAbs(a) + meanAbs(b)), 'generatorLoss');
  close(logs.discriminatorLoss, 2 * (softplus(-c) + softplus(c)), 'discriminatorLoss');
  assert.deepEqual(algorithm.configuration(), { loss: 'non-saturating', adversarialWeight: 1, cycleWeight: 4, identityWeight: 0, poolSize: 0 });
  trainer.dispose();
  disposeModels(models);
  tf.dispose([a, b]);
});

test('fit on unpaired domains of different sizes: finite logs, full pools, translations of the right shape, no leaked tensors', async () => {
  const models = tinyCycleGanModels(5);
  const a = tinyImages(12, [8, 8, 1], 5);
  const b = tinyImages(9, [8, 8, 1], 6);
  const trainer = new CycleGanTrainer(models, { seed: 3, poolSize: 6 });
  await trainer.fit(unpaired({ a, b }), { steps: 1, batchSize: 4 });
  const start = tf.memory().numTensors;
  const history = await trainer.fit(unpaired({ a, b }), { steps: 3, batchSize: 4 });
  assert.equal(tf.memory().numTensors, start, 'tensors leaked by the steps');
  for (const s of history.steps) {
    for (const key of ['generatorLoss', 'discriminatorLoss', 'adversarialLoss', 'cycleLoss', 'identityLoss'] as const) {
      assert.ok(Number.isFinite(s[key]) && s[key] > 0, `step ${s.step} ${key} = ${s[key]}`);
    }
  }
  assert.deepEqual(trainer.algorithm.state(), { pools: { a: { capacity: 6, size: 6 }, b: { capacity: 6, size: 6 } } });
  const translated = trainer.translate(a, 'a2b', { batchSize: 5 });
  const whole = trainer.translate(a);
  const back = trainer.reconstruct(b, 'b2a');
  const sampled = trainer.sample(3, { inputs: b, direction: 'b2a' });
  assert.deepEqual(translated.shape, [12, 8, 8, 1]);
  assert.deepEqual(back.shape, [9, 8, 8, 1]);
  assert.deepEqual(sampled.shape, [3, 8, 8, 1]);
  assert.ok(tf.tidy(() => tf.max(tf.abs(tf.sub(translated, whole))).dataSync()[0]!) < 1e-6, 'chunked translation equals one call');
  tf.dispose([translated, whole, back, sampled]);
  assert.equal(tf.memory().numTensors, start, 'tensors leaked by inference');
  trainer.dispose();
  disposeModels(models);
  tf.dispose([a, b]);
});

test('refusals name the problem: networks that do not chain, a batch that is not { a, b }, sample without images, a bad direction', async () => {
  const models = tinyCycleGanModels(1);
  const wide = scalingModel([8, 8, 3], 1);
  assert.throws(() => new CycleGan({ ...models, generatorAB: wide }), /models\.generatorAB makes images of shape \[8, 8, 3\], but models\.generatorBA takes \[8, 8, 1\]/);
  assert.throws(() => new CycleGan(models, { cycleWeight: -1 }), /cycleWeight must be a finite number ≥ 0/);
  assert.throws(() => new CycleGan(models, { poolSize: 2.5 }), /poolSize must be an integer ≥ 0/);
  const trainer = new CycleGanTrainer(models, { seed: 1 });
  const x = tinyImages(4, [8, 8, 1], 1);
  await assert.rejects(trainer.fit(x, { steps: 1, batchSize: 2 }), /CycleGanTrainer.fit: each batch must be a record \{ a, b \}/);
  await assert.rejects(trainer.fit(unpaired({ a: x, b: tinyImages(4, [6, 6, 1], 2) }), { steps: 1, batchSize: 2 }), /\bb\b.*\[8, 8, 1\]|\[6, 6, 1\]/);
  assert.throws(() => trainer.sample(2), /pass them as sample\(n, \{ inputs \}\)/);
  assert.throws(() => trainer.translate(x, 'sideways' as 'a2b'), /direction must be 'a2b' or 'b2a'/);
  assert.throws(() => trainer.translate(tinyImages(2, [6, 6, 1], 3)), /images must have shape \[n, 8, 8, 1\]/);
  trainer.dispose();
  disposeModels(models);
  wide.dispose();
  x.dispose();
});
