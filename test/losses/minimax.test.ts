import { it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { minimaxDiscriminatorLoss, minimaxGeneratorLoss, minimaxLoss } from '../../src/losses/minimax.js';
import { assertClose, builtInLossContract } from './contract.js';
import { minimax } from './hand_formulas.js';

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
  expectedGenerator: minimax.generator,
  expectedDiscriminator: minimax.discriminator,
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
