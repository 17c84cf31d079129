import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { MLPGAN, type MLPGANOptions } from '../../src/architectures/mlp_gan.js';
import { SpectralNormalization } from '../../src/layers/spectral_normalization.js';
import { disposeGan, forward, layerSummary, weightValues } from './model_helpers.js';

before(async () => {
  await tf.setBackend('cpu');
});

describe('MLPGAN', () => {
  const small = { generatorUnits: [8, 8], discriminatorUnits: [8, 4], latentDim: 3, seed: 1 };
  const cases: Omit<MLPGANOptions, 'seed'>[] = [
    { sampleShape: [2], outputActivation: 'linear' },
    { sampleShape: [784], generatorNormalization: 'batch', discriminatorNormalization: 'spectral' },
    { sampleShape: [28, 28, 1], generatorNormalization: 'spectral', discriminatorNormalization: 'batch' },
    { sampleShape: [4, 3], generatorNormalization: 'none', discriminatorNormalization: 'none' },
  ];
  for (const options of cases) {
    it(`sampleShape ${JSON.stringify(options.sampleShape)}, G ${options.generatorNormalization ?? 'none'}, D ${options.discriminatorNormalization ?? 'none'}: shapes and logits`, () => {
      const gan = new MLPGAN({ ...small, ...options });
      assert.equal(gan.latentDim, 3);
      const before = tf.memory().numTensors;
      const out = forward(gan, 5);
      assert.equal(tf.memory().numTensors, before, 'a forward pass leaks nothing');
      assert.deepEqual(out.sampleShape, [5, ...options.sampleShape]);
      assert.deepEqual(out.logitShape, [5, 1]);
      const wrapped = (m: typeof gan.generator) => m.layers.filter((l) => l instanceof SpectralNormalization).length;
      assert.equal(wrapped(gan.generator), options.generatorNormalization === 'spectral' ? 3 : 0);
      assert.equal(wrapped(gan.discriminator), options.discriminatorNormalization === 'spectral' ? 3 : 0);
      disposeGan(gan);
    });
  }

  it('defaults with sampleShape [784] are the MLP-GAN benchmark workload (G 100 → 256 → 512 → 1024 → 784, D 784 → 512 → 256 → 1)', () => {
    const gan = new MLPGAN({ sampleShape: [784] });
    assert.equal(gan.latentDim, 100);
    const dense = (units: number, bias = true) => `Dense units=${units} useBias=${bias} activation="linear"`;
    const leaky = 'LeakyReLU alpha=0.2';
    assert.deepEqual(layerSummary(gan.generator), [dense(256), leaky, dense(512), leaky, dense(1024), leaky, dense(784), 'Activation activation="tanh"']);
    assert.deepEqual(layerSummary(gan.discriminator), [dense(512), leaky, dense(256), leaky, dense(1)]);
    assert.equal(gan.generator.countParams(), 100 * 256 + 256 + 256 * 512 + 512 + 512 * 1024 + 1024 + 1024 * 784 + 784);
    assert.equal(gan.discriminator.countParams(), 784 * 512 + 512 + 512 * 256 + 256 + 256 + 1);
    disposeGan(gan);
  });

  it("generatorActivation 'relu' puts ReLU between G's layers and keeps D's LeakyReLU; a bad value is named", () => {
    const gan = new MLPGAN({ ...small, sampleShape: [2], outputActivation: 'linear', generatorActivation: 'relu' });
    assert.deepEqual(layerSummary(gan.generator).filter((l) => !l.startsWith('Dense')), ['ReLU', 'ReLU', 'Activation activation="linear"']);
    assert.deepEqual(layerSummary(gan.discriminator).filter((l) => !l.startsWith('Dense')), ['LeakyReLU alpha=0.2', 'LeakyReLU alpha=0.2']);
    disposeGan(gan);
    assert.throws(() => new MLPGAN({ sampleShape: [2], generatorActivation: 'elu' as 'relu' }), /MLPGAN: options\.generatorActivation must be one of 'leakyRelu', 'relu', but got "elu"/);
  });

  it('image-shaped samples are flattened into D and reshaped out of G', () => {
    const gan = new MLPGAN({ ...small, sampleShape: [28, 28, 1] });
    assert.equal(gan.discriminator.layers[0]!.getClassName(), 'Flatten');
    assert.deepEqual(layerSummary(gan.generator).slice(-1), ['Reshape targetShape=[28,28,1]']);
    disposeGan(gan);
  });

  it("'batch' drops the bias before each batch normalization and skips D's first hidden layer", () => {
    const gan = new MLPGAN({ ...small, sampleShape: [2], generatorNormalization: 'batch', discriminatorNormalization: 'batch' });
    assert.deepEqual(layerSummary(gan.generator), [
      'Dense units=8 useBias=false activation="linear"',
      'BatchNormalization',
      'LeakyReLU alpha=0.2',
      'Dense units=8 useBias=false activation="linear"',
      'BatchNormalization',
      'LeakyReLU alpha=0.2',
      'Dense units=2 useBias=true activation="linear"',
      'Activation activation="tanh"',
    ]);
    assert.deepEqual(layerSummary(gan.discriminator), [
      'Dense units=8 useBias=true activation="linear"',
      'LeakyReLU alpha=0.2',
      'Dense units=4 useBias=false activation="linear"',
      'BatchNormalization',
      'LeakyReLU alpha=0.2',
      'Dense units=1 useBias=true activation="linear"',
    ]);
    disposeGan(gan);
  });

  it("outputActivation 'linear' gives unbounded samples, and D's logits leave [0, 1]", () => {
    const gan = new MLPGAN({ ...small, sampleShape: [2], outputActivation: 'linear' });
    for (const model of [gan.generator, gan.discriminator]) {
      const last = model.layers.find((l) => l.getClassName() === 'Dense' && l.getConfig()['units'] === (model === gan.generator ? 2 : 1))!;
      const [kernel, bias] = last.getWeights();
      last.setWeights([tf.mul(kernel!, 1000), bias!]);
    }
    const out = forward(gan, 16);
    assert.ok(out.samples.some((v) => Math.abs(v) > 1), 'samples leave [−1, 1]');
    assert.ok(out.logits.some((v) => v > 1 || v < 0), 'logits leave [0, 1]');
    disposeGan(gan);
  });

  it('the same seed gives identical initial weights, another seed different ones', () => {
    const options = { ...small, sampleShape: [2], discriminatorNormalization: 'spectral' as const };
    const a = new MLPGAN({ ...options, seed: 11 });
    const b = new MLPGAN({ ...options, seed: 11 });
    const c = new MLPGAN({ ...options, seed: 12 });
    assert.deepEqual(weightValues(a.generator), weightValues(b.generator));
    assert.deepEqual(weightValues(a.discriminator), weightValues(b.discriminator));
    assert.notDeepEqual(weightValues(a.generator)[0], weightValues(c.generator)[0]);
    assert.notDeepEqual(weightValues(a.discriminator)[0], weightValues(c.discriminator)[0]);
    for (const gan of [a, b, c]) disposeGan(gan);
  });

  it('rejects bad options before building anything, naming the option and the value', () => {
    const ok = { sampleShape: [2] };
    const cases: [unknown, RegExp][] = [
      [null, /MLPGAN: options must be an object .* got null/],
      [{}, /MLPGAN: options\.sampleShape must be a non-empty array of integers ≥ 1, but got undefined/],
      [{ sampleShape: [] }, /options\.sampleShape .* got \[\]/],
      [{ sampleShape: [0] }, /options\.sampleShape .* got \[0\]/],
      [{ sampleShape: 2 }, /options\.sampleShape .* got 2/],
      [{ ...ok, latentDim: 0 }, /MLPGAN: options\.latentDim must be an integer ≥ 1, but got 0/],
      [{ ...ok, latentDim: 1.5 }, /options\.latentDim .* got 1\.5/],
      [{ ...ok, generatorUnits: [] }, /options\.generatorUnits must be a non-empty array of integers ≥ 1, but got \[\]/],
      [{ ...ok, discriminatorUnits: [64, -1] }, /options\.discriminatorUnits .* got \[64,-1\]/],
      [{ ...ok, generatorNormalization: 'group' }, /options\.generatorNormalization must be one of 'batch', 'spectral', 'none', but got "group"/],
      [{ ...ok, discriminatorNormalization: true }, /options\.discriminatorNormalization .* got true/],
      [{ ...ok, outputActivation: 'sigmoid' }, /options\.outputActivation must be one of 'tanh', 'linear', but got "sigmoid"/],
      [{ ...ok, seed: Number.POSITIVE_INFINITY }, /options\.seed must be a finite number, but got Infinity/],
    ];
    const before = tf.memory().numTensors;
    for (const [options, message] of cases) assert.throws(() => new MLPGAN(options as MLPGANOptions), message);
    assert.equal(tf.memory().numTensors, before);
  });
});
