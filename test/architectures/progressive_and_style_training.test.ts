// The new builders with gan-kit's trainer as it is: any GanModels trains, generator EMA and R1 included, and a
// snapshot → restore carries the non-trainable state (w̄, the noise images, the fade-in α).
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { ProGAN, growProGAN } from '../../src/architectures/progan.js';
import { StyleGAN2, styleGan2Parts } from '../../src/architectures/stylegan2.js';
import { r1Regularizer } from '../../src/regularizers/r1.js';
import { AdversarialTrainer } from '../../src/trainers/adversarial_trainer.js';
import { SeededRandom } from '../../src/utils/random.js';
import { disposeGan } from './model_helpers.js';

before(async () => {
  await tf.setBackend('cpu');
});

describe('ProGAN and StyleGAN2 with AdversarialTrainer', () => {
  it('a StyleGAN2 trains with EMA and lazy R1; w̄ moves; a restored snapshot continues identically', async () => {
    const build = () => new StyleGAN2({ resolution: 8, channels: 1, latentDim: 4, mappingLayers: 2, channelBase: 16, channelMax: 4, seed: 2 });
    const data = tf.tidy(() => tf.tanh(new SeededRandom(1).normalTensor([16, 8, 8, 1])));
    const options = { seed: 3, ema: { decay: 0.9 }, regularizers: [r1Regularizer({ weight: 1, every: 2 })] };
    const gan = build();
    const trainer = new AdversarialTrainer(gan, options);
    await trainer.fit(data, { steps: 2, batchSize: 8 });
    const wbar = styleGan2Parts(gan.generator).trackedMean.mean();
    assert.ok(Array.from(wbar.dataSync()).some((v) => v !== 0), 'training calls moved w̄');
    const snapshot = await trainer.snapshot();
    const history = await trainer.fit(data, { steps: 2, batchSize: 8 });
    const copy = build();
    const resumed = new AdversarialTrainer(copy, options);
    await resumed.restore(snapshot);
    const again = await resumed.fit(data, { steps: 2, batchSize: 8 });
    assert.deepEqual(again.steps.map((s) => [s.generatorLoss, s.discriminatorLoss]), history.steps.map((s) => [s.generatorLoss, s.discriminatorLoss]), 'same losses after restore');
    assert.ok(history.steps.every((s) => Number.isFinite(s.generatorLoss) && Number.isFinite(s.discriminatorLoss)));
    wbar.dispose();
    data.dispose();
    trainer.dispose();
    resumed.dispose();
    [gan, copy].forEach(disposeGan);
  });

  it('a fading ProGAN stage trains; α is part of the snapshot', async () => {
    const build = () => {
      const first = new ProGAN({ resolution: 4, channels: 1, latentDim: 4, channelBase: 16, channelMax: 4, seed: 5 });
      const grown = growProGAN(first);
      disposeGan(first);
      return grown;
    };
    const data = tf.tidy(() => tf.tanh(new SeededRandom(2).normalTensor([16, 8, 8, 1])));
    const gan = build();
    gan.alpha = 0.4;
    const trainer = new AdversarialTrainer(gan, { seed: 1 });
    const history = await trainer.fit(data, { steps: 2, batchSize: 8 });
    assert.ok(history.steps.every((s) => Number.isFinite(s.generatorLoss) && Number.isFinite(s.discriminatorLoss)));
    const snapshot = await trainer.snapshot();
    const copy = build();
    const resumed = new AdversarialTrainer(copy, { seed: 1 });
    await resumed.restore(snapshot);
    assert.ok(Math.abs(copy.alpha - 0.4) < 1e-7, `α restored: ${copy.alpha}`);
    data.dispose();
    trainer.dispose();
    resumed.dispose();
    [gan, copy].forEach(disposeGan);
  });
});
