import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { GanModels } from '../architectures/gan_models.js';
import { DiscriminatorAugmentation, type AugmentOptions } from '../augment/discriminator_augmentation.js';
import { packingOf } from '../layers/packing.js';
import type { GanLoss } from '../losses/gan_loss.js';
import { nonSaturatingLoss } from '../losses/non_saturating.js';
import { adam } from '../optimizers/optimizers.js';
import type { Regularizer } from '../regularizers/regularizer.js';
import { applyToBoth, isPerSample } from '../trainers/per_sample.js';
import { GeneratorEma, type GeneratorEmaOptions } from '../trainers/generator_ema.js';
import { truncatedLatents } from '../latent/truncation.js';
import { trainableVariables } from '../training/checked_update.js';
import { OwnedOptimizers } from '../training/owned_optimizers.js';
import type { Batch, DataSource, SampleShape } from '../training/data_source.js';
import type { GanAlgorithm, PrepareOptions, StepContext } from '../training/gan_algorithm.js';
import type { JsonObject, JsonValue } from '../training/json.js';
import { SeededRandom } from '../utils/random.js';

/** Options of {@link UnconditionalGan} (and of `AdversarialTrainer`). Every field is optional; the defaults are those of DCGAN (arXiv 1511.06434). */
export interface UnconditionalGanOptions {
  /** The objective. Default {@link nonSaturatingLoss}(). Any {@link GanLoss} object works, built-in or user-written. */
  readonly loss?: GanLoss;
  /** The generator's optimizer. Default {@link adam}(2e-4, 0.5) (DCGAN). */
  readonly generatorOptimizer?: tf.Optimizer;
  /** The discriminator's optimizer. Default {@link adam}(2e-4, 0.5) (DCGAN). */
  readonly discriminatorOptimizer?: tf.Optimizer;
  /** k, discriminator updates per generator update (Algorithm 1 of Goodfellow et al. 2014, arXiv 1406.2661). Integer ≥ 1, default 1. */
  readonly discriminatorSteps?: number;
  /**
   * Penalties added to the discriminator's loss (WGAN-GP, R1, …) or, for generator regularizers (role
   * `'generator'`: path length), to the generator's. Default none.
   */
  readonly regularizers?: readonly Regularizer[];
  /**
   * WGAN weight clipping (Arjovsky et al. 2017, arXiv 1701.07875): after every discriminator update each of its
   * trainable weights is clipped to [−c, c]. Default none; the WGAN paper uses 0.01.
   */
  readonly weightClip?: number;
  /**
   * Keep an exponential moving average of the generator's weights ({@link GeneratorEma}; Yazıcı et al. 2018,
   * arXiv 1806.04498), updated after every generator step; `sample` then draws from it by default. It is the network
   * `'generator-ema'` of snapshots and checkpoints. Default none.
   */
  readonly ema?: GeneratorEmaOptions;
  /**
   * How the discriminator step runs D on the real batch x and the generated batch x̃:
   * - `'separate'`: two calls, D(x) and D(x̃), as pytorch/examples' DCGAN does;
   * - `'joint'`: one call on the concatenation [x; x̃], as the Keras GAN tutorials do — half the calls, half the
   *   matrix products of twice the rows, and no sum of two gradient contributions per weight. With batch-dependent
   *   layers in D (BatchNorm) this changes the function: the statistics are those of the mixed batch;
   * - `'auto'` (default): joint when D treats every sample on its own ({@link isPerSample}: dense and convolution
   *   layers, activations, reshapes, pooling, LayerNormalization — no BatchNorm, dropout, spectral normalization or
   *   packing), where both give the same losses and gradients up to float rounding; separate otherwise.
   */
  readonly discriminatorBatches?: 'auto' | 'joint' | 'separate';
  /**
   * Differentiable augmentation before the discriminator (DiffAugment, Zhao et al. 2020, arXiv 2006.10738; ADA,
   * Karras et al. 2020, arXiv 2006.06676): every real and generated image D sees — in D's update and in G's — goes
   * through the augmentation with probability p, fixed or steered by ADA (see {@link AugmentOptions}); gradients flow
   * through it to G. Discriminator regularizers (R1, WGAN-GP) see the augmented images. ADA's state is part of the
   * algorithm's state, so checkpoints keep p. Needs image samples `[h, w, c]`. Default none.
   */
  readonly augment?: AugmentOptions;
}

