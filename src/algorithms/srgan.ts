import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { GanLoss } from '../losses/gan_loss.js';
import { nonSaturatingLoss } from '../losses/non_saturating.js';
import { pixelL2Loss, type PixelLossInputs } from '../losses/pixel.js';
import { adam } from '../optimizers/optimizers.js';
import { OwnedOptimizers } from '../training/owned_optimizers.js';
import { trainableVariables } from '../training/checked_update.js';
import type { Batch, SampleShape } from '../training/data_source.js';
import type { GanAlgorithm, StepContext } from '../training/gan_algorithm.js';
import type { JsonObject, JsonValue } from '../training/json.js';
import {
  applyGenerator, checkGanLoss, checkModel, checkScalar, checkWeight, describeSampleShape, flatLogits, imagePair, sameSampleShape,
  sampleTranslations, shapeOf, type TranslateOptions, type TranslationSampleOptions,
} from './image_to_image.js';

/** The two networks of SRGAN. `srganGenerator` and `srganDiscriminator` build the paper's. */
export interface SrganModels {
  /** G: low-resolution images `[batch, h, w, c]` → high-resolution ones `[batch, r·h, r·w, c]`. */
  readonly generator: tfl.LayersModel;
  /** D: high-resolution images → logits `[batch, 1]` (or a patch map). */
  readonly discriminator: tfl.LayersModel;
}

/**
 * A content loss l_X of SRGAN: `{ target, generated }` → a scalar, with a name saved in the configuration. The
 * pixel MSE (`pixelL2Loss`, SRResNet's) or a feature distance made by `perceptualLoss` over any network (VGG's
 * features in the paper; the bundled MNIST classifier's for digits).
 */
export interface ContentLoss {
  /** Its name, recorded with the configuration: `'pixel-l2'`, `'mnist-features'`, … */
  readonly name: string;
  /** The loss: a scalar tensor from high-resolution targets and generated images of the same shape. */
  readonly loss: (inputs: PixelLossInputs) => tf.Tensor;
}

/** SRGAN's two stages: the content loss alone (SRResNet), then content + adversarial. */
export type SrganStage = 'pretrain' | 'adversarial';

/** Options of {@link Srgan}. */
export interface SrganOptions {
  /**
   * Steps of the first stage, on the content loss alone (the paper trains this SRResNet first and starts SRGAN from
   * it); D trains from then on. An integer ≥ 0. Default 0: adversarial from the first step.
   */
  readonly pretrainSteps?: number;
  /** The content loss l_X. Default `{ name: 'pixel-l2', loss: pixelL2Loss }`, the pixel MSE. */
  readonly content?: ContentLoss;
  /** The adversarial objective. Default {@link nonSaturatingLoss}() (the paper's −log D(G(x))). Any `GanLoss` works. */
  readonly loss?: GanLoss;
  /** The weight of the generator's adversarial term, a number ≥ 0. Default 1e-3 (the paper's). */
  readonly adversarialWeight?: number;
  /** G's optimizer. Default `adam(1e-4, 0.9)` (the paper's). */
  readonly generatorOptimizer?: tf.Optimizer;
  /** D's optimizer. Default `adam(1e-4, 0.9)`. */
  readonly discriminatorOptimizer?: tf.Optimizer;
}

/**
 * The scalars of one SRGAN step. In the adversarial stage there are two more, by name: `discriminatorLoss`,
 * L_D(D(y), D(G(x))), and `adversarialLoss`, L_G(D(G(x))) unweighted.
 */
export interface SrganScalars {
  readonly [name: string]: tf.Scalar;
  /** G's loss: l_X, plus w·L_G(D(G(x))) in the adversarial stage. */
  readonly generatorLoss: tf.Scalar;
  /** l_X(y, G(x)), unweighted. */
  readonly contentLoss: tf.Scalar;
}

const PIXEL_MSE: ContentLoss = { name: 'pixel-l2', loss: pixelL2Loss };

