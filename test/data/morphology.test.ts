import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useCpu } from '../helpers/backend.js';
import { dilateImages, erodeImages } from '../../src/data/morphology.js';

await useCpu();

/** A 5×5 grey image from a picture of '#' (1) and '.' (−1). */
const picture = (rows: string[]) => tf.tensor4d(rows.join('').split('').map((ch) => (ch === '#' ? 1 : -1)), [1, rows.length, rows[0]!.length, 1]);
const drawn = (t: tf.Tensor) => {
  const [, h, w] = t.shape as number[];
  const v = t.dataSync();
  return Array.from({ length: h! }, (_, y) => Array.from({ length: w! }, (_, x) => (v[y * w! + x]! > 0 ? '#' : '.')).join(''));
};

test('dilation by a square and by a cross, by hand; the border does not count as background', () => {
  const before = tf.memory().numTensors;
  tf.tidy(() => {
    const dot = picture(['.....', '.....', '..#..', '.....', '#....']);
    assert.deepEqual(drawn(dilateImages(dot)), ['.....', '.###.', '.###.', '####.', '##...']);
    assert.deepEqual(drawn(dilateImages(dot, { element: 'cross' })), ['.....', '..#..', '.###.', '#.#..', '##...']);
    assert.deepEqual(drawn(dilateImages(dot, { radius: 2, element: 'cross' })), ['..#..', '..#..', '#####', '#.#..', '###..']);
    const full = tf.ones([1, 3, 3, 1]) as tf.Tensor4D;
    assert.deepEqual(Array.from(erodeImages(full).dataSync()), new Array(9).fill(1));
    // Grey levels: the maximum over the neighbourhood, channel by channel.
    const grey = tf.tensor4d([0.1, -0.5, 0.3, 0.9, -1, 0.2], [1, 1, 3, 2]);
    assert.deepEqual(Array.from(dilateImages(grey).dataSync()).map((v) => Math.round(v * 10) / 10), [0.3, 0.9, 0.3, 0.9, 0.3, 0.9]);
  });
  assert.equal(tf.memory().numTensors, before);
});

test('erosion is the dual: a 3×3 block erodes to its centre; a cross erodes a plus to its centre', () => {
  tf.tidy(() => {
    const block = picture(['.....', '.###.', '.###.', '.###.', '.....']);
    assert.deepEqual(drawn(erodeImages(block)), ['.....', '.....', '..#..', '.....', '.....']);
    const plus = picture(['.....', '..#..', '.###.', '..#..', '.....']);
    assert.deepEqual(drawn(erodeImages(plus, { element: 'cross' })), ['.....', '.....', '..#..', '.....', '.....']);
    assert.deepEqual(drawn(erodeImages(plus)), ['.....', '.....', '.....', '.....', '.....']);
  });
  assert.throws(() => dilateImages(tf.zeros([2, 2]) as never), /dilateImages: images must be \[n, height, width, channels\]/);
  assert.throws(() => erodeImages(tf.zeros([1, 2, 2, 1]) as tf.Tensor4D, { radius: 0 }), /erodeImages: options.radius must be an integer ≥ 1, but got 0/);
  assert.throws(() => erodeImages(tf.zeros([1, 2, 2, 1]) as tf.Tensor4D, { element: 'disk' as 'cross' }), /options.element must be 'square' or 'cross'/);
});
