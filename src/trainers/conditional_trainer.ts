import * as tf from '@tensorflow/tfjs-core';
import type { GanModels } from '../architectures/gan_models.js';
import { auxiliaryClassifierLoss } from '../losses/auxiliary_classifier.js';
import { SeededRandom } from '../utils/random.js';
import {
  AdversarialTrainer, minimizeChecked, variablesOf,
  type AdversarialTrainerOptions, type DiscriminatorStepOutput, type FitOptions, type GeneratorStepOutput, type SampleOptions,
} from './adversarial_trainer.js';
import { isLabelledData, type DataSource } from './data_source.js';
import { applyToBoth } from './per_sample.js';
import type { TrainingHistory } from './history.js';
import type { TrainerConfiguration } from './trainer_state.js';

/** Options of {@link ConditionalTrainer}: those of {@link AdversarialTrainer} (without regularizers) and the class-loss weight. */
export interface ConditionalTrainerOptions extends Omit<AdversarialTrainerOptions, 'regularizers'> {
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

/** Options of {@link ConditionalTrainer.sample}. */
export interface ConditionalSampleOptions extends SampleOptions {
  /**
   * The class of each sample: one class for all (`7`), one per sample (`[0, 1, 2, …]` or an int tensor `[n]` /
   * `[n, 1]`). Default: uniform over the classes, from `seed` when given, else from the trainer's stream.
   */
  readonly labels?: number | readonly number[] | tf.Tensor;
}

/** What a conditional discriminator returns: the real/fake logits and, for AC-GAN, the class logits. */
interface DiscriminatorOutputs {
  readonly logits: tf.Tensor;
  readonly classLogits: tf.Tensor | undefined;
}

/**
 * `count` labels cycling through `classes` in order: cycleLabels(5, [1, 4, 7]) = [1, 4, 7, 1, 4]. For asking a
 * conditional generator for a balanced set of given classes (`gan-kit sample --labels 1,4,7`).
 *
 * @param count - how many labels, an integer ≥ 1.
 * @param classes - the classes, a non-empty array of integers ≥ 0.
 */
export function cycleLabels(count: number, classes: readonly number[]): number[] {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`cycleLabels: count must be an integer ≥ 1, saw ${String(count)}.`);
  if (!Array.isArray(classes) || classes.length === 0 || !classes.every((c) => Number.isInteger(c) && c >= 0)) {
    throw new Error(`cycleLabels: classes must be a non-empty array of integers ≥ 0, saw ${JSON.stringify(classes)}.`);
  }
  return Array.from({ length: count }, (_, i) => classes[i % classes.length]!);
}

/**
 * Trains a class-conditional GAN (CGAN, Mirza & Osindero 2014, arXiv:1411.1784) with any `GanLoss`: each step
 *
 * 1. updates D, k times, on real pairs (x, y) from the data and generated pairs (G(z, y'), y') with y' drawn
 *    uniformly over the classes: minimize L_D(D(x, y), D(G(z, y'), y')) [+ λ·(L_C(x, y) + L_C(G(z, y'), y')) for an
 *    AC-GAN discriminator];
 * 2. updates G once on fresh z and y': minimize L_G(D(G(z, y'), y')) [+ λ·L_C(G(z, y'), y')].
 *
 * The models are those of the builders' `conditioning` option or any pair of the same form: G `[z, labels] → x`,
 * D `[x, labels] → logits [batch, 1]`, or D `x → [logits, class logits [batch, K]]` (AC-GAN, Odena et al. 2017,
 * arXiv:1610.09585; the class loss L_C is `auxiliaryClassifierLoss`). Labels are int32 `[batch, 1]`. The data are
 * `{ samples, labels }` (see `LabelledData`). Gradient-penalty regularizers are not supported (they call D with x
 * alone). Checkpoints, exact resume, the EMA generator and the non-finite guard work as in the base class.
 *
 * @example
 * ```ts
 * const gan = new DCGAN({ imageShape: [28, 28, 1], conditioning: { classes: 10, discriminator: 'projection', generator: 'conditional-batchnorm' } });
 * const trainer = new ConditionalTrainer(gan, { seed: 1 });
 * const { images, labels } = await loadMnist();
 * await trainer.fit({ samples: images, labels }, { steps: 3000, batchSize: 64 });
 * const sevens = trainer.sample(16, { labels: 7 });
 * ```
 */
