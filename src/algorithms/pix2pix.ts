import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { GanLoss } from '../losses/gan_loss.js';
import { nonSaturatingLoss } from '../losses/non_saturating.js';
import { pixelL1Loss } from '../losses/pixel.js';
import { adam } from '../optimizers/optimizers.js';
import { OwnedOptimizers } from '../training/owned_optimizers.js';
import { trainableVariables } from '../training/checked_update.js';
import type { Batch, SampleShape } from '../training/data_source.js';
import type { GanAlgorithm, StepContext } from '../training/gan_algorithm.js';
import type { JsonObject } from '../training/json.js';
import {
  applyGenerator, checkGanLoss, checkModel, checkScalar, checkWeight, describeSampleShape, flatLogits, imagePair, sameSampleShape,
  sampleTranslations, shapeOf, type TranslateOptions, type TranslationSampleOptions,
} from './image_to_image.js';

/** The two networks of pix2pix. `unetGenerator` and `patchGanDiscriminator({ conditionChannels })` build the paper's. */
export interface Pix2PixModels {
  /** G: input images `[batch, …A]` → output images `[batch, …B]`; its dropout (active in training) is the noise. */
  readonly generator: tfl.LayersModel;
  /**
   * D: `[image, condition]` → logits, one per pair `[batch, 1]` or per patch `[batch, h', w', 1]`: it judges an
   * output image (`[batch, …B]`) together with its input image (`[batch, …A]`).
   */
  readonly discriminator: tfl.LayersModel;
}

/** Options of {@link Pix2Pix}; every field is optional and the defaults are the paper's. */
export interface Pix2PixOptions {
  /** The adversarial objective. Default {@link nonSaturatingLoss}() (the paper's log D form). Any `GanLoss` works. */
  readonly loss?: GanLoss;
  /** λ, the weight of the L1 term mean |y − G(x)|, a number ≥ 0. Default 100 (the paper's). */
  readonly l1Weight?: number;
  /** G's optimizer. Default `adam(2e-4, 0.5)` (the paper's). */
  readonly generatorOptimizer?: tf.Optimizer;
  /** D's optimizer. Default `adam(2e-4, 0.5)`. */
  readonly discriminatorOptimizer?: tf.Optimizer;
}

/** The scalars of one pix2pix step. */
export interface Pix2PixScalars {
  readonly [name: string]: tf.Scalar;
  /** ½·L_D(D(y, x), D(G(x), x)): the discriminator's halved objective. */
  readonly discriminatorLoss: tf.Scalar;
  /** L_G(D(G(x), x)) + λ·mean |y − G(x)|. */
  readonly generatorLoss: tf.Scalar;
  /** L_G(D(G(x), x)), unweighted. */
  readonly adversarialLoss: tf.Scalar;
  /** mean |y − G(x)|, unweighted. */
  readonly l1Loss: tf.Scalar;
}

/**
 * pix2pix (Isola, Zhu, Zhou & Efros 2017, "Image-to-Image Translation with Conditional Adversarial Networks",
 * arXiv 1611.07004): a conditional GAN on paired images. D judges pairs (input, output), so G must produce an output
 * that goes with its input; an L1 term pulls the output towards the paired target. Each step, on paired batches x
 * (inputs, field `a`) and y (targets, field `b`):
 *
 * 1. update D: minimize ½·L_D(D(y, x), D(G(x), x)), G(x) not back-propagated (the paper halves D's objective "to
 *    slow down the rate at which D learns relative to G");
 * 2. update G: minimize L_G(D(G(x), x)) + λ·mean |y − G(x)|, λ = 100.
 *
 * There is no latent vector: the noise is G's dropout (`unetGenerator`'s, active in training mode, with masks from
 * a saved seeded stream, so runs repeat and resume exactly). Both networks run in training mode; a PatchGAN's logit
 * map counts each patch as a sample. The networks are `generator` and `discriminator`, the optimizers likewise.
 * Batches are paired records `{ a, b }`, as `loadPairedImages` and `loadMnistEdgePairs` return them.
 *
 * @example
 * ```ts
 * const models = {
 *   generator: unetGenerator({ imageShape: [28, 28, 1], width: 32, seed: 1 }),
 *   discriminator: patchGanDiscriminator({ imageShape: [28, 28, 1], conditionChannels: 1, layers: 1, width: 32, seed: 2 }),
 * };
 * const trainer = new GanTrainer(new Pix2Pix(models), { seed: 1 });
 * const { a: edges, b: digits } = await loadMnistEdgePairs();
 * await trainer.fit({ a: edges, b: digits }, { steps: 2000, batchSize: 16 });
 * ```
 */
export class Pix2Pix implements GanAlgorithm<Batch, Pix2PixScalars, TranslationSampleOptions> {
  readonly name = 'pix2pix';
  readonly batchesPerStep = 1;
  /** G and D, as given. */
  readonly models: Pix2PixModels;
  /** The adversarial objective. */
  readonly loss: GanLoss;
  /** λ, the weight of the L1 term. */
  readonly l1Weight: number;
  /** G's optimizer. */
  readonly generatorOptimizer: tf.Optimizer;
  /** D's optimizer. */
  readonly discriminatorOptimizer: tf.Optimizer;
  /** The shapes of an input (`a`) and of a target (`b`). */
  readonly sampleShape: {
    /** An input. */
    readonly a: SampleShape;
    /** A target. */
    readonly b: SampleShape;
  };
  /** The class named in error messages. */
  readonly label: string;
  private readonly ownedOptimizers = new OwnedOptimizers();

