// The snippets and figures of docs/colour-and-biggan.md, run on the cpu backend.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import {
  BigGAN, ConditionalTrainer, DCGAN, EMOJI_CATEGORIES, SAGAN, SelfAttention, bigganRecipe, cycleLabels, emojiDataset,
  hierarchicalLatentSizes, hingeGeneratorLoss, loadEmoji, orthogonalRegularization, type EmojiPicture,
} from '../../src/index.js';

await tf.setBackend('cpu');

test('colour guide: the emoji table (per category: all, train, test), the first names, the order', async () => {
  const table = [[169, 153, 16], [386, 348, 38], [159, 144, 15], [131, 118, 13], [218, 197, 21], [85, 77, 8], [264, 238, 26], [224, 202, 22], [270, 243, 27]];
  const counts = async (split: 'all' | 'train' | 'test') => {
    const data = await loadEmoji({ split, size: 4 });
    const perLabel = new Array<number>(9).fill(0);
    for (const l of data.labels.dataSync()) perLabel[l]! += 1;
    tf.dispose([data.images, data.labels]);
    return { perLabel, data };
  };
  // 'train' is 'all' without 'test' (the loader tests check that on a package they make); reading it again would
  // only repeat the decoding.
  const all = await counts('all');
  const held = await counts('test');
  table.forEach(([a, tr, te], label) => {
    assert.deepEqual([all.perLabel[label], all.perLabel[label]! - held.perLabel[label]!, held.perLabel[label]], [a, tr, te], EMOJI_CATEGORIES[label]);
  });
  assert.equal(all.data.names.length - held.data.names.length, 1720);
  assert.equal(held.data.names.length, 186);
  assert.equal(all.data.categories[3], 'Food & Drink');
  assert.equal(all.data.names[0], 'grinning');
});

test('colour guide: emojiDataset on a half-transparent red pixel gives pink, label 7', () => {
  const picture = { width: 1, height: 1, data: new Uint8Array([255, 0, 0, 128]) };
  const emoji: EmojiPicture[] = [{ name: 'red', category: 'Symbols', sortOrder: 1, picture }];
  const { images, labels } = emojiDataset(emoji, { size: 4 });
  assert.deepEqual(images.shape, [1, 4, 4, 3]);
  assert.deepEqual([...labels.dataSync()], [7]);
  const a = 128 / 255;
  const expected = [255, (1 - a) * 255, (1 - a) * 255].map((v) => v / 127.5 - 1);
  const pixels = tf.reshape(images, [16, 3]) as tf.Tensor2D;
  pixels.arraySync().forEach((pixel) => pixel.forEach((v, c) => assert.ok(Math.abs(v - expected[c]!) < 1e-5)));
  tf.dispose([images, labels, pixels]);
});

test('colour guide: builder sizes quoted (DCGAN, BigGAN default and width 64) and the snippets', () => {
  const count = (gan: { generator: tfl.LayersModel; discriminator: tfl.LayersModel }) => {
    const sizes = [gan.generator.countParams(), gan.discriminator.countParams()];
    gan.generator.dispose();
    gan.discriminator.dispose();
    return sizes.map((n) => Math.round(n / 1e4) / 100);
  };
  assert.deepEqual(count(new DCGAN({ imageShape: [32, 32, 3], seed: 1 })), [1.09, 0.66]);
  assert.deepEqual(count(new BigGAN({ imageShape: [32, 32, 3], classes: 9 })).map((m) => Math.round(m * 10) / 10), [4.5, 4.3]);
  assert.deepEqual(count(new BigGAN({ imageShape: [32, 32, 3], classes: 9, width: 64 })), [0.4, 0.27]);
  const byCategory = new DCGAN({ imageShape: [32, 32, 3], seed: 1, conditioning: { classes: 9, discriminator: 'projection' } });
  assert.equal(byCategory.classes, 9);
  count(byCategory);
  const features = tfl.input({ shape: [16, 16, 64] });
  const attended = new SelfAttention({ spectralNormalization: true }).apply(features) as tfl.SymbolicTensor;
  const block = tfl.model({ inputs: features, outputs: attended });
  assert.deepEqual(block.outputs[0]!.shape, [null, 16, 16, 64]);
  block.dispose();
  for (const options of [{ imageShape: [32, 32, 3], seed: 1 }, { imageShape: [32, 32, 3], seed: 1, conditioning: { classes: 9, generator: 'conditional-batchnorm' as const, discriminator: 'projection' as const } }]) {
    const sagan = new SAGAN(options);
    assert.equal(sagan.generator.layers.filter((l) => l instanceof SelfAttention).length, 1);
    count(sagan);
  }
  const biggan = new BigGAN({ imageShape: [32, 32, 3], classes: 9, width: 64, seed: 1 });
  assert.deepEqual(biggan.latentSizes, [32, 32, 32, 32]);
  tf.tidy(() => {
    const labels = tf.tensor2d([[0], [8]], [2, 1], 'int32');
    const images = biggan.generator.predict([tf.randomNormal([2, biggan.latentDim]), labels]) as tf.Tensor;
    assert.deepEqual((biggan.discriminator.predict([images, labels]) as tf.Tensor).shape, [2, 1]);
  });
  count(biggan);
  assert.deepEqual(hierarchicalLatentSizes(128, 4), [32, 32, 32, 32]);
  assert.deepEqual(hierarchicalLatentSizes(10, 4), [3, 3, 2, 2]);
});

