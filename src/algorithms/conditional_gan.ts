import * as tf from '@tensorflow/tfjs-core';
import type { GanModels } from '../architectures/gan_models.js';
import { auxiliaryClassifierLoss } from '../losses/auxiliary_classifier.js';
import { isAlignedData, type Batch, type DataSource } from '../training/data_source.js';
import type { PrepareOptions } from '../training/gan_algorithm.js';
import type { JsonObject } from '../training/json.js';
import { SeededRandom } from '../utils/random.js';
import {
  UnconditionalGan, type CriticOutputs, type RealBatch, type SampleOptions, type UnconditionalGanOptions,
} from './unconditional_gan.js';

/** Options of {@link ConditionalGan} (and of `ConditionalTrainer`): those of {@link UnconditionalGan} and the class-loss settings. */
export interface ConditionalGanOptions extends UnconditionalGanOptions {
  /**
   * λ, the weight of AC-GAN's class loss (see `auxiliaryClassifierLoss`) in both networks' objectives; used only when
   * the discriminator has a class head (two outputs). A number ≥ 0, default 1 (as in Odena et al. 2017).
   */
  readonly classLossWeight?: number;
  /**
   * Whether D's class head also learns from generated samples (labelled with the classes they were asked for), as in
   * Odena et al. 2017. Default `true`. With `false` the head learns from real data only, so G cannot pull it towards
   * its own class-to-shape mapping early in training: the head's notion of a class stays that of the data.
   */
  readonly classLossOnGenerated?: boolean;
}

/** Options of {@link ConditionalGan.sample}. */
export interface ConditionalSampleOptions extends SampleOptions {
  /**
   * The class of each sample: one class for all (`7`), one per sample (`[0, 1, 2, …]` or an int tensor `[n]` /
   * `[n, 1]`). Default: uniform over the classes, from `seed` when given, else from the trainer's stream.
   */
  readonly labels?: number | readonly number[] | tf.Tensor;
}

/**
 * A class-conditional GAN (CGAN, Mirza & Osindero 2014, arXiv:1411.1784) with any `GanLoss` and any regularizers:
 * the step of {@link UnconditionalGan}, with class labels —
 *
 * 1. update D, k times, on real pairs (x, y) from the data and generated pairs (G(z, y'), y') with y' drawn
 *    uniformly over the classes: minimize L_D(D(x, y), D(G(z, y'), y')) [+ λ·(L_C(x, y) + L_C(G(z, y'), y')) for an
 *    AC-GAN discriminator] + Σ λ_r·penalty_r, each penalty differentiating x ↦ D(x, y) (R1 with a projection
 *    discriminator works as in the unconditional case);
 * 2. update G once on fresh z and y': minimize L_G(D(G(z, y'), y')) [+ λ·L_C(G(z, y'), y')].
 *
 * The models are those of the builders' `conditioning` option or any pair of the same form: G `[z, labels] → x`,
 * D `[x, labels] → logits [batch, 1]`, or D `x → [logits, class logits [batch, K]]` (AC-GAN, Odena et al. 2017,
 * arXiv:1610.09585; the class loss L_C is `auxiliaryClassifierLoss`). Labels are int32 `[batch, 1]`. The data are
 * `{ samples, labels }` (see `LabelledData`). `ConditionalTrainer` runs it.
 */
export class ConditionalGan extends UnconditionalGan {
  override readonly name: string = 'conditional-gan';
  /** The number of classes K. */
  readonly classes: number;
  /** λ of the AC-GAN class loss. */
  readonly classLossWeight: number;
  /** Whether D's class head learns from generated samples too (see {@link ConditionalGanOptions.classLossOnGenerated}). */
  readonly classLossOnGenerated: boolean;
  /** Whether D takes the labels as its second input (CGAN concat, projection) rather than predicting them (AC-GAN). */
  private readonly discriminatorTakesLabels: boolean;

