import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { AdversarialTrainer } from '../../src/trainers/adversarial_trainer.js';
import { UnconditionalGan } from '../../src/algorithms/unconditional_gan.js';
import type { Batch } from '../../src/training/data_source.js';
import type { StepContext } from '../../src/training/gan_algorithm.js';
import type { GanLoss } from '../../src/losses/gan_loss.js';
import type { GanModels } from '../../src/architectures/gan_models.js';
import type { TrainingState } from '../../src/training/callbacks.js';
import { useCpu } from '../helpers/backend.js';

before(useCpu);

/** A tiny 2D GAN built by hand, with seeded initialisers so two builds are identical. */
function tinyGan(seed = 1, latentDim = 3, dim = 2): GanModels {
  const init = (s: number) => tfl.initializers.randomNormal({ mean: 0, stddev: 0.3, seed: seed * 100 + s });
  const generator = tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [latentDim], units: 8, activation: 'relu', kernelInitializer: init(1) }),
      tfl.layers.dense({ units: dim, kernelInitializer: init(2) }),
    ],
  });
  const discriminator = tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [dim], units: 8, activation: 'tanh', kernelInitializer: init(3) }),
      tfl.layers.dense({ units: 1, kernelInitializer: init(4) }),
    ],
  });
  return { generator, discriminator, latentDim };
}

/** The non-saturating loss written by hand, as a user would: a plain object. */
const handLoss: GanLoss = {
  name: 'hand-non-saturating',
  discriminatorLoss: ({ realLogits, fakeLogits }) =>
    tf.add(tf.mean(tf.softplus(tf.neg(realLogits))), tf.mean(tf.softplus(fakeLogits))),
  generatorLoss: ({ fakeLogits }) => tf.mean(tf.softplus(tf.neg(fakeLogits))),
};

function weightsOf(models: GanModels): Float32Array[] {
  return [...models.generator.getWeights(), ...models.discriminator.getWeights()].map((w) => w.dataSync() as Float32Array);
}

function dispose(models: GanModels): void {
  models.generator.dispose();
  models.discriminator.dispose();
}

const data2d = () => tf.randomNormal([64, 2], 0, 1, 'float32', 7);

test('the same seed gives identical weights; another seed gives different ones', async () => {
  const run = async (seed: number) => {
    const gan = tinyGan();
    const trainer = new AdversarialTrainer(gan, { loss: handLoss, seed });
    const data = data2d();
    await trainer.fit(data, { steps: 5, batchSize: 16 });
    data.dispose();
    const w = weightsOf(gan);
    dispose(gan);
    return w;
  };
  const a = await run(42);
  const b = await run(42);
  const c = await run(43);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
});

test('a step updates both networks and the history has per-step losses and scores', async () => {
  const gan = tinyGan();
  const before = weightsOf(gan);
  const trainer = new AdversarialTrainer(gan, { loss: handLoss, seed: 1 });
  const data = data2d();
  const history = await trainer.fit(data, { steps: 3, batchSize: 16 });
  data.dispose();
  assert.equal(history.steps.length, 3);
  assert.equal(history.stopReason, 'completed');
  assert.deepEqual(history.steps.map((s) => s.step), [0, 1, 2]);
  for (const s of history.steps) {
    assert.ok(Number.isFinite(s.discriminatorLoss) && Number.isFinite(s.generatorLoss));
    assert.ok(s.realScore > 0 && s.realScore < 1 && s.fakeScore > 0 && s.fakeScore < 1);
  }
  const after = weightsOf(gan);
  const gCount = gan.generator.getWeights().length;
  for (let i = 0; i < after.length; i++) {
    assert.notDeepEqual(after[i], before[i], `weight ${i} (${i < gCount ? 'G' : 'D'}) did not change`);
  }
  dispose(gan);
});

