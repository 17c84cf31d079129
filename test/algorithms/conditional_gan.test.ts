// Regularizers with a conditional discriminator: a penalty receives the critic x ↦ D(x, y) with the batch's labels,
// so R1 works with a projection discriminator — its gradient with respect to D's weights (labels' embedding included)
// matches finite differences, and a ConditionalTrainer trains with it, lazily.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { MLPGAN } from '../../src/architectures/mlp_gan.js';
import { r1Regularizer } from '../../src/regularizers/r1.js';
import { ConditionalTrainer } from '../../src/trainers/conditional_trainer.js';
import { SeededRandom } from '../../src/utils/random.js';
import { assertDerivativesAgree, compareVariableGradients } from '../gradients/finite_differences.js';
import { useCpu } from '../helpers/backend.js';
import { disposeGan } from '../helpers/tiny_gan.js';

before(useCpu);

function projectionGan(seed = 1) {
  return new MLPGAN({
    sampleShape: [2], latentDim: 3, generatorUnits: [8], discriminatorUnits: [6], outputActivation: 'linear', seed,
    conditioning: { classes: 3, discriminator: 'projection', generator: 'concat' },
  });
}

test('R1 through a projection discriminator: ∂penalty/∂θ_D by double backpropagation equals central differences, the class embedding included', () => {
  const gan = projectionGan(2);
  const D = gan.discriminator;
  const data = new SeededRandom(11);
  const real = data.normalTensor([4, 2]);
  const labels = tf.tensor2d([[0], [1], [2], [1]], [4, 1], 'int32');
  const critic = (x: tf.Tensor) => D.apply([x, labels], { training: true }) as tf.Tensor;
  const logits = tf.zeros([4, 1]);
  const r1 = r1Regularizer({ weight: 1 });
  const penalty = () => r1.penalty({
    critic, fakeCritic: critic, discriminator: D, real, fake: real, realLogits: logits, fakeLogits: logits, random: new SeededRandom(1), step: 0,
  }) as tf.Scalar;
  const variables = D.trainableWeights.map((w) => w.read() as tf.Variable);
  const before = tf.memory().numTensors;
  const comparison = compareVariableGradients(penalty, variables, 2e-3);
  assert.equal(tf.memory().numTensors, before, 'tensors leaked');
  assert.ok(comparison.kinks <= comparison.numeric.length / 4, `${comparison.kinks} probes straddle a kink`);
  assertDerivativesAgree(comparison, 'R1 through the projection discriminator');
  const embedding = D.trainableWeights.findIndex((w) => /embedding|projection/i.test(w.originalName));
  assert.ok(embedding >= 0, `no class embedding among ${D.trainableWeights.map((w) => w.originalName).join(', ')}`);
  const grads = tf.tidy(() => {
    const { value, grads: g } = tf.variableGrads(penalty, variables);
    value.dispose();
    return Array.from(tf.max(tf.abs(g[variables[embedding]!.name]!)).dataSync());
  });
  assert.ok(grads[0]! > 1e-6, 'the labels enter the penalty: its gradient reaches the class embedding');
  tf.dispose([real, labels, logits]);
  disposeGan(gan);
});

test('a ConditionalTrainer trains with lazy R1 on a projection discriminator: the penalty is logged on its steps only and changes the training', async () => {
  const labels = tf.tensor1d(Array.from({ length: 48 }, (_, i) => i % 3), 'int32');
  const samples = tf.tidy(() => tf.add(new SeededRandom(2).normalTensor([48, 2]), tf.stack([tf.cast(labels, 'float32'), tf.zeros([48])], 1)));
  const train = async (regularized: boolean) => {
    const gan = projectionGan(3);
    const trainer = new ConditionalTrainer(gan, { seed: 4, ...(regularized ? { regularizers: [r1Regularizer({ weight: 5, every: 2 })] } : {}) });
    const history = await trainer.fit({ samples, labels }, { steps: 4, batchSize: 12 });
    const weights = gan.discriminator.getWeights().map((w) => Array.from(w.dataSync()));
    trainer.dispose();
    disposeGan(gan);
    return { history, weights };
  };
  const start = tf.memory().numTensors;
  const withR1 = await train(true);
  assert.deepEqual(withR1.history.steps.map((s) => Object.keys(s.penalties)), [['r1'], [], ['r1'], []]);
  for (const s of withR1.history.steps.filter((s) => s.step % 2 === 0)) assert.ok(s.penalties['r1']! > 0 && Number.isFinite(s.penalties['r1']!), `step ${s.step}: ${s.penalties['r1']}`);
  const without = await train(false);
  assert.notDeepEqual(withR1.weights, without.weights);
  assert.equal(tf.memory().numTensors, start, 'tensors leaked');
  tf.dispose([samples, labels]);
});
