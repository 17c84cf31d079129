// The snippets of docs/small-data.md, run in small form on the cpu backend.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import { AdaController, SeededRandom, adaAugment, diffAugment, type Augmentation } from '../../src/index.js';

await tf.setBackend('cpu');

test('small-data guide: DiffAugment on real and fake batches, a custom augmentation', () => {
  const before = tf.memory().numTensors;
  const random = new SeededRandom(1);
  const realBatch = random.normalTensor([4, 8, 8, 1]) as tf.Tensor4D;
  const fakeBatch = random.normalTensor([4, 8, 8, 1]) as tf.Tensor4D;
  const augment = diffAugment();
  const realSeen = augment.apply(realBatch, { p: 1, random });
  const fakeSeen = augment.apply(fakeBatch, { p: 1, random });
  assert.deepEqual(realSeen.shape, realBatch.shape);
  assert.notDeepEqual(Array.from(fakeSeen.dataSync()), Array.from(fakeBatch.dataSync()));
  const invert: Augmentation = {
    name: 'invert',
    apply: (images, { p, random: stream }) => tf.tidy(() => {
      const flags = Array.from({ length: images.shape[0] }, () => (stream.uniform() < p ? -1 : 1));
      return tf.mul(images, tf.tensor4d(flags, [flags.length, 1, 1, 1]));
    }),
  };
  const inverted = invert.apply(realBatch, { p: 1, random });
  assert.deepEqual(Array.from(inverted.dataSync()), Array.from(realBatch.dataSync(), (v) => -v));
  tf.dispose([realBatch, fakeBatch, realSeen, fakeSeen, inverted]);
  assert.equal(tf.memory().numTensors, before);
});

test('small-data guide: ADA in a discriminator step, its state through JSON', () => {
  const random = new SeededRandom(2);
  const discriminator = tfl.sequential({ layers: [tfl.layers.flatten({ inputShape: [8, 8, 1] }), tfl.layers.dense({ units: 1, kernelInitializer: 'ones' })] });
  const ada = new AdaController({ target: 0.6, interval: 4, speedImages: 20_000 });
  const augment = adaAugment();
  for (let step = 0; step < 8; step++) {
    const realBatch = tf.tidy(() => tf.abs(random.normalTensor([16, 8, 8, 1]))) as tf.Tensor4D;   // D calls them all real
    const realSeen = augment.apply(realBatch, { p: ada.p, random });
    const realLogits = discriminator.apply(realSeen, { training: true }) as tf.Tensor;
    ada.observe(realLogits);
    tf.dispose([realBatch, realSeen, realLogits]);
  }
  assert.equal(ada.history.length, 2);
  assert.ok(ada.p > 0, `p rose: ${ada.p}`);
  const saved = JSON.stringify(ada.state());
  const resumed = new AdaController();
  resumed.restore(JSON.parse(saved));
  assert.equal(resumed.p, ada.p);
  assert.equal(resumed.images, 128);
  discriminator.dispose();
});
