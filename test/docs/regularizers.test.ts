// The snippets of docs/regularizers.md, run in small form on the cpu backend.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import {
  AdversarialTrainer, DCGAN, MLPGAN, adam, enableSecondOrderGradients, linearLearningRateDecay, nonSaturatingLoss, r1Regularizer, regularizerWeightSchedule, ring8, grid25,
  wassersteinLoss, wganGpRecipe, wganRecipe, snganRecipe, type DiscriminatorRegularizer,
} from '../../src/index.js';

await tf.setBackend('cpu');

/** A small 2-D GAN of the guide's first snippet (hidden layers narrowed for speed). */
function smallMlp(seed: number): MLPGAN {
  return new MLPGAN({ sampleShape: [2], latentDim: 2, generatorUnits: [8], discriminatorUnits: [8], outputActivation: 'linear', seed });
}

function disposeAll(gan: { generator: { dispose(): unknown }; discriminator: { dispose(): unknown } }, trainer: AdversarialTrainer): void {
  trainer.dispose();
  gan.generator.dispose();
  gan.discriminator.dispose();
}

test('regularizers guide: R1 with the non-saturating loss logs its unweighted penalty under its name', async () => {
  const before = tf.memory().numTensors;
  const { samples: points } = ring8({ count: 64, seed: 0 });
  const gan = smallMlp(1);
  const trainer = new AdversarialTrainer(gan, { loss: nonSaturatingLoss(), regularizers: [r1Regularizer({ weight: 10 })], seed: 1 });
  const history = await trainer.fit(points, { steps: 3, batchSize: 16 });
  const last = history.steps.at(-1)?.penalties.r1;
  assert.equal(typeof last, 'number');
  assert.ok(last! >= 0 && Number.isFinite(last!), `R1 penalty ½·mean‖∇D‖² is finite and ≥ 0, saw ${last}`);
  disposeAll(gan, trainer);
  points.dispose();
  assert.equal(tf.memory().numTensors, before, 'no tensor leaks');
});

test('regularizers guide: weightClip keeps every trainable discriminator weight in [−c, c]', async () => {
  const { samples: points } = ring8({ count: 64, seed: 1 });
  const gan = smallMlp(2);
  const trainer = new AdversarialTrainer(gan, { loss: wassersteinLoss(), weightClip: 0.01, discriminatorSteps: 5 });
  await trainer.fit(points, { steps: 1, batchSize: 8 });
  for (const w of gan.discriminator.trainableWeights) {
    const values = w.read().dataSync();
    assert.ok(values.every((v) => Math.abs(v) <= 0.01 + 1e-9), `${w.name} is clipped to [−0.01, 0.01]`);
  }
  // The initial Glorot weights of an 8-unit layer are far larger than 0.01: the clipping is not vacuous.
  assert.ok(gan.discriminator.trainableWeights.some((w) => w.read().dataSync().some((v) => Math.abs(v) > 0.009)), 'some weight sits at the bound');
  disposeAll(gan, trainer);
  points.dispose();
});

test('regularizers guide: lazy regularization applies the penalty on steps divisible by every, only', async () => {
  const { samples: points } = ring8({ count: 64, seed: 2 });
  const gan = smallMlp(3);
  const trainer = new AdversarialTrainer(gan, { regularizers: [r1Regularizer({ weight: 10, every: 2 })], seed: 3 });
  const history = await trainer.fit(points, { steps: 4, batchSize: 16 });
  assert.deepEqual(history.steps.map((s) => 'r1' in s.penalties), [true, false, true, false]);
  disposeAll(gan, trainer);
  points.dispose();
});

test('regularizers guide: the recipes split into builder and trainer options as shown', async () => {
  const { discriminatorNormalization, ...options } = wganGpRecipe();
  assert.equal(discriminatorNormalization, 'none');
  assert.equal(options.discriminatorSteps, 5);
  assert.equal(options.regularizers?.[0]?.name, 'gradient-penalty');
  assert.equal(options.regularizers?.[0]?.weight, 10);
  const gan = new DCGAN({ imageShape: [28, 28, 1], width: 4, latentDim: 8, discriminatorNormalization, seed: 1 });
  const trainer = new AdversarialTrainer(gan, { ...options, discriminatorSteps: 1, seed: 1 });
  const images = tf.randomUniform([4, 28, 28, 1], -1, 1, 'float32', 1);
  const history = await trainer.fit(images, { steps: 1, batchSize: 4 });
  assert.ok(Number.isFinite(history.steps[0]!.penalties['gradient-penalty']!), 'the WGAN-GP penalty ran through the DCGAN critic');
  disposeAll(gan, trainer);
  images.dispose();
  options.generatorOptimizer?.dispose();
  options.discriminatorOptimizer?.dispose();

  const wgan = wganRecipe();
  assert.deepEqual([wgan.weightClip, wgan.discriminatorSteps, wgan.discriminatorNormalization], [0.01, 5, 'batch']);
  assert.equal(wgan.generatorOptimizer?.getClassName(), 'RMSProp');
  const sngan = snganRecipe();
  assert.deepEqual([sngan.loss?.name, sngan.discriminatorSteps, sngan.discriminatorNormalization], ['hinge', 1, 'spectral']);
  for (const recipe of [wgan, sngan]) {
    recipe.generatorOptimizer?.dispose();
    recipe.discriminatorOptimizer?.dispose();
  }
});

