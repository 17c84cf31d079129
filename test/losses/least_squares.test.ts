import { leastSquaresDiscriminatorLoss, leastSquaresGeneratorLoss, leastSquaresLoss } from '../../src/losses/least_squares.js';
import { builtInLossContract, type HandFormula } from './contract.js';

// Mao et al. 2017, on raw logits: D minimizes ½(r − b)² + ½(f − a)², G minimizes ½(f − c)².
const discriminator =
  (a: number, b: number): HandFormula =>
  (real, fake) => [real.map((r) => 0.5 * (r - b) ** 2), fake.map((f) => 0.5 * (f - a) ** 2)];
const generator =
  (c: number): HandFormula =>
  (_real, fake) => [fake.map((f) => 0.5 * (f - c) ** 2)];

builtInLossContract({
  name: 'least-squares',
  factory: leastSquaresLoss,
  factoryName: 'leastSquaresLoss',
  generatorLoss: leastSquaresGeneratorLoss,
  generatorLossName: 'leastSquaresGeneratorLoss',
  discriminatorLoss: leastSquaresDiscriminatorLoss,
  discriminatorLossName: 'leastSquaresDiscriminatorLoss',
  generatorNeedsRealLogits: false,
  supportsLabelSmoothing: false,
  expectedGenerator: generator(1),
  expectedDiscriminator: discriminator(0, 1),
  optionCases: [
    // The Pearson χ² setting of the paper (b − c = 1, b − a = 2): a = −1, b = 1, c = 0.
    {
      options: { fakeTarget: -1, realTarget: 1, generatorTarget: 0 },
      expectedGenerator: generator(0),
      expectedDiscriminator: discriminator(-1, 1),
    },
    // A softened real target, and only one target given.
    { options: { realTarget: 0.9 }, expectedGenerator: generator(1), expectedDiscriminator: discriminator(0, 0.9) },
  ],
  badOptions: [
    { options: { realTarget: Number.NaN }, mentions: 'realTarget' },
    { options: { fakeTarget: Number.POSITIVE_INFINITY }, mentions: 'fakeTarget' },
    { options: { generatorTarget: '1' }, mentions: 'generatorTarget' },
  ],
});
