import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { SeededRandom } from '../utils/random.js';

/**
 * The discriminator as a function of its sample input alone: x ↦ D(x, c) in training mode, logits `[batch, 1]`, with
 * the conditioning c (class labels, …) fixed. A penalty on ∇ₓ D differentiates it; for an unconditional
 * discriminator it is x ↦ D(x).
 */
export type Critic = (x: tf.Tensor) => tf.Tensor;

/** What a discriminator regularizer is computed from, inside the discriminator's update. */
export interface RegularizerInputs {
  /**
   * x ↦ D(x, c) with the real batch's conditioning c (its labels for a conditional discriminator): what penalties on
   * real data or on points near it differentiate (R1, WGAN-GP's interpolates, DRAGAN's perturbations).
   */
  readonly critic: Critic;
  /** x ↦ D(x, c̃) with the generated batch's conditioning c̃: what penalties on generated data differentiate (R2). */
  readonly fakeCritic: Critic;
  /**
   * The discriminator model itself. For a conditional discriminator it takes `[x, labels]`, so calling it with x
   * alone fails: use {@link RegularizerInputs.critic}.
   *
   * @deprecated Use `critic` (or `fakeCritic`), which works for conditional discriminators too.
   */
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

/** What every regularizer has: a name, a weight and a lazy interval. */
export interface RegularizerSettings {
  /** A short identifier used in logs and to address the regularizer (`setRegularizerWeight('r1', …)`). */
  readonly name: string;
  /**
   * λ, the penalty's weight (≥ 0): the trainer starts from it; `setRegularizerWeight` and `regularizerWeightSchedule`
   * change the trainer's current weight, never this object.
   */
  readonly weight: number;
  /** Apply every n generator steps (lazy regularization). Default 1. */
  readonly every?: number;
}

/**
 * A penalty added to the discriminator's loss: `L_D ← L_D + weight · penalty`, as in WGAN-GP, R1/R2 and DRAGAN.
 * Regularizers compose with any {@link GanLoss}; the trainer applies each one on the steps where
 * `step % every === 0` (lazy regularization, Karras et al. 2020, arXiv 1912.04958), scaling it by `every` there
 * so that its average strength does not change.
 */
export interface DiscriminatorRegularizer extends RegularizerSettings {
  /** Which network's loss it joins: the discriminator's (the default when absent). */
  readonly role?: 'discriminator';
  /** The unweighted penalty, a scalar. */
  penalty(inputs: RegularizerInputs): tf.Tensor;
}

/** What a generator regularizer is computed from, inside the generator's update. */
export interface GeneratorRegularizerInputs {
  /** z ↦ G(z, c) in training mode, with the step's conditioning c fixed: what a penalty on ∂G/∂z differentiates. */
  readonly generate: (latents: tf.Tensor) => tf.Tensor;
  /** The latent vectors z `[batch, latentDim]` of this update. */
  readonly latents: tf.Tensor;
  /** G(z) as computed for the loss. */
  readonly fake: tf.Tensor;
  /** The trainer's seeded random stream. */
  readonly random: SeededRandom;
  /** The generator step being trained (0-based). */
  readonly step: number;
}

/**
 * A penalty added to the generator's loss: `L_G ← L_G + weight · penalty`, such as StyleGAN2's path-length
 * regularizer (Karras et al. 2020, arXiv 1912.04958). Applied lazily like a {@link DiscriminatorRegularizer}.
 * A regularizer that keeps state between steps (a running mean) holds it in `variables`, which snapshots and
 * checkpoints save by name and restore.
 */
export interface GeneratorRegularizer extends RegularizerSettings {
  /** Which network's loss it joins: the generator's. */
  readonly role: 'generator';
  /** The regularizer's state as tensors by name (saved and restored with the trainer); absent when it has none. */
  readonly variables?: Readonly<Record<string, tf.Variable>>;
  /** The unweighted penalty, a scalar. */
  penalty(inputs: GeneratorRegularizerInputs): tf.Tensor;
}

/** Any regularizer: on the discriminator (the default) or on the generator. */
export type Regularizer = DiscriminatorRegularizer | GeneratorRegularizer;

/** The network a regularizer's penalty joins: `'generator'` or `'discriminator'`. */
export function roleOf(regularizer: Regularizer): 'discriminator' | 'generator' {
  return regularizer.role === 'generator' ? 'generator' : 'discriminator';
}
