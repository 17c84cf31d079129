import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { linearLearningRateDecay, type NamedOptimizers } from '../../../src/training/schedules/linear_learning_rate_decay.js';
import { adam, rmsprop } from '../../../src/optimizers/optimizers.js';
import { AdversarialTrainer } from '../../../src/trainers/adversarial_trainer.js';
import { MLPGAN } from '../../../src/architectures/mlp_gan.js';
import type { TrainingState } from '../../../src/training/callbacks.js';

await tf.setBackend('cpu');

function state<T>(trainer: T, step: number, totalSteps: number | undefined): TrainingState<T, unknown> {
  return { trainer, step, totalSteps, epoch: 0, logs: undefined, history: { steps: [], stopReason: 'completed' } };
}
/** A trainer as the schedule sees it: optimizers by name. */
function named(generator: tf.Optimizer, discriminator: tf.Optimizer): { optimizers: Record<string, tf.Optimizer> } {
  return { optimizers: { generator, discriminator } };
}
const rate = (o: tf.Optimizer | undefined) => (o as unknown as { learningRate: number }).learningRate;
const rates = (t: NamedOptimizers) => [rate(t.optimizers['generator']), rate(t.optimizers['discriminator'])];
const disposeAll = (t: NamedOptimizers) => Object.values(t.optimizers).forEach((o) => o.dispose());

test('lr(s) = lr₀·(1 − (1 − r)·clamp((s/T − f₀)/(1 − f₀), 0, 1)), by hand for T = 10, f₀ = 0.6, r = 0.2', () => {
  const trainer = named(adam(1e-3, 0.5), rmsprop(4e-3));
  const hooks = linearLearningRateDecay<typeof trainer>({ from: 0.6, to: 0.2 });
  hooks.onTrainBegin!(state(trainer, 0, 10));
  assert.deepEqual(rates(trainer), [1e-3, 4e-3]);
  // s = 6: progress 0 → lr₀; s = 8: progress 0.5 → factor 0.6; s = 10: progress 1 → factor 0.2.
  const expected: Record<number, number> = { 1: 1, 6: 1, 7: 0.8, 8: 0.6, 9: 0.4, 10: 0.2 };
  for (const [s, factor] of Object.entries(expected)) {
    hooks.onStepEnd!(state(trainer, Number(s), 10));
    const [g, d] = rates(trainer);
    assert.ok(Math.abs(g! - 1e-3 * factor) < 1e-15, `step ${s}: generator lr ${g}, expected ${1e-3 * factor}`);
    assert.ok(Math.abs(d! - 4e-3 * factor) < 1e-15, `step ${s}: discriminator lr ${d}, expected ${4e-3 * factor}`);
  }
  disposeAll(trainer);
});

test('`optimizers` names the optimizers to decay; the others keep their rates; an unknown name is refused', () => {
  const trainer = { optimizers: { generator: adam(1e-3, 0.5), discriminator: adam(2e-3, 0.5), encoder: adam(3e-3, 0.5) } };
  const hooks = linearLearningRateDecay<typeof trainer>({ from: 0, optimizers: ['generator', 'encoder'] });
  hooks.onStepEnd!(state(trainer, 1, 4)); // factor 0.75
  const seen = [rate(trainer.optimizers.generator), rate(trainer.optimizers.discriminator), rate(trainer.optimizers.encoder)];
  [1e-3 * 0.75, 2e-3, 3e-3 * 0.75].forEach((expected, i) => assert.ok(Math.abs(seen[i]! - expected) < 1e-15, `rates ${seen}`));
  const unknown = linearLearningRateDecay<typeof trainer>({ optimizers: ['critic'] });
  assert.throws(() => unknown.onTrainBegin!(state(trainer, 0, 4)), /no optimizer named 'critic'; it has 'generator', 'discriminator', 'encoder'/);
  disposeAll(trainer);
});

test('SGD, whose update uses a tensor cached from the rate, takes the decayed rate: the step shrinks with it', () => {
  const x = tf.variable(tf.scalar(1));
  const trainer = named(tf.train.sgd(0.1), tf.train.momentum(0.1, 0));
  const hooks = linearLearningRateDecay<typeof trainer>({ from: 0 });
  hooks.onStepEnd!(state(trainer, 1, 2)); // factor 0.5
  trainer.optimizers['generator']!.minimize(() => tf.sum(x) as tf.Scalar); // dx/dx = 1: x ← x − 0.05
  assert.ok(Math.abs(x.dataSync()[0]! - 0.95) < 1e-7, `x = ${x.dataSync()[0]}, expected 0.95`);
  trainer.optimizers['discriminator']!.minimize(() => tf.sum(x) as tf.Scalar); // momentum 0: x ← x − 0.05
  assert.ok(Math.abs(x.dataSync()[0]! - 0.9) < 1e-7, `x = ${x.dataSync()[0]}, expected 0.9`);
  tf.dispose([x]);
  disposeAll(trainer);
});

