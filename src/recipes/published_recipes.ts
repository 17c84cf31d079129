import type * as tfl from '@tensorflow/tfjs-layers';
import { adam, rmsprop } from '../optimizers/optimizers.js';
import { hingeLoss } from '../losses/hinge.js';
import { wassersteinLoss } from '../losses/wasserstein.js';
import { gradientPenaltyRegularizer } from '../regularizers/gradient_penalty.js';
import { orthogonalRegularizer } from '../regularizers/orthogonal_regularization.js';
import type { AdversarialTrainerOptions } from '../trainers/adversarial_trainer.js';

/**
 * Trainer options of a published recipe, plus what the recipe asks of the discriminator's architecture
 * (pass it to a builder, e.g. `new DCGAN({ imageShape, discriminatorNormalization })`).
 */
export interface GanRecipe extends AdversarialTrainerOptions {
  /** A short identifier. */
  readonly name: string;
  /** The discriminator normalization the paper uses. */
  readonly discriminatorNormalization: 'batch' | 'spectral' | 'none';
}

/**
 * WGAN (Arjovsky, Chintala and Bottou 2017, arXiv 1701.07875, Algorithm 1): the Wasserstein loss, RMSProp with
 * learning rate 5e-5 for both networks, weights of the critic clipped to [−0.01, 0.01] after every update,
 * 5 critic updates per generator update; a critic with batch normalization, as in the paper's DCGAN critic.
 * Each call makes fresh optimizers.
 *
 * @example
 * ```ts
 * const { discriminatorNormalization, ...options } = wganRecipe();
 * const trainer = new AdversarialTrainer(new DCGAN({ imageShape: [28, 28, 1], discriminatorNormalization }), options);
 * ```
 */
export function wganRecipe(): GanRecipe {
  return {
    name: 'wgan',
    loss: wassersteinLoss(),
    generatorOptimizer: rmsprop(5e-5),
    discriminatorOptimizer: rmsprop(5e-5),
    discriminatorSteps: 5,
    weightClip: 0.01,
    discriminatorNormalization: 'batch',
  };
}

/**
 * WGAN-GP (Gulrajani et al. 2017, arXiv 1704.00028, Algorithm 1): the Wasserstein loss with the gradient penalty
 * λ·E[(‖∇D(x̂)‖₂ − 1)²], λ = 10, x̂ uniformly between real and generated samples; Adam(1e-4, β₁ = 0, β₂ = 0.9) for
 * both networks; 5 critic updates per generator update; no batch normalization in the critic.
 * Each call makes fresh optimizers.
 */
export function wganGpRecipe(): GanRecipe {
  return {
    name: 'wgan-gp',
    loss: wassersteinLoss(),
    regularizers: [gradientPenaltyRegularizer({ weight: 10 })],
    generatorOptimizer: adam(1e-4, 0, 0.9),
    discriminatorOptimizer: adam(1e-4, 0, 0.9),
    discriminatorSteps: 5,
    discriminatorNormalization: 'none',
  };
}

/**
 * SNGAN (Miyato et al. 2018, arXiv 1802.05957): spectral normalization in every discriminator layer (one power
 * iteration per update, u kept across updates) and the hinge loss; Adam(2e-4, β₁ = 0.5, β₂ = 0.999) with one
 * discriminator update per generator update, the paper's setting for its standard CNN (Table 1, setting C uses
 * β₁ = 0.5, β₂ = 0.999, n_dis = 1). Each call makes fresh optimizers.
 */
export function snganRecipe(): GanRecipe {
  return {
    name: 'sngan',
    loss: hingeLoss(),
    generatorOptimizer: adam(2e-4, 0.5, 0.999),
    discriminatorOptimizer: adam(2e-4, 0.5, 0.999),
    discriminatorSteps: 1,
    discriminatorNormalization: 'spectral',
  };
}

/**
 * SAGAN (Zhang et al. 2018, arXiv 1805.08318, §5): the hinge loss and the two time-scale update rule (Heusel et al.
 * 2017, arXiv 1706.08500): Adam with β₁ = 0, β₂ = 0.9 and learning rates 1e-4 for G and 4e-4 for D, one
 * discriminator update per generator update; spectral normalization in both networks, which the {@link SAGAN}
 * builder applies (`discriminatorNormalization` says so for builders that take it). Each call makes fresh optimizers.
 *
 * @example
 * ```ts
 * const { discriminatorNormalization, ...options } = saganRecipe();
 * const trainer = new AdversarialTrainer(new SAGAN({ imageShape: [32, 32, 3] }), options);
 * ```
 */
export function saganRecipe(): GanRecipe {
  return {
    name: 'sagan',
    loss: hingeLoss(),
    generatorOptimizer: adam(1e-4, 0, 0.9),
    discriminatorOptimizer: adam(4e-4, 0, 0.9),
    discriminatorSteps: 1,
    discriminatorNormalization: 'spectral',
  };
}

/**
 * BigGAN (Brock, Donahue and Simonyan 2018, arXiv 1809.11096, §3 and appendix B): the hinge loss; Adam with β₁ = 0,
 * β₂ = 0.999 and learning rates 5e-5 for G and 2e-4 for D (a two time-scale update); two discriminator updates per
 * generator update; orthogonal regularization of G with β = 1e-4 ({@link orthogonalRegularizer}); an exponential
 * moving average of G's weights with decay 0.9999 from step 20,000 (before it, a copy). Spectral normalization in both
 * networks is the {@link BigGAN} builder's. Sample the EMA generator after {@link standingStatistics}, with
 * {@link truncatedLatents}. The EMA schedule is the paper's for runs of 100,000s of steps: for a short run, override
 * it (`{ ...bigganRecipe(gan.generator), ema: { decay: 0.999 } }`). Each call makes fresh optimizers.
 *
 * @param generator - the generator the orthogonal regularizer penalizes: the one the trainer will train.
 * @example
 * ```ts
 * const gan = new BigGAN({ imageShape: [32, 32, 3], classes: 9, width: 64 });
 * const { discriminatorNormalization, ...options } = bigganRecipe(gan.generator);
 * const trainer = new ConditionalTrainer(gan, options);
 * ```
 */
export function bigganRecipe(generator: tfl.LayersModel): GanRecipe {
  return {
    name: 'biggan',
    loss: hingeLoss(),
    generatorOptimizer: adam(5e-5, 0, 0.999),
    discriminatorOptimizer: adam(2e-4, 0, 0.999),
    discriminatorSteps: 2,
    regularizers: [orthogonalRegularizer(generator, { weight: 1e-4 })],
    ema: { decay: 0.9999, startStep: 20000 },
    discriminatorNormalization: 'spectral',
  };
}
