import { wassersteinDiscriminatorLoss, wassersteinGeneratorLoss, wassersteinLoss } from '../../src/losses/wasserstein.js';
import { builtInLossContract } from './contract.js';

// Arjovsky et al. 2017, Algorithm 1: the critic minimizes mean(f) − mean(r), the generator −mean(f).
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
  expectedGenerator: (_real, fake) => [fake.map((f) => -f)],
  expectedDiscriminator: (real, fake) => [real.map((r) => -r), fake.map((f) => f)],
});
