import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { regularizerWeightSchedule, type RegularizedTrainer } from '../../../src/training/schedules/regularizer_weight_schedule.js';
import { r1Regularizer } from '../../../src/regularizers/r1.js';
import { gradientPenaltyRegularizer } from '../../../src/regularizers/gradient_penalty.js';
import { AdversarialTrainer } from '../../../src/trainers/adversarial_trainer.js';
import { MLPGAN } from '../../../src/architectures/mlp_gan.js';
import { adam } from '../../../src/optimizers/optimizers.js';
import type { TrainingState } from '../../../src/training/callbacks.js';

await tf.setBackend('cpu');

function state<T>(trainer: T, step: number, totalSteps: number | undefined): TrainingState<T> {
  return { trainer, step, totalSteps, epoch: 0, logs: undefined, history: { steps: [] } as unknown as TrainingState<T>['history'] };
}

/** A stand-in trainer that records the weights it is given. */
function fakeTrainer(weights: Record<string, number>): RegularizedTrainer & { current: Record<string, number> } {
  const current = { ...weights };
  return {
    regularizers: Object.entries(weights).map(([name, weight]) => ({ name, weight, penalty: () => tf.scalar(0) })),
    current,
    setRegularizerWeight(name: string, weight: number) {
      if (!(name in current)) throw new Error(`no regularizer named '${name}'`);
      current[name] = weight;
    },
  };
}

const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b)), `${what}: ${a}, expected ${b}`);

test('geometric: λ(s) = λ₀·r^p with p = clamp((s/T − f₀)/(1 − f₀), 0, 1), by hand for T = 10, f₀ = 0.6, r = 0.01', () => {
  const trainer = fakeTrainer({ r1: 2, other: 5 });
  const hooks = regularizerWeightSchedule<typeof trainer>({ regularizer: 'r1', from: 0.6, to: 0.01 });
  hooks.onTrainBegin!(state(trainer, 0, 10));
  assert.equal(trainer.current['r1'], 2);
  // s = 6: p = 0 → 2; s = 7: p = 0.25 → 2·0.01^0.25 = 2·0.316227766…; s = 8: p = 0.5 → 0.2; s = 10: p = 1 → 0.02.
  const expected: Record<number, number> = { 3: 2, 6: 2, 7: 0.6324555320336759, 8: 0.2, 9: 0.06324555320336758, 10: 0.02, 12: 0.02 };
  for (const [s, weight] of Object.entries(expected)) {
    hooks.onStepEnd!(state(trainer, Number(s), 10));
    close(trainer.current['r1']!, weight, `step ${s}`);
  }
  assert.equal(trainer.current['other'], 5, 'a regularizer that was not named keeps its weight');
});

test('linear: λ(s) = λ₀·(1 − (1 − r)·p); without a name every regularizer is scheduled from its own λ₀', () => {
  const trainer = fakeTrainer({ r1: 1, 'gradient-penalty': 10 });
  const hooks = regularizerWeightSchedule<typeof trainer>({ from: 0.5, to: 0.2, curve: 'linear' });
  hooks.onStepEnd!(state(trainer, 75, 100)); // p = 0.5 → factor 0.6
  close(trainer.current['r1']!, 0.6, 'r1');
  close(trainer.current['gradient-penalty']!, 6, 'gradient-penalty');
  hooks.onStepEnd!(state(trainer, 100, 100)); // p = 1 → factor 0.2
  close(trainer.current['r1']!, 0.2, 'r1 at the end');
  const ramp = regularizerWeightSchedule<typeof trainer>({ from: 0, to: 3, curve: 'linear' });
  ramp.onStepEnd!(state(trainer, 50, 100)); // p = 0.5 → factor 2
  close(trainer.current['gradient-penalty']!, 20, 'a factor above 1 ramps the weight up');
});

