import * as tf from '@tensorflow/tfjs-core';
import type { DiscriminatorLossInputs, GanLoss, GeneratorLossInputs, LossOptions } from './gan_loss.js';
import { checkDiscriminatorInputs, checkGeneratorInputsWithRealLogits } from './logits.js';
import { lossFromPair } from './loss_from_pair.js';
import { reduceTerms, resolveLossOptions } from './reduce.js';
import { sigmoidCrossEntropy } from './sigmoid_cross_entropy.js';

/**
 * The relativistic average generator loss (RaSGAN) of Jolicoeur-Martineau 2018, "The relativistic discriminator:
 * a key element missing from standard GAN" (arXiv 1807.00734), with the standard GAN's `f₁ = f₂ = −log σ`:
 *
 * ```
 * L_G = mean[softplus(−(f − mean(r)))] + mean[softplus(r − mean(f))]
 * ```
 *
 * where `r` and `f` are the logits on real and generated samples and the inner means are over the batch. Unlike the
 * other generator losses it needs the logits on real samples too (the loss's `generatorNeedsRealLogits` is `true`).
 *
 * @param inputs - `{ fakeLogits, realLogits }`: D(G(z)) and D(x), each of shape `[batch]` or `[batch, 1]`, float32;
 *   `realLogits` is required. The two batches may differ in size unless `reduction` is `'none'`.
 * @param options - `reduction` (default `'mean'`; the batch means inside the formula are taken whatever the
 *   reduction). `labelSmoothing` is accepted and, being one-sided, only changes the discriminator loss.
 * @returns A scalar, or per-example losses when `reduction` is `'none'`.
 */
export function relativisticAverageGeneratorLoss(inputs: GeneratorLossInputs, options?: LossOptions): tf.Tensor {
  const functionName = 'relativisticAverageGeneratorLoss';
  const { reduction } = resolveLossOptions(functionName, options);
  const { realLogits, fakeLogits } = checkGeneratorInputsWithRealLogits(functionName, inputs, reduction);
  return tf.tidy(() => {
    const { realVsFake, fakeVsReal } = relativisticLogits(realLogits, fakeLogits);
    return reduceTerms([sigmoidCrossEntropy(fakeVsReal, 1), sigmoidCrossEntropy(realVsFake, 0)], reduction);
  });
}

/**
 * The relativistic average discriminator loss (RaSGAN) of Jolicoeur-Martineau 2018, "The relativistic
 * discriminator: a key element missing from standard GAN" (arXiv 1807.00734), with `f₁ = f₂ = −log σ`:
 *
 * ```
 * L_D = mean[(1 − s)·softplus(−(r − mean(f))) + s·softplus(r − mean(f))] + mean[softplus(f − mean(r))]
 * ```
 *
 * where `r` and `f` are the logits on real and generated samples, the inner means are over the batch, and `s` is
 * the one-sided label smoothing (default `0`, giving `softplus(−(r − mean f)) + softplus(f − mean r)`).
 *
 * @param inputs - `{ realLogits, fakeLogits }`: D(x) and D(G(z)), each of shape `[batch]` or `[batch, 1]`, float32.
 *   The two batches may differ in size unless `reduction` is `'none'`.
 * @param options - `labelSmoothing` in `[0, 1)` (default `0`), `reduction` (default `'mean'`).
 * @returns A scalar, or per-example losses when `reduction` is `'none'`.
 */
export function relativisticAverageDiscriminatorLoss(
  inputs: DiscriminatorLossInputs,
  options?: LossOptions,
): tf.Tensor {
  const functionName = 'relativisticAverageDiscriminatorLoss';
  const { labelSmoothing, reduction } = resolveLossOptions(functionName, options);
  const { realLogits, fakeLogits } = checkDiscriminatorInputs(functionName, inputs, reduction);
  return tf.tidy(() => {
    const { realVsFake, fakeVsReal } = relativisticLogits(realLogits, fakeLogits);
    return reduceTerms(
      [sigmoidCrossEntropy(realVsFake, 1 - labelSmoothing), sigmoidCrossEntropy(fakeVsReal, 0)],
      reduction,
    );
  });
}

/** The relativistic average logits `r − mean(f)` and `f − mean(r)` (batch means). Call inside `tf.tidy`. */
function relativisticLogits(
  realLogits: tf.Tensor,
  fakeLogits: tf.Tensor,
): { readonly realVsFake: tf.Tensor; readonly fakeVsReal: tf.Tensor } {
  return {
    realVsFake: tf.sub(realLogits, tf.mean(fakeLogits)),
    fakeVsReal: tf.sub(fakeLogits, tf.mean(realLogits)),
  };
}

/**
 * The relativistic average standard GAN objective, RaSGAN (Jolicoeur-Martineau 2018, arXiv 1807.00734), as a
 * {@link GanLoss}: {@link relativisticAverageGeneratorLoss} and {@link relativisticAverageDiscriminatorLoss}. The
 * discriminator estimates how much more realistic real data is than the average fake, and the generator the
 * reverse. Its `generatorNeedsRealLogits` is `true`: the trainer evaluates the discriminator on a real batch during
 * the generator step too. Options are validated here, once.
 *
 * @param options - `labelSmoothing` in `[0, 1)` (default `0`), `reduction` (default `'mean'`).
 * @returns A frozen `GanLoss` named `'relativistic-average'`.
 * @example
 * ```ts
 * const trainer = new AdversarialTrainer(gan, { loss: relativisticAverageLoss() });
 * ```
 */
export function relativisticAverageLoss(options?: LossOptions): GanLoss {
  return lossFromPair(
    'relativistic-average',
    relativisticAverageGeneratorLoss,
    relativisticAverageDiscriminatorLoss,
    resolveLossOptions('relativisticAverageLoss', options),
    true,
  );
}
