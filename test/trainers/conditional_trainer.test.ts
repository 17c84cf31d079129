import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { MLPGAN } from '../../src/architectures/mlp_gan.js';
import type { DiscriminatorConditioning } from '../../src/architectures/conditioning.js';
import { ConditionalTrainer, cycleLabels } from '../../src/trainers/conditional_trainer.js';
import { openBatchStream } from '../../src/training/data_source.js';
import { SeededRandom } from '../../src/utils/random.js';
import { useCpu } from '../helpers/backend.js';
import { disposeGan } from '../helpers/tiny_gan.js';

before(useCpu);

function gan(discriminator: DiscriminatorConditioning, seed = 1) {
  return new MLPGAN({
    sampleShape: [2], latentDim: 3, generatorUnits: [8], discriminatorUnits: [8, 8], generatorNormalization: 'batch',
    outputActivation: 'linear', seed, conditioning: { classes: 3, discriminator, generator: 'concat' },
  });
}

/** Three classes of 2-D points around (class, −class), 48 samples. */
function labelled() {
  const labels = tf.tensor1d(Array.from({ length: 48 }, (_, i) => i % 3), 'int32');
  const samples = tf.tidy(() => tf.add(tf.mul(new SeededRandom(2).normalTensor([48, 2]), 0.1), tf.stack([tf.cast(labels, 'float32'), tf.neg(tf.cast(labels, 'float32'))], 1)));
  return { samples, labels };
}

const values = (model: tfl.LayersModel) => model.weights.map((w) => Array.from(w.read().dataSync()));

test('labelled data: every streamed batch carries the labels of its samples, shuffled together', async () => {
  const samples = tf.tensor2d(Array.from({ length: 10 }, (_, i) => [i, 0]));
  const labels = tf.tensor1d(Array.from({ length: 10 }, (_, i) => i), 'int32');
  const stream = await openBatchStream({ samples, labels }, { batchSize: 4, sampleShape: [2], random: new SeededRandom(1) });
  for (let i = 0; i < 3; i++) {
    const { batch } = (await stream.next())!;
    const { samples: x, labels: y } = batch as { samples: tf.Tensor; labels: tf.Tensor };
    const firstColumn = (x.arraySync() as number[][]).map((row) => row[0]);
    assert.deepEqual(Array.from(y.dataSync()), firstColumn);
    tf.dispose([x, y]);
  }
  stream.dispose();
  const wrong = tf.tensor1d([1, 2, 3], 'int32');
  await assert.rejects(openBatchStream({ samples, labels: wrong }, { batchSize: 4, sampleShape: [2], random: new SeededRandom(1) }), /labels of data have shape \[3\], but there are 10 samples/);
  tf.dispose([samples, labels, wrong]);
});

for (const method of ['concat', 'projection', 'acgan'] as const) {
  test(`ConditionalTrainer with D '${method}': trains on labelled data, finite losses, weights move, no leak across fits`, async () => {
    const models = gan(method);
    const trainer = new ConditionalTrainer(models, { seed: 3, discriminatorSteps: 2 });
    const { samples, labels } = labelled();
    const gBefore = values(models.generator);
    const dBefore = values(models.discriminator);
    const first = await trainer.fit({ samples, labels }, { steps: 2, batchSize: 8 });
    const count = tf.memory().numTensors;
    const second = await trainer.fit({ samples, labels }, { steps: 3, batchSize: 8 });
    assert.equal(tf.memory().numTensors, count);
    for (const s of [...first.steps, ...second.steps]) assert.ok(Number.isFinite(s.discriminatorLoss) && Number.isFinite(s.generatorLoss));
    assert.notDeepEqual(values(models.generator), gBefore);
    assert.notDeepEqual(values(models.discriminator), dBefore);
    assert.equal(trainer.step, 5);
    tf.dispose([samples, labels]);
    trainer.dispose();
    disposeGan(models);
  });
}

test('an iterable of { samples, labels } batches trains too; a batch without labels is refused', async () => {
  const models = gan('projection');
  const trainer = new ConditionalTrainer(models, { seed: 8 });
  const { samples, labels } = labelled();
  const batches = [0, 1, 2].map((i) => ({ samples: tf.slice(samples, [i * 16, 0], [16, 2]), labels: tf.slice(labels, [i * 16], [16]) }));
  const history = await trainer.fit(batches, { steps: 4 });
  assert.equal(history.steps.length, 4);
  await assert.rejects(trainer.fit([samples], { steps: 1 }), /a batch came without labels/);
  tf.dispose([samples, labels, ...batches.flatMap((b) => [b.samples, b.labels])]);
  trainer.dispose();
  disposeGan(models);
});