test('the schedule starts from the configured weight, not the current one (a resumed fit continues it); no total, no change', () => {
  const trainer = fakeTrainer({ r1: 1 });
  trainer.current['r1'] = 0.123; // as restored from a snapshot taken mid-schedule
  const hooks = regularizerWeightSchedule<typeof trainer>({ from: 0.5, to: 0.01 });
  hooks.onTrainBegin!(state(trainer, 75, 100)); // p = 0.5 → 0.1
  close(trainer.current['r1']!, 0.1, 'weight at the resumed step');
  trainer.current['r1'] = 0.5;
  hooks.onStepEnd!(state(trainer, 90, undefined));
  assert.equal(trainer.current['r1'], 0.5, 'an epoch-bounded fit of unknown length leaves the weight alone');
});

test('options out of range are refused, naming the option and the value', () => {
  assert.throws(() => regularizerWeightSchedule({ from: 1 }), /from must be a number in \[0, 1\), saw 1/);
  assert.throws(() => regularizerWeightSchedule({ to: 0 }), /to must be a finite factor > 0, saw 0/);
  assert.throws(() => regularizerWeightSchedule({ to: Infinity }), /to must be a finite factor > 0, saw Infinity/);
  assert.throws(() => regularizerWeightSchedule({ curve: 'cosine' as 'linear' }), /curve must be 'geometric' or 'linear', saw cosine/);
  assert.throws(() => regularizerWeightSchedule({ regularizer: '' }), /regularizer must be a regularizer's name/);
});

function gan(seed = 3) {
  return new MLPGAN({ sampleShape: [2], outputActivation: 'linear', latentDim: 2, generatorUnits: [8], discriminatorUnits: [8], seed });
}
function disposeAll(...pairs: { trainer: AdversarialTrainer; models: MLPGAN }[]) {
  for (const { trainer, models } of pairs) {
    trainer.dispose();
    models.generator.dispose();
    models.discriminator.dispose();
  }
}
const weightsOf = (m: MLPGAN) => m.discriminator.getWeights().map((w) => Array.from(w.dataSync()));

test('AdversarialTrainer steps with the current weight: γ 4 set to 0.5 trains exactly as γ 0.5 configured', async () => {
  const points = tf.randomNormal([64, 2], 0, 1, 'float32', 7);
  const make = (gamma: number) => {
    const models = gan();
    return { models, trainer: new AdversarialTrainer(models, { regularizers: [r1Regularizer({ weight: gamma })], generatorOptimizer: adam(1e-2, 0.5), discriminatorOptimizer: adam(1e-2, 0.5), seed: 4 }) };
  };
  const configured = make(0.5);
  const set = make(4);
  const other = make(4);
  set.trainer.setRegularizerWeight('r1', 0.5);
  assert.equal(set.trainer.regularizerWeight('r1'), 0.5);
  for (const { trainer } of [configured, set, other]) await trainer.fit(points, { steps: 3, batchSize: 16 });
  const a = weightsOf(configured.models);
  weightsOf(set.models).forEach((w, i) => assert.deepEqual(w, a[i], `discriminator weight ${i}`));
  const differs = weightsOf(other.models).some((w, i) => w.some((v, j) => Math.abs(v - a[i]![j]!) > 1e-6));
  assert.ok(differs, 'γ 4 must train differently from γ 0.5 (else this test could not fail)');
  disposeAll(configured, set, other);
  points.dispose();
});

test('a fit with the schedule sees λ₀·r^p after each step, and leaks no tensors', async () => {
  const models = gan();
  const trainer = new AdversarialTrainer(models, { regularizers: [gradientPenaltyRegularizer({ weight: 8 })], seed: 1 });
  const points = tf.randomNormal([32, 2], 0, 1, 'float32', 3);
  const seen: number[] = [];
  const record = { onStepEnd: ({ trainer: t }: TrainingState<AdversarialTrainer>) => { seen.push(t.regularizerWeight('gradient-penalty')); } };
  await trainer.fit(points, { steps: 1, batchSize: 8 }); // warm up: variables and optimizer slots exist before counting
  const before = tf.memory().numTensors;
  trainer.setRegularizerWeight('gradient-penalty', 8);
  // The trainer's step runs on from 1, so this fit ends at T = 5: s = 2..5 → p = clamp((s/5 − 0.5)/0.5) = 0, 0.2, 0.6, 1,
  // λ = 8·0.25^p = 8, 8·2^−0.4 = 6.0628662660…, 8·2^−1.2 = 3.4822022531…, 2.
  await trainer.fit(points, { steps: 4, batchSize: 8, callbacks: [regularizerWeightSchedule({ from: 0.5, to: 0.25 }), record] });
  assert.ok(tf.memory().numTensors <= before, `tensors before ${before}, after ${tf.memory().numTensors}`);
  assert.equal(seen.length, 4);
  seen.forEach((w, i) => close(w, [8, 6.062866266041593, 3.4822022531844965, 2][i]!, `after step ${i + 2}`));
  points.dispose();
  disposeAll({ trainer, models });
});

test('the current weight is state: snapshots keep it, restore gives it back, and a different weight does not block a restore', async () => {
  const points = tf.randomNormal([32, 2], 0, 1, 'float32', 9);
  const first = { models: gan(), trainer: undefined as unknown as AdversarialTrainer };
  first.trainer = new AdversarialTrainer(first.models, { regularizers: [r1Regularizer({ weight: 1 })], seed: 2 });
  await first.trainer.fit(points, { steps: 1, batchSize: 8 });
  first.trainer.setRegularizerWeight('r1', 0.3);
  const snapshot = await first.trainer.snapshot();
  assert.equal(snapshot.configuration.regularizers[0]!.weight, 0.3);
  const make = (every: number) => {
    const models = gan();
    return { models, trainer: new AdversarialTrainer(models, { regularizers: [r1Regularizer({ weight: 1, every })], seed: 2 }) };
  };
  const second = make(1);
  await second.trainer.restore(snapshot);
  assert.equal(second.trainer.regularizerWeight('r1'), 0.3);
  const lazy = make(4);
  await assert.rejects(lazy.trainer.restore(snapshot), /configuration .*"regularizers":\[\{"name":"r1","role":"discriminator","every":1\}\].*"every":4/);
  const damaged = { ...snapshot, configuration: { ...snapshot.configuration, regularizers: [{ name: 'r1', role: 'discriminator' as const, weight: -1, every: 1 }] } };
  await assert.rejects(second.trainer.restore(damaged), /the snapshot's weight of regularizer 'r1' is -1, not a finite number ≥ 0/);
  assert.equal(second.trainer.regularizerWeight('r1'), 0.3, 'a refused snapshot changes nothing');
  disposeAll(first, second, lazy);
  points.dispose();
});

test('unknown names and bad weights are refused, naming what the trainer has', () => {
  const models = gan();
  const trainer = new AdversarialTrainer(models, { regularizers: [r1Regularizer({ weight: 1 })], seed: 1 });
  assert.throws(() => trainer.setRegularizerWeight('gp', 1), /setRegularizerWeight: no regularizer named 'gp'; this trainer has 'r1'/);
  assert.throws(() => trainer.regularizerWeight('gp'), /regularizerWeight: no regularizer named 'gp'/);
  assert.throws(() => trainer.setRegularizerWeight('r1', -1), /weight must be a finite number ≥ 0, saw -1 for 'r1'/);
  assert.throws(() => trainer.setRegularizerWeight('r1', Number.NaN), /saw NaN/);
  assert.equal(trainer.regularizerWeight('r1'), 1, 'a refused weight changes nothing');
  const bareModels = gan(2);
  const bare = new AdversarialTrainer(bareModels, { seed: 1 });
  assert.throws(() => bare.setRegularizerWeight('r1', 1), /this trainer has none/);
  disposeAll({ trainer, models }, { trainer: bare, models: bareModels });
});
