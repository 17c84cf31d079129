import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { AdversarialTrainer } from '../../src/trainers/adversarial_trainer.js';
import { CheckpointManager } from '../../src/training/checkpoint.js';
import { GeneratorEma } from '../../src/trainers/generator_ema.js';
import { SeededRandom } from '../../src/utils/random.js';
import { useCpu } from '../helpers/backend.js';
import { disposeGan, softplusLoss, tinyGan } from '../helpers/tiny_gan.js';

let root = '';
before(async () => {
  await useCpu();
  root = await mkdtemp(join(tmpdir(), 'gan-kit-ema-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

const values = (model: tfl.LayersModel) => model.weights.map((w) => Array.from(w.read().dataSync()));

test('GeneratorEma: a copy before startStep, then θ̄ ← βθ̄ + (1 − β)θ for trainable weights, non-trainable copied', () => {
  const gan = tinyGan({ seed: 1 });
  const g = gan.generator;
  const ema = new GeneratorEma(g, { decay: 0.75, startStep: 1 });
  assert.deepEqual(values(ema.model), values(g));
  const set = (offset: number) => {
    const shifted = g.getWeights().map((w) => tf.tidy(() => tf.add(w, offset)));
    g.setWeights(shifted);
    tf.dispose(shifted);
  };
  set(1);
  ema.update(g, 0); // before startStep: copy
  assert.deepEqual(values(ema.model), values(g));
  const previous = values(ema.model);
  set(2);
  const before = tf.memory().numTensors;
  ema.update(g, 1);
  assert.equal(tf.memory().numTensors, before);
  const now = values(g);
  g.weights.forEach((w, i) => {
    values(ema.model)[i]!.forEach((v, j) => {
      const expected = w.trainable ? 0.75 * previous[i]![j]! + 0.25 * now[i]![j]! : now[i]![j]!;
      assert.ok(Math.abs(v - expected) < 1e-5, `${w.originalName}[${j}]: ${v} vs ${expected}`);
    });
  });
  assert.ok(g.weights.some((w) => !w.trainable), 'the tiny generator has BatchNorm moving statistics');
  assert.throws(() => new GeneratorEma(g, { decay: 1 }), /decay must be a number in \[0, 1\)/);
  assert.throws(() => new GeneratorEma(g, { decay: 0.9, startStep: -1 }), /startStep must be an integer ≥ 0/);
  ema.dispose();
  disposeGan(gan);
});

test('the trainer keeps the EMA, samples from it by default and from the raw generator with ema: false', async () => {
  const start = tf.memory().numTensors;
  const gan = tinyGan({ seed: 2 });
  const trainer = new AdversarialTrainer(gan, { loss: softplusLoss, seed: 3, ema: { decay: 0.9 } });
  const data = new SeededRandom(4).normalTensor([32, 2]);
  await trainer.fit(data, { steps: 4, batchSize: 8 });
  const z = trainer.sampleLatents(5, 1);
  const read = (t: tf.Tensor) => {
    const v = Array.from(t.dataSync());
    t.dispose();
    return v;
  };
  const averaged = read(trainer.sample(5, { latents: z }));
  assert.deepEqual(averaged, read(trainer.generatorEma!.model.apply(z, { training: false }) as tf.Tensor));
  const raw = read(trainer.sample(5, { latents: z, ema: false }));
  assert.deepEqual(raw, read(gan.generator.apply(z, { training: false }) as tf.Tensor));
  assert.notDeepEqual(averaged, raw);
  assert.deepEqual(trainer.configuration().settings['ema'], { decay: 0.9, startStep: 0 });
  tf.dispose([z, data]);
  trainer.dispose();
  disposeGan(gan);
  assert.equal(tf.memory().numTensors, start);
});

test('exact resume with EMA: the average is in the checkpoint (generator-ema/) and continues bitwise', async () => {
  const data = new SeededRandom(5).normalTensor([40, 2]);
  const options = { loss: softplusLoss, ema: { decay: 0.8, startStep: 2 } };
  const straight = new AdversarialTrainer(tinyGan({ seed: 6 }), { ...options, seed: 7 });
  await straight.fit(data, { steps: 7, batchSize: 8 });

  const directory = join(root, 'run');
  const first = new AdversarialTrainer(tinyGan({ seed: 6 }), { ...options, seed: 7 });
  await first.fit(data, { steps: 3, batchSize: 8 });
  const path = await new CheckpointManager({ directory }).save(first);
  assert.ok((await readdir(join(path, 'generator-ema'))).includes('model.json'));
  const resumed = new AdversarialTrainer(tinyGan({ seed: 60 }), { ...options, seed: 70 });
  await new CheckpointManager({ directory }).restore(resumed);
  assert.deepEqual(values(resumed.generatorEma!.model), values(first.generatorEma!.model));
  await resumed.fit(data, { steps: 4, batchSize: 8 });
  assert.deepEqual(values(resumed.generatorEma!.model), values(straight.generatorEma!.model));
  assert.deepEqual(values(resumed.generator), values(straight.generator));

  const withoutEma = new AdversarialTrainer(tinyGan({ seed: 6 }), { loss: softplusLoss, seed: 7 });
  await assert.rejects(new CheckpointManager({ directory }).restore(withoutEma), /configuration/);
  for (const t of [straight, first, resumed, withoutEma]) {
    t.dispose();
    disposeGan(t);
  }
  data.dispose();
});
