import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { buildWorkload, gflopPerStep, stepProducts } from '../../../scripts/bench/workloads.js';
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

test('the step products add up to the step\'s work, pass by pass, for both workloads', () => {
  for (const model of ['dcgan28', 'mlp'] as const) {
    const w = buildWorkload(model);
    const products = stepProducts(w, 64);
    const gflop = products.reduce((s, p) => s + (2 * p.rows * p.inner * p.cols * p.times) / 1e9, 0);
    close(gflop, gflopPerStep(w, 64), 1e-12, `${model}: Σ 2·rows·inner·cols`);
    w.gan.generator.dispose();
    w.gan.discriminator.dispose();
  }
});

test('the step products of DCGAN-28 are the layers as products of patches, by hand', () => {
  const w = buildWorkload('dcgan28');
  const products = stepProducts(w, 64);
  const of = (network: 'G' | 'D', pass: string) => products.filter((p) => p.network === network && p.pass === pass).map((p) => [p.rows, p.inner, p.cols, p.times]);
  // G: Dense 100 → 6272, ConvTranspose [7, 7, 128] → 64 (4×4), ConvTranspose [14, 14, 64] → 1 (4×4).
  assert.deepEqual(of('G', 'forward'), [[64, 100, 6272, 2], [64 * 49, 128, 16 * 64, 2], [64 * 196, 64, 16, 2]]);
  assert.deepEqual(of('G', 'weight gradient'), [[100, 64, 6272, 1], [128, 64 * 49, 1024, 1], [64, 64 * 196, 16, 1]]);
  // D: Conv [28, 28, 1] → [14, 14, 64], Conv → [7, 7, 128], Dense 6272 → 1; each at batch 128 (the discriminator
  // step) and 64 (the generator step).
  assert.deepEqual(of('D', 'input gradient'), [
    [128 * 196, 64, 16, 1], [64 * 196, 64, 16, 1], [128 * 49, 128, 1024, 1], [64 * 49, 128, 1024, 1], [128, 1, 6272, 1], [64, 1, 6272, 1],
  ]);
  w.gan.generator.dispose();
  w.gan.discriminator.dispose();
});
