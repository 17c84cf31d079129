// The contract every image-comparison loss (pixel L1/L2, cycle consistency, identity, perceptual) fulfils, with
// hand-computed values (a helper, not a test file).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import type { ImageLossOptions } from '../../src/losses/pixel.js';

/** One image loss under test. */
export interface ImageLossCase {
  readonly name: string;
  /** The loss, taking `{ [a]: …, [b]: … }`. */
  readonly loss: (inputs: never, options?: ImageLossOptions) => tf.Tensor;
  /** The two input field names, reference first. */
  readonly fields: readonly [string, string];
  /** The distance per element: 'l1' or 'l2'. */
  readonly distance: 'l1' | 'l2';
}

/**
 * Reference [2, 1, 2, 1] = 1, 2 | 3, 4 and other = 0, 4 | 5, 1: differences 1, −2 | −2, 3, so
 * L1 = mean 8/4, sum 8, per sample [1.5, 2.5]; L2 = mean 18/4, sum 18, per sample [2.5, 6.5]. The gradient of the
 * mean with respect to `other` is sign(other − reference)/4 for L1 and 2(other − reference)/4 for L2.
 */
const HAND = {
  l1: { mean: 2, sum: 8, none: [1.5, 2.5], gradient: [-0.25, 0.25, 0.25, -0.25] },
  l2: { mean: 4.5, sum: 18, none: [2.5, 6.5], gradient: [-0.5, 1, 1, -1.5] },
} as const;

export function imageLossContract(c: ImageLossCase): void {
  const [a, b] = c.fields;
  const call = (inputs: Record<string, unknown>, options?: ImageLossOptions) => c.loss(inputs as never, options);

  test(`${c.name}: hand-computed mean, sum and per-sample values, and the gradient`, () => {
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const reference = tf.tensor4d([1, 2, 3, 4], [2, 1, 2, 1]);
      const other = tf.tensor4d([0, 4, 5, 1], [2, 1, 2, 1]);
      const hand = HAND[c.distance];
      const value = (options?: ImageLossOptions) => Array.from(call({ [a]: reference, [b]: other }, options).dataSync());
      const close = (actual: number[], expected: readonly number[], what: string) =>
        actual.forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) < 1e-6, `${what}[${i}]: ${v} vs ${expected[i]}`));
      close(value(), [hand.mean], 'mean');
      assert.equal(call({ [a]: reference, [b]: other }).rank, 0);
      close(value({ reduction: 'sum' }), [hand.sum], 'sum');
      close(value({ reduction: 'none' }), hand.none, 'none');
      assert.deepEqual(call({ [a]: reference, [b]: other }, { reduction: 'none' }).shape, [2]);
      const gradient = tf.grad((x: tf.Tensor) => call({ [a]: reference, [b]: x }))(other);
      close(Array.from(gradient.dataSync()), hand.gradient, 'gradient');
      assert.equal(call({ [a]: reference, [b]: reference }).dataSync()[0], 0);
    });
    assert.equal(tf.memory().numTensors, before, 'no tensor leaked');
  });

  test(`${c.name}: mismatched shapes, wrong types, disposed tensors and bad options are refused by name`, () => {
    const x = tf.zeros([2, 2, 2, 1]);
    const y = tf.zeros([2, 2, 2, 3]);
    assert.throws(() => call({ [a]: x, [b]: y }), new RegExp(`${c.name}: inputs.${a} \\[2, 2, 2, 1\\] and inputs.${b} \\[2, 2, 2, 3\\] must have the same shape`));
    assert.throws(() => call({ [a]: x }), new RegExp(`${c.name}: inputs.${b} must be a tf.Tensor of images`));
    assert.throws(() => call({ [a]: tf.cast(x, 'int32'), [b]: x }), new RegExp(`${c.name}: inputs.${a} must have dtype float32; got int32`));
    assert.throws(() => call({ [a]: x, [b]: x }, { reduction: 'max' as 'mean' }), /options.reduction must be one of 'mean', 'sum', 'none'; got 'max'/);
    assert.throws(() => c.loss(undefined as never), new RegExp(`${c.name}: inputs must be an object \\{ ${a}, ${b} \\}`));
    y.dispose();
    assert.throws(() => call({ [a]: x, [b]: y }), new RegExp(`inputs.${b} was already disposed`));
    x.dispose();
  });
}