/** Options of {@link UnconditionalGan.sample}. */
export interface SampleOptions {
  /** Draw the latent vectors from this seed instead of the trainer's stream (the same seed gives the same latents: a fixed-noise grid). */
  readonly seed?: number;
  /** Use these latent vectors `[n, latentDim]` instead of drawing them. */
  readonly latents?: tf.Tensor2D;
  /**
   * BigGAN's truncation trick (Brock et al. 2018, arXiv 1809.11096, §3.1): draw the latents from N(0, I) truncated to
   * [−threshold, threshold], every component outside drawn again ({@link truncatedLatents}). Smaller thresholds give
   * more typical, less varied samples (BigGAN sweeps 2 … 0.04). A finite number > 0. Refused together with `latents`,
   * which are used as given: truncate them yourself with {@link truncatedLatents}. Default: no truncation.
   */
  readonly truncation?: number;
  /** Run the generator in training mode (batch statistics in BatchNorm). Default `false` (moving statistics). */
  readonly training?: boolean;
  /** Draw from the EMA generator when there is one (option `ema`); `false` uses the trained generator. Default `true`. */
  readonly ema?: boolean;
}

/** The scalars of one GAN step (see `StepLogs` for what each holds once read back). */
export interface GanStepScalars {
  readonly [name: string]: tf.Scalar | { readonly [name: string]: tf.Scalar };
  /** The discriminator's loss on its last update of the step, penalties included. */
  readonly discriminatorLoss: tf.Scalar;
  /** The generator's loss, penalties included. */
  readonly generatorLoss: tf.Scalar;
  /** Mean σ(D(x)) over the real batch of the last discriminator update. */
  readonly realScore: tf.Scalar;
  /** Mean σ(D(G(z))) over the generated batch of the last discriminator update. */
  readonly fakeScore: tf.Scalar;
  /** Each regularizer's unweighted penalty, by name, on the steps it applied. */
  readonly penalties: { readonly [name: string]: tf.Scalar };
}

/** What the discriminator returns for a batch: the real/fake logits and, for an AC-GAN discriminator, class logits. */
export interface CriticOutputs {
  /** The real/fake logits `[batch, 1]`. */
  readonly logits: tf.Tensor;
  /** The class logits `[batch, K]` of an AC-GAN discriminator; absent otherwise. */
  readonly classLogits?: tf.Tensor | undefined;
}

/** One real batch: its samples and their conditioning (class labels `[n, 1]` int32 for a conditional GAN). */
export interface RealBatch {
  /** The samples `[n, ...sampleShape]`. */
  readonly x: tf.Tensor;
  /** Their conditioning (class labels `[n, 1]` int32), or `undefined` for an unconditional GAN. */
  readonly c: tf.Tensor | undefined;
}

/**
 * What a GAN algorithm trains at a time: its networks, their optimizers, and how D sees real and fake batches; an
 * algorithm that grows its networks (progressive growing) swaps them with {@link UnconditionalGan.replaceNetworks}.
 */
export interface TrainedNetworks {
  /** G. */
  readonly generator: tfl.LayersModel;
  /** D, returning logits. */
  readonly discriminator: tfl.LayersModel;
  /** G's optimizer. */
  readonly generatorOptimizer: tf.Optimizer;
  /** D's optimizer. */
  readonly discriminatorOptimizer: tf.Optimizer;
  /** The moving average of G's weights, or `undefined` for none. */
  readonly generatorEma: GeneratorEma | undefined;
  /** Whether D runs once on [x; x̃]. */
  readonly joint: boolean;
}

/** What one training pass of the generator makes: the images, and what generator regularizers differentiate. */
export interface TrainingGeneration {
  /** G(z) `[n, ...sampleShape]`, in training mode. */
  readonly fake: tf.Tensor;
  /** latents ↦ G(latents) (the same conditioning), for a penalty on the generator's Jacobian (path length). */
  readonly generate: (latents: tf.Tensor) => tf.Tensor;
  /** The latents `generate` takes for this batch. */
  readonly latents: tf.Tensor;
}

/** The scalars of one discriminator update (the caller owns them). */
interface DiscriminatorUpdate {
  readonly loss: tf.Scalar;
  readonly realScore: tf.Scalar;
  readonly fakeScore: tf.Scalar;
  readonly penalties: Record<string, tf.Scalar>;
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1;
}

function sampleShapeOf(model: tfl.LayersModel, which: 'inputs' | 'outputs'): SampleShape {
  const shape = (which === 'inputs' ? model.inputs : model.outputs)[0]?.shape;
  return shape === undefined ? [] : shape.slice(1);
}

