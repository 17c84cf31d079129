import { leastSquaresDiscriminatorLoss, leastSquaresGeneratorLoss, leastSquaresLoss } from '../../src/losses/least_squares.js';
import { builtInLossContract } from './contract.js';
import { leastSquares } from './hand_formulas.js';

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
  expectedGenerator: leastSquares().generator,
  expectedDiscriminator: leastSquares().discriminator,
  optionCases: [
    // The Pearson χ² setting of the paper (b − c = 1, b − a = 2): a = −1, b = 1, c = 0.
    {
      options: { fakeTarget: -1, realTarget: 1, generatorTarget: 0 },
      expectedGenerator: leastSquares(-1, 1, 0).generator,
      expectedDiscriminator: leastSquares(-1, 1, 0).discriminator,
    },
    // A softened real target, and only one target given.
    {
      options: { realTarget: 0.9 },
      expectedGenerator: leastSquares(0, 0.9, 1).generator,
      expectedDiscriminator: leastSquares(0, 0.9, 1).discriminator,
    },
  ],
  badOptions: [
    { options: { realTarget: Number.NaN }, mentions: 'realTarget' },
    { options: { fakeTarget: Number.POSITIVE_INFINITY }, mentions: 'fakeTarget' },
    { options: { generatorTarget: '1' }, mentions: 'generatorTarget' },
  ],
});