test('the first discriminator loss equals the hand-computed loss of the initial networks', async () => {
  const gan = tinyGan(3);
  const trainer = new AdversarialTrainer(gan, { loss: handLoss, seed: 5 });
  // Reproduce the trainer's draws: a permutation of the data, the next epoch's permutation (drawn when the
  // only batch of this epoch is taken), then z for the fake batch.
  const data = tf.tensor2d([[0.5, -0.25], [1, 2], [-1, 0], [0.3, 0.7]]);
  const { SeededRandom } = await import('../../src/utils/random.js');
  const random = new SeededRandom(5);
  const order = random.permutation(4);
  random.permutation(4);
  const z = random.normalTensor([4, 3]);
  const expected = tf.tidy(() => {
    const real = tf.gather(data, tf.tensor1d(order, 'int32'));
    const fake = gan.generator.apply(z, { training: true }) as tf.Tensor;
    const r = gan.discriminator.apply(real) as tf.Tensor;
    const f = gan.discriminator.apply(fake) as tf.Tensor;
    const rs = r.dataSync();
    const fs = f.dataSync();
    let loss = 0;
    for (let i = 0; i < 4; i++) loss += Math.log1p(Math.exp(-rs[i]!)) / 4 + Math.log1p(Math.exp(fs[i]!)) / 4;
    return loss;
  });
  z.dispose();
  const history = await trainer.fit(data, { steps: 1, batchSize: 4 });
  data.dispose();
  const got = history.steps[0]!.discriminatorLoss;
  assert.ok(Math.abs(got - expected) <= 1e-5 * Math.max(1, Math.abs(expected)), `D loss ${got} vs hand ${expected}`);
  dispose(gan);
});

test('no tensor leaks across steps (callbacks attached, several data sources)', async () => {
  const gan = tinyGan();
  const trainer = new AdversarialTrainer(gan, { loss: handLoss, seed: 2, discriminatorSteps: 2 });
  const data = data2d();
  await trainer.fit(data, { steps: 1, batchSize: 8 }); // creates the optimizers' slots
  const counts: number[] = [];
  await trainer.fit(data, {
    steps: 6,
    batchSize: 8,
    callbacks: { onStepEnd: () => { counts.push(tf.memory().numTensors); } },
  });
  assert.equal(new Set(counts).size, 1, `tensor counts per step: ${counts.join(', ')}`);
  const batches = [tf.ones([4, 2]), tf.zeros([4, 2])];
  const start = tf.memory().numTensors;
  await trainer.fit([[0, 1], [1, 0], [2, 2], [0.5, 0.5]], { steps: 3, batchSize: 2 });
  await trainer.fit(batches, { steps: 3, batchSize: 4 });
  async function* stream() { for (let i = 0; i < 4; i++) yield [[i, 1], [1, i]]; }
  await trainer.fit(stream(), { steps: 2, batchSize: 2 });
  const s = trainer.sample(5);
  s.dispose();
  assert.equal(tf.memory().numTensors, start, 'tensors leaked by fit/sample');
  tf.dispose(batches);
  data.dispose();
  dispose(gan);
});

test('k discriminator updates per generator update consume k batches per step', async () => {
  const gan = tinyGan();
  let dUpdates = 0;
  class Counting extends UnconditionalGan {
    override trainStep(batches: readonly Batch[], context: StepContext) {
      const minimize = ((name: string, loss: () => tf.Scalar, variables: readonly tf.Variable[]) => {
        if (name === 'discriminator') dUpdates += 1;
        return context.minimize(name, loss, variables);
      }) as StepContext['minimize'];
      return super.trainStep(batches, { ...context, minimize, dueRegularizers: context.dueRegularizers });
    }
  }
  const trainer = new AdversarialTrainer(new Counting(gan, { loss: handLoss, discriminatorSteps: 3 }), { seed: 3 });
  const data = tf.randomNormal([48, 2], 0, 1, 'float32', 1); // 6 batches of 8 per epoch
  const history = await trainer.fit(data, { epochs: 2, batchSize: 8 });
  assert.equal(history.steps.length, 4); // 2 epochs × 6 batches ÷ k=3
  assert.equal(dUpdates, 12);
  assert.deepEqual(history.steps.map((s) => s.epoch), [0, 0, 1, 1]);
  data.dispose();
  dispose(gan);
});