function sameShape(a: SampleShape, b: SampleShape): boolean {
  return a.length === b.length && a.every((d, i) => d === null || b[i] === null || d === b[i]);
}

/**
 * The GAN of Goodfellow et al. 2014 (arXiv 1406.2661, Algorithm 1), with any generator/discriminator pair, any
 * {@link GanLoss} and any regularizers: each step
 *
 * 1. updates D, k times: on a real batch x and a generated batch G(z) (not back-propagated into G), minimize
 *    L_D(D(x), D(G(z))) + Σ λ·penalty;
 * 2. updates G once: on fresh latents z, minimize L_G(D(G(z))) + Σ λ·penalty (generator regularizers).
 *
 * Both networks run in training mode during the step (BatchNorm uses batch statistics and updates its moving
 * averages, spectral normalization advances its power iteration). All random draws come from the trainer's stream.
 * Its networks are `generator`, `discriminator` and, with the option `ema`, `generator-ema`; its optimizers
 * `generator` and `discriminator`. `AdversarialTrainer` runs it; `ConditionalGan` extends it with class labels.
 */
export class UnconditionalGan implements GanAlgorithm<Batch, GanStepScalars, SampleOptions> {
  readonly name: string = 'unconditional-gan';
  /** The size of the latent vector z. */
  readonly latentDim: number;
  /** The objective. */
  readonly loss: GanLoss;
  /** k, discriminator updates per generator update. */
  readonly discriminatorSteps: number;
  /** Penalties added to the discriminator's (and, for generator regularizers, the generator's) loss. */
  readonly regularizers: readonly Regularizer[];
  /** The WGAN clipping bound c, or `undefined` for none. */
  readonly weightClip: number | undefined;
  /** The augmentation before D and its probability p (option `augment`), or `undefined`. */
  readonly augmentation: DiscriminatorAugmentation | undefined;
  /** The shape of one real sample: D's input. */
  readonly sampleShape: SampleShape;
  /** The trainer class named in error messages (`'AdversarialTrainer'`, `'ConditionalTrainer'`). */
  readonly label: string;
  private readonly ownedOptimizers = new OwnedOptimizers();
  private lossChecked = false;
  /** The networks and optimizers trained now (an algorithm that grows replaces them, see {@link UnconditionalGan.replaceNetworks}). */
  private current: TrainedNetworks;
  private readonly discriminatorBatches: 'auto' | 'joint' | 'separate';

