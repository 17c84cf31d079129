import { it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import {
  nonSaturatingDiscriminatorLoss,
  nonSaturatingGeneratorLoss,
  nonSaturatingLoss,
} from '../../src/losses/non_saturating.js';
import { assertClose, builtInLossContract, softplus } from './contract.js';

// Goodfellow et al. 2014, §3: G minimizes −log σ(f) = softplus(−f); D as in the minimax game,
// (1 − s)·softplus(−r) + s·softplus(r) + softplus(f).
builtInLossContract({
  name: 'non-saturating',
  factory: nonSaturatingLoss,
  factoryName: 'nonSaturatingLoss',
  generatorLoss: nonSaturatingGeneratorLoss,
  generatorLossName: 'nonSaturatingGeneratorLoss',
  discriminatorLoss: nonSaturatingDiscriminatorLoss,
  discriminatorLossName: 'nonSaturatingDiscriminatorLoss',
  generatorNeedsRealLogits: false,
  supportsLabelSmoothing: true,
  expectedGenerator: (_real, fake) => [fake.map((f) => softplus(-f))],
  expectedDiscriminator: (real, fake, s) => [
    real.map((r) => (1 - s) * softplus(-r) + s * softplus(r)),
    fake.map((f) => softplus(f)),
  ],
});

it('non-saturating: D(G(z)) = 1/4 gives −log(1/4) for G, and logits 0 give 2·ln 2 for D', () => {
  tf.tidy(() => {
    const fakeLogits = tf.tensor1d([-Math.log(3)]);
    assertClose(nonSaturatingGeneratorLoss({ fakeLogits }).dataSync(), [Math.log(4)], 'L_G');
    const zeros = tf.zeros([3]);
    assertClose(nonSaturatingDiscriminatorLoss({ realLogits: zeros, fakeLogits: zeros }).dataSync(), [2 * Math.LN2], 'L_D');
  });
});