export class ConditionalTrainer extends AdversarialTrainer {
  /** The number of classes K. */
  readonly classes: number;
  /** λ of the AC-GAN class loss. */
  readonly classLossWeight: number;
  /** Whether D's class head learns from generated samples too (see {@link ConditionalTrainerOptions.classLossOnGenerated}). */
  readonly classLossOnGenerated: boolean;
  /** Whether D takes the labels as its second input (CGAN concat, projection) rather than predicting them (AC-GAN). */
  private readonly discriminatorTakesLabels: boolean;

  /**
   * @param models - `{ generator, discriminator, latentDim, classes }`, e.g. a builder built with `conditioning`.
   * @param options - see {@link ConditionalTrainerOptions}.
   */
  constructor(models: GanModels & { readonly classes?: number | undefined }, options: ConditionalTrainerOptions = {}) {
    const classes = models?.classes;
    if (typeof classes !== 'number' || !Number.isInteger(classes) || classes < 2) {
      throw new Error(`ConditionalTrainer: models.classes must be the number of classes (an integer ≥ 2), saw ${String(classes)}; build the models with the conditioning option.`);
    }
    const { generator, discriminator } = models;
    if (generator?.inputs?.length !== 2) {
      throw new Error(`ConditionalTrainer: the generator must take two inputs [z, labels], but takes ${generator?.inputs?.length ?? 'no'}; build it with the conditioning option.`);
    }
    const dInputs = discriminator?.inputs?.length;
    const dOutputs = discriminator?.outputs?.length;
    if (!((dInputs === 2 && dOutputs === 1) || (dInputs === 1 && dOutputs === 2))) {
      throw new Error(
        `ConditionalTrainer: the discriminator must map [x, labels] to logits, or x to [logits, class logits] (AC-GAN), but has ${dInputs} inputs and ${dOutputs} outputs.`,
      );
    }
    if ((options as AdversarialTrainerOptions).regularizers?.length) {
      throw new Error('ConditionalTrainer: regularizers are not supported (gradient penalties call the discriminator without labels); remove them.');
    }
    const classLossWeight = options.classLossWeight ?? 1;
    if (typeof classLossWeight !== 'number' || !(classLossWeight >= 0) || !Number.isFinite(classLossWeight)) {
      throw new RangeError(`ConditionalTrainer: classLossWeight must be a finite number ≥ 0, saw ${String(classLossWeight)}.`);
    }
    const classLossOnGenerated = options.classLossOnGenerated ?? true;
    if (typeof classLossOnGenerated !== 'boolean') {
      throw new TypeError(`ConditionalTrainer: classLossOnGenerated must be true or false, saw ${String(classLossOnGenerated)}.`);
    }
    super(models, options);
    this.classes = classes;
    this.classLossWeight = classLossWeight;
    this.classLossOnGenerated = classLossOnGenerated;
    this.discriminatorTakesLabels = dInputs === 2;
  }

  /**
   * Trains on labelled data (see {@link AdversarialTrainer.fit}): `{ samples [N, ...], labels [N] }` in memory
   * (labels integers in [0, K)), or an iterable of such batches.
   */
  override async fit(data: DataSource, options: FitOptions<this>): Promise<TrainingHistory> {
    if (isLabelledData(data) && data.labels instanceof tf.Tensor) {
      const [min, max] = tf.tidy(() => [tf.min(data.labels as tf.Tensor), tf.max(data.labels as tf.Tensor)].map((t) => t.dataSync()[0]!));
      if (!(min! >= 0 && max! < this.classes)) {
        throw new RangeError(`ConditionalTrainer.fit: labels must be integers in [0, ${this.classes}), but range from ${min} to ${max}.`);
      }
    } else if (data instanceof tf.Tensor || (Array.isArray(data) && !(data[0] instanceof tf.Tensor) && !isLabelledData(data[0]))) {
      throw new TypeError('ConditionalTrainer.fit: the data has no labels; pass { samples, labels } (e.g. { samples: images, labels } from loadMnist).');
    }
    return super.fit(data, options);
  }

  /** The base configuration with the class settings, so that a snapshot only restores into a trainer that trains alike. */
  override configuration(): TrainerConfiguration {
    return { ...super.configuration(), conditional: { classes: this.classes, classLossWeight: this.classLossWeight, classLossOnGenerated: this.classLossOnGenerated } };
  }

