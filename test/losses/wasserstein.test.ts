import { wassersteinDiscriminatorLoss, wassersteinGeneratorLoss, wassersteinLoss } from '../../src/losses/wasserstein.js';
import { builtInLossContract } from './contract.js';
import { wasserstein } from './hand_formulas.js';

builtInLossContract({
  name: 'wasserstein',
  factory: wassersteinLoss,
  factoryName: 'wassersteinLoss',
  generatorLoss: wassersteinGeneratorLoss,
  generatorLossName: 'wassersteinGeneratorLoss',
  discriminatorLoss: wassersteinDiscriminatorLoss,
  discriminatorLossName: 'wassersteinDiscriminatorLoss',
  generatorNeedsRealLogits: false,
  supportsLabelSmoothing: false,
  expectedGenerator: wasserstein.generator,
  expectedDiscriminator: wasserstein.discriminator,
});
