import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { AdaController, type AdaControllerState } from '../../src/augment/ada_controller.js';
import { adaAugment } from '../../src/augment/ada_augment.js';
import { SeededRandom } from '../../src/utils/random.js';
import { distinctImages } from './augment_helpers.js';

before(async () => {
  await tf.setBackend('cpu');
});

/** A batch of `size` logits of which a fraction `positive` is > 0 (r_t = 2·positive − 1). */
function logits(size: number, positive: number): number[] {
  return Array.from({ length: size }, (_, i) => (i < Math.round(size * positive) ? 2.5 : -1.5));
}

/**
 * A discriminator that has memorised its training set: D(x) = +1 for an image equal to a training image, −1 for any
 * other. On un-augmented reals r_t = 1, the strongest over-fitting signal.
 */
function memorisingDiscriminator(training: tf.Tensor4D): (x: tf.Tensor4D) => number[] {
  const known = new Set((training.arraySync() as number[][][][]).map((img) => JSON.stringify(img)));
  return (x) => (x.arraySync() as number[][][][]).map((img) => (known.has(JSON.stringify(img)) ? 1 : -1));
}

describe('AdaController', () => {
  it('raises p by batch·interval / speedImages per adjustment while r_t exceeds the target', () => {
    const ada = new AdaController({ interval: 2, speedImages: 1000 });
    assert.equal(ada.p, 0);
    ada.observe(logits(10, 0.9));
    assert.equal(ada.p, 0, 'no adjustment before the interval is complete');
    ada.observe(tf.tensor2d(logits(10, 0.9), [10, 1]));
    assert.ok(Math.abs(ada.p - 20 / 1000) < 1e-12, `one step of 20 images / 1000: ${ada.p}`);
    for (let i = 0; i < 8; i++) ada.observe(logits(10, 1));
    assert.ok(Math.abs(ada.p - 100 / 1000) < 1e-12, `five steps: ${ada.p}`);
    assert.equal(ada.images, 100);
    assert.deepEqual(ada.history.map((a) => a.images), [20, 40, 60, 80, 100]);
    assert.ok(Math.abs(ada.history[0]!.rt - 0.8) < 1e-12 && ada.history[4]!.rt === 1, 'r_t = mean sign');
  });

  it('lowers p while r_t is below the target, never below 0 nor above maxP', () => {
    const ada = new AdaController({ interval: 1, speedImages: 100, initialP: 0.3, maxP: 0.5 });
    for (let i = 0; i < 3; i++) ada.observe(logits(10, 0.6));   // r_t = 0.2 < 0.6
    assert.ok(Math.abs(ada.p - 0) < 1e-12, `0.3 − 3 · 0.1 = 0: ${ada.p}`);
    ada.observe(logits(10, 0.5));
    assert.equal(ada.p, 0, 'clipped at 0');
    for (let i = 0; i < 10; i++) ada.observe(logits(10, 1));
    assert.equal(ada.p, 0.5, 'clipped at maxP');
    const atTarget = new AdaController({ interval: 1, speedImages: 100, initialP: 0.2 });
    atTarget.observe(logits(10, 0.8));   // r_t = 0.6 exactly: sign 0
    assert.equal(atTarget.p, 0.2);
  });

  it('with a memorising D, p rises from 0 until the augmented reals bring r_t down to the target', () => {
    // x-flip alone changes an image with probability p/2, so E[sign D] = (1 − p/2) − p/2 = 1 − p: r_t = 0.6 at p = 0.4.
    const training = distinctImages(16, 3, 3, 1, 21);
    const judge = memorisingDiscriminator(training);
    const augment = adaAugment({ rotate90: false, translation: false, scale: false, brightness: false, contrast: false, saturation: false });
    const ada = new AdaController({ interval: 2, speedImages: 1600 });
    const random = new SeededRandom(4);
    const trajectory: number[] = [];
    for (let step = 0; step < 240; step++) {
      const seen = augment.apply(training, { p: ada.p, random });
      ada.observe(judge(seen));
      seen.dispose();
      trajectory.push(ada.p);
    }
    assert.ok(trajectory[20]! > 0.15, `p rose quickly from 0: ${trajectory[20]}`);
    const settled = trajectory.slice(120);
    const mean = settled.reduce((a, b) => a + b, 0) / settled.length;
    assert.ok(mean > 0.3 && mean < 0.5, `p settles near 0.4: mean ${mean}`);
    training.dispose();
  });

  it('with a D at chance, p falls back to 0', () => {
    const ada = new AdaController({ interval: 4, speedImages: 2000, initialP: 0.4 });
    const random = new SeededRandom(9);
    for (let i = 0; i < 200; i++) ada.observe(Array.from({ length: 16 }, () => random.normal()));
    assert.equal(ada.p, 0);
  });

  it('its state survives JSON: a restored controller continues exactly as the original', () => {
    const original = new AdaController({ target: 0.5, interval: 3, speedImages: 500, initialP: 0.1, maxP: 0.9 });
    const random = new SeededRandom(1);
    const batch = () => Array.from({ length: 8 }, () => random.normal() + 0.6);
    for (let i = 0; i < 7; i++) original.observe(batch());   // ends mid-interval
    const saved = JSON.parse(JSON.stringify(original.state())) as AdaControllerState;
    const resumed = new AdaController();
    resumed.restore(saved);
    assert.deepEqual(resumed.state(), original.state());
    assert.deepEqual(resumed.options, original.options);
    for (let i = 0; i < 9; i++) {
      const b = batch();
      assert.equal(resumed.observe(b), original.observe(b), `batch ${i}`);
    }
    assert.deepEqual(resumed.history, original.history);
    assert.equal(resumed.images, 16 * 8);
  });

  it('refuses bad options, states and logits, naming what is wrong', () => {
    assert.throws(() => new AdaController({ target: 1 }), /AdaController: options\.target must be a number in \(−1, 1\) such as 0\.6, but got 1/);
    assert.throws(() => new AdaController({ initialP: 0.8, maxP: 0.5 }), /options\.initialP must be a number in \[0, maxP = 0\.5\], but got 0\.8/);
    const ada = new AdaController();
    const good = ada.state();
    assert.throws(() => ada.restore({ ...good, p: 2 }), /AdaController\.restore: p must be a number in \[0, 1\], but is 2/);
    assert.throws(() => ada.restore({ ...good, version: 2 as 1 }), /unknown state version 2/);
    assert.throws(() => ada.restore({ ...good, pending: { signSum: 5, count: 2, batches: 1 } }), /pending must be \{ signSum, count, batches \} with \|signSum\| ≤ count/);
    assert.throws(() => ada.restore(null as unknown as AdaControllerState), /the state must be an object, but got null/);
    assert.deepEqual(ada.state(), good, 'a refused state changes nothing');
    assert.throws(() => ada.observe([]), /realLogits must be a non-empty tensor or array/);
    assert.throws(() => ada.observe([1, Number.NaN]), /realLogits\[1\] is NaN/);
  });
});
