import type * as tf from '@tensorflow/tfjs-core';
import type { JsonObject, JsonValue } from '../training/json.js';
import { SeededRandom } from '../utils/random.js';
import { AdaController, type AdaControllerOptions, type AdaControllerState } from './ada_controller.js';
import type { Augmentation } from './augmentation.js';

/**
 * The `augment` option of a GAN algorithm (`UnconditionalGan`, `ConditionalGan`, `ProGanAlgorithm`,
 * `StyleGan2Algorithm`): which {@link Augmentation} every image the discriminator sees goes through, and its
 * probability p — fixed (DiffAugment) or steered by ADA's over-fitting heuristic.
 */
export interface AugmentOptions {
  /** The augmentation, e.g. `diffAugment()` or `adaAugment()`, or your own. */
  readonly augmentation: Augmentation;
  /** A fixed probability p in [0, 1] with which each sample gets each transformation. Default 1 (DiffAugment's). Not with `ada`. */
  readonly p?: number;
  /**
   * Steer p adaptively (Karras et al. 2020, arXiv 2006.06676): an {@link AdaController}, or the options of a new one.
   * Its state — p, the image count, the history — is part of the algorithm's state, so checkpoints keep it.
   */
  readonly ada?: AdaController | AdaControllerOptions;
}

/** The part of {@link DiscriminatorAugmentation.state} that the algorithm saves with its snapshots. */
export interface DiscriminatorAugmentationState {
  readonly [key: string]: JsonValue;
  /** The augmentation's name (checked on restore). */
  readonly augmentation: string;
  /** The ADA controller's state, or `null` for a fixed p. */
  readonly ada: JsonValue;
}

/**
 * An augmentation applied before a GAN's discriminator, with its probability: differentiable augmentation as
 * DiffAugment (Zhao et al. 2020, arXiv 2006.10738) and ADA (Karras et al. 2020, arXiv 2006.06676) use it — the same
 * kind of random transformations applied to real and to generated images, in the discriminator's update and in the
 * generator's, so D never sees an image exactly as it is stored and G still receives gradients through them.
 *
 * With ADA, {@link DiscriminatorAugmentation.observe} feeds D's logits on each (augmented) real batch to the
 * {@link AdaController}, which moves p toward r_t = E[sign(D(x_real))] = target.
 *
 * The transformations' parameters are drawn from a stream of their own for each step, seeded by the trainer's stream
 * as it stands when the step begins (without drawing from it): the same run gives the same augmentations, a resumed
 * run continues them, and the trainer's own draws (latents, batch order) are those of the same run without
 * augmentation — so at p = 0 a step is the step without augmentation, bit for bit.
 *
 * GAN algorithms build it from their `augment` option; a custom algorithm can use it directly.
 *
 * @example
 * ```ts
 * const augment = new DiscriminatorAugmentation({ augmentation: adaAugment(), ada: { speedImages: 20_000 } });
 * // in a step: const apply = augment.forStep(context.random); D(apply(x)), D(apply(G(z))); augment.observe(realLogits)
 * ```
 */
export class DiscriminatorAugmentation {
  /** The augmentation applied. */
  readonly augmentation: Augmentation;
  /** The ADA controller steering p, or `undefined` for a fixed p. */
  readonly ada: AdaController | undefined;
  private readonly fixedP: number;

  /**
   * @param options - see {@link AugmentOptions}.
   * @throws Error naming the option when the augmentation is not one, p is outside [0, 1], or both p and ada are given.
   */
  constructor(options: AugmentOptions) {
    const { augmentation, p, ada } = options ?? ({} as Partial<AugmentOptions>);
    if (typeof augmentation?.apply !== 'function' || typeof augmentation.name !== 'string') {
      throw new TypeError(`augment.augmentation must be an Augmentation ({ name, apply(images, { p, random }) }, e.g. diffAugment() or adaAugment()), but got ${String(augmentation)}.`);
    }
    if (p !== undefined && ada !== undefined) {
      throw new Error(`augment: give a fixed p or ada (an adaptive p), not both; saw p = ${String(p)} and ada.`);
    }
    if (p !== undefined && (typeof p !== 'number' || !(p >= 0 && p <= 1))) {
      throw new RangeError(`augment.p must be a number in [0, 1] (the probability of each transformation), but got ${String(p)}.`);
    }
    this.augmentation = augmentation;
    this.fixedP = p ?? 1;
    this.ada = ada === undefined ? undefined : ada instanceof AdaController ? ada : new AdaController(ada);
  }

  /** The probability p in force: the controller's with ADA, else the fixed one. */
  get p(): number {
    return this.ada?.p ?? this.fixedP;
  }

  /**
   * The augmentation of one training step: a function that augments an image batch `[n, h, w, c]` with the current
   * p, its parameters drawn from the step's own stream (seeded by `random`'s current state, which it leaves as it
   * is). Call it at the beginning of the step, before drawing from `random`; it returns new tensors (gradients flow
   * through them to the images).
   */
  forStep(random: SeededRandom): (images: tf.Tensor) => tf.Tensor {
    const stream = new SeededRandom(`augment/${JSON.stringify(random.state())}`);
    return (images) => this.augmentation.apply(images as tf.Tensor4D, { p: this.p, random: stream });
  }

  /**
   * Records D's logits on an augmented real batch: with ADA, the controller's r_t and p follow them (a read-back of
   * the logits); with a fixed p nothing happens.
   */
  observe(realLogits: tf.Tensor): void {
    this.ada?.observe(realLogits);
  }

  /** The settings a snapshot must have been taken with: the augmentation's name and the fixed p, or ADA's options. */
  configuration(): JsonObject {
    return this.ada === undefined
      ? { augmentation: this.augmentation.name, p: this.fixedP }
      : { augmentation: this.augmentation.name, ada: { ...this.ada.options } };
  }

  /** The state that changes in training: ADA's p, image count and history (`null` with a fixed p). */
  state(): DiscriminatorAugmentationState {
    return { augmentation: this.augmentation.name, ada: this.ada === undefined ? null : (this.ada.state() as unknown as JsonValue) };
  }

  /**
   * Restores what {@link DiscriminatorAugmentation.state} returned, so that a resumed run continues with the same p.
   *
   * @throws Error when the state is of another augmentation, or of ADA where this one has a fixed p (or the reverse).
   */
  restoreState(state: JsonValue): void {
    const s = state as Partial<DiscriminatorAugmentationState> | null;
    if (s === null || typeof s !== 'object' || s.augmentation !== this.augmentation.name) {
      throw new Error(`augment: the saved state is of the augmentation '${String(s?.augmentation)}', but this one is '${this.augmentation.name}'; restore into an algorithm with the same augment option.`);
    }
    if ((s.ada === null) !== (this.ada === undefined)) {
      throw new Error(`augment: the saved state ${s.ada === null ? 'has a fixed p' : 'is adaptive (ADA)'}, but this augmentation ${this.ada === undefined ? 'has a fixed p' : 'is adaptive'}; restore into an algorithm with the same augment option.`);
    }
    if (this.ada !== undefined) this.ada.restore(s.ada as unknown as AdaControllerState);
  }
}