/**
 * SRGAN (Ledig et al. 2017, "Photo-Realistic Single Image Super-Resolution Using a Generative Adversarial Network",
 * arXiv 1609.04802): a generator that up-samples images, trained on pairs of low-resolution inputs x (field `a`) and
 * high-resolution targets y (field `b`) with the perceptual loss
 *
 *   l^SR = l_X(y, G(x)) + w·L_G(D(G(x))),   w = 10⁻³, L_G = −log σ(D(G(x))),
 *
 * where l_X is the content loss: the pixel MSE (SRResNet's) or a feature distance ‖φ(y) − φ(G(x))‖² over a fixed
 * network φ (`perceptualLoss`; VGG19 in the paper). Training has two stages, the algorithm's state:
 *
 * - `'pretrain'`, the first `pretrainSteps` steps: update G on l_X alone (the paper's SRResNet, which initialises SRGAN);
 * - `'adversarial'`: (1) update D: minimize L_D(D(y), D(G(x))), G(x) not back-propagated; (2) update G: minimize l^SR.
 *
 * `beforeStep` switches the stage at step `pretrainSteps`, and `state()` saves it. Both networks run in training mode.
 * The networks are `generator` and `discriminator`, the optimizers likewise; batches are paired records `{ a, b }`
 * (`loadPairedImages`, `loadMnistSuperResolutionPairs`).
 *
 * @example
 * ```ts
 * const models = {
 *   generator: srganGenerator({ imageShape: [14, 14, 1], scale: 2, blocks: 4, width: 32, seed: 1 }),
 *   discriminator: srganDiscriminator({ imageShape: [28, 28, 1], width: 32, stages: 2, denseUnits: 128, seed: 2 }),
 * };
 * const trainer = new GanTrainer(new Srgan(models, { pretrainSteps: 1000 }), { seed: 1 });
 * const { a: small, b: digits } = await loadMnistSuperResolutionPairs();
 * await trainer.fit({ a: small, b: digits }, { steps: 2000, batchSize: 16 });
 * ```
 */
export class Srgan implements GanAlgorithm<Batch, SrganScalars, TranslationSampleOptions> {
  readonly name = 'srgan';
  readonly batchesPerStep = 1;
  /** G and D, as given. */
  readonly models: SrganModels;
  /** Steps of the content-only stage. */
  readonly pretrainSteps: number;
  /** The content loss l_X. */
  readonly content: ContentLoss;
  /** The adversarial objective. */
  readonly loss: GanLoss;
  /** w, the weight of the generator's adversarial term. */
  readonly adversarialWeight: number;
  /** G's optimizer. */
  readonly generatorOptimizer: tf.Optimizer;
  /** D's optimizer. */
  readonly discriminatorOptimizer: tf.Optimizer;
  /** The shapes of a low-resolution input (`a`) and of a high-resolution target (`b`). */
  readonly sampleShape: {
    /** A low-resolution input. */
    readonly a: SampleShape;
    /** A high-resolution target. */
    readonly b: SampleShape;
  };
  /** The class named in error messages. */
  readonly label: string;
  private currentStage: SrganStage;
  private readonly ownedOptimizers = new OwnedOptimizers();

  /**
   * @param models - see {@link SrganModels}.
   * @param options - see {@link SrganOptions}.
   * @param label - the class named in error messages. Default `'Srgan'`.
   * @throws when D does not take G's output shape, or an option is out of range.
   */
  constructor(models: SrganModels, options: SrganOptions = {}, label = 'Srgan') {
    this.label = label;
    const generator = checkModel(models?.generator, 'models.generator', label);
    const discriminator = checkModel(models?.discriminator, 'models.discriminator', label);
    const [input, output] = [shapeOf(generator, 'inputs'), shapeOf(generator, 'outputs')];
    if (!sameSampleShape(shapeOf(discriminator, 'inputs'), output)) {
      throw new Error(`${label}: models.generator makes images of shape ${describeSampleShape(output)}, but models.discriminator takes ${describeSampleShape(shapeOf(discriminator, 'inputs'))}; build D for the high-resolution images.`);
    }
    const pretrainSteps = options.pretrainSteps ?? 0;
    if (!Number.isInteger(pretrainSteps) || pretrainSteps < 0) {
      throw new RangeError(`${label}: pretrainSteps must be an integer ≥ 0 (steps on the content loss alone), saw ${String(pretrainSteps)}.`);
    }
    const content = options.content ?? PIXEL_MSE;
    if (content === null || typeof content !== 'object' || typeof content.name !== 'string' || content.name === '' || typeof content.loss !== 'function') {
      throw new TypeError(`${label}: content must be { name, loss } with a non-empty name and a loss function of { target, generated }, e.g. { name: 'pixel-l2', loss: pixelL2Loss }.`);
    }
    this.models = { generator, discriminator };
    this.pretrainSteps = pretrainSteps;
    this.content = content;
    this.loss = checkGanLoss(options.loss ?? nonSaturatingLoss(), label);
    this.adversarialWeight = checkWeight(options.adversarialWeight, 'adversarialWeight', label, 1e-3);
    this.generatorOptimizer = options.generatorOptimizer ?? this.ownedOptimizers.adopt(adam(1e-4, 0.9));
    this.discriminatorOptimizer = options.discriminatorOptimizer ?? this.ownedOptimizers.adopt(adam(1e-4, 0.9));
    this.sampleShape = { a: input, b: output };
    this.currentStage = pretrainSteps > 0 ? 'pretrain' : 'adversarial';
  }

