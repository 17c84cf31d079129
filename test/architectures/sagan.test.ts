import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { SAGAN } from '../../src/architectures/sagan.js';
import { SelfAttention } from '../../src/layers/self_attention.js';
import { SpectralNormalization } from '../../src/layers/spectral_normalization.js';
import { roundTrip } from '../helpers/round_trip.js';
import { disposeGan, layerSummary } from './model_helpers.js';
import { assertStepOnCpuAndWasm, setAttentionGamma } from './training_step.js';

await tf.setBackend('cpu');

/** The class names of a model's layers, with the wrapped class of spectrally normalized ones (`SN(Conv2D)`). */
function classes(model: tfl.LayersModel): string[] {
  return model.layers.map((l) => (l instanceof SpectralNormalization ? `SN(${l.layer.getClassName()})` : l.getClassName()));
}

test('SAGAN at 32×32: the DCGAN layout with spectral normalization in G and D and attention at 16×16', () => {
  const gan = new SAGAN({ imageShape: [32, 32, 3], width: 4, latentDim: 6, seed: 1 });
  assert.deepEqual(classes(gan.generator), [
    'SN(Dense)', 'BatchNormalization', 'ReLU', 'Reshape',
    'SN(Conv2DTranspose)', 'BatchNormalization', 'ReLU',
    'SN(Conv2DTranspose)', 'BatchNormalization', 'ReLU', 'SelfAttention',
    'SN(Conv2DTranspose)', 'Activation',
  ]);
  assert.deepEqual(classes(gan.discriminator), [
    'SN(Conv2D)', 'LeakyReLU', 'SelfAttention', 'SN(Conv2D)', 'LeakyReLU', 'SN(Conv2D)', 'LeakyReLU', 'Flatten', 'SN(Dense)',
  ]);
  assert.ok(layerSummary(gan.discriminator).includes('LeakyReLU alpha=0.1'));
  const attentionShape = (model: tfl.LayersModel) => (model.layers.find((l) => l instanceof SelfAttention)!.getInputAt(0) as tfl.SymbolicTensor).shape;
  assert.deepEqual(attentionShape(gan.generator), [null, 16, 16, 4]);
  assert.deepEqual(attentionShape(gan.discriminator), [null, 16, 16, 4]);
  tf.tidy(() => {
    const images = gan.generator.predict(tf.randomNormal([2, 6], 0, 1, 'float32', 2)) as tf.Tensor;
    assert.deepEqual(images.shape, [2, 32, 32, 3]);
    assert.deepEqual((gan.discriminator.predict(images) as tf.Tensor).shape, [2, 1]);
  });
  disposeGan(gan);
  const at8 = new SAGAN({ imageShape: [32, 32, 3], width: 4, attentionResolution: 8 });
  assert.deepEqual(attentionShape(at8.generator), [null, 8, 8, 8]);
  assert.deepEqual(attentionShape(at8.discriminator), [null, 8, 8, 8]);
  disposeGan(at8);
});

test('SAGAN conditional (conditional batch norm in G, projection in D) survives save → load', async () => {
  const gan = new SAGAN({ imageShape: [16, 16, 3], width: 4, latentDim: 6, seed: 2, conditioning: { classes: 3, generator: 'conditional-batchnorm' } });
  assert.equal(gan.classes, 3);
  assert.equal(gan.generator.layers.filter((l) => l.getClassName() === 'ClassConditionalAffine').length, 2);
  assert.equal(gan.discriminator.layers.filter((l) => l.getClassName() === 'ClassProjection').length, 1);
  setAttentionGamma(gan.generator, 0.4);
  setAttentionGamma(gan.discriminator, 0.4);
  const z = tf.randomNormal([2, 6], 0, 1, 'float32', 3);
  const y = tf.tensor2d([[0], [2]], [2, 1], 'int32');
  const x = tf.randomUniform([2, 16, 16, 3], -1, 1, 'float32', 4);
  for (const [model, input] of [[gan.generator, [z, y]], [gan.discriminator, [x, y]]] as const) {
    tf.dispose(model.apply([...input], { training: true }) as tf.Tensor);
    const loaded = await roundTrip(model);
    const [a, b] = [model.predict([...input]) as tf.Tensor, loaded.predict([...input]) as tf.Tensor];
    assert.deepEqual(b.dataSync(), a.dataSync());
    tf.dispose([a, b]);
    loaded.dispose();
  }
  tf.dispose([z, y, x]);
  disposeGan(gan);
});

test('SAGAN (16×16): a hinge-loss training step has a finite gradient for every weight, the same on cpu and on wasm', async () => {
  for (const conditioning of [undefined, { classes: 3, generator: 'conditional-batchnorm' as const }]) {
    const options = { imageShape: [16, 16, 3], width: 4, latentDim: 6, seed: 5, ...(conditioning === undefined ? {} : { conditioning }) };
    await assertStepOnCpuAndWasm(() => new SAGAN(options), [4, 16, 16, 3]);
  }
});

test('SAGAN rejects bad options, naming them', () => {
  assert.throws(() => new SAGAN({ imageShape: [30, 30, 3] }), /SAGAN: options.imageShape \[30,30,3\] cannot be built/);
  assert.throws(() => new SAGAN({ imageShape: [32, 32, 3], attentionResolution: 32 }), /options.attentionResolution must be one of \[8,16\] \(the heights both networks pass through for \[32,32,3\]\), but got 32/);
  assert.throws(() => new SAGAN({ imageShape: [32, 32, 3], latentDim: 0 }), /options.latentDim must be an integer ≥ 1/);
  assert.throws(() => new SAGAN({ imageShape: [32, 32, 3], conditioning: { classes: 1 } }), /conditioning.classes must be an integer ≥ 2/);
});