test('colour guide: a generator step with orthogonal regularization moves G only', () => {
  const gan = new BigGAN({ imageShape: [16, 16, 3], classes: 3, width: 16, latentDim: 12, seed: 1 });
  const optimizer = tf.train.adam(5e-5, 0, 0.999);
  const labels = tf.tensor2d([[0], [1], [2], [0]], [4, 1], 'int32');
  const generatorWeights = gan.generator.trainableWeights.map((w) => w.read() as tf.Variable);
  const dBefore = gan.discriminator.trainableWeights.map((w) => w.read().dataSync().slice());
  const gBefore = generatorWeights.map((w) => w.dataSync().slice());
  const penalty = tf.tidy(() => orthogonalRegularization(gan.generator, { beta: 1e-4 }).dataSync()[0]!);
  assert.ok(penalty > 0);
  optimizer.minimize(() => {
    const fake = gan.generator.apply([tf.randomNormal([4, gan.latentDim]), labels], { training: true }) as tf.Tensor;
    const fakeLogits = gan.discriminator.apply([fake, labels], { training: true }) as tf.Tensor;
    return tf.add(hingeGeneratorLoss({ fakeLogits }), orthogonalRegularization(gan.generator, { beta: 1e-4 })) as tf.Scalar;
  }, false, generatorWeights);
  assert.ok(gan.discriminator.trainableWeights.every((w, i) => w.read().dataSync().every((v, j) => v === dBefore[i]![j])), 'D unchanged');
  assert.ok(generatorWeights.every((w, i) => w.dataSync().some((v, j) => v !== gBefore[i]![j])), 'every weight of G moved');
  tf.dispose(labels);
  optimizer.dispose();
  gan.generator.dispose();
  gan.discriminator.dispose();
});

test('colour guide: trainer.sample with truncation 0.5 draws latents in [−0.5, 0.5], the same as sampleLatents', () => {
  const gan = new BigGAN({ imageShape: [16, 16, 3], classes: 3, width: 16, latentDim: 12, seed: 1 });
  const { discriminatorNormalization: _, ...recipe } = bigganRecipe(gan.generator);
  const trainer = new ConditionalTrainer(gan, { ...recipe, seed: 1 });
  const labels = cycleLabels(6, [0, 1, 2]);
  assert.deepEqual(labels, [0, 1, 2, 0, 1, 2]);
  const z = trainer.sampleLatents(6, 7, 0.5);
  assert.ok(Array.from(z.dataSync()).every((v) => Math.abs(v) <= 0.5));
  const typical = trainer.sample(6, { labels, seed: 7, truncation: 0.5 });
  const fromZ = trainer.sample(0, { labels, latents: z });
  const varied = trainer.sample(6, { labels, seed: 7 });
  assert.deepEqual(typical.shape, [6, 16, 16, 3]);
  assert.deepEqual(typical.dataSync(), fromZ.dataSync());
  assert.notDeepEqual(typical.dataSync(), varied.dataSync());
  tf.dispose([z, typical, fromZ, varied]);
  trainer.dispose();
  gan.generator.dispose();
  gan.discriminator.dispose();
});