test('hooks get one state object, in order, and async hooks are awaited', async () => {
  const gan = tinyGan();
  const trainer = new AdversarialTrainer(gan, { loss: handLoss, seed: 4 });
  const events: string[] = [];
  const data = tf.randomNormal([16, 2]);
  await trainer.fit(data, {
    steps: 4,
    batchSize: 8,
    callbacks: [{
      onTrainBegin: ({ step, totalSteps }) => { events.push(`begin ${step}/${totalSteps}`); },
      onStepEnd: async (state: TrainingState<AdversarialTrainer>) => {
        await new Promise((r) => setTimeout(r, 1));
        events.push(`step ${state.logs?.step} -> ${state.step}`);
      },
      onEpochEnd: ({ epoch }) => { events.push(`epoch ${epoch}`); },
      onTrainEnd: ({ history }) => { events.push(`end ${history.steps.length}`); },
    }],
  });
  assert.deepEqual(events, [
    'begin 0/4', 'step 0 -> 1', 'step 1 -> 2', 'epoch 1', 'step 2 -> 3', 'step 3 -> 4', 'epoch 2', 'end 4',
  ]);
  data.dispose();
  dispose(gan);
});

test('an aborted signal stops cleanly after the current step', async () => {
  const gan = tinyGan();
  const trainer = new AdversarialTrainer(gan, { loss: handLoss, seed: 4 });
  const controller = new AbortController();
  const data = tf.randomNormal([16, 2]);
  const history = await trainer.fit(data, {
    steps: 100,
    batchSize: 8,
    signal: controller.signal,
    callbacks: { onStepEnd: ({ step }) => { if (step === 3) controller.abort(); } },
  });
  assert.equal(history.stopReason, 'aborted');
  assert.equal(history.steps.length, 3);
  assert.equal(trainer.step, 3);
  data.dispose();
  dispose(gan);
});

test('a one-shot iterable that runs dry ends the fit with data-exhausted', async () => {
  const gan = tinyGan();
  const trainer = new AdversarialTrainer(gan, { loss: handLoss, seed: 4 });
  function* once() { for (let i = 0; i < 3; i++) yield tf.randomNormal([4, 2]); }
  const history = await trainer.fit(once(), { steps: 10, batchSize: 4 });
  assert.equal(history.stopReason, 'data-exhausted');
  assert.equal(history.steps.length, 3);
  dispose(gan);
});

test('sample: shape, fixed-noise seed repeats, latents are honoured', () => {
  const gan = tinyGan();
  const trainer = new AdversarialTrainer(gan, { loss: handLoss, seed: 4 });
  const a = trainer.sample(6, { seed: 9 });
  const b = trainer.sample(6, { seed: 9 });
  const c = trainer.sample(6);
  assert.deepEqual(a.shape, [6, 2]);
  assert.deepEqual(a.dataSync(), b.dataSync());
  assert.notDeepEqual(a.dataSync(), c.dataSync());
  const z = trainer.sampleLatents(6, 9);
  const d = trainer.sample(0, { latents: z });
  assert.deepEqual(d.dataSync(), a.dataSync());
  tf.dispose([a, b, c, d, z]);
  dispose(gan);
});