  /** Uniform random classes `[n, 1]` int32, from `seed` when given (repeatable), else from the trainer's stream. */
  sampleLabels(n: number, seed?: number): tf.Tensor2D {
    const random = seed === undefined ? this.random : new SeededRandom(`${seed}/labels`);
    return tf.tensor2d(Array.from({ length: n }, () => Math.floor(random.uniform() * this.classes)), [n, 1], 'int32');
  }

  /**
   * Generates `n` samples of the requested classes (see {@link ConditionalSampleOptions}), from the EMA generator when
   * the trainer keeps one (unless `ema: false`), in inference mode unless `training: true`: batch normalization then
   * uses its moving statistics, so a batch of one class keeps its conditioning.
   */
  override sample(n: number, options: ConditionalSampleOptions = {}): tf.Tensor {
    const count = options.latents?.shape[0] ?? n;
    if (!Number.isInteger(count) || count < 1) {
      throw new RangeError(`ConditionalTrainer.sample: n must be an integer ≥ 1, saw ${String(n)}.`);
    }
    const labels = this.resolveLabels(count, options);
    try {
      return tf.tidy(() => {
        const z = options.latents ?? this.sampleLatents(count, options.seed);
        if (z.rank !== 2 || z.shape[1] !== this.latentDim) {
          throw new Error(`ConditionalTrainer.sample: latents must have shape [n, ${this.latentDim}], saw [${z.shape.join(', ')}].`);
        }
        return this.samplingGenerator(options).apply([z, labels], { training: options.training ?? false }) as tf.Tensor;
      });
    } finally {
      labels.dispose();
    }
  }

  /** One discriminator update on real pairs (x, y) and generated pairs (G(z, y'), y'); see the class documentation. */
  protected override discriminatorStep(real: tf.Tensor, labels?: tf.Tensor): DiscriminatorStepOutput {
    const n = real.shape[0] ?? 1;
    const realLabels = this.checkBatchLabels(labels, n);
    const fakeLabels = this.sampleLabels(n);
    const fake = tf.tidy(() => this.generateFor(this.random.normalTensor([n, this.latentDim]), fakeLabels, true));
    let realScore: tf.Scalar | undefined;
    let fakeScore: tf.Scalar | undefined;
    try {
      const { loss, gradientCheck } = minimizeChecked(this.discriminatorOptimizer, () => {
        const { onReal, onFake } = this.discriminateBothFor(real, realLabels, fake, fakeLabels);
        realScore = tf.keep(tf.mean(tf.sigmoid(onReal.logits)) as tf.Scalar);
        fakeScore = tf.keep(tf.mean(tf.sigmoid(onFake.logits)) as tf.Scalar);
        const adversarial = this.checkScalar(this.loss.discriminatorLoss({ realLogits: onReal.logits, fakeLogits: onFake.logits }), 'discriminatorLoss');
        if (onReal.classLogits === undefined || onFake.classLogits === undefined) return adversarial;
        const onRealClasses = auxiliaryClassifierLoss({ classLogits: onReal.classLogits, labels: realLabels });
        const classLoss = this.classLossOnGenerated
          ? tf.add(onRealClasses, auxiliaryClassifierLoss({ classLogits: onFake.classLogits, labels: fakeLabels }))
          : onRealClasses;
        return tf.add(adversarial, tf.mul(classLoss, this.classLossWeight)) as tf.Scalar;
      }, variablesOf(this.discriminator));
      if (this.weightClip !== undefined) this.clipDiscriminatorWeights(this.weightClip);
      return { loss, realScore: realScore!, fakeScore: fakeScore!, penalties: {}, gradientCheck };
    } catch (error) {
      tf.dispose([realScore, fakeScore].filter((t) => t !== undefined));
      throw error;
    } finally {
      tf.dispose([realLabels, fakeLabels, fake]);
    }
  }

