import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { buildWorkload, gflopPerStep } from '../../../scripts/bench/workloads.js';
import { useCpu } from '../../helpers/backend.js';

before(useCpu);

function close(actual: number, expected: number, relative: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= relative * Math.abs(expected), `${what}: ${actual}, expected ${expected} ± ${relative * 100}%`);
}

test('DCGAN-28 does the work of ../shared/bench/README.md: G 14.50, D 13.26 MFLOP/image, 11.35 GFLOP/step', () => {
  const w = buildWorkload('dcgan28');
  // G: 100·6272 + 7·7·128·(4·4·64) + 14·14·64·(4·4·1) = 7,250,432 multiply-adds; D: 14·14·64·(4·4·1) + 7·7·128·(4·4·64) + 6272.
  assert.equal(w.forwardMflopPerImage.G, (2 * 7_250_432) / 1e6);
  assert.equal(w.forwardMflopPerImage.D, (2 * (200_704 + 6_422_528 + 6_272)) / 1e6);
  close(gflopPerStep(w, 64), 11.3494, 1e-4, 'GFLOP/step');
  assert.equal(w.model, 'dcgan28');
  w.gan.generator.dispose();
  w.gan.discriminator.dispose();
});

test('the MLP-GAN does 1.37 GFLOP per step at batch 64', () => {
  const w = buildWorkload('mlp');
  assert.equal(w.forwardMflopPerImage.G, (2 * (100 * 256 + 256 * 512 + 512 * 1024 + 1024 * 784)) / 1e6);
  assert.equal(w.forwardMflopPerImage.D, (2 * (784 * 512 + 512 * 256 + 256)) / 1e6);
  close(gflopPerStep(w, 64), 1.37, 5e-3, 'GFLOP/step');
  assert.equal(w.model, 'mlp_gan');
  w.gan.generator.dispose();
  w.gan.discriminator.dispose();
});

test('work grows linearly with the batch', () => {
  const w = buildWorkload('dcgan28');
  close(gflopPerStep(w, 256), 4 * gflopPerStep(w, 64), 1e-12, 'batch 256 vs 64');
  w.gan.generator.dispose();
  w.gan.discriminator.dispose();
  assert.equal(tf.memory().numTensors, 0);
});