test('sample truncation: latents within [−ψ, ψ], seed repeats, a loose ψ changes nothing, bad ψ and ψ with latents refused', () => {
  const gan = tinyGan();
  const trainer = new AdversarialTrainer(gan, { loss: handLoss, seed: 4 });
  const z = trainer.sampleLatents(200, 9, 0.5);
  assert.deepEqual(z.shape, [200, 3]);
  const values = Array.from(z.dataSync());
  assert.ok(values.every((v) => Math.abs(v) <= 0.5), `max |z| = ${Math.max(...values.map(Math.abs))}`);
  // N(0, 1) truncated to [−0.5, 0.5] is nearly uniform there: E|z| = (φ(0) − φ(0.5)) / (Φ(0.5) − 1/2) ≈ 0.2448.
  const meanAbs = values.reduce((a, v) => a + Math.abs(v), 0) / values.length;
  assert.ok(meanAbs > 0.22 && meanAbs < 0.27, `mean |z| = ${meanAbs}`);
  // sample draws those same latents: same seed, same images; and repeats.
  const a = trainer.sample(200, { seed: 9, truncation: 0.5 });
  const b = trainer.sample(200, { seed: 9, truncation: 0.5 });
  const fromZ = trainer.sample(0, { latents: z });
  assert.deepEqual(a.dataSync(), b.dataSync());
  assert.deepEqual(a.dataSync(), fromZ.dataSync());
  // A threshold no draw reaches redraws nothing: the latents of the untruncated stream.
  const loose = trainer.sampleLatents(6, 9, 100);
  const plain = trainer.sampleLatents(6, 9);
  assert.deepEqual(loose.dataSync(), plain.dataSync());
  for (const bad of [0, -0.5, Number.NaN, Number.POSITIVE_INFINITY]) {
    assert.throws(() => trainer.sample(4, { seed: 1, truncation: bad }), new RegExp(`AdversarialTrainer.sample: truncation must be a finite number > 0 .*saw ${String(bad)}\\.`));
  }
  assert.throws(() => trainer.sample(0, { latents: z, truncation: 0.5 }), /AdversarialTrainer.sample: give truncation or latents, not both/);
  tf.dispose([z, a, b, fromZ, loose, plain]);
  dispose(gan);
});

test('WGAN weight clipping keeps every discriminator weight in [-c, c]', async () => {
  const gan = tinyGan();
  const wLoss: GanLoss = {
    name: 'w',
    discriminatorLoss: ({ realLogits, fakeLogits }) => tf.sub(tf.mean(fakeLogits), tf.mean(realLogits)),
    generatorLoss: ({ fakeLogits }) => tf.neg(tf.mean(fakeLogits)),
  };
  const trainer = new AdversarialTrainer(gan, { loss: wLoss, seed: 4, weightClip: 0.01 });
  const data = tf.randomNormal([16, 2]);
  await trainer.fit(data, { steps: 2, batchSize: 8 });
  for (const w of gan.discriminator.trainableWeights) {
    const v = w.read().dataSync();
    assert.ok(v.every((x) => Math.abs(x) <= 0.01 + 1e-7), `${w.name} escapes the clip`);
  }
  data.dispose();
  dispose(gan);
});

test('a relativistic-style loss gets the real logits in the generator step', async () => {
  const gan = tinyGan();
  let calls = 0;
  let withReal = 0;
  const ra: GanLoss = {
    name: 'needs-real',
    generatorNeedsRealLogits: true,
    discriminatorLoss: handLoss.discriminatorLoss,
    generatorLoss: ({ fakeLogits, realLogits }) => {
      calls += 1;
      if (realLogits === undefined) return tf.mean(fakeLogits);
      withReal += 1;
      return tf.mean(tf.softplus(tf.sub(realLogits, fakeLogits)));
    },
  };
  const trainer = new AdversarialTrainer(gan, { loss: ra, seed: 4 });
  const data = tf.randomNormal([16, 2]);
  await trainer.fit(data, { steps: 2, batchSize: 8 });
  assert.ok(calls >= 2, `generatorLoss called ${calls} times`);
  assert.equal(withReal, calls, 'a generator loss that needs real logits was called without them');
  data.dispose();
  dispose(gan);
});

