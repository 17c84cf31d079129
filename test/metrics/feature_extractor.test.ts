import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import { extractFeatures, layerFeatures } from '../../src/metrics/feature_extractor.js';

before(async () => {
  await tf.setBackend('cpu');
});

describe('extractFeatures', () => {
  it('runs a function batch by batch, flattens each output to [batch, d] and keeps image order', () => {
    const before = tf.memory().numTensors;
    const images = tf.tensor4d(Array.from({ length: 7 * 4 }, (_, i) => i), [7, 2, 2, 1]);
    const sizes: number[] = [];
    const features = extractFeatures(
      images,
      (batch) => {
        sizes.push(batch.shape[0]!);
        return tf.mul(batch, 2);
      },
      { batchSize: 3 },
    );
    assert.deepEqual(sizes, [3, 3, 1]);
    assert.deepEqual(features.shape, [7, 4]);
    assert.deepEqual([...features.dataSync()], Array.from({ length: 28 }, (_, i) => 2 * i));
    tf.dispose([images, features]);
    assert.equal(tf.memory().numTensors, before);
  });

  it('takes features from a named layer of a model, matching the layer computed by hand', () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.dense({ inputShape: [3], units: 2, name: 'hidden', weights: [tf.tensor2d([[1, 0], [0, 1], [1, 1]]), tf.tensor1d([0, -1])] }),
        tfl.layers.dense({ units: 1, name: 'out' }),
      ],
    });
    const before = tf.memory().numTensors;
    const x = tf.tensor2d([[1, 2, 3], [0, 0, 1]]);
    const features = extractFeatures(x, { model, layerName: 'hidden' }, { batchSize: 1 });
    // hidden = x·W + b: [1 + 3, 2 + 3 − 1] and [1, 1 − 1].
    assert.deepEqual([...features.dataSync()], [4, 4, 1, 0]);
    tf.dispose([x, features]);
    assert.equal(tf.memory().numTensors, before);
    assert.throws(() => layerFeatures({ model, layerName: 'nope' }), /no layer named 'nope'; its layers are: hidden, out/);
    model.dispose();
  });

  it('rejects an extractor that does not return one row per image, without leaking', () => {
    const images = tf.zeros([4, 2]);
    const before = tf.memory().numTensors;
    assert.throws(
      () => extractFeatures(images, (batch) => tf.slice(batch, 0, 1), { batchSize: 2 }),
      /returned shape \[1, 2\] for a batch of 2 images; it must return one feature vector per image, \[2, d\]/,
    );
    assert.throws(() => extractFeatures(images, (b) => b, { batchSize: 0 }), /batchSize must be a positive integer, got 0/);
    assert.equal(tf.memory().numTensors, before);
    images.dispose();
  });
});
