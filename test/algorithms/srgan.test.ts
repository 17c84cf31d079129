// SRGAN on the training loop: the pre-training stage (content loss alone, D untouched), the switch in beforeStep, the
// adversarial step by hand (w = 10⁻³), a perceptual content loss, memory, and refusals.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { Srgan } from '../../src/algorithms/srgan.js';
import { perceptualLoss } from '../../src/losses/perceptual.js';
import { SrganTrainer } from '../../src/trainers/srgan_trainer.js';
import { useCpu } from '../helpers/backend.js';
import { constantCritic, disposeModels, tinyImages, tinySrganModels } from '../helpers/tiny_image_models.js';

before(useCpu);

const close = (actual: number, expected: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= 1e-5 * Math.max(1, Math.abs(expected)), `${what}: ${actual}, expected ${expected}`);
const softplus = (x: number) => Math.log1p(Math.exp(x));

/** 4×4 → 8×8: nearest-neighbour up-sampling, then x ↦ s·x (a 1×1 convolution). */
function upsampler(s: number): tfl.LayersModel {
  const model = tfl.sequential({ layers: [
    tfl.layers.upSampling2d({ inputShape: [4, 4, 1], size: [2, 2] }),
    tfl.layers.conv2d({ filters: 1, kernelSize: 1, useBias: false, kernelInitializer: tfl.initializers.constant({ value: s }) }),
  ] });
  return model;
}

test('stage 1 trains G on the content loss alone; at step pretrainSteps the adversarial stage adds 10⁻³·L_G and trains D', async () => {
  const [s, c] = [0.8, -0.5];
  const models = { generator: upsampler(s), discriminator: constantCritic([8, 8, 1], c) };
  const x = tinyImages(2, [4, 4, 1], 1);
  const y = tinyImages(2, [8, 8, 1], 2);
  const frozen = tf.train.sgd(0);
  const trainer = new SrganTrainer(models, { seed: 1, pretrainSteps: 1, discriminatorOptimizer: frozen });
  const mse = () => tf.tidy(() => {
    const up = tf.mul(models.generator.getWeights()[0]!.dataSync()[0]!, tf.image.resizeNearestNeighbor(x, [8, 8]));
    return tf.mean(tf.square(tf.sub(y, up))).dataSync()[0]!;
  });
  assert.equal(trainer.stage, 'pretrain');
  const expectedFirst = mse();
  const first = await trainer.trainOnBatch([{ a: x, b: y }]);
  assert.deepEqual(Object.keys(first).sort(), ['contentLoss', 'epoch', 'generatorLoss', 'step']);
  close(first.contentLoss, expectedFirst, 'content loss = pixel MSE');
  close(first.generatorLoss, expectedFirst, 'pre-training: generatorLoss is the content loss');
  assert.deepEqual(trainer.algorithm.state(), { stage: 'pretrain' });
  const expectedSecond = mse();
  const second = await trainer.trainOnBatch([{ a: x, b: y }]);
  assert.equal(trainer.stage, 'adversarial');
  close(second.contentLoss, expectedSecond, 'content loss');
  close(second.discriminatorLoss!, softplus(-c) + softplus(c), 'discriminatorLoss');
  close(second.adversarialLoss!, softplus(-c), 'adversarialLoss = −log σ(c)');
  close(second.generatorLoss, expectedSecond + 1e-3 * softplus(-c), 'generatorLoss = content + 10⁻³·adversarial');
  trainer.dispose();
  frozen.dispose();
  disposeModels(models);
  tf.dispose([x, y]);
});

test('during pre-training D and its optimizer are untouched', async () => {
  const models = tinySrganModels(2);
  const before = models.discriminator.getWeights().map((w) => Array.from(w.dataSync()));
  const trainer = new SrganTrainer(models, { seed: 2, pretrainSteps: 3 });
  const x = tinyImages(4, [4, 4, 1], 3);
  const y = tinyImages(4, [8, 8, 1], 4);
  const history = await trainer.fit({ a: x, b: y }, { steps: 3, batchSize: 2 });
  assert.deepEqual(models.discriminator.getWeights().map((w) => Array.from(w.dataSync())), before);
  assert.ok(history.steps.every((s) => s.discriminatorLoss === undefined));
  const { weights } = (await trainer.snapshot()).optimizers['discriminator']!;
  assert.deepEqual(weights.map((w) => [w.name, Array.from(w.values)]), [['iter', [0]]], 'D\'s Adam: no update, no moments yet');
  const start = tf.memory().numTensors;
  const more = await trainer.fit({ a: x, b: y }, { steps: 2, batchSize: 2 });
  assert.ok(more.steps.every((s) => Number.isFinite(s.discriminatorLoss) && Number.isFinite(s.adversarialLoss)));
  await trainer.fit({ a: x, b: y }, { steps: 1, batchSize: 2 });
  assert.equal(tf.memory().numTensors, start + models.discriminator.trainableWeights.length * 2, 'only D\'s new Adam moments stay');
  const up = trainer.upscale(x);
  assert.deepEqual(up.shape, [4, 8, 8, 1]);
  up.dispose();
  trainer.dispose();
  disposeModels(models);
  tf.dispose([x, y]);
});

test('a perceptual content loss over a feature network, recorded by name', async () => {
  const models = { generator: upsampler(1), discriminator: constantCritic([8, 8, 1], 0) };
  const features = tfl.sequential({ layers: [tfl.layers.conv2d({ inputShape: [8, 8, 1], filters: 2, kernelSize: 3, kernelInitializer: tfl.initializers.glorotNormal({ seed: 1 }), name: 'phi' })] });
  const loss = perceptualLoss({ features: { model: features, layerName: 'phi' } });
  const x = tinyImages(2, [4, 4, 1], 5);
  const y = tinyImages(2, [8, 8, 1], 6);
  const expected = tf.tidy(() => loss({ target: y, generated: tf.image.resizeNearestNeighbor(x, [8, 8]) }).dataSync()[0]!);
  const algorithm = new Srgan(models, { content: { name: 'phi', loss }, pretrainSteps: 5 });
  const trainer = new SrganTrainer(algorithm, { seed: 3 });
  const logs = await trainer.trainOnBatch([{ a: x, b: y }]);
  close(logs.contentLoss, expected, 'content loss = feature MSE');
  assert.deepEqual(algorithm.configuration(), { content: 'phi', loss: 'non-saturating', adversarialWeight: 1e-3, pretrainSteps: 5 });
  trainer.dispose();
  disposeModels({ ...models, features });
  tf.dispose([x, y]);
});

test('refusals: D of the wrong size, a bad content loss or stage, a bad saved state', () => {
  const { generator, discriminator } = tinySrganModels(1);
  const small = constantCritic([4, 4, 1], 0);
  assert.throws(() => new Srgan({ generator, discriminator: small }), /models\.generator makes images of shape \[8, 8, 1\], but models\.discriminator takes \[4, 4, 1\]/);
  assert.throws(() => new Srgan({ generator, discriminator }, { pretrainSteps: -1 }), /pretrainSteps must be an integer ≥ 0/);
  assert.throws(() => new Srgan({ generator, discriminator }, { content: (() => tf.scalar(0)) as never }), /content must be \{ name, loss \}/);
  const algorithm = new Srgan({ generator, discriminator });
  assert.throws(() => algorithm.restoreState({ stage: 'warmup' }), /expected \{ stage: 'pretrain' \| 'adversarial' \}/);
  algorithm.dispose();
  disposeModels({ generator, discriminator, small });
});
