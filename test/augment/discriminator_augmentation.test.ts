// Differentiable augmentation in training: the option `augment` of UnconditionalGan / ConditionalGan applies the
// augmentation to real and generated images before D in both updates (checked against a hand computation, the
// generator's gradient included), p = 0 trains exactly as no augmentation, ADA's p follows D's over-fitting and
// survives a checkpoint.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { ConditionalGan } from '../../src/algorithms/conditional_gan.js';
import { UnconditionalGan } from '../../src/algorithms/unconditional_gan.js';
import { AdaController } from '../../src/augment/ada_controller.js';
import { adaAugment } from '../../src/augment/ada_augment.js';
import { diffAugment } from '../../src/augment/diff_augment.js';
import { DiscriminatorAugmentation } from '../../src/augment/discriminator_augmentation.js';
import { nonSaturatingDiscriminatorLoss, nonSaturatingGeneratorLoss } from '../../src/losses/non_saturating.js';
import { r1Regularizer } from '../../src/regularizers/r1.js';
import { AdversarialTrainer } from '../../src/trainers/adversarial_trainer.js';
import { ConditionalTrainer } from '../../src/trainers/conditional_trainer.js';
import { CheckpointManager } from '../../src/training/checkpoint.js';
import { trainableVariables } from '../../src/training/checked_update.js';
import { SeededRandom } from '../../src/utils/random.js';
import { useCpu } from '../helpers/backend.js';
import { disposeGan, weightsOf } from '../helpers/tiny_gan.js';
import { tinyImageGan } from '../helpers/tiny_image_gan.js';

let root = '';
before(async () => {
  await useCpu();
  root = await mkdtemp(join(tmpdir(), 'gan-kit-augment-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

/** 24 images 8×8×1 in (−1, 1), made in JavaScript. */
const images = () => tf.tidy(() => tf.tanh(new SeededRandom(5).normalTensor([24, 8, 8, 1])));

describe('DiscriminatorAugmentation', () => {
  it('refuses what is not an augmentation, p outside [0, 1], and p with ada', () => {
    assert.throws(() => new DiscriminatorAugmentation({ augmentation: {} as never }), /augment\.augmentation must be an Augmentation/);
    assert.throws(() => new DiscriminatorAugmentation({ augmentation: diffAugment(), p: 1.5 }), /augment\.p must be a number in \[0, 1\].*1\.5/);
    assert.throws(() => new DiscriminatorAugmentation({ augmentation: diffAugment(), p: 0.5, ada: {} }), /a fixed p or ada .* not both/);
    assert.throws(() => new DiscriminatorAugmentation({ augmentation: adaAugment(), ada: { target: 2 } }), /options\.target/);
  });

  it('forStep leaves the trainer\'s stream where it was, and the same state gives the same augmentation', () => {
    const augment = new DiscriminatorAugmentation({ augmentation: diffAugment() });
    const random = new SeededRandom(3);
    const state = JSON.stringify(random.state());
    const x = images();
    const [a, b] = [augment.forStep(random)(x), augment.forStep(SeededRandom.fromState(JSON.parse(state)))(x)];
    assert.equal(JSON.stringify(random.state()), state, 'no draw from the trainer\'s stream');
    assert.deepEqual(Array.from(a.dataSync()), Array.from(b.dataSync()));
    assert.ok(tf.tidy(() => tf.max(tf.abs(tf.sub(a, x))).dataSync()[0]!) > 0.1, 'p = 1 transforms the images');
    tf.dispose([a, b, x]);
  });

  it('an UnconditionalGan without image samples refuses augment', () => {
    const generator = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [2], units: 2 })] });
    const discriminator = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [2], units: 1 })] });
    assert.throws(() => new UnconditionalGan({ generator, discriminator, latentDim: 2 }, { augment: { augmentation: diffAugment() } }), /augment transforms images .* \[2\]/);
    generator.dispose();
    discriminator.dispose();
  });
});