test('sample: requested classes, repeatable with a seed; inference mode keeps the class where batch statistics lose it', async () => {
  const models = gan('projection');
  const trainer = new ConditionalTrainer(models, { seed: 4 });
  const { samples, labels } = labelled();
  await trainer.fit({ samples, labels }, { steps: 2, batchSize: 12 });
  const before = tf.memory().numTensors;
  const read = (t: tf.Tensor) => {
    const v = Array.from(t.dataSync());
    t.dispose();
    return v;
  };
  const sevens = trainer.sample(4, { labels: 2, seed: 9 });
  assert.deepEqual(sevens.shape, [4, 2]);
  assert.deepEqual(read(sevens), read(trainer.sample(4, { labels: [2, 2, 2, 2], seed: 9 })));
  // BatchNorm right after the first Dense of [z, embedding(y)]: with batch statistics a one-class batch's embedding
  // is a constant shift that the normalization subtracts, so the class is lost; moving statistics keep it.
  const inference = [0, 1].map((y) => read(trainer.sample(4, { labels: y, seed: 9 })));
  assert.notDeepEqual(inference[0], inference[1]);
  const batchStatistics = [0, 1].map((y) => read(trainer.sample(4, { labels: y, seed: 9, training: true })));
  batchStatistics[0]!.forEach((v, i) => assert.ok(Math.abs(v - batchStatistics[1]![i]!) < 1e-4));
  assert.equal(tf.memory().numTensors, before);
  assert.throws(() => trainer.sample(4, { labels: [0, 1] }), /got 2 labels for 4 samples/);
  assert.throws(() => trainer.sample(2, { labels: 3 }), /labels must be integers in \[0, 3\), saw 3/);
  await assert.rejects(trainer.fit(samples, { steps: 1, batchSize: 8 }), /the data has no labels/);
  const bad = tf.tensor1d(Array.from({ length: 48 }, () => 5), 'int32');
  await assert.rejects(trainer.fit({ samples, labels: bad }, { steps: 1, batchSize: 8 }), /labels must be integers in \[0, 3\), but range from 5 to 5/);
  assert.deepEqual(cycleLabels(5, [1, 4, 7]), [1, 4, 7, 1, 4]);
  tf.dispose([samples, labels, bad]);
  trainer.dispose();
  disposeGan(models);
});

test('exact resume of a conditional run (labels follow the saved data order) with an EMA generator', async () => {
  const { samples, labels } = labelled();
  const run = async (split: boolean) => {
    const models = gan('acgan', 5);
    const trainer = new ConditionalTrainer(models, { seed: 6, ema: { decay: 0.5 } });
    if (split) {
      await trainer.fit({ samples, labels }, { steps: 3, batchSize: 8 });
      const snapshot = await trainer.snapshot();
      await trainer.fit({ samples, labels }, { steps: 2, batchSize: 8 });
      await trainer.restore(snapshot);
      await trainer.fit({ samples, labels }, { steps: 4, batchSize: 8 });
    } else {
      await trainer.fit({ samples, labels }, { steps: 7, batchSize: 8 });
    }
    const result = [...values(models.generator), ...values(models.discriminator), ...values(trainer.generatorEma!.model)];
    trainer.dispose();
    disposeGan(models);
    return result;
  };
  assert.deepEqual(await run(true), await run(false));
  tf.dispose([samples, labels]);
});

test('a snapshot restores only into a trainer with the same class-loss settings', async () => {
  const models = gan('acgan', 5);
  const trainer = new ConditionalTrainer(models, { seed: 6 });
  const snapshot = await trainer.snapshot();
  assert.deepEqual(snapshot.configuration.settings['conditional'], { classes: 3, classLossWeight: 1, classLossOnGenerated: true });
  for (const options of [{ classLossOnGenerated: false }, { classLossWeight: 2 }]) {
    const other = new ConditionalTrainer(models, { seed: 6, ...options });
    await assert.rejects(other.restore(snapshot), /the snapshot was taken with the configuration .*"conditional"/);
    other.dispose();
  }
  await trainer.restore(snapshot);
  trainer.dispose();
  disposeGan(models);
});

test('rejects unconditional models and bad class-loss settings, naming what is wrong', () => {
  const plain = new MLPGAN({ sampleShape: [2], latentDim: 2, generatorUnits: [4], discriminatorUnits: [4] });
  assert.throws(() => new ConditionalTrainer(plain), /models.classes must be the number of classes/);
  const models = gan('concat');
  assert.throws(() => new ConditionalTrainer(models, { classLossWeight: -1 }), /classLossWeight must be a finite number ≥ 0/);
  assert.throws(() => new ConditionalTrainer(models, { classLossOnGenerated: 'no' as never }), /classLossOnGenerated must be true or false, saw no/);
  disposeGan(plain);
  disposeGan(models);
});

test('AC-GAN classLossOnGenerated: false drops exactly the class loss of the generated batch from D\'s objective', async () => {
  // Same models, same seed, same real batch: the first D loss differs by λ·CE(D_class(G(z, y')), y'), which for an
  // untrained 3-class head is near ln 3 ≈ 1.10 (logits near 0); with λ = 2 the gap is near 2.2.
  const data = labelled();
  const real = tf.slice(data.samples, [0, 0], [12, 2]);
  const realLabels = tf.slice(data.labels, [0], [12]);
  const first = async (onGenerated: boolean) => {
    const models = gan('acgan', 7);
    const trainer = new ConditionalTrainer(models, { seed: 3, classLossWeight: 2, classLossOnGenerated: onGenerated });
    const { discriminatorLoss } = await trainer.trainOnBatch([{ samples: real, labels: realLabels }]);
    trainer.dispose();
    disposeGan(models);
    return discriminatorLoss;
  };
  const before = tf.memory().numTensors;
  const gap = (await first(true)) - (await first(false));
  assert.ok(gap > 2 * 0.9 && gap < 2 * 1.4, `gap ${gap}, expected about 2·ln 3 = 2.2`);
  assert.equal(tf.memory().numTensors, before);
  tf.dispose([real, realLabels, data.samples, data.labels]);
});