  /**
   * @param models - `{ generator, discriminator, latentDim, classes }`, e.g. a builder built with `conditioning`.
   * @param options - see {@link ConditionalGanOptions}.
   * @param label - the trainer class named in error messages. Default `'ConditionalTrainer'`.
   */
  constructor(models: GanModels & { readonly classes?: number | undefined }, options: ConditionalGanOptions = {}, label = 'ConditionalTrainer') {
    const classes = models?.classes;
    if (typeof classes !== 'number' || !Number.isInteger(classes) || classes < 2) {
      throw new Error(`${label}: models.classes must be the number of classes (an integer ≥ 2), saw ${String(classes)}; build the models with the conditioning option.`);
    }
    const { generator, discriminator } = models;
    if (generator?.inputs?.length !== 2) {
      throw new Error(`${label}: the generator must take two inputs [z, labels], but takes ${generator?.inputs?.length ?? 'no'}; build it with the conditioning option.`);
    }
    const dInputs = discriminator?.inputs?.length;
    const dOutputs = discriminator?.outputs?.length;
    if (!((dInputs === 2 && dOutputs === 1) || (dInputs === 1 && dOutputs === 2))) {
      throw new Error(`${label}: the discriminator must map [x, labels] to logits, or x to [logits, class logits] (AC-GAN), but has ${dInputs} inputs and ${dOutputs} outputs.`);
    }
    const classLossWeight = options.classLossWeight ?? 1;
    if (typeof classLossWeight !== 'number' || !(classLossWeight >= 0) || !Number.isFinite(classLossWeight)) {
      throw new RangeError(`${label}: classLossWeight must be a finite number ≥ 0, saw ${String(classLossWeight)}.`);
    }
    const classLossOnGenerated = options.classLossOnGenerated ?? true;
    if (typeof classLossOnGenerated !== 'boolean') {
      throw new TypeError(`${label}: classLossOnGenerated must be true or false, saw ${String(classLossOnGenerated)}.`);
    }
    super(models, options, label);
    this.classes = classes;
    this.classLossWeight = classLossWeight;
    this.classLossOnGenerated = classLossOnGenerated;
    this.discriminatorTakesLabels = dInputs === 2;
  }

  /** Checks that the data are labelled with classes in [0, K), and the batch size (see {@link UnconditionalGan.prepare}). */
  override prepare(data: DataSource, options: PrepareOptions): void {
    const labels = isAlignedData(data) ? (data as Record<string, tf.Tensor>)['labels'] : undefined;
    if (labels !== undefined) {
      const [min, max] = tf.tidy(() => [tf.min(labels), tf.max(labels)].map((t) => t.dataSync()[0]!));
      if (!(min! >= 0 && max! < this.classes)) {
        throw new RangeError(`${this.label}.fit: labels must be integers in [0, ${this.classes}), but range from ${min} to ${max}.`);
      }
    } else if (data instanceof tf.Tensor || isAlignedData(data) || (Array.isArray(data) && !(data[0] instanceof tf.Tensor) && !isAlignedData(data[0]))) {
      throw new TypeError(`${this.label}.fit: the data has no labels; pass { samples, labels } (e.g. { samples: images, labels } from loadMnist).`);
    }
    super.prepare(data, options);
  }

  /** The classes' settings besides the unconditional ones, so that a snapshot only restores into an algorithm that trains alike. */
  override configuration(): JsonObject {
    return { ...super.configuration(), conditional: { classes: this.classes, classLossWeight: this.classLossWeight, classLossOnGenerated: this.classLossOnGenerated } };
  }

  /** Uniform random classes `[n, 1]` int32, from `seed` when given (repeatable), else from `random`. */
  sampleLabels(n: number, seed: number | undefined, random: SeededRandom | undefined): tf.Tensor2D {
    const stream = seed === undefined ? random : new SeededRandom(`${seed}/labels`);
    if (stream === undefined) throw new Error(`${this.label}.sample: give a seed or labels, or sample through the trainer (which owns the random stream).`);
    return tf.tensor2d(Array.from({ length: n }, () => Math.floor(stream.uniform() * this.classes)), [n, 1], 'int32');
  }

