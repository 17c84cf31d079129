import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import { resizeImages } from '../../src/data/resize.js';

before(async () => {
  await tf.setBackend('cpu');
});

const close = (got: ArrayLike<number>, expected: number[]): void => {
  assert.equal(got.length, expected.length);
  expected.forEach((e, i) => assert.ok(Math.abs(got[i]! - e) < 1e-6, `value ${i}: ${got[i]} vs ${e}`));
};

describe('resizeImages', () => {
  it('shrinks by 2 as the mean of each 2×2 block', () => {
    const before = tf.memory().numTensors;
    const image = tf.tensor4d(Array.from({ length: 16 }, (_, i) => i), [1, 4, 4, 1]);
    const small = resizeImages(image, { height: 2, width: 2 });
    assert.deepEqual(small.shape, [1, 2, 2, 1]);
    close(small.dataSync(), [2.5, 4.5, 10.5, 12.5]);
    tf.dispose([image, small]);
    assert.equal(tf.memory().numTensors, before);
  });

  it('enlarges bilinearly with half-pixel centres, keeping a rank-3 image rank 3', () => {
    const image = tf.tensor3d([0, 1], [1, 2, 1]);
    const wide = resizeImages(image, { height: 1, width: 4 });
    assert.deepEqual(wide.shape, [1, 4, 1]);
    // Output x samples the input at (x + 0.5) / 2 − 0.5 = −0.25, 0.25, 0.75, 1.25, clamped to [0, 1].
    close(wide.dataSync(), [0, 0.25, 0.75, 1]);
    tf.dispose([image, wide]);
  });

  it('converts RGB to grey by luma and grey to RGB, and crops the centre', () => {
    const rgb = tf.tensor4d([1, 0, 0, 0, 1, 0, 0, 0, 1], [3, 1, 1, 3]);
    const grey = resizeImages(rgb, { height: 1, width: 1, channels: 1 });
    close(grey.dataSync(), [0.299, 0.587, 0.114]);
    const back = resizeImages(grey, { height: 1, width: 1, channels: 3 });
    close(back.dataSync(), [0.299, 0.299, 0.299, 0.587, 0.587, 0.587, 0.114, 0.114, 0.114]);
    const strip = tf.tensor4d([0, 0, 5, 7, 0, 0, 0, 0, 5, 7, 0, 0], [1, 2, 6, 1]);
    const crop = resizeImages(strip, { height: 2, width: 2, fit: 'center-crop' });
    close(crop.dataSync(), [5, 7, 5, 7]);
    const stretched = resizeImages(strip, { height: 2, width: 2 });
    close(stretched.dataSync(), [5 / 3, 7 / 3, 5 / 3, 7 / 3]); // 3-wide box means of 0 0 5 | 7 0 0
    tf.dispose([rgb, grey, back, strip, crop, stretched]);
  });

  it('returns a new tensor when nothing changes, and rejects bad shapes and options', () => {
    const before = tf.memory().numTensors;
    const image = tf.ones([2, 3, 3, 1]) as tf.Tensor4D;
    const same = resizeImages(image, { height: 3, width: 3 });
    assert.notEqual(same, image);
    image.dispose();
    close(same.dataSync(), new Array<number>(18).fill(1));
    same.dispose();
    const two = tf.ones([1, 2, 2, 2]) as tf.Tensor4D;
    assert.throws(() => resizeImages(two, { height: 1, width: 1 }), /images must have shape \[n, h, w, 1 or 3\] or \[h, w, 1 or 3\], got \[1, 2, 2, 2\]/);
    assert.throws(() => resizeImages(two, { height: 0, width: 1 }), /resizeImages: height must be a positive integer, got 0/);
    assert.throws(() => resizeImages(two, { height: 1, width: 1, channels: 4 as 3 }), /channels must be 1 or 3, got 4/);
    assert.throws(() => resizeImages(two, { height: 1, width: 1, fit: 'cover' as 'stretch' }), /fit must be 'stretch' or 'center-crop', got "cover"/);
    two.dispose();
    assert.equal(tf.memory().numTensors, before);
  });
});
