import { hingeDiscriminatorLoss, hingeGeneratorLoss, hingeLoss } from '../../src/losses/hinge.js';
import { builtInLossContract } from './contract.js';

// Lim & Ye 2017; Miyato et al. 2018: D minimizes max(0, 1 − r) + max(0, 1 + f), G minimizes −f.
builtInLossContract({
  name: 'hinge',
  factory: hingeLoss,
  factoryName: 'hingeLoss',
  generatorLoss: hingeGeneratorLoss,
  generatorLossName: 'hingeGeneratorLoss',
  discriminatorLoss: hingeDiscriminatorLoss,
  discriminatorLossName: 'hingeDiscriminatorLoss',
  generatorNeedsRealLogits: false,
  supportsLabelSmoothing: false,
  expectedGenerator: (_real, fake) => [fake.map((f) => -f)],
  expectedDiscriminator: (real, fake) => [real.map((r) => Math.max(0, 1 - r)), fake.map((f) => Math.max(0, 1 + f))],
});
