import { it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import {
  nonSaturatingDiscriminatorLoss,
  nonSaturatingGeneratorLoss,
  nonSaturatingLoss,
} from '../../src/losses/non_saturating.js';
import { assertClose, builtInLossContract } from './contract.js';
import { nonSaturating } from './hand_formulas.js';

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
  expectedGenerator: nonSaturating.generator,
  expectedDiscriminator: nonSaturating.discriminator,
});

it('non-saturating: D(G(z)) = 1/4 gives −log(1/4) for G, and logits 0 give 2·ln 2 for D', () => {
  tf.tidy(() => {
    const fakeLogits = tf.tensor1d([-Math.log(3)]);
    assertClose(nonSaturatingGeneratorLoss({ fakeLogits }).dataSync(), [Math.log(4)], 'L_G');
    const zeros = tf.zeros([3]);
    assertClose(nonSaturatingDiscriminatorLoss({ realLogits: zeros, fakeLogits: zeros }).dataSync(), [2 * Math.LN2], 'L_D');
  });
});
