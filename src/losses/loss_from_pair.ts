import type * as tf from '@tensorflow/tfjs-core';
import type { DiscriminatorLossInputs, GanLoss, GeneratorLossInputs } from './gan_loss.js';

/**
 * Binds a generator/discriminator loss pair to already-validated options and returns it as a frozen
 * {@link GanLoss}. Every built-in factory (`minimaxLoss`, `hingeLoss`, …) is this function applied to its pair.
 *
 * @param name - The loss's identifier, e.g. `'minimax'`.
 * @param generatorLoss - The generator loss function, called as `generatorLoss(inputs, options)`.
 * @param discriminatorLoss - The discriminator loss function, called as `discriminatorLoss(inputs, options)`.
 * @param options - The validated options; frozen here so later changes cannot reach the loss.
 * @param generatorNeedsRealLogits - Whether `generatorLoss` reads `realLogits` (relativistic losses). Default `false`.
 */
export function lossFromPair<O extends object>(
  name: string,
  generatorLoss: (inputs: GeneratorLossInputs, options: O) => tf.Tensor,
  discriminatorLoss: (inputs: DiscriminatorLossInputs, options: O) => tf.Tensor,
  options: O,
  generatorNeedsRealLogits = false,
): GanLoss {
  const bound = Object.freeze({ ...options });
  return Object.freeze({
    name,
    generatorNeedsRealLogits,
    generatorLoss: (inputs: GeneratorLossInputs) => generatorLoss(inputs, bound),
    discriminatorLoss: (inputs: DiscriminatorLossInputs) => discriminatorLoss(inputs, bound),
  });
}
