// The generic loop's own contract: what it refuses in an algorithm, trainOnBatch, and one read-back per step.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { GanTrainer } from '../../src/training/gan_trainer.js';
import { NonFiniteError } from '../../src/training/non_finite_error.js';
import { SeededRandom } from '../../src/utils/random.js';
import { useCpu } from '../helpers/backend.js';
import { GrowingGan } from '../helpers/growing_gan.js';

before(useCpu);

test('an algorithm with no networks, a network name that cannot be a folder, or a bad batchesPerStep is refused, naming it', () => {
  const valid = new GrowingGan(100);
  const like = (changes: object) => ({
    name: 'plain', networks: valid.networks, optimizers: valid.optimizers, batchesPerStep: 1,
    trainStep: () => ({}), sample: () => tf.zeros([1]), configuration: () => ({}), ...changes,
  }) as never;
  assert.throws(() => new GanTrainer(like({ networks: {} })), /names no networks/);
  assert.throws(() => new GanTrainer(like({ networks: { 'Generator A': valid.networks['generator'] } })), /network name 'Generator A' .* must be lower-case letters, digits and '-'/);
  assert.throws(() => new GanTrainer(like({ batchesPerStep: 0 })), /batchesPerStep must be an integer ≥ 1, saw 0/);
  assert.throws(() => new GanTrainer({} as never), /algorithm must implement GanAlgorithm/);
  valid.dispose();
});

test('trainOnBatch runs one step on the batches given, advances the step and checks the count; one read-back per step', async () => {
  const trainer = new GanTrainer(new GrowingGan(100), { seed: 2 });
  const x = new SeededRandom(1).normalTensor([8, 2]);
  await assert.rejects(trainer.trainOnBatch([]), /trainOnBatch: a step takes 1 real batch, saw 0/);
  await trainer.trainOnBatch([x]);
  const before = tf.memory().numTensors;
  let reads = 0;
  const original = tf.Tensor.prototype.data;
  tf.Tensor.prototype.data = function data(this: tf.Tensor) {
    reads += 1;
    return original.call(this);
  } as typeof original;
  try {
    const logs = await trainer.trainOnBatch([x]);
    assert.deepEqual(Object.keys(logs), ['step', 'epoch', 'discriminatorLoss', 'generatorLoss']);
    assert.equal(logs.step, 1);
  } finally {
    tf.Tensor.prototype.data = original;
  }
  assert.equal(reads, 1, 'the logs and the finiteness checks of every optimizer come back in one transfer');
  assert.equal(trainer.step, 2);
  assert.equal(tf.memory().numTensors, before, 'tensors leaked');
  x.dispose();
  trainer.dispose();
});

test('a non-finite update names the optimizer, and minimize with an unknown optimizer names the ones there are', async () => {
  const algorithm = new GrowingGan(100);
  const trainer = new GanTrainer(algorithm, { seed: 2 });
  const bad = tf.tensor2d([[Infinity, 0], [0, 0]]);
  await assert.rejects(trainer.trainOnBatch([bad]), (error: unknown) => error instanceof NonFiniteError && error.network === 'discriminator' && /GanTrainer: at step 0 the discriminator/.test(error.message));
  const wrong = Object.assign(Object.create(Object.getPrototypeOf(algorithm)), algorithm, {
    trainStep: (_batches: readonly tf.Tensor[], context: { minimize: (n: string, f: () => tf.Scalar, v: tf.Variable[]) => tf.Scalar }) =>
      ({ loss: context.minimize('critic', () => tf.scalar(0), []) }),
  });
  const other = new GanTrainer(wrong, { seed: 1 });
  const x = tf.zeros([2, 2]);
  await assert.rejects(other.trainOnBatch([x]), /minimized with an optimizer named 'critic', but its optimizers are 'generator', 'discriminator'/);
  tf.dispose([bad, x]);
  trainer.dispose();
});