  /** One generator update on fresh z and classes y': minimize L_G(D(G(z, y'), y')) [+ λ·L_C]. */
  protected override generatorStep(batchSize: number, real: tf.Tensor, labels?: tf.Tensor): GeneratorStepOutput {
    const realLabels = this.loss.generatorNeedsRealLogits === true ? this.checkBatchLabels(labels, real.shape[0] ?? 1) : undefined;
    const z = this.random.normalTensor([batchSize, this.latentDim]);
    const fakeLabels = this.sampleLabels(batchSize);
    try {
      return minimizeChecked(this.generatorOptimizer, () => {
        const onFake = this.discriminateFor(this.generateFor(z, fakeLabels, true), fakeLabels, true);
        const inputs = realLabels === undefined
          ? { fakeLogits: onFake.logits }
          : { fakeLogits: onFake.logits, realLogits: this.discriminateFor(real, realLabels, true).logits };
        const adversarial = this.checkScalar(this.loss.generatorLoss(inputs), 'generatorLoss');
        if (onFake.classLogits === undefined) return adversarial;
        const classLoss = auxiliaryClassifierLoss({ classLogits: onFake.classLogits, labels: fakeLabels });
        return tf.add(adversarial, tf.mul(classLoss, this.classLossWeight)) as tf.Scalar;
      }, variablesOf(this.generator));
    } finally {
      tf.dispose([z, fakeLabels, realLabels].filter((t) => t !== undefined));
    }
  }

  /** G(z, y) with the trained generator. */
  private generateFor(z: tf.Tensor, labels: tf.Tensor, training: boolean): tf.Tensor {
    return this.generator.apply([z, labels], { training }) as tf.Tensor;
  }

  /** D(x, y) and D(x̃, ỹ) in training mode: one call on the concatenated pairs or two (option `discriminatorBatches`). */
  private discriminateBothFor(real: tf.Tensor, realLabels: tf.Tensor, fake: tf.Tensor, fakeLabels: tf.Tensor): { onReal: DiscriminatorOutputs; onFake: DiscriminatorOutputs } {
    if (!this.jointDiscriminatorBatches) {
      return { onReal: this.discriminateFor(real, realLabels, true), onFake: this.discriminateFor(fake, fakeLabels, true) };
    }
    const [onReal, onFake] = applyToBoth([real, realLabels], [fake, fakeLabels], ([x, labels]) => {
      const { logits, classLogits } = this.discriminateFor(x!, labels!, true);
      return classLogits === undefined ? [logits] : [logits, classLogits];
    });
    const outputs = ([logits, classLogits]: tf.Tensor[]): DiscriminatorOutputs => ({ logits: logits!, classLogits });
    return { onReal: outputs(onReal), onFake: outputs(onFake) };
  }

  /** D(x, y): the logits and, for AC-GAN, the class logits. */
  private discriminateFor(x: tf.Tensor, labels: tf.Tensor, training: boolean): DiscriminatorOutputs {
    if (!this.discriminatorTakesLabels) {
      const [logits, classLogits] = this.discriminator.apply(x, { training }) as tf.Tensor[];
      return { logits: logits!, classLogits };
    }
    return { logits: this.discriminator.apply([x, labels], { training }) as tf.Tensor, classLogits: undefined };
  }

  /** The labels of a real batch as int32 `[n, 1]` (a new tensor), or an error saying that the data lack them. */
  private checkBatchLabels(labels: tf.Tensor | undefined, n: number): tf.Tensor2D {
    if (labels === undefined) {
      throw new TypeError('ConditionalTrainer.fit: a batch came without labels; pass { samples, labels } or an iterable of { samples, labels } batches.');
    }
    if (labels.size !== n) {
      throw new Error(`ConditionalTrainer.fit: a batch of ${n} samples came with labels of shape [${labels.shape.join(', ')}]; give one label per sample.`);
    }
    return tf.tidy(() => tf.cast(tf.reshape(labels, [n, 1]), 'int32') as tf.Tensor2D);
  }

  /** The labels to sample, as int32 `[count, 1]` (a new tensor); checked against K before anything is drawn. */
  private resolveLabels(count: number, options: ConditionalSampleOptions): tf.Tensor2D {
    const given = options.labels;
    if (given === undefined) return this.sampleLabels(count, options.seed);
    const values = given instanceof tf.Tensor ? Array.from(given.dataSync()) : typeof given === 'number' ? new Array<number>(count).fill(given) : [...given];
    if (values.length !== count) {
      throw new Error(`ConditionalTrainer.sample: got ${values.length} labels for ${count} samples; give one label per sample, or one class for all (cycleLabels(n, classes) repeats a list).`);
    }
    const bad = values.find((v) => !Number.isInteger(v) || v < 0 || v >= this.classes);
    if (bad !== undefined) {
      throw new RangeError(`ConditionalTrainer.sample: labels must be integers in [0, ${this.classes}), saw ${bad}.`);
    }
    return tf.tensor2d(values, [count, 1], 'int32');
  }
}
