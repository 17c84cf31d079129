// Progressive growing on the loop: the schedule's α and resolution by hand, growth at the right step with fresh
// optimizers (the paper's reset), real images shown at the current resolution, a checkpoint that resumes across a
// growth bit for bit, and no leaked tensors.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { ProGanAlgorithm } from '../../src/algorithms/progan.js';
import { proGanSchedule } from '../../src/algorithms/progan_schedule.js';
import { ProGAN } from '../../src/architectures/progan.js';
import { AdversarialTrainer } from '../../src/trainers/adversarial_trainer.js';
import { CheckpointManager } from '../../src/training/checkpoint.js';
import { SeededRandom } from '../../src/utils/random.js';
import { useCpu } from '../helpers/backend.js';
import { disposeGan, weightsOf } from '../helpers/tiny_gan.js';

let root = '';
before(async () => {
  await useCpu();
  root = await mkdtemp(join(tmpdir(), 'gan-kit-progan-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

const first = () => new ProGAN({ resolution: 4, channels: 1, latentDim: 4, channelBase: 32, channelMax: 4, seed: 3 });
const images = () => tf.tidy(() => tf.tanh(new SeededRandom(1).normalTensor([16, 8, 8, 1])));
/** 4×4 for 8 images, 8×8 faded in over the next 8: with batch 4, steps 0–1 at 4×4, steps 2–3 fading (α 0, 0.5), then α 1. */
const options = { finalResolution: 8, imagesPerPhase: 8 } as const;

describe('proGanSchedule', () => {
  it('stabilizes the first resolution for N images, then fades each next one in over N (α linear) and stabilizes it for N', () => {
    const at = (t: number) => proGanSchedule(t, 10, 4, 16);
    assert.deepEqual([0, 9, 10, 15, 19, 20, 29, 30, 35, 40, 1000].map(at), [
      { resolution: 4, alpha: 1 }, { resolution: 4, alpha: 1 },
      { resolution: 8, alpha: 0 }, { resolution: 8, alpha: 0.5 }, { resolution: 8, alpha: 0.9 }, { resolution: 8, alpha: 1 }, { resolution: 8, alpha: 1 },
      { resolution: 16, alpha: 0 }, { resolution: 16, alpha: 0.5 }, { resolution: 16, alpha: 1 }, { resolution: 16, alpha: 1 },
    ]);
    assert.throws(() => proGanSchedule(5, 0, 4, 8), /imagesPerPhase must be a number > 0, but got 0/);
  });
});

describe('ProGanAlgorithm', () => {
  it('grows at the step the schedule says, α rising linearly, with fresh Adam(0.001, 0, 0.99) optimizers at the growth', async () => {
    const gan = first();
    const algorithm = new ProGanAlgorithm(gan, options);
    const trainer = new AdversarialTrainer(algorithm, { seed: 2 });
    const data = images();
    const seen: [number, number][] = [];
    const optimizers: tf.Optimizer[] = [];
    const early = trainer.sample(2, { seed: 1 });
    assert.deepEqual(early.shape, [2, 8, 8, 1], 'the 4×4 stage samples up-sampled to the data\'s 8×8');
    early.dispose();
    for (let i = 0; i < 5; i++) {
      optimizers.push(algorithm.generatorOptimizer);
      await trainer.fit(data, { steps: 1, batchSize: 4 });
      seen.push([algorithm.stage.resolution, algorithm.stage.alpha]);
    }
    assert.deepEqual(seen, [[4, 1], [4, 1], [8, 0], [8, 0.5], [8, 1]]);
    assert.equal(optimizers[1], optimizers[0], 'no reset within a stage');
    assert.notEqual(algorithm.generatorOptimizer, optimizers[2], 'a new optimizer after the growth at step 2');
    const config = algorithm.generatorOptimizer.getConfig() as { learningRate: number; beta1: number; beta2: number };
    assert.deepEqual([config.learningRate, config.beta1, config.beta2], [0.001, 0, 0.99]);
    assert.deepEqual(algorithm.discriminator.inputs[0]!.shape, [null, 8, 8, 1]);
    data.dispose();
    trainer.dispose();
    disposeGan(gan);
  });

  it('shows D the real images at the current resolution: the 4×4 stage sees their 2×2 averages', () => {
    const gan = first();
    const algorithm = new ProGanAlgorithm(gan, options);
    const x = images();
    const shown = (algorithm as unknown as { realBatch(b: tf.Tensor): { x: tf.Tensor } }).realBatch(x).x;
    const expected = tf.tidy(() => tf.mean(tf.reshape(x, [16, 4, 2, 4, 2, 1]), [2, 4]));
    assert.ok(tf.tidy(() => tf.max(tf.abs(tf.sub(shown, expected))).dataSync()[0]!) < 1e-6);
    tf.dispose([x, shown, expected]);
    algorithm.dispose();
    disposeGan(gan);
  });

  it('refuses a first stage that fades in and a final resolution that is not reached by doubling', () => {
    const gan = first();
    assert.throws(() => new ProGanAlgorithm(gan, { finalResolution: 12, imagesPerPhase: 8 }), /options\.finalResolution must be the first stage's resolution 4 times a power of two, but got 12/);
    assert.throws(() => new ProGanAlgorithm(gan, { finalResolution: 8, imagesPerPhase: 0 }), /options\.imagesPerPhase must be an integer ≥ 1/);
    disposeGan(gan);
  });

  it('a checkpoint taken after a growth resumes bit for bit in a trainer built from the first stage, leaking nothing', async () => {
    const data = images();
    const before = tf.memory().numTensors;
    const straightGan = first();
    const straight = new AdversarialTrainer(new ProGanAlgorithm(straightGan, options), { seed: 4 });
    const history = await straight.fit(data, { steps: 5, batchSize: 4 });
    const directory = join(root, 'resume');
    const firstGan = first();
    const run = new AdversarialTrainer(new ProGanAlgorithm(firstGan, options), { seed: 4 });
    await run.fit(data, { steps: 3, batchSize: 4 });
    await new CheckpointManager({ directory }).save(run);
    const resumedGan = first();
    const resumedAlgorithm = new ProGanAlgorithm(resumedGan, options);
    const resumed = new AdversarialTrainer(resumedAlgorithm, { seed: 77 });
    await new CheckpointManager({ directory }).restore(resumed);
    assert.equal(resumedAlgorithm.stage.resolution, 8);
    const rest = await resumed.fit(data, { steps: 2, batchSize: 4 });
    assert.deepEqual(rest.steps.map((s) => [s.discriminatorLoss, s.generatorLoss]), history.steps.slice(3).map((s) => [s.discriminatorLoss, s.generatorLoss]));
    assert.deepEqual(weightsOf(resumedAlgorithm), weightsOf(straight.algorithm));
    for (const t of [straight, run, resumed]) t.dispose();
    [straightGan, firstGan, resumedGan].forEach(disposeGan);
    assert.equal(tf.memory().numTensors, before, 'the grown networks, optimizers and step tensors are released');
    data.dispose();
  });
});
