import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
// tfjs-layers registers the gradients of the core ops (the trainer always loads it).
import '@tensorflow/tfjs-layers';
import { useCpu } from '../helpers/backend.js';
import { auxiliaryClassifierLoss } from '../../src/losses/auxiliary_classifier.js';

await useCpu();

test('auxiliaryClassifierLoss: mean softmax cross-entropy, by hand', () => {
  const logits = [[1, 2, 0], [0.5, -1, 3]];
  const labels = [1, 2];
  const expected = logits.reduce((s, row, i) => {
    const lse = Math.log(row.reduce((a, v) => a + Math.exp(v), 0));
    return s + (lse - row[labels[i]!]!);
  }, 0) / 2;
  const classLogits = tf.tensor2d(logits);
  const y = tf.tensor1d(labels, 'int32');
  const column = tf.tensor2d([[1], [2]]);
  const before = tf.memory().numTensors;
  const loss = auxiliaryClassifierLoss({ classLogits, labels: y });
  const same = auxiliaryClassifierLoss({ classLogits, labels: column });
  assert.equal(loss.rank, 0);
  assert.ok(Math.abs(loss.dataSync()[0]! - expected) < 1e-6, `${loss.dataSync()[0]} vs ${expected}`);
  assert.ok(Math.abs(same.dataSync()[0]! - expected) < 1e-6);
  // Gradient w.r.t. the logits: (softmax − onehot) / batch.
  const grad = tf.grad((l: tf.Tensor) => auxiliaryClassifierLoss({ classLogits: l, labels: y }))(classLogits);
  const g = grad.arraySync() as number[][];
  logits.forEach((row, i) => {
    const total = row.reduce((a, v) => a + Math.exp(v), 0);
    row.forEach((v, k) => assert.ok(Math.abs(g[i]![k]! - (Math.exp(v) / total - (k === labels[i] ? 1 : 0)) / 2) < 1e-6));
  });
  tf.dispose([loss, same, grad]);
  assert.equal(tf.memory().numTensors, before);
  assert.throws(() => auxiliaryClassifierLoss({ classLogits, labels: tf.tensor1d([1], 'int32') }), /labels must be \[2\] or \[2, 1\]/);
  assert.throws(() => auxiliaryClassifierLoss({ classLogits: y, labels: y }), /classLogits must be \[batch, classes\]/);
  tf.dispose([classLogits, y, column]);
});
