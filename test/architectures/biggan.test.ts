import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { BigGAN } from '../../src/architectures/biggan.js';
import { enableSecondOrderGradients } from '../../src/gradients/enable_second_order_gradients.js';
import { LatentSplit } from '../../src/layers/latent_split.js';
import { SelfAttention } from '../../src/layers/self_attention.js';
import { standingStatistics } from '../../src/trainers/standing_statistics.js';
import { orthogonalRegularizationKernels } from '../../src/regularizers/orthogonal_regularization.js';
import { roundTrip } from '../helpers/round_trip.js';
import { disposeGan } from './model_helpers.js';
import { assertStepOnCpuAndWasm, setAttentionGamma } from './training_step.js';

await tf.setBackend('cpu');
// What a gan-kit trainer does on construction: correct gradients (cpu's nearest up-sampling among them).
enableSecondOrderGradients();

const TINY = { imageShape: [32, 32, 3], classes: 3, width: 8, latentDim: 8, sharedEmbeddingSize: 4, seed: 1 } as const;

function labels(values: number[]): tf.Tensor2D {
  return tf.tensor2d(values, [values.length, 1], 'int32');
}

test('BigGAN at 32×32: shapes, hierarchical latents, layer counts, logits', () => {
  const gan = new BigGAN(TINY);
  assert.equal(gan.latentDim, 8);
  assert.equal(gan.classes, 3);
  // 3 generator blocks (4 → 8 → 16 → 32) + the first layer: 4 chunks of z.
  assert.deepEqual(gan.latentSizes, [2, 2, 2, 2]);
  const split = gan.generator.layers.filter((l) => l instanceof LatentSplit) as LatentSplit[];
  assert.deepEqual(split.map((l) => l.sizes), [[2, 2, 2, 2]]);
  const count = (model: tfl.LayersModel, name: string) => model.layers.filter((l) => l.getClassName() === name).length;
  // Each block: 2 conditional batch norms (2 SN Dense each), 2 3×3 convs, a 1×1 shortcut conv.
  assert.equal(count(gan.generator, 'AffineModulation'), 6);
  assert.equal(count(gan.generator, 'BatchNormalization'), 7);
  assert.equal(count(gan.generator, 'SelfAttention'), 1);
  assert.equal(count(gan.generator, 'ClassEmbedding'), 1, 'one shared embedding');
  assert.equal(count(gan.generator, 'SpectralNormalization'), 1 + 3 * (4 + 3) + 1);
  assert.equal(count(gan.discriminator, 'SelfAttention'), 1);
  assert.equal(count(gan.discriminator, 'AveragePooling2D'), 4, 'two down-sampling blocks pool their main path and their shortcut');
  assert.equal(count(gan.discriminator, 'ClassProjection'), 1);
  assert.equal(count(gan.discriminator, 'GlobalSumPooling2D'), 1);
  // Every kernel of both networks is spectrally normalized: no plain Dense or Conv2D is left.
  for (const model of [gan.generator, gan.discriminator]) assert.equal(count(model, 'Dense') + count(model, 'Conv2D'), 0);
  // The attention follows the block that outputs 16×16 in both networks.
  const attentionInput = (model: tfl.LayersModel) => model.layers.find((l) => l instanceof SelfAttention)!.getInputAt(0) as tfl.SymbolicTensor;
  assert.deepEqual(attentionInput(gan.generator).shape, [null, 16, 16, 8]);
  assert.deepEqual(attentionInput(gan.discriminator).shape, [null, 16, 16, 8]);
  tf.tidy(() => {
    const y = labels([0, 1, 2, 0]);
    const images = gan.generator.predict([tf.randomNormal([4, 8], 0, 1, 'float32', 2), y]) as tf.Tensor;
    assert.deepEqual(images.shape, [4, 32, 32, 3]);
    const values = images.dataSync();
    assert.ok(values.every((v) => v >= -1 && v <= 1));
    const logits = gan.discriminator.predict([images, y]) as tf.Tensor;
    assert.deepEqual(logits.shape, [4, 1]);
    // Unbounded logits (hinge-loss ready): no sigmoid squeezes them into [0, 1].
    assert.ok(logits.dataSync().some((v) => v < 0 || v > 1));
  });
  disposeGan(gan);
});

