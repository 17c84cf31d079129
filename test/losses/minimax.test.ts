import { it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { minimaxDiscriminatorLoss, minimaxGeneratorLoss, minimaxLoss } from '../../src/losses/minimax.js';
import { assertClose, builtInLossContract, softplus } from './contract.js';

// Goodfellow et al. 2014, eq. 1, on logits: D minimizes (1 − s)·softplus(−r) + s·softplus(r) + softplus(f)
// (−log σ(x) = softplus(−x), −log(1 − σ(x)) = softplus(x)); G minimizes log(1 − σ(f)) = −softplus(f).
builtInLossContract({
  name: 'minimax',
  factory: minimaxLoss,
  factoryName: 'minimaxLoss',
  generatorLoss: minimaxGeneratorLoss,
  generatorLossName: 'minimaxGeneratorLoss',
  discriminatorLoss: minimaxDiscriminatorLoss,
  discriminatorLossName: 'minimaxDiscriminatorLoss',
  generatorNeedsRealLogits: false,
  supportsLabelSmoothing: true,
  expectedGenerator: (_real, fake) => [fake.map((f) => -softplus(f))],
  expectedDiscriminator: (real, fake, s) => [
    real.map((r) => (1 - s) * softplus(-r) + s * softplus(r)),
    fake.map((f) => softplus(f)),
  ],
});

it('minimax: probabilities D(x) = 3/4, D(G(z)) = 1/4 give −log(3/4) − log(3/4) for D and log(3/4) for G', () => {
  // σ(ln 3) = 3/4 and σ(−ln 3) = 1/4.
  tf.tidy(() => {
    const realLogits = tf.tensor1d([Math.log(3)]);
    const fakeLogits = tf.tensor1d([-Math.log(3)]);
    assertClose(minimaxDiscriminatorLoss({ realLogits, fakeLogits }).dataSync(), [-2 * Math.log(0.75)], 'L_D');
    assertClose(minimaxGeneratorLoss({ fakeLogits }).dataSync(), [Math.log(0.75)], 'L_G');
  });
});