test('regularizers guide: enableSecondOrderGradients gives tanh″(0.5) = −2·tanh(0.5)·(1 − tanh²(0.5))', () => {
  enableSecondOrderGradients();
  const d2 = tf.grad(tf.grad((t: tf.Tensor) => tf.tanh(t)));
  const x = tf.tensor1d([0.5]);
  const y = d2(x);
  const t = Math.tanh(0.5);
  const expected = -2 * t * (1 - t * t);
  assert.ok(Math.abs(y.dataSync()[0]! - expected) < 1e-5, `saw ${y.dataSync()[0]}, expected ${expected}`);
  assert.ok(Math.abs(expected - -0.7269) < 1e-4, 'the value quoted in the guide');
  tf.dispose([x, y]);
});

test('regularizers guide: the drift penalty is mean(D(x)²) and trains alongside a recipe', async () => {
  const drift: DiscriminatorRegularizer = {
    name: 'drift',
    weight: 0.001,
    penalty: ({ realLogits }) => tf.mean(tf.square(realLogits)),
  };
  const realLogits = tf.tensor2d([[1], [-2], [3]]);
  const value = drift.penalty({ realLogits } as Parameters<DiscriminatorRegularizer['penalty']>[0]);
  assert.ok(Math.abs(value.dataSync()[0]! - (1 + 4 + 9) / 3) < 1e-6);
  tf.dispose([realLogits, value]);

  const { discriminatorNormalization, ...options } = wganGpRecipe();
  const gan = new MLPGAN({ sampleShape: [2], latentDim: 2, generatorUnits: [8], discriminatorUnits: [8], outputActivation: 'linear', discriminatorNormalization, seed: 4 });
  const trainer = new AdversarialTrainer(gan, { ...options, regularizers: [...(options.regularizers ?? []), drift] });
  const { samples: points } = ring8({ count: 64, seed: 3 });
  const history = await trainer.fit(points, { steps: 1, batchSize: 16 });
  assert.deepEqual(Object.keys(history.steps[0]!.penalties).sort(), ['drift', 'gradient-penalty']);
  disposeAll(gan, trainer);
  options.generatorOptimizer?.dispose();
  options.discriminatorOptimizer?.dispose();
  points.dispose();
});

test('regularizers guide: R1 + linearLearningRateDecay({ from: 0.5 }) — constant rates, then linearly to 0 at the last step', async () => {
  const { samples } = ring8({ count: 256, seed: 1 });
  const gan = smallMlp(2);
  const generatorOptimizer = adam(1e-3, 0.5);
  const discriminatorOptimizer = adam(1e-3, 0.5);
  const trainer = new AdversarialTrainer(gan, { loss: nonSaturatingLoss(), regularizers: [r1Regularizer({ weight: 1 })], generatorOptimizer, discriminatorOptimizer });
  const seen: number[] = [];
  const record = { onStepEnd: () => { seen.push((generatorOptimizer as unknown as { learningRate: number }).learningRate); } };
  await trainer.fit(samples, { steps: 8, batchSize: 32, callbacks: [linearLearningRateDecay({ from: 0.5 }), record] });
  // after step s of 8: factor 1 − clamp((s/8 − 0.5)/0.5, 0, 1) = 1, 1, 1, 1, 0.75, 0.5, 0.25, 0.
  assert.deepEqual(seen.map((r) => Number((r / 1e-3).toFixed(12))), [1, 1, 1, 1, 0.75, 0.5, 0.25, 0]);
  disposeAll(gan, trainer);
  generatorOptimizer.dispose();
  discriminatorOptimizer.dispose();
  samples.dispose();
});

test('regularizers guide: regularizerWeightSchedule({ regularizer: \'r1\', from: 0.5, to: 0.1 }) — γ 1 until half-way, then 0.1^p, 0.1 at the end', async () => {
  const { samples } = grid25({ count: 256, seed: 1 });
  const gan = smallMlp(3);
  const generatorOptimizer = adam(1e-3, 0.5);
  const discriminatorOptimizer = adam(1e-3, 0.5);
  const trainer = new AdversarialTrainer(gan, { loss: nonSaturatingLoss(), regularizers: [r1Regularizer({ weight: 1 })], generatorOptimizer, discriminatorOptimizer });
  const seen: number[] = [];
  const record = { onStepEnd: () => { seen.push(trainer.regularizerWeight('r1')); } };
  await trainer.fit(samples, {
    steps: 8, batchSize: 32,
    callbacks: [linearLearningRateDecay({ from: 0.5 }), regularizerWeightSchedule({ regularizer: 'r1', from: 0.5, to: 0.1 }), record],
  });
  // after step s of 8: γ = 0.1^clamp((s/8 − 0.5)/0.5, 0, 1) = 1, 1, 1, 1, 0.1^0.25, 0.1^0.5, 0.1^0.75, 0.1.
  const expected = [1, 1, 1, 1, 0.5623413251903491, 0.31622776601683794, 0.17782794100389226, 0.1];
  seen.forEach((g, i) => assert.ok(Math.abs(g - expected[i]!) < 1e-12, `after step ${i + 1}: γ ${g}, expected ${expected[i]}`));
  assert.equal(seen.length, 8);
  disposeAll(gan, trainer);
  generatorOptimizer.dispose();
  discriminatorOptimizer.dispose();
  samples.dispose();
});