  /**
   * @param models - any `{ generator, discriminator, latentDim }`: a builder's output or hand-made models.
   * @param options - see {@link UnconditionalGanOptions}.
   * @param label - the trainer class named in error messages. Default `'AdversarialTrainer'`.
   */
  constructor(models: GanModels, options: UnconditionalGanOptions = {}, label = 'AdversarialTrainer') {
    this.label = label;
    const { generator, discriminator, latentDim } = models ?? ({} as Partial<GanModels>);
    if (generator === undefined || discriminator === undefined || typeof generator.apply !== 'function' || typeof discriminator.apply !== 'function') {
      throw new TypeError(`${label}: models must be { generator, discriminator, latentDim } with tf.LayersModel networks.`);
    }
    if (!isPositiveInteger(latentDim)) {
      throw new RangeError(`${label}: latentDim must be a positive integer, saw ${String(latentDim)}.`);
    }
    const gInput = sampleShapeOf(generator, 'inputs');
    if (!sameShape(gInput, [latentDim])) {
      throw new Error(`${label}: latentDim is ${latentDim}, but the generator takes inputs of shape [batch, ${gInput.join(', ')}]; pass the generator's latent size.`);
    }
    const gOutput = sampleShapeOf(generator, 'outputs');
    const dInput = sampleShapeOf(discriminator, 'inputs');
    if (!sameShape(gOutput, dInput)) {
      throw new Error(`${label}: the generator makes samples of shape [${gOutput.join(', ')}], but the discriminator takes [${dInput.join(', ')}]; build them for the same sample shape.`);
    }
    const dOutput = sampleShapeOf(discriminator, 'outputs');
    if (!(dOutput.length === 0 || (dOutput.length === 1 && (dOutput[0] === 1 || dOutput[0] === null)))) {
      throw new Error(`${label}: the discriminator must return one logit per sample ([batch, 1]), but returns [batch, ${dOutput.join(', ')}].`);
    }
    const k = options.discriminatorSteps ?? 1;
    if (!isPositiveInteger(k)) {
      throw new RangeError(`${label}: discriminatorSteps (k) must be an integer ≥ 1, saw ${String(k)}.`);
    }
    if (options.weightClip !== undefined && !(options.weightClip > 0 && Number.isFinite(options.weightClip))) {
      throw new RangeError(`${label}: weightClip must be a positive number (WGAN uses 0.01), saw ${String(options.weightClip)}.`);
    }
    const loss = options.loss ?? nonSaturatingLoss();
    if (typeof loss.generatorLoss !== 'function' || typeof loss.discriminatorLoss !== 'function') {
      throw new TypeError(`${label}: loss must be a GanLoss with generatorLoss and discriminatorLoss functions.`);
    }
    for (const r of options.regularizers ?? []) {
      if (typeof r.penalty !== 'function' || !(r.weight >= 0) || !(r.every === undefined || isPositiveInteger(r.every))) {
        throw new TypeError(`${label}: regularizer '${String(r.name)}' needs a penalty function, a weight ≥ 0 and an integer every ≥ 1.`);
      }
    }
    const batches = options.discriminatorBatches ?? 'auto';
    if (batches !== 'auto' && batches !== 'joint' && batches !== 'separate') {
      throw new TypeError(`${label}: discriminatorBatches must be 'auto', 'joint' or 'separate', saw ${String(batches)}.`);
    }
    if (options.augment !== undefined && dInput.length !== 3) {
      throw new Error(`${label}: the option augment transforms images [height, width, channels], but the discriminator takes samples of shape [${dInput.join(', ')}]; drop augment for non-image data.`);
    }
    this.latentDim = latentDim;
    this.loss = loss;
    this.discriminatorSteps = k;
    this.regularizers = [...(options.regularizers ?? [])];
    this.weightClip = options.weightClip;
    this.discriminatorBatches = batches;
    this.current = {
      generator,
      discriminator,
      generatorOptimizer: options.generatorOptimizer ?? this.ownedOptimizers.adopt(adam(2e-4, 0.5)),
      discriminatorOptimizer: options.discriminatorOptimizer ?? this.ownedOptimizers.adopt(adam(2e-4, 0.5)),
      generatorEma: options.ema === undefined ? undefined : new GeneratorEma(generator, options.ema),
      joint: batches === 'joint' || (batches === 'auto' && isPerSample(discriminator)),
    };
    this.augmentation = options.augment === undefined ? undefined : new DiscriminatorAugmentation(options.augment);
    this.sampleShape = dInput;
  }

  /** G, trained in place. */
  get generator(): tfl.LayersModel {
    return this.current.generator;
  }

  /** D (the critic), trained in place; returns logits. */
  get discriminator(): tfl.LayersModel {
    return this.current.discriminator;
  }

  /** The generator's optimizer. */
  get generatorOptimizer(): tf.Optimizer {
    return this.current.generatorOptimizer;
  }

  /** The discriminator's optimizer. */
  get discriminatorOptimizer(): tf.Optimizer {
    return this.current.discriminatorOptimizer;
  }

  /** The moving average of the generator's weights, when the option `ema` is set. */
  get generatorEma(): GeneratorEma | undefined {
    return this.current.generatorEma;
  }

  /** Whether the discriminator step runs D once on [x; x̃] (see {@link UnconditionalGanOptions.discriminatorBatches}). */
  get jointDiscriminatorBatches(): boolean {
    return this.current.joint;
  }

  /**
   * Replaces the networks, the optimizers and the EMA generator with those of a new stage (progressive growing). The
   * algorithm owns the optimizers and the EMA generator it gets, and disposes the EMA generator and the optimizers it
   * created that are replaced (optimizers passed in the options stay the caller's); the replaced networks are left to
   * the caller.
   */
  protected replaceNetworks(next: Omit<TrainedNetworks, 'joint'>): void {
    const previous = this.current;
    this.current = {
      ...next,
      joint: this.discriminatorBatches === 'joint' || (this.discriminatorBatches === 'auto' && isPerSample(next.discriminator)),
    };
    const kept = new Set<unknown>(Object.values(this.current));
    if (previous.generatorEma !== undefined && !kept.has(previous.generatorEma)) previous.generatorEma.dispose();
    for (const optimizer of [previous.generatorOptimizer, previous.discriminatorOptimizer]) {
      if (!kept.has(optimizer)) this.ownedOptimizers.release(optimizer);
    }
    for (const optimizer of [next.generatorOptimizer, next.discriminatorOptimizer]) this.ownedOptimizers.adopt(optimizer);
  }