test('a resumed fit with `initial` continues the schedule from its step; without a total the rates stay', () => {
  const decayed = named(adam(0.25e-3, 0.5), adam(0.25e-3, 0.5));
  const hooks = linearLearningRateDecay<typeof decayed>({ from: 0.5, initial: { generator: 1e-3, discriminator: 2e-3 } });
  hooks.onTrainBegin!(state(decayed, 75, 100)); // progress 0.5 → factor 0.5
  assert.deepEqual(rates(decayed), [0.5e-3, 1e-3]);
  const unbounded = linearLearningRateDecay<typeof decayed>();
  decayed.optimizers['generator']!.dispose();
  decayed.optimizers['generator'] = adam(3e-4, 0.5);
  unbounded.onStepEnd!(state(decayed, 50, undefined));
  assert.equal(rates(decayed)[0], 3e-4);
  disposeAll(decayed);
});

test('the trainer steps with the decayed rates: after a 4-step fit with f₀ = 0.5, r = 0 the rates are 0', async () => {
  const gan = new MLPGAN({ sampleShape: [2], outputActivation: 'linear', latentDim: 2, generatorUnits: [4], discriminatorUnits: [4], seed: 1 });
  const trainer = new AdversarialTrainer(gan, { generatorOptimizer: adam(1e-3, 0.5), discriminatorOptimizer: adam(1e-3, 0.5), seed: 1 });
  const seen: number[] = [];
  const record = { onStepEnd: ({ trainer: t }: TrainingState<AdversarialTrainer>) => { seen.push(rates(t)[0]!); } };
  const before = tf.memory().numTensors;
  const points = tf.randomNormal([32, 2], 0, 1, 'float32', 3);
  await trainer.fit(points, { steps: 4, batchSize: 8, callbacks: [linearLearningRateDecay({ from: 0.5 }), record] });
  points.dispose();
  // after steps 1..4 (T = 4): progress clamp((s/4 − 0.5)/0.5) = 0, 0, 0.5, 1.
  assert.deepEqual(seen.map((r) => Number((r / 1e-3).toFixed(12))), [1, 1, 0.5, 0]);
  trainer.dispose();
  trainer.generatorOptimizer.dispose();
  trainer.discriminatorOptimizer.dispose();
  gan.generator.dispose();
  gan.discriminator.dispose();
  assert.ok(tf.memory().numTensors <= before, `tensors before ${before}, after ${tf.memory().numTensors}`);
});

test('options out of range are refused, naming the option and the value', () => {
  assert.throws(() => linearLearningRateDecay({ from: 1 }), /from must be a number in \[0, 1\), saw 1/);
  assert.throws(() => linearLearningRateDecay({ to: -0.1 }), /to must be a number in \[0, 1\], saw -0.1/);
  assert.throws(() => linearLearningRateDecay({ initial: { generator: 0, discriminator: 1e-3 } }), /initial.generator must be a finite learning rate > 0, saw 0/);
});

test('exact resume under decay: 4 steps in one fit equal 2 + snapshot/restore + 2 (rates come back from the snapshot)', async () => {
  const points = tf.randomNormal([64, 2], 0, 1, 'float32', 5);
  const make = () => {
    const gan = new MLPGAN({ sampleShape: [2], outputActivation: 'linear', latentDim: 2, generatorUnits: [8], discriminatorUnits: [8], seed: 2 });
    return { gan, trainer: new AdversarialTrainer(gan, { seed: 2 }) };
  };
  const initial = { generator: 2e-4, discriminator: 2e-4 };
  const whole = make();
  await whole.trainer.fit(points, { steps: 4, batchSize: 16, callbacks: linearLearningRateDecay({ from: 0, initial }) });

  const first = make();
  // The first fit stops at step 2 of a 4-step schedule: give it the total through a wrapper that reports T = 4.
  const decay = linearLearningRateDecay<AdversarialTrainer>({ from: 0, initial });
  const asIfFour = { onTrainBegin: (s: TrainingState<AdversarialTrainer>) => decay.onTrainBegin!({ ...s, totalSteps: 4 }), onStepEnd: (s: TrainingState<AdversarialTrainer>) => decay.onStepEnd!({ ...s, totalSteps: 4 }) };
  await first.trainer.fit(points, { steps: 2, batchSize: 16, callbacks: asIfFour });
  const snapshot = await first.trainer.snapshot();
  assert.ok(Math.abs(rates(first.trainer)[0]! - 2e-4 * 0.5) < 1e-15, 'after step 2 of 4 the rate is half');

  const second = make();
  assert.equal(rates(second.trainer)[0], 2e-4, 'a fresh trainer starts from the recipe\'s rate');
  await second.trainer.restore(snapshot);
  assert.ok(Math.abs(rates(second.trainer)[0]! - 1e-4) < 1e-15, 'restore gives back the snapshot\'s rate');
  await second.trainer.fit(points, { steps: 2, batchSize: 16, callbacks: linearLearningRateDecay({ from: 0, initial }) });
  const a = whole.gan.generator.getWeights().map((w) => w.dataSync());
  const b = second.gan.generator.getWeights().map((w) => w.dataSync());
  a.forEach((values, i) => assert.deepEqual(Array.from(b[i]!), Array.from(values), `generator weight ${i}`));
  for (const { gan, trainer } of [whole, first, second]) {
    trainer.dispose();
    gan.generator.dispose();
    gan.discriminator.dispose();
  }
  points.dispose();
});