  /** The current stage: `'pretrain'` (content loss alone) or `'adversarial'`. */
  get stage(): SrganStage {
    return this.currentStage;
  }

  /** `generator` and `discriminator`. */
  get networks(): Readonly<Record<string, tfl.LayersModel>> {
    return { generator: this.models.generator, discriminator: this.models.discriminator };
  }

  /** `generator` and `discriminator`. */
  get optimizers(): Readonly<Record<string, tf.Optimizer>> {
    return { generator: this.generatorOptimizer, discriminator: this.discriminatorOptimizer };
  }

  /** Enters the adversarial stage at step `pretrainSteps`. */
  beforeStep(step: number): void {
    this.currentStage = step < this.pretrainSteps ? 'pretrain' : 'adversarial';
  }

  /** One step of the current stage (see the class documentation). */
  trainStep([batch]: readonly Batch[], { minimize }: StepContext): SrganScalars {
    const { a: x, b: y } = imagePair(batch!, `${this.label}.fit`);
    const { generator: G, discriminator: D } = this.models;
    const adversarial = this.currentStage === 'adversarial';
    // (1) Update D (adversarial stage): real high-resolution images against G's.
    let discriminatorLoss: tf.Scalar | undefined;
    if (adversarial) {
      const generated = G.apply(x, { training: true }) as tf.Tensor;
      discriminatorLoss = minimize('discriminator', () => checkScalar(
        this.loss.discriminatorLoss({ realLogits: flatLogits(D, y, true), fakeLogits: flatLogits(D, generated, true) }),
        `discriminatorLoss of loss '${this.loss.name}'`, this.label,
      ), trainableVariables(D));
      generated.dispose();
    }
    // (2) Update G: the content loss, plus the weighted adversarial term in the adversarial stage.
    let parts: { contentLoss: tf.Scalar; adversarialLoss?: tf.Scalar } | undefined;
    const generatorLoss = minimize('generator', () => {
      const output = G.apply(x, { training: true }) as tf.Tensor;
      const contentLoss = checkScalar(this.content.loss({ target: y, generated: output }), `the content loss '${this.content.name}'`, this.label);
      if (!adversarial) {
        parts = { contentLoss: tf.keep(contentLoss) };
        return contentLoss;
      }
      const fakeLogits = flatLogits(D, output, true);
      const inputs = this.loss.generatorNeedsRealLogits === true ? { fakeLogits, realLogits: flatLogits(D, y, true) } : { fakeLogits };
      const adversarialLoss = checkScalar(this.loss.generatorLoss(inputs), `generatorLoss of loss '${this.loss.name}'`, this.label);
      parts = { contentLoss: tf.keep(contentLoss), adversarialLoss: tf.keep(adversarialLoss) };
      return tf.add(contentLoss, tf.mul(this.adversarialWeight, adversarialLoss)) as tf.Scalar;
    }, trainableVariables(G));
    return { generatorLoss, ...parts!, ...(discriminatorLoss === undefined ? {} : { discriminatorLoss }) };
  }

  /**
   * G(x): the images up-sampled, in inference mode (BatchNorm's moving statistics) unless `options.training`.
   *
   * @returns a new tensor `[n, r·h, r·w, c]`; the caller disposes it.
   */
  upscale(images: tf.Tensor, options: TranslateOptions = {}): tf.Tensor {
    return applyGenerator(this.models.generator, images, options, `${this.label}.upscale`);
  }

  /** G of the first n of `options.inputs`. */
  sample(n: number, options?: TranslationSampleOptions): tf.Tensor {
    return sampleTranslations(this.models.generator, n, options, `${this.label}.sample`);
  }

  /** The content loss's name, the loss, w and the stage boundary. */
  configuration(): JsonObject {
    return { content: this.content.name, loss: this.loss.name, adversarialWeight: this.adversarialWeight, pretrainSteps: this.pretrainSteps };
  }

  /** `{ stage }`. */
  state(): JsonValue {
    return { stage: this.currentStage };
  }

  /** Restores the stage saved by {@link Srgan.state}. */
  restoreState(state: JsonValue): void {
    const stage = (state as { stage?: unknown } | null)?.stage;
    if (stage !== 'pretrain' && stage !== 'adversarial') {
      throw new Error(`${this.label}.restoreState: expected { stage: 'pretrain' | 'adversarial' } saved by an Srgan, saw ${JSON.stringify(state)}.`);
    }
    this.currentStage = stage;
  }

  /** Releases the optimizers this algorithm created; the networks stay the caller's. */
  dispose(): void {
    this.ownedOptimizers.dispose();
  }
}