  /** `generator`, `discriminator` and, with the option `ema`, `generator-ema`. */
  get networks(): Readonly<Record<string, tfl.LayersModel>> {
    return {
      generator: this.generator,
      discriminator: this.discriminator,
      ...(this.generatorEma === undefined ? {} : { 'generator-ema': this.generatorEma.model }),
    };
  }

  /** `generator` and `discriminator`. */
  get optimizers(): Readonly<Record<string, tf.Optimizer>> {
    return { generator: this.generatorOptimizer, discriminator: this.discriminatorOptimizer };
  }

  /** k: one real batch per discriminator update. */
  get batchesPerStep(): number {
    return this.discriminatorSteps;
  }

  /** Checks that the batch size suits a packing discriminator (PacGAN). */
  prepare(_data: DataSource, { batchSize }: PrepareOptions): void {
    const packing = packingOf(this.discriminator);
    if (batchSize % packing !== 0) {
      throw new RangeError(`${this.label}.fit: the discriminator packs ${packing} samples at once (PacGAN), so batchSize must be divisible by ${packing}; saw ${batchSize}.`);
    }
  }

  /**
   * One step of Algorithm 1 (Goodfellow et al. 2014): (1) k discriminator updates, one per real batch; (2) one
   * generator update; then the EMA generator, when there is one, follows.
   */
  trainStep(batches: readonly Batch[], context: StepContext): GanStepScalars {
    // The step's augmentation before D (option augment), from a stream of its own.
    const augment = this.augmentation?.forStep(context.random);
    // (1) Update D: minimize L_D on real and generated batches, k times.
    let discriminator: DiscriminatorUpdate | undefined;
    for (const batch of batches) {
      if (discriminator !== undefined) tf.dispose([discriminator.loss, discriminator.realScore, discriminator.fakeScore, ...Object.values(discriminator.penalties)]);
      discriminator = this.discriminatorUpdate(batch, context, augment);
    }
    const last = batches[batches.length - 1];
    if (discriminator === undefined || last === undefined) {
      throw new Error(`${this.label}: a step needs the k real batches of one step; it got none.`);
    }
    // (2) Update G: minimize L_G on fresh latents through D.
    const generator = this.generatorUpdate(last, context, augment);
    this.generatorEma?.update(this.generator, context.step);
    return {
      discriminatorLoss: discriminator.loss,
      generatorLoss: generator.loss,
      realScore: discriminator.realScore,
      fakeScore: discriminator.fakeScore,
      penalties: { ...discriminator.penalties, ...generator.penalties },
    };
  }

  /**
   * One discriminator update: x = the real batch, x̃ = G(z) with z ~ N(0, I) (not back-propagated into G);
   * minimize L_D(D(A(x)), D(A(x̃))) + Σ_r every_r·λ_r·penalty_r over the regularizers due at this step, A the
   * augmentation (option `augment`; the identity without it).
   */
  private discriminatorUpdate(batch: Batch, context: StepContext, augment: ((images: tf.Tensor) => tf.Tensor) | undefined): DiscriminatorUpdate {
    const { random, step } = context;
    const real = this.realBatch(batch);
    const n = real.x.shape[0] ?? 1;
    const fakeC = this.drawConditioning(n, random);
    const fake = tf.tidy(() => this.trainingGeneration(random.normalTensor([n, this.latentDim]), fakeC, random).fake);
    let realScore: tf.Scalar | undefined;
    let fakeScore: tf.Scalar | undefined;
    let adaLogits: tf.Tensor | undefined;
    const penalties: Record<string, tf.Scalar> = {};
    const due = context.dueRegularizers('discriminator');
    let seenReal: RealBatch = real;
    let seenFake = fake;
    try {
      if (augment !== undefined) {
        seenReal = { x: augment(real.x), c: real.c };
        seenFake = augment(fake);
      }
      if (!this.lossChecked) this.checkLoss(real, fake, fakeC);
      const loss = context.minimize('discriminator', () => {
        const { onReal, onFake } = this.criticBoth(seenReal, seenFake, fakeC);
        if (this.augmentation?.ada !== undefined) adaLogits = tf.keep(onReal.logits);
        realScore = tf.keep(tf.mean(tf.sigmoid(onReal.logits)) as tf.Scalar);
        fakeScore = tf.keep(tf.mean(tf.sigmoid(onFake.logits)) as tf.Scalar);
        let total = this.checkScalar(this.loss.discriminatorLoss({ realLogits: onReal.logits, fakeLogits: onFake.logits }), 'discriminatorLoss');
        const classTerm = this.discriminatorClassTerm(onReal, real.c, onFake, fakeC);
        if (classTerm !== undefined) total = tf.add(total, classTerm);
        for (const { regularizer, factor } of due) {
          const penalty = this.checkScalar(regularizer.penalty({
            critic: (x) => this.critic(x, real.c, true).logits,
            fakeCritic: (x) => this.critic(x, fakeC, true).logits,
            discriminator: this.discriminator,
            real: seenReal.x, fake: seenFake, realLogits: onReal.logits, fakeLogits: onFake.logits, random, step,
          }), `regularizer '${regularizer.name}' penalty`);
          penalties[regularizer.name] = tf.keep(penalty);
          total = tf.add(total, tf.mul(penalty, factor));
        }
        return total;
      }, trainableVariables(this.discriminator));
      if (this.weightClip !== undefined) this.clipDiscriminatorWeights(this.weightClip);
      // ADA: p follows r_t = E[sign(D(A(x)))] over the augmented real batches.
      if (adaLogits !== undefined) this.augmentation!.observe(adaLogits);
      return { loss, realScore: realScore!, fakeScore: fakeScore!, penalties };
    } catch (error) {
      tf.dispose([realScore, fakeScore, ...Object.values(penalties)].filter((t) => t !== undefined));
      throw error;
    } finally {
      tf.dispose([fake, fakeC, real.c, adaLogits].filter((t) => t !== undefined));
      if (seenReal !== real) seenReal.x.dispose();
      if (seenFake !== fake) seenFake.dispose();
    }
  }

