import { hingeDiscriminatorLoss, hingeGeneratorLoss, hingeLoss } from '../../src/losses/hinge.js';
import { builtInLossContract } from './contract.js';
import { hinge } from './hand_formulas.js';

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
  expectedGenerator: hinge.generator,
  expectedDiscriminator: hinge.discriminator,
});
