import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { SeededRandom } from '../utils/random.js';

/** What a discriminator regularizer is computed from, inside the discriminator's update. */
export interface RegularizerInputs {
  /** The discriminator being updated (call it in training mode: `discriminator.apply(x, { training: true })`). */
  readonly discriminator: tfl.LayersModel;
  /** The real batch of this update. */
  readonly real: tf.Tensor;
  /** The generated batch of this update (already detached from the generator). */
  readonly fake: tf.Tensor;
  /** D(x) on `real`, as computed for the loss. */
  readonly realLogits: tf.Tensor;
  /** D(G(z)) on `fake`, as computed for the loss. */
  readonly fakeLogits: tf.Tensor;
  /** The trainer's seeded random stream, for any random draw the penalty needs (for instance interpolation weights). */
  readonly random: SeededRandom;
  /** The generator step being trained (0-based). */
  readonly step: number;
}

/**
 * A penalty added to the discriminator's loss: `L_D ← L_D + weight · penalty`, as in WGAN-GP, R1/R2 and DRAGAN.
 * Regularizers compose with any {@link GanLoss}; the trainer applies each one on the steps where
 * `step % every === 0` (lazy regularization, Karras et al. 2020, arXiv 1912.04958), scaling it by `every` there
 * so that its average strength does not change.
 */
export interface DiscriminatorRegularizer {
  /** A short identifier used in logs. */
  readonly name: string;
  /**
   * λ, the penalty's weight (≥ 0): the trainer starts from it; `setRegularizerWeight` and `regularizerWeightSchedule`
   * change the trainer's current weight, never this object.
   */
  readonly weight: number;
  /** Apply every n generator steps (lazy regularization). Default 1. */
  readonly every?: number;
  /** The unweighted penalty, a scalar. */
  penalty(inputs: RegularizerInputs): tf.Tensor;
}
