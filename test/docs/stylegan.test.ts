// The snippets of docs/stylegan.md, run in small form on the cpu backend.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import { GeneratorEma, ProGAN, SeededRandom, StyleGAN2, growProGAN, styleGan2Sample } from '../../src/index.js';

await tf.setBackend('cpu');

test('stylegan guide: a ProGAN stage grows into the next, α set on G and D', () => {
  const before = tf.memory().numTensors;
  const stage4 = new ProGAN({ resolution: 4, channels: 1, latentDim: 8, channelBase: 32, channelMax: 8, seed: 1 });
  const stage8 = growProGAN(stage4);
  stage8.alpha = 0.25;
  assert.equal(stage8.resolution, 8);
  assert.equal(stage8.alpha, 0.25);
  stage4.generator.dispose();
  stage4.discriminator.dispose();
  const images = tf.tidy(() => stage8.generator.predict(tf.randomNormal([2, 8])) as tf.Tensor);
  assert.deepEqual(images.shape, [2, 8, 8, 1]);
  images.dispose();
  stage8.generator.dispose();
  stage8.discriminator.dispose();
  assert.equal(tf.memory().numTensors, before);
});

test('stylegan guide: build, truncate, mix, choose the noise, average with GeneratorEma', () => {
  const before = tf.memory().numTensors;
  const gan = new StyleGAN2({ resolution: 8, channels: 1, latentDim: 8, mappingLayers: 2, channelBase: 32, channelMax: 8, seed: 1 });
  const z = new SeededRandom(7).normalTensor([3, gan.latentDim]) as tf.Tensor2D;
  const other = new SeededRandom(8).normalTensor([3, gan.latentDim]) as tf.Tensor2D;
  const images = gan.generator.predict(z) as tf.Tensor4D;
  const truncated = styleGan2Sample(gan.generator, { latents: z, psi: 0.7 });
  const coarseOnly = styleGan2Sample(gan.generator, { latents: z, psi: 0.5, truncationCutoff: 2 });
  const mixed = styleGan2Sample(gan.generator, { latents: z, mix: { latents: other, crossover: 2 } });
  const noisy = styleGan2Sample(gan.generator, { latents: z, noise: new SeededRandom(3) });
  for (const t of [images, truncated, coarseOnly, mixed, noisy]) assert.deepEqual(t.shape, [3, 8, 8, 1]);
  const ema = new GeneratorEma(gan.generator, { decay: 0.999 });
  const averaged = styleGan2Sample(ema.model, { latents: z });
  const plain = styleGan2Sample(gan.generator, { latents: z });
  assert.deepEqual(Array.from(averaged.dataSync()), Array.from(plain.dataSync()), 'the average starts as a copy');
  tf.dispose([z, other, images, truncated, coarseOnly, mixed, noisy, averaged, plain]);
  ema.dispose();
  gan.generator.dispose();
  gan.discriminator.dispose();
  assert.equal(tf.memory().numTensors, before);
});