test('BigGAN: each chunk of z reaches its own block: changing one chunk changes the image, and the label does too', () => {
  const gan = new BigGAN(TINY);
  tf.tidy(() => {
    const z = tf.randomNormal([1, 8], 0, 1, 'float32', 3);
    const y = labels([1]);
    const base = gan.generator.predict([z, y]) as tf.Tensor;
    for (let chunk = 0; chunk < 4; chunk++) {
      const shifted = tf.add(z, tf.mul(tf.oneHot([2 * chunk], 8), 1.5));
      const other = gan.generator.predict([shifted, y]) as tf.Tensor;
      assert.ok(tf.max(tf.abs(tf.sub(other, base))).dataSync()[0]! > 1e-4, `chunk ${chunk} has no effect`);
    }
    const otherLabel = gan.generator.predict([z, labels([2])]) as tf.Tensor;
    assert.ok(tf.max(tf.abs(tf.sub(otherLabel, base))).dataSync()[0]! > 1e-4);
  });
  disposeGan(gan);
});

test('BigGAN survives save → load with identical outputs, and the same seed gives the same weights', async () => {
  const gan = new BigGAN(TINY);
  const twin = new BigGAN(TINY);
  assert.deepEqual(gan.generator.getWeights().map((w) => Array.from(w.dataSync())), twin.generator.getWeights().map((w) => Array.from(w.dataSync())));
  setAttentionGamma(gan.generator, 0.3);
  setAttentionGamma(gan.discriminator, -0.2);
  const z = tf.randomNormal([3, 8], 0, 1, 'float32', 4);
  const y = labels([2, 0, 1]);
  // Training-mode calls move batch-norm statistics and the power-iteration vectors, which must be saved too.
  tf.dispose(gan.generator.apply([z, y], { training: true }) as tf.Tensor);
  for (const model of [gan.generator, gan.discriminator]) {
    const input = model === gan.generator ? [z, y] : [tf.randomUniform([3, 32, 32, 3], -1, 1, 'float32', 5), y];
    tf.dispose(model.apply(input, { training: true }) as tf.Tensor);
    const loaded = await roundTrip(model);
    const [a, b] = [model.predict(input) as tf.Tensor, loaded.predict(input) as tf.Tensor];
    assert.deepEqual(b.dataSync(), a.dataSync());
    tf.dispose([a, b, ...(model === gan.generator ? [] : [input[0]!])]);
    loaded.dispose();
  }
  tf.dispose([z, y]);
  disposeGan(gan);
  disposeGan(twin);
});

test('BigGAN: orthogonal regularization covers every kernel of G but the shared embedding; standing statistics recalibrates its batch norms', () => {
  const gan = new BigGAN(TINY);
  const kernels = orthogonalRegularizationKernels(gan.generator);
  // The first Dense, per block 4 CBN Dense + 3 convs, 4 attention projections, the output conv.
  assert.equal(kernels.length, 1 + 3 * 7 + 4 + 1);
  assert.ok(kernels.every((k) => !k.name.includes('embedding')));
  const random = () => tf.randomNormal([6, 8]);
  assert.equal(standingStatistics(gan.generator, () => [random(), labels([0, 1, 2, 0, 1, 2])], 2), 7);
  disposeGan(gan);
});

test('BigGAN (16×16, the same ops as 32×32): a hinge-loss training step has a finite gradient for every weight, the same on cpu and on wasm', async () => {
  await assertStepOnCpuAndWasm(() => new BigGAN({ ...TINY, imageShape: [16, 16, 3], seed: 7 }), [4, 16, 16, 3]);
});

test('BigGAN rejects bad options, naming them', () => {
  const cases: Array<[object, RegExp]> = [
    [{ imageShape: [28, 28, 1], classes: 10 }, /options.imageShape \[28,28,1\] cannot be built: it must be \[side, side, channels\] with side a power of two ≥ 16/],
    [{ imageShape: [32, 16, 3], classes: 10 }, /cannot be built/],
    [{ imageShape: [32, 32, 3], classes: 1 }, /options.classes must be an integer ≥ 2/],
    [{ imageShape: [32, 32, 3] }, /options.classes must be an integer ≥ 2 \(the number of classes\), but got undefined/],
    [{ imageShape: [32, 32, 3], classes: 3, latentDim: 3 }, /options.latentDim must be at least 4 \(one component per chunk: the first layer and 3 blocks\), but got 3/],
    [{ imageShape: [32, 32, 3], classes: 3, attentionResolution: 32 }, /options.attentionResolution must be a power of two from 8 to 16 .*got 32/],
    [{ imageShape: [32, 32, 3], classes: 3, width: 0 }, /options.width must be an integer ≥ 1, but got 0/],
  ];
  for (const [options, message] of cases) assert.throws(() => new BigGAN(options as never), message);
});