test('bad input is rejected before any update, naming the argument, and leaves the weights untouched', async () => {
  const gan = tinyGan();
  const before = weightsOf(gan);
  const start = tf.memory().numTensors;
  assert.throws(() => new AdversarialTrainer(gan, { discriminatorSteps: 0 }), /discriminatorSteps \(k\) must be an integer ≥ 1, saw 0/);
  assert.throws(() => new AdversarialTrainer(gan, { discriminatorSteps: 1.5 }), /discriminatorSteps/);
  assert.throws(() => new AdversarialTrainer({ ...gan, latentDim: 0 }), /latentDim must be a positive integer, saw 0/);
  assert.throws(() => new AdversarialTrainer({ ...gan, latentDim: 4 }), /latentDim is 4, but the generator takes inputs of shape \[batch, 3\]/);
  const other = tinyGan(1, 3, 5);
  assert.throws(() => new AdversarialTrainer({ ...gan, discriminator: other.discriminator }), /generator makes samples of shape \[2\], but the discriminator takes \[5\]/);
  dispose(other);
  assert.throws(() => new AdversarialTrainer(gan, { weightClip: -1 }), /weightClip must be a positive number/);
  const trainer = new AdversarialTrainer(gan, { loss: handLoss, seed: 1 });
  const wrongShape = tf.zeros([16, 3]);
  await assert.rejects(trainer.fit(wrongShape, { steps: 1, batchSize: 8 }), /data has shape \[16, 3\], but the model takes samples of shape \[2\]/);
  const nonFinite = tf.tensor2d([[0, 1], [NaN, 0]]);
  await assert.rejects(trainer.fit(nonFinite, { steps: 1, batchSize: 2 }), /contains NaN or infinite values/);
  await assert.rejects(trainer.fit([], { steps: 1, batchSize: 2 }), /data is an empty array/);
  await assert.rejects(trainer.fit((function* () {})(), { steps: 1, batchSize: 2 }), /yielded no batch/);
  const empty = tf.zeros([0, 2]);
  await assert.rejects(trainer.fit(empty, { steps: 1, batchSize: 2 }), /is empty/);
  const ok = tf.zeros([8, 2]);
  await assert.rejects(trainer.fit(ok, { steps: 1, batchSize: 16 }), /batchSize is 16, but the data holds only 8 samples/);
  await assert.rejects(trainer.fit(ok, { steps: 0, batchSize: 4 }), /steps must be an integer ≥ 1, saw 0/);
  await assert.rejects(trainer.fit(ok, { batchSize: 4 }), /give exactly one of steps or epochs/);
  await assert.rejects(trainer.fit(ok, { steps: 1, epochs: 1, batchSize: 4 }), /give exactly one of steps or epochs/);
  await assert.rejects(trainer.fit(ok, { steps: 1, batchSize: 0 }), /batchSize must be an integer ≥ 1, saw 0/);
  const badLoss = new AdversarialTrainer(gan, { loss: { ...handLoss, name: 'per-sample', discriminatorLoss: ({ realLogits }) => tf.softplus(realLogits) }, seed: 1 });
  await assert.rejects(badLoss.fit(ok, { steps: 1, batchSize: 4 }), /discriminatorLoss of loss 'per-sample' must return a scalar tensor, returned a tensor of shape \[4, 1\]/);
  assert.deepEqual(weightsOf(gan), before, 'a rejected fit changed the weights');
  assert.equal(trainer.step, 0);
  trainer.dispose();
  badLoss.dispose();
  tf.dispose([wrongShape, nonFinite, ok, empty]);
  assert.equal(tf.memory().numTensors, start, 'a rejected fit leaked tensors');
  function* badBatches() { yield tf.zeros([4, 2]); yield tf.zeros([4, 7]); }
  const partial = new AdversarialTrainer(gan, { loss: handLoss, seed: 1 });
  await assert.rejects(partial.fit(badBatches(), { steps: 5, batchSize: 4 }), /batch 1 of the data iterable has shape \[4, 7\]/);
  assert.equal(partial.step, 1, 'the good first batch trained, the bad one did not');
  dispose(gan);
});

test('a streaming source may dispose each batch once it is resumed', async () => {
  const gan = tinyGan();
  const trainer = new AdversarialTrainer(gan, { loss: handLoss, seed: 4 });
  async function* disposing() {
    for (let i = 0; i < 3; i++) {
      const batch = tf.randomNormal([4, 2]);
      yield batch;
      batch.dispose();
    }
  }
  const history = await trainer.fit(disposing(), { steps: 3, batchSize: 4 });
  assert.equal(history.steps.length, 3);
  trainer.dispose();
  dispose(gan);
});