  /**
   * One generator update on fresh z ~ N(0, I): minimize L_G(D(A(G(z)))) + Σ_r every_r·λ_r·penalty_r over the
   * generator regularizers due at this step, A the augmentation (the identity without it). `last` is the step's last
   * real batch (for losses that compare with real logits).
   */
  private generatorUpdate(last: Batch, context: StepContext, augment: ((images: tf.Tensor) => tf.Tensor) | undefined): { loss: tf.Scalar; penalties: Record<string, tf.Scalar> } {
    const { random, step } = context;
    const n = this.samplesOf(last).shape[0] ?? 1;
    const real = this.loss.generatorNeedsRealLogits === true ? this.realBatch(last) : undefined;
    const z = random.normalTensor([n, this.latentDim]);
    const fakeC = this.drawConditioning(n, random);
    const penalties: Record<string, tf.Scalar> = {};
    const due = context.dueRegularizers('generator');
    try {
      const loss = context.minimize('generator', () => {
        const { fake, generate, latents } = this.trainingGeneration(z, fakeC, random);
        const onFake = this.critic(augment === undefined ? fake : augment(fake), fakeC, true);
        const inputs = real === undefined
          ? { fakeLogits: onFake.logits }
          : { fakeLogits: onFake.logits, realLogits: this.critic(augment === undefined ? real.x : augment(real.x), real.c, true).logits };
        let total = this.checkScalar(this.loss.generatorLoss(inputs), 'generatorLoss');
        const classTerm = this.generatorClassTerm(onFake, fakeC);
        if (classTerm !== undefined) total = tf.add(total, classTerm);
        for (const { regularizer, factor } of due) {
          const penalty = this.checkScalar(regularizer.penalty({ generate, latents, fake, random, step }), `regularizer '${regularizer.name}' penalty`);
          penalties[regularizer.name] = tf.keep(penalty);
          total = tf.add(total, tf.mul(penalty, factor));
        }
        return total;
      }, trainableVariables(this.generator));
      return { loss, penalties };
    } catch (error) {
      tf.dispose(Object.values(penalties));
      throw error;
    } finally {
      tf.dispose([z, fakeC, real?.c].filter((t) => t !== undefined));
    }
  }

  /** The samples of a batch: the tensor itself, or the `samples` field of labelled data. */
  protected samplesOf(batch: Batch): tf.Tensor {
    if (batch instanceof tf.Tensor) return batch;
    const samples = (batch as Record<string, tf.Tensor>)['samples'];
    if (samples === undefined) {
      throw new TypeError(`${this.label}.fit: a batch is a record without a 'samples' field (it has ${Object.keys(batch).join(', ')}); pass a tensor of samples or { samples, labels }.`);
    }
    return samples;
  }

  /** A real batch's samples and conditioning: here the samples alone (labels of labelled data are ignored). */
  protected realBatch(batch: Batch): RealBatch {
    return { x: this.samplesOf(batch), c: undefined };
  }

