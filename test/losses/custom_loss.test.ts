// A user-written GanLoss is a first-class citizen: it type-checks against the interface and passes the same
// contract as the built-ins. Every loss below is an example of docs/custom-losses.md.
import * as tf from '@tensorflow/tfjs-core';
import type { GanLoss } from '../../src/losses/gan_loss.js';
import { hingeLoss } from '../../src/losses/hinge.js';
import { leastSquaresLoss } from '../../src/losses/least_squares.js';
import { nonSaturatingLoss } from '../../src/losses/non_saturating.js';
import { relativisticAverageLoss } from '../../src/losses/relativistic_average.js';
import { wassersteinLoss } from '../../src/losses/wasserstein.js';
import { ganLossContract, mean, softplus } from './contract.js';
import { nonSaturating } from './hand_formulas.js';

// The custom loss of the core issue, written by hand: the non-saturating GAN.
const myLoss: GanLoss = {
  name: 'my-loss',
  discriminatorLoss: ({ realLogits, fakeLogits }) =>
    tf.add(tf.mean(tf.softplus(tf.neg(realLogits))), tf.mean(tf.softplus(fakeLogits))),
  generatorLoss: ({ fakeLogits }) => tf.mean(tf.softplus(tf.neg(fakeLogits))),
};

ganLossContract({
  loss: myLoss,
  expectedGenerator: (real, fake) => nonSaturating.generator(real, fake, 0),
  expectedDiscriminator: (real, fake) => nonSaturating.discriminator(real, fake, 0),
});

/** Σ wᵢ·Lᵢ for the generator and the discriminator alike. */
function weightedSum(parts: readonly { readonly loss: GanLoss; readonly weight: number }[]): GanLoss {
  return {
    name: parts.map(({ loss, weight }) => `${weight}·${loss.name}`).join(' + '),
    generatorNeedsRealLogits: parts.some(({ loss }) => loss.generatorNeedsRealLogits === true),
    generatorLoss: (inputs) =>
      tf.tidy(() => tf.addN(parts.map(({ loss, weight }) => tf.mul(weight, loss.generatorLoss(inputs))))),
    discriminatorLoss: (inputs) =>
      tf.tidy(() => tf.addN(parts.map(({ loss, weight }) => tf.mul(weight, loss.discriminatorLoss(inputs))))),
  };
}

ganLossContract({
  loss: weightedSum([
    { loss: hingeLoss(), weight: 0.5 },
    { loss: nonSaturatingLoss(), weight: 0.5 },
  ]),
  expectedGenerator: (_real, fake) => [fake.map((f) => 0.5 * -f + 0.5 * softplus(-f))],
  expectedDiscriminator: (real, fake) => [
    real.map((r) => 0.5 * Math.max(0, 1 - r) + 0.5 * softplus(-r)),
    fake.map((f) => 0.5 * Math.max(0, 1 + f) + 0.5 * softplus(f)),
  ],
});

// Combining with a relativistic loss: the sum must ask the trainer for real logits in the generator step too.
ganLossContract({
  loss: weightedSum([
    { loss: relativisticAverageLoss(), weight: 1 },
    { loss: leastSquaresLoss(), weight: 0.25 },
  ]),
  expectedGenerator: (real, fake) => [
    fake.map((f) => softplus(-(f - mean(real))) + 0.25 * 0.5 * (f - 1) ** 2),
    real.map((r) => softplus(r - mean(fake))),
  ],
  expectedDiscriminator: (real, fake) => [
    real.map((r) => softplus(-(r - mean(fake))) + 0.25 * 0.5 * (r - 1) ** 2),
    fake.map((f) => softplus(f - mean(real)) + 0.25 * 0.5 * f ** 2),
  ],
});

// The relativistic standard GAN (RSGAN): D minimizes softplus(−(r − f)), G minimizes softplus(−(f − r)), sample by
// sample, so it needs equal batch sizes and the real logits in the generator step.
const relativisticStandard: GanLoss = {
  name: 'relativistic-standard',
  generatorNeedsRealLogits: true,
  discriminatorLoss: ({ realLogits, fakeLogits }) => tf.mean(tf.softplus(tf.sub(fakeLogits, realLogits))),
  generatorLoss: ({ realLogits, fakeLogits }) => {
    if (realLogits === undefined) throw new Error('relativistic-standard: generatorLoss needs realLogits.');
    return tf.mean(tf.softplus(tf.sub(realLogits, fakeLogits)));
  },
};

ganLossContract({
  loss: relativisticStandard,
  acceptsUnequalBatches: false,
  expectedGenerator: (real, fake) => [fake.map((f, i) => softplus(-(f - (real[i] as number))))],
  expectedDiscriminator: (real, fake) => [real.map((r, i) => softplus(-(r - (fake[i] as number))))],
});

/** Adds the progressive-GAN drift penalty ε·mean(r²) to a loss's discriminator (critic) loss. */
function withDriftPenalty(loss: GanLoss, epsilon = 0.001): GanLoss {
  return {
    ...loss,
    name: `${loss.name}+drift`,
    discriminatorLoss: (inputs) =>
      tf.tidy(() => tf.add(loss.discriminatorLoss(inputs), tf.mul(epsilon, tf.mean(tf.square(inputs.realLogits))))),
  };
}

ganLossContract({
  loss: withDriftPenalty(wassersteinLoss()),
  expectedGenerator: (_real, fake) => [fake.map((f) => -f)],
  expectedDiscriminator: (real, fake) => [real.map((r) => -r + 0.001 * r * r), fake.map((f) => f)],
});
