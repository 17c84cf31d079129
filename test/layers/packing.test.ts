import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { useCpu } from '../helpers/backend.js';
import { DCGAN } from '../../src/architectures/dcgan.js';
import { MLPGAN } from '../../src/architectures/mlp_gan.js';
import { Packing, packingOf } from '../../src/layers/packing.js';
import { AdversarialTrainer } from '../../src/trainers/adversarial_trainer.js';
import { SeededRandom } from '../../src/utils/random.js';
import { disposeGan } from '../helpers/tiny_gan.js';

await useCpu();

test('Packing concatenates consecutive samples along the last axis, by hand', () => {
  const before = tf.memory().numTensors;
  tf.tidy(() => {
    const flat = new Packing({ samples: 2 }).apply(tf.tensor2d([[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12]])) as tf.Tensor;
    assert.deepEqual(flat.arraySync(), [[1, 2, 3, 4, 5, 6], [7, 8, 9, 10, 11, 12]]);
    // Images [4, 1, 2, 2] (sample s, pixel p, channel c = 100s + 10p + c) → [2, 1, 2, 4]: per pixel the channels of both samples.
    const images = tf.tensor4d(Array.from({ length: 16 }, (_, i) => 100 * Math.floor(i / 4) + 10 * Math.floor((i % 4) / 2) + (i % 2)), [4, 1, 2, 2]);
    const packed = new Packing({ samples: 2 }).apply(images) as tf.Tensor;
    assert.deepEqual(packed.shape, [2, 1, 2, 4]);
    assert.deepEqual(packed.arraySync(), [[[[0, 1, 100, 101], [10, 11, 110, 111]]], [[[200, 201, 300, 301], [210, 211, 310, 311]]]]);
    assert.throws(() => new Packing({ samples: 3 }).apply(images), /a batch of 4 samples cannot be split into packs of 3; use a batch size divisible by 3/);
  });
  assert.equal(tf.memory().numTensors, before);
  assert.throws(() => new Packing({ samples: 0 }), /args.samples must be an integer ≥ 1/);
});

test('packed builders: D returns one logit per pack, survives save → load; packing and conditioning exclude each other', async () => {
  const mlp = new MLPGAN({ sampleShape: [28, 28, 1], latentDim: 4, generatorUnits: [8], discriminatorUnits: [8], packing: 2, seed: 1 });
  const dcgan = new DCGAN({ imageShape: [12, 12, 1], latentDim: 4, width: 4, packing: 4, seed: 1 });
  assert.equal(packingOf(mlp.discriminator), 2);
  assert.equal(packingOf(dcgan.discriminator), 4);
  tf.tidy(() => {
    assert.deepEqual((mlp.discriminator.predict(tf.zeros([6, 28, 28, 1])) as tf.Tensor).shape, [3, 1]);
    assert.deepEqual((dcgan.discriminator.predict(tf.zeros([8, 12, 12, 1])) as tf.Tensor).shape, [2, 1]);
  });
  let artifacts: tf.io.ModelArtifacts | undefined;
  await dcgan.discriminator.save(tf.io.withSaveHandler(async (a) => {
    artifacts = a;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  const loaded = await tfl.loadLayersModel(tf.io.fromMemory(artifacts!));
  tf.tidy(() => {
    const x = tf.randomUniform([8, 12, 12, 1], -1, 1, 'float32', 2);
    assert.deepEqual((loaded.predict(x) as tf.Tensor).dataSync(), (dcgan.discriminator.predict(x) as tf.Tensor).dataSync());
  });
  assert.throws(() => new DCGAN({ imageShape: [12, 12, 1], packing: 2, conditioning: { classes: 3 } }), /cannot be combined with options.conditioning/);
  loaded.dispose();
  disposeGan(mlp);
  disposeGan(dcgan);
});

test('the trainer trains a packed discriminator and requires a batch size divisible by m', async () => {
  const gan = new MLPGAN({ sampleShape: [2], latentDim: 2, generatorUnits: [8], discriminatorUnits: [8], outputActivation: 'linear', packing: 2, seed: 3 });
  const trainer = new AdversarialTrainer(gan, { seed: 4 });
  const data = new SeededRandom(5).normalTensor([32, 2]);
  await assert.rejects(trainer.fit(data, { steps: 1, batchSize: 7 }), /packs 2 samples at once \(PacGAN\), so batchSize must be divisible by 2; saw 7/);
  assert.equal(trainer.step, 0);
  const history = await trainer.fit(data, { steps: 3, batchSize: 8 });
  assert.ok(history.steps.every((s) => Number.isFinite(s.discriminatorLoss) && Number.isFinite(s.generatorLoss)));
  data.dispose();
  trainer.dispose();
  disposeGan(gan);
});