  /** The conditioning of `n` generated samples, drawn from `random`; none for an unconditional GAN. */
  protected drawConditioning(_n: number, _random: SeededRandom): tf.Tensor | undefined {
    return undefined;
  }

  /**
   * G in training mode on latents `z` and conditioning `c`, as both updates of a step run it: here G(z, c), with
   * (latents ↦ G(latents, c), z) for generator regularizers. An algorithm that generates otherwise in training (style
   * mixing) overrides it, drawing what it needs from `random`.
   */
  protected trainingGeneration(z: tf.Tensor, c: tf.Tensor | undefined, _random: SeededRandom): TrainingGeneration {
    return { fake: this.generate(z, c, true), generate: (latents) => this.generate(latents, c, true), latents: z };
  }

  /** G(z, c): the generator on latents `z` (and conditioning `c`) in the given mode. */
  protected generate(z: tf.Tensor, c: tf.Tensor | undefined, training: boolean, generator = this.generator): tf.Tensor {
    return generator.apply(c === undefined ? z : [z, c], { training }) as tf.Tensor;
  }

  /** D(x, c): the discriminator's outputs on `x` (with conditioning `c`) in the given mode. */
  protected critic(x: tf.Tensor, _c: tf.Tensor | undefined, training: boolean): CriticOutputs {
    return { logits: this.discriminator.apply(x, { training }) as tf.Tensor };
  }

  /** A term added to the discriminator's loss besides the adversarial one (AC-GAN's class loss); none here. */
  protected discriminatorClassTerm(_onReal: CriticOutputs, _realC: tf.Tensor | undefined, _onFake: CriticOutputs, _fakeC: tf.Tensor | undefined): tf.Tensor | undefined {
    return undefined;
  }

  /** A term added to the generator's loss besides the adversarial one (AC-GAN's class loss); none here. */
  protected generatorClassTerm(_onFake: CriticOutputs, _fakeC: tf.Tensor | undefined): tf.Tensor | undefined {
    return undefined;
  }

  /** D on the real and the generated batch in training mode: one call on the concatenation or two (option `discriminatorBatches`). */
  private criticBoth(real: RealBatch, fake: tf.Tensor, fakeC: tf.Tensor | undefined): { onReal: CriticOutputs; onFake: CriticOutputs } {
    if (!this.jointDiscriminatorBatches) return { onReal: this.critic(real.x, real.c, true), onFake: this.critic(fake, fakeC, true) };
    const inputs = (x: tf.Tensor, c: tf.Tensor | undefined) => (c === undefined ? [x] : [x, c]);
    const [onReal, onFake] = applyToBoth(inputs(real.x, real.c), inputs(fake, fakeC), ([x, c]) => {
      const { logits, classLogits } = this.critic(x!, c, true);
      return classLogits === undefined ? [logits] : [logits, classLogits];
    });
    const outputs = ([logits, classLogits]: tf.Tensor[]): CriticOutputs => ({ logits: logits!, classLogits });
    return { onReal: outputs(onReal), onFake: outputs(onFake) };
  }

  /**
   * Draws `n` samples (see {@link SampleOptions}): from the EMA generator when there is one (unless `ema: false`),
   * in inference mode unless `training: true`; latents from `options.seed` (repeatable), else from `random`.
   */
  sample(n: number, options: SampleOptions = {}, random?: SeededRandom): tf.Tensor {
    const count = options.latents?.shape[0] ?? n;
    if (!isPositiveInteger(count)) {
      throw new RangeError(`${this.label}.sample: n must be an integer ≥ 1, saw ${String(n)}.`);
    }
    if (options.latents !== undefined && options.truncation !== undefined) {
      throw new Error(`${this.label}.sample: give truncation or latents, not both; latents are used as given (draw them with truncatedLatents to truncate them).`);
    }
    const c = this.sampleConditioning(count, options, random);
    try {
      return tf.tidy(() => {
        const z = options.latents ?? this.sampleLatents(count, options.seed, random, options.truncation);
        if (z.rank !== 2 || z.shape[1] !== this.latentDim) {
          throw new Error(`${this.label}.sample: latents must have shape [n, ${this.latentDim}], saw [${z.shape.join(', ')}].`);
        }
        return this.generate(z, c, options.training ?? false, this.samplingGenerator(options));
      });
    } finally {
      c?.dispose();
    }
  }

  /** The conditioning of `count` samples asked for by `options`; none for an unconditional GAN. */
  protected sampleConditioning(_count: number, _options: SampleOptions, _random: SeededRandom | undefined): tf.Tensor | undefined {
    return undefined;
  }

