import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { useCpu } from '../helpers/backend.js';
import { roundTrip } from '../helpers/round_trip.js';
import { AffineModulation } from '../../src/layers/affine_modulation.js';
import { ClassConditionalAffine } from '../../src/layers/class_conditional_affine.js';
import { GlobalSumPooling2D } from '../../src/layers/global_sum_pooling.js';
import { LatentSplit, hierarchicalLatentSizes } from '../../src/layers/latent_split.js';

await useCpu();

test('hierarchicalLatentSizes splits z into near-equal chunks, the remainder to the first ones', () => {
  assert.deepEqual(hierarchicalLatentSizes(128, 4), [32, 32, 32, 32]);
  assert.deepEqual(hierarchicalLatentSizes(120, 4), [30, 30, 30, 30]);
  assert.deepEqual(hierarchicalLatentSizes(10, 4), [3, 3, 2, 2]);
  assert.deepEqual(hierarchicalLatentSizes(5, 1), [5]);
  assert.throws(() => hierarchicalLatentSizes(3, 4), /latentDim must be an integer ≥ chunks \(4\), so that every chunk gets a component; got 3/);
  assert.throws(() => hierarchicalLatentSizes(8, 0), /chunks must be an integer ≥ 1, got 0/);
});

test('LatentSplit gives the consecutive chunks of z, and survives save → load', async () => {
  const z = tfl.input({ shape: [10] });
  const split = new LatentSplit({ sizes: hierarchicalLatentSizes(10, 4) });
  const chunks = split.apply(z) as tfl.SymbolicTensor[];
  assert.deepEqual(chunks.map((c) => c.shape), [[null, 3], [null, 3], [null, 2], [null, 2]]);
  const model = tfl.model({ inputs: z, outputs: chunks });
  const values = tf.tensor2d([Array.from({ length: 10 }, (_, i) => i), Array.from({ length: 10 }, (_, i) => 10 + i)]);
  const before = tf.memory().numTensors;
  const out = model.predict(values) as tf.Tensor[];
  assert.deepEqual(out.map((t) => t.arraySync()), [
    [[0, 1, 2], [10, 11, 12]], [[3, 4, 5], [13, 14, 15]], [[6, 7], [16, 17]], [[8, 9], [18, 19]],
  ]);
  tf.dispose(out);
  assert.equal(tf.memory().numTensors, before);
  const loaded = await roundTrip(model);
  assert.deepEqual((loaded.layers[1] as LatentSplit).sizes, [3, 3, 2, 2]);
  const again = loaded.predict(values) as tf.Tensor[];
  assert.deepEqual(again[2]!.arraySync(), [[6, 7], [16, 17]]);
  tf.dispose([values, ...again]);
  assert.throws(() => new LatentSplit({ sizes: [] }), /args.sizes must be a non-empty array of integers ≥ 1, but got \[\]/);
  assert.throws(() => new LatentSplit({ sizes: [2, 2] }).apply(tfl.input({ shape: [5] })), /the input must be \[batch, 4\] \(the sum of sizes \[2,2\]\), but has shape \[null,5\]/);
  model.dispose();
  loaded.dispose();
});

test('AffineModulation: h ⊙ (1 + gain) + bias per sample, by hand; ClassConditionalAffine is its one-hot case', async () => {
  const h = tfl.input({ shape: [1, 2, 2] });
  const gain = tfl.input({ shape: [2] });
  const bias = tfl.input({ shape: [2] });
  const model = tfl.model({ inputs: [h, gain, bias], outputs: new AffineModulation().apply([h, gain, bias]) as tfl.SymbolicTensor });
  const inputs = [
    tf.tensor4d([[[[1, 2], [3, 4]]], [[[5, 6], [7, 8]]]]),
    tf.tensor2d([[0, 1], [-1, 0.5]]),
    tf.tensor2d([[10, 20], [30, 40]]),
  ];
  const out = model.predict(inputs) as tf.Tensor;
  // Sample 0: channel 0 × 1 + 10, channel 1 × 2 + 20; sample 1: channel 0 × 0 + 30, channel 1 × 1.5 + 40.
  assert.deepEqual(out.arraySync(), [[[[11, 24], [13, 28]]], [[[30, 49], [30, 52]]]]);
  const loaded = await roundTrip(model);
  const again = loaded.predict(inputs) as tf.Tensor;
  assert.deepEqual(again.arraySync(), out.arraySync());
  // ClassConditionalAffine with γ rows g and β rows b equals AffineModulation with gain γ[y] − 1 and bias β[y].
  const features = tfl.input({ shape: [1, 2, 2] });
  const labels = tfl.input({ shape: [1] });
  const affine = new ClassConditionalAffine({ classes: 3 });
  const conditional = tfl.model({ inputs: [features, labels], outputs: affine.apply([features, labels]) as tfl.SymbolicTensor });
  affine.setWeights([tf.tensor2d([[9, 9], [1, 2], [0, 1.5]]), tf.tensor2d([[0, 0], [10, 20], [30, 40]])]);
  const byClass = conditional.predict([inputs[0]!, tf.tensor2d([[1], [2]])]) as tf.Tensor;
  assert.deepEqual(byClass.arraySync(), out.arraySync());
  assert.throws(() => new AffineModulation().apply([h, tfl.input({ shape: [3] }), bias]), /inputs must be \[features \[batch, …, C\], gain \[batch, C\], bias \[batch, C\]\]/);
  tf.dispose([...inputs, out, again, byClass]);
  model.dispose();
  loaded.dispose();
  conditional.dispose();
});

test('GlobalSumPooling2D sums over the spatial positions, and survives save → load', async () => {
  const x = tfl.input({ shape: [2, 3, 2] });
  const model = tfl.model({ inputs: x, outputs: new GlobalSumPooling2D().apply(x) as tfl.SymbolicTensor });
  const values = tf.tensor4d(Array.from({ length: 24 }, (_, i) => i), [2, 2, 3, 2]);
  const out = model.predict(values) as tf.Tensor;
  // Sample 0 holds 0 … 11, channel 0 the even ones: 0 + 2 + … + 10 = 30, channel 1: 36; sample 1: 30 + 72, 36 + 72.
  assert.deepEqual(out.arraySync(), [[30, 36], [102, 108]]);
  const loaded = await roundTrip(model);
  const again = loaded.predict(values) as tf.Tensor;
  assert.deepEqual(again.arraySync(), [[30, 36], [102, 108]]);
  assert.throws(() => new GlobalSumPooling2D().apply(tfl.input({ shape: [4] })), /the input must be feature maps \[batch, height, width, channels\], but has shape \[null,4\]/);
  tf.dispose([values, out, again]);
  model.dispose();
  loaded.dispose();
});