  /**
   * @param models - see {@link Pix2PixModels}.
   * @param options - see {@link Pix2PixOptions}.
   * @param label - the class named in error messages. Default `'Pix2Pix'`.
   * @throws when D does not take `[output, input]` of G's shapes, or an option is out of range.
   */
  constructor(models: Pix2PixModels, options: Pix2PixOptions = {}, label = 'Pix2Pix') {
    this.label = label;
    const generator = checkModel(models?.generator, 'models.generator', label);
    const discriminator = checkModel(models?.discriminator, 'models.discriminator', label);
    const [input, output] = [shapeOf(generator, 'inputs'), shapeOf(generator, 'outputs')];
    const judged = [shapeOf(discriminator, 'inputs', 0), shapeOf(discriminator, 'inputs', 1)];
    if (discriminator.inputs.length !== 2 || !sameSampleShape(judged[0]!, output) || !sameSampleShape(judged[1]!, input)) {
      const seen = discriminator.inputs.map((t) => describeSampleShape(t.shape.slice(1))).join(' and ');
      throw new Error(
        `${label}: models.discriminator must take [image ${describeSampleShape(output)}, condition ${describeSampleShape(input)}] (G's output and input), ` +
          `but takes ${seen}; build it with patchGanDiscriminator({ imageShape, conditionChannels }).`,
      );
    }
    this.models = { generator, discriminator };
    this.loss = checkGanLoss(options.loss ?? nonSaturatingLoss(), label);
    this.l1Weight = checkWeight(options.l1Weight, 'l1Weight', label, 100);
    this.generatorOptimizer = options.generatorOptimizer ?? this.ownedOptimizers.adopt(adam(2e-4, 0.5));
    this.discriminatorOptimizer = options.discriminatorOptimizer ?? this.ownedOptimizers.adopt(adam(2e-4, 0.5));
    this.sampleShape = { a: input, b: output };
  }

  /** `generator` and `discriminator`. */
  get networks(): Readonly<Record<string, tfl.LayersModel>> {
    return { generator: this.models.generator, discriminator: this.models.discriminator };
  }

  /** `generator` and `discriminator`. */
  get optimizers(): Readonly<Record<string, tf.Optimizer>> {
    return { generator: this.generatorOptimizer, discriminator: this.discriminatorOptimizer };
  }

  /** One step: (1) D on real and generated pairs, (2) G (see the class documentation). */
  trainStep([batch]: readonly Batch[], { minimize }: StepContext): Pix2PixScalars {
    const { a: x, b: y } = imagePair(batch!, `${this.label}.fit`);
    const { generator: G, discriminator: D } = this.models;
    const judge = (output: tf.Tensor) => flatLogits(D, [output, x], true);
    // (1) Update D: real pairs (y, x) against generated pairs (G(x), x), halved.
    const generated = G.apply(x, { training: true }) as tf.Tensor;
    const discriminatorLoss = minimize('discriminator', () => {
      const value = checkScalar(this.loss.discriminatorLoss({ realLogits: judge(y), fakeLogits: judge(generated) }), `discriminatorLoss of loss '${this.loss.name}'`, this.label);
      return tf.mul(0.5, value) as tf.Scalar;
    }, trainableVariables(D));
    generated.dispose();
    // (2) Update G: fool D on the pair and stay near the target in L1.
    let parts: { adversarialLoss: tf.Scalar; l1Loss: tf.Scalar } | undefined;
    const generatorLoss = minimize('generator', () => {
      const output = G.apply(x, { training: true }) as tf.Tensor;
      const fakeLogits = judge(output);
      const inputs = this.loss.generatorNeedsRealLogits === true ? { fakeLogits, realLogits: judge(y) } : { fakeLogits };
      const adversarialLoss = checkScalar(this.loss.generatorLoss(inputs), `generatorLoss of loss '${this.loss.name}'`, this.label);
      const l1Loss = pixelL1Loss({ target: y, generated: output }) as tf.Scalar;
      parts = { adversarialLoss: tf.keep(adversarialLoss), l1Loss: tf.keep(l1Loss) };
      return tf.add(adversarialLoss, tf.mul(this.l1Weight, l1Loss)) as tf.Scalar;
    }, trainableVariables(G));
    return { discriminatorLoss, generatorLoss, ...parts! };
  }

  /**
   * G(x) for input images x, in inference mode (moving statistics, no dropout) unless `options.training`: the
   * paper's authors keep dropout and batch statistics at test time, which `{ training: true }` does.
   *
   * @returns a new tensor; the caller disposes it.
   */
  translate(images: tf.Tensor, options: TranslateOptions = {}): tf.Tensor {
    return applyGenerator(this.models.generator, images, options, `${this.label}.translate`);
  }

  /** G of the first n of `options.inputs`. */
  sample(n: number, options?: TranslationSampleOptions): tf.Tensor {
    return sampleTranslations(this.models.generator, n, options, `${this.label}.sample`);
  }

  /** The loss and λ. */
  configuration(): JsonObject {
    return { loss: this.loss.name, l1Weight: this.l1Weight };
  }

  /** Releases the optimizers this algorithm created; the networks stay the caller's. */
  dispose(): void {
    this.ownedOptimizers.dispose();
  }
}