  /** The generator `sample` draws from: the EMA generator when there is one and `options.ema` is not `false`. */
  samplingGenerator(options: SampleOptions = {}): tfl.LayersModel {
    return options.ema !== false && this.generatorEma !== undefined ? this.generatorEma.model : this.generator;
  }

  /**
   * Latent vectors z ~ N(0, I) `[n, latentDim]`, from `seed` when given (repeatable), else from `random`; with
   * `truncation`, from the normal truncated to [−truncation, truncation] ({@link truncatedLatents}).
   */
  sampleLatents(n: number, seed: number | undefined, random: SeededRandom | undefined, truncation?: number): tf.Tensor2D {
    const stream = seed === undefined ? random : new SeededRandom(seed);
    if (stream === undefined) throw new Error(`${this.label}.sample: give a seed or latents, or sample through the trainer (which owns the random stream).`);
    if (truncation !== undefined && (typeof truncation !== 'number' || !Number.isFinite(truncation) || truncation <= 0)) {
      throw new RangeError(`${this.label}.sample: truncation must be a finite number > 0 (BigGAN uses 0.04 … 2; omit it for no truncation), saw ${String(truncation)}.`);
    }
    if (truncation !== undefined) return truncatedLatents(stream, [n, this.latentDim], truncation) as tf.Tensor2D;
    return stream.normalTensor([n, this.latentDim]) as tf.Tensor2D;
  }

  /** The loss, k, the weight clip, the EMA and augmentation settings: what a snapshot must have been taken with. */
  configuration(): JsonObject {
    return {
      loss: this.loss.name,
      discriminatorSteps: this.discriminatorSteps,
      weightClip: this.weightClip ?? null,
      ...(this.generatorEma === undefined ? {} : { ema: { decay: this.generatorEma.decay, startStep: this.generatorEma.startStep } }),
      ...(this.augmentation === undefined ? {} : { augment: this.augmentation.configuration() }),
    };
  }

  /** The augmentation's state (ADA's p, image count and history) under `augment`; `null` without augmentation. */
  state(): JsonValue {
    return this.augmentation === undefined ? null : { augment: this.augmentation.state() };
  }

  /** Restores what {@link UnconditionalGan.state} returned: ADA continues with the saved p. */
  restoreState(state: JsonValue): void {
    if (this.augmentation === undefined) return;
    const saved = (state as { augment?: JsonValue } | null)?.augment;
    if (saved === undefined) throw new Error(`${this.label}.restore: the snapshot holds no augmentation state, but this algorithm augments; restore a snapshot of a run with the same augment option.`);
    this.augmentation.restoreState(saved);
  }

  /** Releases the optimizers this algorithm created and the EMA generator. */
  dispose(): void {
    this.ownedOptimizers.dispose();
    this.generatorEma?.dispose();
  }


  /**
   * Evaluates both losses once in inference mode (no state changes, no random draws) so that a loss returning the
   * wrong shape is reported before any update, and outside the gradient tape, which would keep its tensors.
   */
  private checkLoss(real: RealBatch, fake: tf.Tensor, fakeC: tf.Tensor | undefined): void {
    tf.tidy(() => {
      const realLogits = this.critic(real.x, real.c, false).logits;
      const fakeLogits = this.critic(fake, fakeC, false).logits;
      this.checkScalar(this.loss.discriminatorLoss({ realLogits, fakeLogits }), 'discriminatorLoss');
      this.checkScalar(this.loss.generatorLoss({ fakeLogits, realLogits }), 'generatorLoss');
    });
    this.lossChecked = true;
  }

  /** `value` if it is a scalar tensor, else an error naming the loss and `what` returned something else. */
  protected checkScalar(value: tf.Tensor, what: string): tf.Scalar {
    if (!(value instanceof tf.Tensor) || value.rank !== 0) {
      const seen = value instanceof tf.Tensor ? `a tensor of shape [${value.shape.join(', ')}]` : String(value);
      throw new Error(`${this.label}: ${what} of loss '${this.loss.name}' must return a scalar tensor, returned ${seen}; reduce it, e.g. with tf.mean.`);
    }
    return value as tf.Scalar;
  }

  /** WGAN weight clipping: every trainable weight of D clipped to [−c, c]. */
  private clipDiscriminatorWeights(c: number): void {
    tf.tidy(() => {
      for (const v of trainableVariables(this.discriminator)) v.assign(tf.clipByValue(v, -c, c));
    });
  }
}