  /** The samples and their labels as int32 `[n, 1]` (a new tensor), or an error saying that the data lack them. */
  protected override realBatch(batch: Batch): RealBatch {
    const x = this.samplesOf(batch);
    const n = x.shape[0] ?? 1;
    const labels = batch instanceof tf.Tensor ? undefined : (batch as Record<string, tf.Tensor>)['labels'];
    if (labels === undefined) {
      throw new TypeError(`${this.label}.fit: a batch came without labels; pass { samples, labels } or an iterable of { samples, labels } batches.`);
    }
    if (labels.size !== n) {
      throw new Error(`${this.label}.fit: a batch of ${n} samples came with labels of shape [${labels.shape.join(', ')}]; give one label per sample.`);
    }
    return { x, c: tf.tidy(() => tf.cast(tf.reshape(labels, [n, 1]), 'int32') as tf.Tensor2D) };
  }

  /** y' uniform over the classes for `n` generated samples. */
  protected override drawConditioning(n: number, random: SeededRandom): tf.Tensor {
    return this.sampleLabels(n, undefined, random);
  }

  /** D(x, y): the logits and, for AC-GAN, the class logits. */
  protected override critic(x: tf.Tensor, c: tf.Tensor | undefined, training: boolean): CriticOutputs {
    if (!this.discriminatorTakesLabels) {
      const [logits, classLogits] = this.discriminator.apply(x, { training }) as tf.Tensor[];
      return { logits: logits!, classLogits };
    }
    return { logits: this.discriminator.apply([x, c!], { training }) as tf.Tensor };
  }

  /** λ·(L_C(x, y) [+ L_C(G(z, y'), y')]) for an AC-GAN discriminator. */
  protected override discriminatorClassTerm(onReal: CriticOutputs, realC: tf.Tensor | undefined, onFake: CriticOutputs, fakeC: tf.Tensor | undefined): tf.Tensor | undefined {
    if (onReal.classLogits === undefined || onFake.classLogits === undefined) return undefined;
    const onRealClasses = auxiliaryClassifierLoss({ classLogits: onReal.classLogits, labels: realC! });
    const classLoss = this.classLossOnGenerated
      ? tf.add(onRealClasses, auxiliaryClassifierLoss({ classLogits: onFake.classLogits, labels: fakeC! }))
      : onRealClasses;
    return tf.mul(classLoss, this.classLossWeight);
  }

  /** λ·L_C(G(z, y'), y') for an AC-GAN discriminator. */
  protected override generatorClassTerm(onFake: CriticOutputs, fakeC: tf.Tensor | undefined): tf.Tensor | undefined {
    if (onFake.classLogits === undefined) return undefined;
    return tf.mul(auxiliaryClassifierLoss({ classLogits: onFake.classLogits, labels: fakeC! }), this.classLossWeight);
  }

  /**
   * Draws `n` samples of the requested classes (see {@link ConditionalSampleOptions}), from the EMA generator when
   * there is one (unless `ema: false`), in inference mode unless `training: true`: batch normalization then uses its
   * moving statistics, so a batch of one class keeps its conditioning.
   */
  override sample(n: number, options: ConditionalSampleOptions = {}, random?: SeededRandom): tf.Tensor {
    return super.sample(n, options, random);
  }

  /** The labels to sample, as int32 `[count, 1]` (a new tensor); checked against K before anything is drawn. */
  protected override sampleConditioning(count: number, options: ConditionalSampleOptions, random: SeededRandom | undefined): tf.Tensor {
    const given = options.labels;
    if (given === undefined) return this.sampleLabels(count, options.seed, random);
    const values = given instanceof tf.Tensor ? Array.from(given.dataSync()) : typeof given === 'number' ? new Array<number>(count).fill(given) : [...given];
    if (values.length !== count) {
      throw new Error(`${this.label}.sample: got ${values.length} labels for ${count} samples; give one label per sample, or one class for all (cycleLabels(n, classes) repeats a list).`);
    }
    const bad = values.find((v) => !Number.isInteger(v) || v < 0 || v >= this.classes);
    if (bad !== undefined) {
      throw new RangeError(`${this.label}.sample: labels must be integers in [0, ${this.classes}), saw ${bad}.`);
    }
    return tf.tensor2d(values, [count, 1], 'int32');
  }
}
