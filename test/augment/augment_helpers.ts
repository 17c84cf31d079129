// Helpers shared by the augmentation tests (not a test file).
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import type { Augmentation } from '../../src/augment/augmentation.js';
import { SeededRandom } from '../../src/utils/random.js';
import { assertDerivativesAgree, compareInputGradient } from '../gradients/finite_differences.js';
import { fixedValues } from '../layers/layer_helpers.js';

/** Distinct, float32-exact pixel values: no transformation of the image equals another by accident. */
export function distinctImages(n: number, h: number, w: number, c: number, seed = 1): tf.Tensor4D {
  return tf.tensor4d(fixedValues(n * h * w * c, seed), [n, h, w, c]);
}

/** The augmentation of `images` with a fresh stream seeded `seed`, as nested arrays [n][h][w][c]. */
export function augmented(augment: Augmentation, images: tf.Tensor4D, p: number, seed: number): number[][][][] {
  return tf.tidy(() => augment.apply(images, { p, random: new SeededRandom(seed) }).arraySync());
}

/** Asserts that p = 0 leaves the images bit-identical, takes as many draws as p = 1, and has the identity gradient. */
export function assertIdentityAtZero(augment: Augmentation, images: tf.Tensor4D): void {
  const [zeroStream, oneStream] = [new SeededRandom(3), new SeededRandom(3)];
  const out = augment.apply(images, { p: 0, random: zeroStream });
  assert.notEqual(out, images, 'a new tensor');
  assert.deepEqual(Array.from(out.dataSync()), Array.from(images.dataSync()), 'p = 0 is the identity');
  tf.dispose([out, augment.apply(images, { p: 1, random: oneStream })]);
  assert.deepEqual(zeroStream.state(), oneStream.state(), 'p = 0 and p = 1 take the same number of draws');
  const gradient = tf.grad((x: tf.Tensor) => tf.sum(augment.apply(x as tf.Tensor4D, { p: 0, random: new SeededRandom(3) })))(images);
  assert.deepEqual(Array.from(gradient.dataSync()), new Array(images.size).fill(1), 'the identity gradient');
  gradient.dispose();
}

/** Finite-difference check of ∇ₓ Σ r ⊙ augment(x) with the parameters drawn from the same seed in every evaluation. */
export function assertAugmentationGradient(augment: Augmentation, images: tf.Tensor4D, p: number, seed: number, label: string): void {
  const r = tf.tensor4d(fixedValues(images.size, 77), images.shape);
  const g = (x: tf.Tensor) => tf.sum(tf.mul(augment.apply(x as tf.Tensor4D, { p, random: new SeededRandom(seed) }), r));
  assertDerivativesAgree(compareInputGradient(g, images, 1e-2), label);
  r.dispose();
}

/** Image n as a plain [h][w] array of its channel 0. */
export function channel0(images: number[][][][], n: number): number[][] {
  return images[n]!.map((row) => row.map((px) => px[0]!));
}
