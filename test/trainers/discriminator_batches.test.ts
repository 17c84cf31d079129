import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { AdversarialTrainer } from '../../src/trainers/adversarial_trainer.js';
import { isPerSample } from '../../src/trainers/per_sample.js';
import { Packing } from '../../src/layers/packing.js';
import type { GanModels } from '../../src/architectures/gan_models.js';
import { MLPGAN } from '../../src/architectures/mlp_gan.js';
import { r1Regularizer } from '../../src/regularizers/r1.js';
import { ConditionalTrainer } from '../../src/trainers/conditional_trainer.js';
import { tinyGan, softplusLoss } from '../helpers/tiny_gan.js';
import { useCpu } from '../helpers/backend.js';

before(useCpu);

const dense = (units: number, inputShape?: number[]) => tfl.layers.dense({ units, ...(inputShape === undefined ? {} : { inputShape }) });

test('isPerSample: dense stacks, activations and nested models are per-sample; BatchNorm, dropout, spectral norm and packing are not', () => {
  const models: [string, tfl.LayersModel, boolean][] = [
    ['dense + LeakyReLU', tfl.sequential({ layers: [dense(4, [2]), tfl.layers.leakyReLU({ alpha: 0.2 }), dense(1)] }), true],
    ['conv + flatten', tfl.sequential({ layers: [tfl.layers.conv2d({ inputShape: [4, 4, 1], filters: 2, kernelSize: 3 }), tfl.layers.flatten(), dense(1)] }), true],
    ['LayerNormalization', tfl.sequential({ layers: [dense(4, [2]), tfl.layers.layerNormalization(), dense(1)] }), true],
    ['BatchNorm', tfl.sequential({ layers: [dense(4, [2]), tfl.layers.batchNormalization(), dense(1)] }), false],
    ['Dropout', tfl.sequential({ layers: [dense(4, [2]), tfl.layers.dropout({ rate: 0.5 }), dense(1)] }), false],
    ['Packing', tfl.sequential({ layers: [new Packing({ samples: 2, inputShape: [2] }), dense(1)] }), false],
    ['spectral normalization', tinyGan({ spectralNorm: true }).discriminator, false],
  ];
  const inner = tfl.sequential({ layers: [dense(4, [2]), tfl.layers.batchNormalization()] });
  const input = tfl.input({ shape: [2] });
  models.push(['nested BatchNorm', tfl.model({ inputs: input, outputs: dense(1).apply(inner.apply(input)) as tfl.SymbolicTensor }), false]);
  const plain = tfl.sequential({ layers: [dense(4, [2])] });
  const input2 = tfl.input({ shape: [2] });
  models.push(['nested dense', tfl.model({ inputs: input2, outputs: dense(1).apply(plain.apply(input2)) as tfl.SymbolicTensor }), true]);
  for (const [name, model, expected] of models) {
    assert.equal(isPerSample(model), expected, name);
    model.dispose();
  }
});

test('discriminatorBatches: auto is joint exactly for per-sample discriminators; joint and separate force it; bad values are named', () => {
  const plain = tinyGan({ batchNorm: false });
  assert.equal(new AdversarialTrainer(plain, { seed: 1 }).jointDiscriminatorBatches, true);
  assert.equal(new AdversarialTrainer(plain, { seed: 1, discriminatorBatches: 'separate' }).jointDiscriminatorBatches, false);
  const sn = tinyGan({ spectralNorm: true });
  assert.equal(new AdversarialTrainer(sn, { seed: 1 }).jointDiscriminatorBatches, false);
  assert.equal(new AdversarialTrainer(sn, { seed: 1, discriminatorBatches: 'joint' }).jointDiscriminatorBatches, true);
  // The MLP builder's default D (Dense + LeakyReLU) is per-sample.
  const mlp = new MLPGAN({ sampleShape: [2], latentDim: 4, generatorUnits: [8], discriminatorUnits: [8], seed: 1 });
  assert.equal(new AdversarialTrainer(mlp, { seed: 1 }).jointDiscriminatorBatches, true);
  assert.throws(
    () => new AdversarialTrainer(plain, { discriminatorBatches: 'together' as 'joint' }),
    (e: Error) => e instanceof TypeError && /discriminatorBatches/.test(e.message) && /together/.test(e.message) && /'separate'/.test(e.message),
  );
  for (const m of [plain, sn, mlp]) { m.generator.dispose(); m.discriminator.dispose(); }
});

/** Trains a fresh copy of the tiny per-sample GAN for `steps` steps and returns its weights, losses and D calls. */
async function train(batches: 'joint' | 'separate', steps: number, regularized: boolean): Promise<{ weights: Float32Array[]; losses: number[]; calls: number }> {
  const gan: GanModels = tinyGan({ batchNorm: false, seed: 3 });
  const trainer = new AdversarialTrainer(gan, {
    loss: softplusLoss, seed: 11, discriminatorBatches: batches, ...(regularized ? { regularizers: [r1Regularizer({ weight: 1 })] } : {}),
  });
  let calls = 0;
  const apply = gan.discriminator.apply.bind(gan.discriminator);
  gan.discriminator.apply = ((x: tf.Tensor, kwargs?: Parameters<typeof apply>[1]) => { calls++; return apply(x, kwargs); }) as typeof gan.discriminator.apply;
  const data = tf.randomNormal([64, 2], 0, 1, 'float32', 5);
  const history = await trainer.fit(data, { steps, batchSize: 16 });
  data.dispose();
  const weights = [...gan.generator.getWeights(), ...gan.discriminator.getWeights()].map((w) => w.dataSync() as Float32Array);
  gan.generator.dispose();
  gan.discriminator.dispose();
  return { weights, losses: history.steps.flatMap((s) => [s.discriminatorLoss, s.generatorLoss]), calls };
}

