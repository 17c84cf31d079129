import {
  relativisticAverageDiscriminatorLoss,
  relativisticAverageGeneratorLoss,
  relativisticAverageLoss,
} from '../../src/losses/relativistic_average.js';
import { builtInLossContract } from './contract.js';
import { relativisticAverage } from './hand_formulas.js';

builtInLossContract({
  name: 'relativistic-average',
  factory: relativisticAverageLoss,
  factoryName: 'relativisticAverageLoss',
  generatorLoss: relativisticAverageGeneratorLoss,
  generatorLossName: 'relativisticAverageGeneratorLoss',
  discriminatorLoss: relativisticAverageDiscriminatorLoss,
  discriminatorLossName: 'relativisticAverageDiscriminatorLoss',
  generatorNeedsRealLogits: true,
  supportsLabelSmoothing: true,
  expectedGenerator: relativisticAverage.generator,
  expectedDiscriminator: relativisticAverage.discriminator,
});
