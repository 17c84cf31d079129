import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import { precisionRecall } from '../../src/metrics/precision_recall.js';
import { SeededRandom } from '../../src/utils/random.js';

before(async () => {
  await tf.setBackend('cpu');
});

describe('precisionRecall', () => {
  it('gives precision 1 and recall 1 for identical sets, in batches or not, without leaking', () => {
    const before = tf.memory().numTensors;
    const x = new SeededRandom(3).normalTensor([50, 8]) as tf.Tensor2D;
    assert.deepEqual(precisionRecall(x, x), { precision: 1, recall: 1 });
    assert.deepEqual(precisionRecall(x, x, { k: 5, batchSize: 7 }), { precision: 1, recall: 1 });
    x.dispose();
    assert.equal(tf.memory().numTensors, before);
  });

  it('gives 0 and 0 for sets far apart', () => {
    const random = new SeededRandom(4);
    const x = random.normalTensor([40, 3]) as tf.Tensor2D;
    const y = tf.add(random.normalTensor([30, 3]), 100) as tf.Tensor2D;
    assert.deepEqual(precisionRecall(x, y), { precision: 0, recall: 0 });
    tf.dispose([x, y]);
  });

  it('matches a hand-made 1-D case with k = 1, both ways round', () => {
    // Real {0, 1, 2, 3, 8}: radii 1, 1, 1, 1, 5. Generated {0.5, 3.9, 9, 20}: radii 3.4, 3.4, 5.1, 11.
    // Generated inside the real balls: 0.5 (0.5 ≤ 1), 3.9 (0.9 ≤ 1), 9 (1 ≤ 5); 20 is 12 > 5 from 8 → precision 3/4.
    // Real inside the generated balls: 0 … 3 (within 3.4 of 0.5), 8 (1 ≤ 5.1 from 9) → recall 1.
    const real = tf.tensor2d([[0], [1], [2], [3], [8]]);
    const generated = tf.tensor2d([[0.5], [3.9], [9], [20]]);
    assert.deepEqual(precisionRecall(real, generated, { k: 1, batchSize: 2 }), { precision: 0.75, recall: 1 });
    assert.deepEqual(precisionRecall(generated, real, { k: 1 }), { precision: 1, recall: 0.75 });
    // k = 2: real radii 2, 1, 1, 2, 6; generated radii 8.5, 5.1, 8.5, 16.1. 20 is still 12 > 6 from 8.
    assert.deepEqual(precisionRecall(real, generated, { k: 2 }), { precision: 0.75, recall: 1 });
    tf.dispose([real, generated]);
  });

  it('names the argument in its errors', () => {
    const x = tf.zeros([3, 2]) as tf.Tensor2D;
    const y = tf.zeros([10, 2]) as tf.Tensor2D;
    assert.throws(() => precisionRecall(x, y), /precisionRecall: real has 3 points; k = 3 needs more than k points/);
    assert.throws(() => precisionRecall(y, y, { k: 0 }), /k must be a positive integer, got 0/);
    tf.dispose([x, y]);
  });
});
