// pix2pix on the training loop: the losses by hand (G = s·x, D ≡ c on every patch of the pair), the pair D judges,
// the U-Net's dropout as noise, memory, and refusals.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { Pix2Pix } from '../../src/algorithms/pix2pix.js';
import { Pix2PixTrainer } from '../../src/trainers/pix2pix_trainer.js';
import { GanTrainer } from '../../src/training/gan_trainer.js';
import { useCpu } from '../helpers/backend.js';
import { constantCritic, disposeModels, scalingModel, tinyImages, tinyPix2PixModels } from '../helpers/tiny_image_models.js';

before(useCpu);

const shape = [4, 4, 1] as const;
const close = (actual: number, expected: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= 1e-5 * Math.max(1, Math.abs(expected)), `${what}: ${actual}, expected ${expected}`);
const softplus = (x: number) => Math.log1p(Math.exp(x));

test('one step\'s losses by hand: ½·L_D, L_G + 100·mean |y − G(x)|, with G = s·x and D ≡ c (frozen)', async () => {
  const [s, c] = [0.5, 0.7];
  const models = { generator: scalingModel(shape, s), discriminator: constantCritic(shape, c, 1) };
  const x = tinyImages(3, shape, 1);
  const y = tinyImages(3, shape, 2);
  const frozen = tf.train.sgd(0);
  const trainer = new Pix2PixTrainer(models, { seed: 1, discriminatorOptimizer: frozen });
  const logs = await trainer.trainOnBatch([{ a: x, b: y }]);
  const l1 = tf.tidy(() => tf.mean(tf.abs(tf.sub(y, tf.mul(s, x)))).dataSync()[0]!);
  close(logs.discriminatorLoss, 0.5 * (softplus(-c) + softplus(c)), 'discriminatorLoss = ½(softplus(−c) + softplus(c))');
  close(logs.adversarialLoss, softplus(-c), 'adversarialLoss = softplus(−c)');
  close(logs.l1Loss, l1, 'l1Loss');
  close(logs.generatorLoss, softplus(-c) + 100 * l1, 'generatorLoss');
  assert.notDeepEqual(Array.from(models.generator.getWeights()[0]!.dataSync()), [s], 'G moved');
  trainer.dispose();
  frozen.dispose();
  disposeModels(models);
  tf.dispose([x, y]);
});

test('D judges the pair: its gradient depends on the input image x, and λ = 0 leaves the adversarial term alone', async () => {
  const run = async (x: tf.Tensor) => {
    const models = { generator: scalingModel(shape, 0.5), discriminator: constantCritic(shape, 0.2, 1) };
    const algorithm = new Pix2Pix(models, { l1Weight: 0 });
    const trainer = new GanTrainer(algorithm, { seed: 1 });
    const y = tinyImages(2, shape, 5);
    const logs = await trainer.trainOnBatch([{ a: x, b: y }]);
    const kernel = Array.from(models.discriminator.getWeights()[0]!.dataSync());
    trainer.dispose();
    disposeModels(models);
    y.dispose();
    return { logs, kernel };
  };
  const x1 = tinyImages(2, shape, 6);
  const x2 = tf.tidy(() => tf.neg(x1));
  const [r1, r2] = [await run(x1), await run(x2)];
  close(r1.logs.generatorLoss, r1.logs.adversarialLoss, 'λ = 0: generatorLoss is the adversarial term');
  assert.equal(r1.kernel.length, 2, 'D\'s 1×1 kernel sees two channels: the image and its condition');
  assert.notEqual(r1.kernel[1], r2.kernel[1], 'the condition channel\'s weight learns from x');
  tf.dispose([x1, x2]);
});

test('fit with the U-Net: dropout makes G noisy in training mode only; translations, sample, no leaked tensors', async () => {
  const models = tinyPix2PixModels(3);
  const x = tinyImages(6, [8, 8, 1], 7);
  const y = tinyImages(6, [8, 8, 1], 8);
  const trainer = new Pix2PixTrainer(models, { seed: 2 });
  await trainer.fit({ a: x, b: y }, { steps: 1, batchSize: 3 });
  const start = tf.memory().numTensors;
  const history = await trainer.fit({ a: x, b: y }, { steps: 2, batchSize: 3 });
  assert.equal(tf.memory().numTensors, start, 'tensors leaked by the steps');
  for (const s of history.steps) for (const key of ['generatorLoss', 'discriminatorLoss', 'adversarialLoss', 'l1Loss'] as const) assert.ok(Number.isFinite(s[key]) && s[key] > 0, `${key} ${s[key]}`);
  const [first, second] = [trainer.translate(x), trainer.translate(x)];
  const [noisy1, noisy2] = [trainer.translate(x, { training: true }), trainer.translate(x, { training: true })];
  const differ = (p: tf.Tensor, q: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(p, q))).dataSync()[0]!);
  assert.equal(differ(first, second), 0, 'inference mode is deterministic');
  assert.ok(differ(noisy1, noisy2) > 1e-4, 'training mode draws new dropout masks');
  const sampled = trainer.sample(2, { inputs: x });
  assert.deepEqual(sampled.shape, [2, 8, 8, 1]);
  tf.dispose([first, second, noisy1, noisy2, sampled]);
  assert.equal(tf.memory().numTensors, start, 'tensors leaked by inference');
  trainer.dispose();
  disposeModels(models);
  tf.dispose([x, y]);
});

test('refusals: an unconditional D, unpaired shapes, a record without a and b', async () => {
  const { generator, discriminator } = tinyPix2PixModels(1);
  const unconditional = constantCritic([8, 8, 1], 0);
  assert.throws(() => new Pix2Pix({ generator, discriminator: unconditional }), /models\.discriminator must take \[image \[8, 8, 1\], condition \[8, 8, 1\]\] .* but takes \[8, 8, 1\]; build it with patchGanDiscriminator/);
  assert.throws(() => new Pix2Pix({ generator, discriminator }, { l1Weight: Number.NaN }), /l1Weight must be a finite number ≥ 0 \(default 100\)/);
  const trainer = new Pix2PixTrainer({ generator, discriminator }, { seed: 1 });
  const x = tinyImages(4, [8, 8, 1], 1);
  await assert.rejects(trainer.fit({ input: x, target: x }, { steps: 1, batchSize: 2 }), /Pix2PixTrainer.fit: each batch must be a record \{ a, b \}.*saw a record of input, target/);
  trainer.dispose();
  disposeModels({ generator, discriminator, unconditional });
  x.dispose();
});
