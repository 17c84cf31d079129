import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useCpu } from '../helpers/backend.js';
import { applyAttribute, attributeVector, latentArithmetic } from '../../src/latent/attribute_vectors.js';

await useCpu();

test('attributeVector: mean(A) − mean(B) by hand', () => {
  const a = tf.tensor2d([[1, 2], [3, 4], [5, 9]]); // mean (3, 5)
  const b = tf.tensor2d([[0, 1], [2, -1]]); // mean (1, 0)
  const before = tf.memory().numTensors;
  const v = attributeVector(a, b);
  assert.deepEqual(Array.from(v.dataSync()), [2, 5]);
  v.dispose();
  assert.equal(tf.memory().numTensors, before);
  const c = tf.zeros([2, 3]) as tf.Tensor2D;
  assert.throws(() => attributeVector(a, c), /size 3, but the first set's are of size 2/);
  tf.dispose([a, b, c]);
});

test("latentArithmetic: Radford's three-exemplar average, smiling woman − neutral woman + neutral man", () => {
  const smilingWoman = tf.tensor2d([[1, 1, 0], [2, 1, 0], [3, 1, 0]]); // mean (2, 1, 0)
  const neutralWoman = tf.tensor2d([[2, 0, 0], [2, 0, 0], [2, 0, 0]]); // mean (2, 0, 0)
  const neutralMan = tf.tensor2d([[0, 0, 3], [0, 0, 5], [0, 0, 4]]); // mean (0, 0, 4)
  const before = tf.memory().numTensors;
  const v = latentArithmetic({ plus: [smilingWoman, neutralMan], minus: [neutralWoman] });
  assert.deepEqual(Array.from(v.dataSync()), [0, 1, 4]);
  const onlyMinus = latentArithmetic({ minus: [neutralWoman] });
  assert.deepEqual(Array.from(onlyMinus.dataSync()), [-2, 0, 0]);
  tf.dispose([v, onlyMinus]);
  assert.equal(tf.memory().numTensors, before);
  assert.throws(() => latentArithmetic({}), /at least one set/);
  tf.dispose([smilingWoman, neutralWoman, neutralMan]);
});

test('applyAttribute: z + α·v for every latent and strength, latent-major', () => {
  const z = tf.tensor2d([[0, 0], [1, -1]]);
  const v = tf.tensor1d([1, 2]);
  const before = tf.memory().numTensors;
  const out = applyAttribute(z, v, [0, 0.5, -1]);
  assert.deepEqual(out.arraySync(), [[0, 0], [0.5, 1], [-1, -2], [1, -1], [1.5, 0], [0, -3]]);
  out.dispose();
  assert.equal(tf.memory().numTensors, before);
  assert.throws(() => applyAttribute(z, v, []), /strengths must be a non-empty array/);
  const wrong = tf.tensor1d([1, 2, 3]);
  assert.throws(() => applyAttribute(z, wrong, [1]), /vector must have shape \[2\]/);
  tf.dispose([z, v, wrong]);
});