test('one call on [x; x̃] trains exactly like two calls on a per-sample discriminator (with and without R1), with one D call fewer per step', async () => {
  for (const regularized of [false, true]) {
    const joint = await train('joint', 6, regularized);
    const separate = await train('separate', 6, regularized);
    assert.equal(joint.losses.length, 12);
    joint.losses.forEach((l, i) => assert.ok(Math.abs(l - separate.losses[i]!) <= 1e-5 * (1 + Math.abs(l)), `loss ${i}: ${l} vs ${separate.losses[i]}`));
    joint.weights.forEach((w, i) => w.forEach((v, j) => assert.ok(Math.abs(v - separate.weights[i]![j]!) <= 1e-5 * (1 + Math.abs(v)), `weight ${i}[${j}]: ${v} vs ${separate.weights[i]![j]}`)));
    // Training moved the weights (the comparison is not between two untouched models).
    const untouched = tinyGan({ batchNorm: false, seed: 3 });
    const initial = [...untouched.generator.getWeights(), ...untouched.discriminator.getWeights()].map((w) => w.dataSync() as Float32Array);
    assert.ok(joint.weights.some((w, i) => w.some((v, j) => Math.abs(v - initial[i]![j]!) > 1e-3)));
    untouched.generator.dispose();
    untouched.discriminator.dispose();
    // Per step, separate: D(x), D(x̃), D(G(z)); joint: D([x; x̃]), D(G(z)) (R1 adds its own call on x in both).
    const perStep = regularized ? 1 : 0;
    assert.equal(separate.calls - joint.calls, 6, `calls: joint ${joint.calls}, separate ${separate.calls}`);
    assert.equal(joint.calls, 6 * (2 + perStep) + 2 /* the loss check's two calls before the first step */);
  }
});

test('a joint discriminator step leaks no tensors', async () => {
  const gan = tinyGan({ batchNorm: false });
  const trainer = new AdversarialTrainer(gan, { loss: softplusLoss, seed: 1, discriminatorBatches: 'joint' });
  const real = tf.randomNormal([8, 2], 0, 1, 'float32', 1);
  await trainer.trainOnBatch([real]);
  const before = tf.memory().numTensors;
  for (let i = 0; i < 3; i++) await trainer.trainOnBatch([real]);
  assert.equal(tf.memory().numTensors, before);
  real.dispose();
  gan.generator.dispose();
  gan.discriminator.dispose();
});

test('ConditionalTrainer: one call on the concatenated (sample, label) pairs trains like two, for concat, projection and AC-GAN discriminators', async () => {
  const labels = tf.tensor1d(Array.from({ length: 24 }, (_, i) => i % 3), 'int32');
  const samples = tf.tidy(() => tf.add(tf.randomNormal([24, 2], 0, 0.1, 'float32', 4), tf.stack([tf.cast(labels, 'float32'), tf.neg(tf.cast(labels, 'float32'))], 1)));
  for (const method of ['concat', 'projection', 'acgan'] as const) {
    const run = async (batches: 'joint' | 'separate') => {
      const models = new MLPGAN({
        sampleShape: [2], latentDim: 3, generatorUnits: [8], discriminatorUnits: [8, 8], outputActivation: 'linear', seed: 2,
        conditioning: { classes: 3, discriminator: method, generator: 'concat' },
      });
      const trainer = new ConditionalTrainer(models, { seed: 5, discriminatorBatches: batches });
      const history = await trainer.fit({ samples, labels }, { steps: 4, batchSize: 8 });
      const weights = [...models.generator.getWeights(), ...models.discriminator.getWeights()].map((w) => Array.from(w.dataSync()));
      models.generator.dispose();
      models.discriminator.dispose();
      return { joint: trainer.jointDiscriminatorBatches, losses: history.steps.map((s) => s.discriminatorLoss), weights };
    };
    const joint = await run('joint');
    const separate = await run('separate');
    assert.equal(joint.joint, true, method);
    assert.equal(separate.joint, false, method);
    joint.losses.forEach((l, i) => assert.ok(Math.abs(l - separate.losses[i]!) <= 1e-5 * (1 + Math.abs(l)), `${method} loss ${i}: ${l} vs ${separate.losses[i]}`));
    joint.weights.forEach((w, i) => w.forEach((v, j) => assert.ok(Math.abs(v - separate.weights[i]![j]!) <= 1e-5 * (1 + Math.abs(v)), `${method} weight ${i}[${j}]`)));
  }
  tf.dispose([labels, samples]);
});
