// StyleGAN2's path-length regularizer: the penalty and the running mean by hand for a linear generator, its gradient
// with respect to G's weights against finite differences, and lazily inside a trainer, its mean saved and restored.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { pathLengthRegularizer } from '../../src/regularizers/path_length.js';
import { AdversarialTrainer } from '../../src/trainers/adversarial_trainer.js';
import { SeededRandom } from '../../src/utils/random.js';
import { assertDerivativesAgree, compareVariableGradients } from '../gradients/finite_differences.js';
import { useCpu } from '../helpers/backend.js';
import { disposeGan, softplusLoss, tinyGan } from '../helpers/tiny_gan.js';

before(useCpu);

const W = [[0.5, -1.0, 0.25], [2.0, 0.5, -0.75]]; // G(z) = z·W: latents of 2, samples of 3

test('for G(z) = z·W: lengths ‖W·y‖, the running mean a ← a + β(mean − a) and the penalty mean (‖W·y‖ − a)², by hand', () => {
  const regularizer = pathLengthRegularizer({ weight: 2, decay: 0.25, batchShrink: 2 });
  const w = tf.tensor2d(W);
  const generate = (z: tf.Tensor) => tf.matMul(z, w);
  const latents = tf.tensor2d([[1, 0], [0, 1], [3, 3], [4, 4]]); // only the first ⌈4 / 2⌉ = 2 are used
  const fake = generate(latents);
  const penaltyAt = (seed: number) => regularizer.penalty({ generate, latents, fake, random: new SeededRandom(seed), step: 0 }).dataSync()[0]!;
  const ys = new SeededRandom(7).normalTensor([2, 3]).arraySync() as number[][];
  const lengths = ys.map((y) => Math.hypot(...W.map((row) => row.reduce((s, v, j) => s + v * y[j]!, 0))));
  const meanLength = (lengths[0]! + lengths[1]!) / 2;
  const a1 = 0 + 0.25 * (meanLength - 0);
  const expected1 = lengths.reduce((s, l) => s + (l - a1) ** 2, 0) / 2;
  const first = penaltyAt(7);
  assert.ok(Math.abs(first - expected1) < 1e-5 * Math.max(1, expected1), `penalty ${first}, by hand ${expected1}`);
  assert.ok(Math.abs(regularizer.variables!['mean']!.dataSync()[0]! - a1) < 1e-6);
  const a2 = a1 + 0.25 * (meanLength - a1);
  const second = penaltyAt(7);
  const expected2 = lengths.reduce((s, l) => s + (l - a2) ** 2, 0) / 2;
  assert.ok(Math.abs(second - expected2) < 1e-5 * Math.max(1, expected2), `second penalty ${second}, by hand ${expected2} (the mean moved on)`);
  assert.deepEqual([regularizer.name, regularizer.role, regularizer.weight, regularizer.every], ['path-length', 'generator', 2, 1]);
  assert.throws(() => pathLengthRegularizer({ decay: 0 }), /decay must be a finite number > 0/);
  assert.throws(() => pathLengthRegularizer({ batchShrink: 0 }), /batchShrink must be an integer ≥ 1/);
  tf.dispose([w, latents, fake, regularizer.variables!['mean']!]);
});

test('∂penalty/∂θ_G by double backpropagation equals central differences (images: y scaled by 1/√(H·W))', () => {
  const generator = tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [3], units: 8, activation: 'tanh', kernelInitializer: tfl.initializers.randomNormal({ stddev: 0.5, seed: 1 }) }),
      tfl.layers.dense({ units: 2 * 2 * 2, activation: 'tanh', kernelInitializer: tfl.initializers.randomNormal({ stddev: 0.5, seed: 2 }) }),
      tfl.layers.reshape({ targetShape: [2, 2, 2] }),
    ],
  });
  const regularizer = pathLengthRegularizer({ batchShrink: 1 });
  const mean = regularizer.variables!['mean']!;
  const latents = new SeededRandom(3).normalTensor([3, 3]);
  const generate = (z: tf.Tensor) => generator.apply(z, { training: true }) as tf.Tensor;
  const fake = generate(latents);
  const penalty = () => {
    mean.assign(tf.scalar(0.3));
    return regularizer.penalty({ generate, latents, fake, random: new SeededRandom(5), step: 0 }) as tf.Scalar;
  };
  const variables = generator.trainableWeights.map((w) => w.read() as tf.Variable);
  const before = tf.memory().numTensors;
  const comparison = compareVariableGradients(penalty, variables, 2e-3);
  assert.equal(tf.memory().numTensors, before, 'tensors leaked');
  assertDerivativesAgree(comparison, 'path length through a tanh MLP');
  tf.dispose([latents, fake, mean]);
  generator.dispose();
});

test('in a trainer it joins the generator\'s loss every n steps, and its running mean is saved and restored with the trainer', async () => {
  const data = new SeededRandom(2).normalTensor([32, 2]);
  const gan = tinyGan({ batchNorm: false });
  const trainer = new AdversarialTrainer(gan, { loss: softplusLoss, seed: 3, regularizers: [pathLengthRegularizer({ every: 2 })] });
  const history = await trainer.fit(data, { steps: 4, batchSize: 8 });
  assert.deepEqual(history.steps.map((s) => Object.keys(s.penalties)), [['path-length'], [], ['path-length'], []]);
  const snapshot = await trainer.snapshot();
  const saved = snapshot.variables['regularizer/0/mean']!;
  assert.ok(saved.values[0]! > 0, `the running mean ${saved.values[0]} moved from 0`);
  assert.deepEqual(snapshot.configuration.regularizers, [{ name: 'path-length', role: 'generator', weight: 2, every: 2 }]);
  const other = new AdversarialTrainer(tinyGan({ batchNorm: false, seed: 5 }), { loss: softplusLoss, seed: 9, regularizers: [pathLengthRegularizer({ every: 2 })] });
  await other.restore(snapshot);
  assert.equal((other.regularizers[0] as { variables?: Record<string, tf.Variable> }).variables!['mean']!.dataSync()[0], saved.values[0]);
  trainer.dispose();
  other.dispose();
  disposeGan(gan);
  data.dispose();
});
