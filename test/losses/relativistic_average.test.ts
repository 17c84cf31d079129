import {
  relativisticAverageDiscriminatorLoss,
  relativisticAverageGeneratorLoss,
  relativisticAverageLoss,
} from '../../src/losses/relativistic_average.js';
import { builtInLossContract, mean, softplus } from './contract.js';

// Jolicoeur-Martineau 2018, RaSGAN (with the standard GAN's −log σ), batch means m_r, m_f:
// D minimizes (1 − s)·softplus(−(r − m_f)) + s·softplus(r − m_f) + softplus(f − m_r);
// G minimizes softplus(−(f − m_r)) + softplus(r − m_f).
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
  expectedGenerator: (real, fake) => [
    fake.map((f) => softplus(-(f - mean(real)))),
    real.map((r) => softplus(r - mean(fake))),
  ],
  expectedDiscriminator: (real, fake, s) => [
    real.map((r) => (1 - s) * softplus(-(r - mean(fake))) + s * softplus(r - mean(fake))),
    fake.map((f) => softplus(f - mean(real))),
  ],
});