describe('augmentation in the GAN step', () => {
  it('D sees A(x) and A(G(z)), G is trained through A(G(z)): the step\'s losses and G\'s Adam update match a hand computation', async () => {
    const gan = tinyImageGan({ seed: 2 });
    const trainer = new AdversarialTrainer(gan, { seed: 4, augment: { augmentation: diffAugment() } });
    const x = tf.slice(images(), 0, 8);
    // The same models, weights and streams, by hand: the augmentation's stream of step 0 and the trainer's.
    const twin = tinyImageGan({ seed: 2 });
    const random = new SeededRandom(4);
    const augment = trainer.algorithm.augmentation!.forStep(random);
    const expectedD = tf.tidy(() => {
      const fake = twin.generator.apply(random.normalTensor([8, 3])) as tf.Tensor;
      const [realSeen, fakeSeen] = [augment(x), augment(fake)];
      return nonSaturatingDiscriminatorLoss({ realLogits: twin.discriminator.apply(realSeen) as tf.Tensor, fakeLogits: twin.discriminator.apply(fakeSeen) as tf.Tensor }).dataSync()[0]!;
    });
    const logs = await trainer.trainOnBatch([x]);
    assert.ok(Math.abs(logs.discriminatorLoss - expectedD) < 1e-5, `D loss ${logs.discriminatorLoss} vs ${expectedD} by hand`);
    // G's loss through the updated D, and its gradient with respect to G's weights before the update.
    const z = random.normalTensor([8, 3]);
    const g = tf.variableGrads(() => nonSaturatingGeneratorLoss({ fakeLogits: gan.discriminator.apply(augment(twin.generator.apply(z) as tf.Tensor)) as tf.Tensor }) as tf.Scalar, trainableVariables(twin.generator));
    assert.ok(Math.abs(logs.generatorLoss - g.value.dataSync()[0]!) < 1e-5, `G loss ${logs.generatorLoss} vs ${g.value.dataSync()[0]} by hand`);
    // Adam's first step moves each weight by −lr·g/(|g| + ε).
    trainableVariables(twin.generator).forEach((v, i) => {
      const grad = g.grads[v.name]!.dataSync();
      const [now, was] = [trainableVariables(gan.generator)[i]!.dataSync(), v.dataSync()];
      let moved = 0;
      for (let j = 0; j < grad.length; j++) {
        const expected = was[j]! - (2e-4 * grad[j]!) / (Math.abs(grad[j]!) + 1e-8);
        assert.ok(Math.abs(now[j]! - expected) < 1e-6, `generator weight ${v.name}[${j}]: ${now[j]} vs ${expected}`);
        if (Math.abs(grad[j]!) > 1e-6) moved += 1;
      }
      assert.ok(moved > grad.length / 2, `the gradient reaches most of ${v.name} through the augmentation (${moved}/${grad.length})`);
    });
    tf.dispose([x, z, g.value, ...Object.values(g.grads)]);
    trainer.dispose();
    [gan, twin].forEach(disposeGan);
  });

  for (const conditional of [false, true]) {
    it(`${conditional ? 'ConditionalGan' : 'UnconditionalGan'}: at p = 0 a run is bit for bit the run without augmentation (k = 2, lazy R1), and leaks no tensor`, async () => {
      const data = images();
      const labels = tf.tensor1d(Array.from({ length: 24 }, (_, i) => i % 3), 'int32');
      const run = async (augment: boolean) => {
        const gan = tinyImageGan({ seed: 3, ...(conditional ? { classes: 3 } : {}) });
        const options = {
          seed: 9, discriminatorSteps: 2, regularizers: [r1Regularizer({ weight: 1, every: 2 })],
          ...(augment ? { augment: { augmentation: adaAugment(), p: 0 } } : {}),
        };
        const trainer = conditional ? new ConditionalTrainer(gan, options) : new AdversarialTrainer(gan, options);
        const history = await trainer.fit(conditional ? { samples: data, labels } : data, { steps: 3, batchSize: 8 });
        const result = { weights: weightsOf(gan), history: history.steps, state: (await trainer.snapshot()).state };
        trainer.dispose();
        disposeGan(gan);
        return result;
      };
      const plain = await run(false);
      const tensors = tf.memory().numTensors;
      const augmented = await run(true);
      assert.equal(tf.memory().numTensors, tensors, 'no tensor leaked');
      assert.deepEqual(augmented.history, plain.history);
      assert.deepEqual(augmented.weights, plain.weights);
      assert.deepEqual(augmented.state, { augment: { augmentation: 'ada', ada: null } });
      assert.equal(plain.state, null, 'without augmentation the state stays null (old checkpoints restore)');
      tf.dispose([data, labels]);
    });
  }

  it('ADA: p rises while D calls every real image real (r_t = 1 > 0.6), by batch / speedImages per interval', async () => {
    const gan = tinyImageGan({ seed: 1 });
    // D sure of everything: its output bias is large.
    const out = gan.discriminator.layers.at(-1)!;
    out.setWeights([out.getWeights()[0]!, tf.tensor1d([20])]);
    const trainer = new AdversarialTrainer(gan, { seed: 1, augment: { augmentation: adaAugment(), ada: { interval: 1, speedImages: 80 } } });
    const data = images();
    await trainer.fit(data, { steps: 4, batchSize: 8 });
    const ada = trainer.algorithm.augmentation!.ada!;
    assert.deepEqual(ada.history.map((a) => a.rt), [1, 1, 1, 1]);
    assert.deepEqual(ada.history.map((a) => Number(a.p.toFixed(6))), [0.1, 0.2, 0.3, 0.4]);
    assert.equal(ada.images, 32);
    data.dispose();
    trainer.dispose();
    disposeGan(gan);
  });

  it('ADA: p, its history and the image count survive a checkpoint, and the resumed run continues bit for bit', async () => {
    const data = images();
    const options = (controller?: AdaController) => ({ seed: 6, augment: { augmentation: adaAugment(), ada: controller ?? { interval: 1, speedImages: 40, initialP: 0.5 } } });
    const straightGan = tinyImageGan({ seed: 4 });
    const straight = new AdversarialTrainer(straightGan, options());
    const history = await straight.fit(data, { steps: 6, batchSize: 8 });
    const p = straight.algorithm.augmentation!.ada!.state();
    assert.ok(new Set(p.history.map((a) => a.p)).size > 2, `p moved during the run: ${JSON.stringify(p.history.map((a) => a.p))}`);

    const directory = join(root, 'ada');
    const firstGan = tinyImageGan({ seed: 4 });
    const first = new AdversarialTrainer(firstGan, options());
    const firstHistory = await first.fit(data, { steps: 3, batchSize: 8 });
    await new CheckpointManager({ directory }).save(first, { history: firstHistory.steps });
    // A fresh algorithm with a fresh controller (p = 0.5 again, no history) and other initial weights.
    const resumedGan = tinyImageGan({ seed: 8 });
    const resumed = new AdversarialTrainer(resumedGan, options(new AdaController({ interval: 1, speedImages: 40, initialP: 0.5 })));
    await new CheckpointManager({ directory }).restore(resumed);
    assert.deepEqual(resumed.algorithm.augmentation!.ada!.state(), first.algorithm.augmentation!.ada!.state(), 'p, images and history restored');
    const rest = await resumed.fit(data, { steps: 3, batchSize: 8 });
    assert.deepEqual(resumed.algorithm.augmentation!.ada!.state(), p);
    const losses = (steps: readonly { readonly discriminatorLoss: number; readonly generatorLoss: number }[]) => steps.map((s) => [s.discriminatorLoss, s.generatorLoss]);
    assert.deepEqual(losses([...firstHistory.steps, ...rest.steps]), losses(history.steps));
    assert.deepEqual(weightsOf(resumedGan), weightsOf(straightGan));
    data.dispose();
    for (const t of [straight, first, resumed]) t.dispose();
    [straightGan, firstGan, resumedGan].forEach(disposeGan);
  });

  it('a snapshot restores only into an algorithm with the same augmentation', async () => {
    const gan = tinyImageGan({ seed: 1 });
    const trainer = new AdversarialTrainer(gan, { seed: 1, augment: { augmentation: diffAugment() } });
    const snapshot = await trainer.snapshot();
    const other = new AdversarialTrainer(gan, { seed: 1, augment: { augmentation: adaAugment() } });
    await assert.rejects(other.restore(snapshot), /configuration .*"augmentation":"diffaugment"/);
    const plain = new AdversarialTrainer(gan, { seed: 1 });
    await assert.rejects(plain.restore(snapshot), /configuration/);
    assert.ok(new ConditionalGan(tinyImageGan({ classes: 2 }), { augment: { augmentation: diffAugment() } }).augmentation !== undefined);
    for (const t of [trainer, other, plain]) t.dispose();
    disposeGan(gan);
  });
});
