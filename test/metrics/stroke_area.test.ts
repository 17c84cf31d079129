import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useCpu } from '../helpers/backend.js';
import { strokeArea } from '../../src/metrics/stroke_area.js';

await useCpu();

test('stroke area: the fraction of pixels above the threshold, per image', () => {
  tf.tidy(() => {
    const images = tf.tensor4d([1, -1, 0.5, -1, -1, -1, 0, 0.01], [2, 2, 2, 1]);
    assert.deepEqual(strokeArea(images), [0.5, 0.25]);
    assert.deepEqual(strokeArea(images, 0.6), [0.25, 0]);
  });
  assert.throws(() => strokeArea(tf.zeros([4, 4]) as never), /strokeArea: images must be \[n, height, width, channels\]/);
});
