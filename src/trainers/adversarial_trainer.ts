import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { GanModels } from '../architectures/gan_models.js';
import type { GanLoss } from '../losses/gan_loss.js';
import { enableSecondOrderGradients } from '../gradients/enable_second_order_gradients.js';
import { nonSaturatingLoss } from '../losses/non_saturating.js';
import { setLearningRate } from '../optimizers/learning_rate.js';
import { adam } from '../optimizers/optimizers.js';
import { packingOf } from '../layers/packing.js';
import type { DiscriminatorRegularizer } from '../regularizers/regularizer.js';
import { SeededRandom } from '../utils/random.js';
import { applyToBoth, isPerSample } from './per_sample.js';
import type { TrainerCallbacks, TrainingHook, TrainingState } from './callbacks.js';
import { openBatchStream, type BatchStream, type BatchStreamState, type DataSource, type SampleShape } from './data_source.js';
import { GeneratorEma, type GeneratorEmaOptions } from './generator_ema.js';
import type { StepLogs, TrainingHistory } from './history.js';
import { NonFiniteError } from './non_finite_error.js';
import {
  checkModelWeights, checkOptimizerState, readModelWeights, readOptimizerState, writeModelWeights, writeOptimizerState,
  type TrainerConfiguration, type TrainerSnapshot,
} from './trainer_state.js';

/** Options of {@link AdversarialTrainer}. Every field is optional; the defaults are those of DCGAN (arXiv 1511.06434). */
export interface AdversarialTrainerOptions {
  /** The objective. Default {@link nonSaturatingLoss}(). Any {@link GanLoss} object works, built-in or user-written. */
  readonly loss?: GanLoss;
  /** The generator's optimizer. Default {@link adam}(2e-4, 0.5) (DCGAN). */
  readonly generatorOptimizer?: tf.Optimizer;
  /** The discriminator's optimizer. Default {@link adam}(2e-4, 0.5) (DCGAN). */
  readonly discriminatorOptimizer?: tf.Optimizer;
  /** k, discriminator updates per generator update (Algorithm 1 of Goodfellow et al. 2014, arXiv 1406.2661). Integer ≥ 1, default 1. */
  readonly discriminatorSteps?: number;
  /** Penalties added to the discriminator's loss (WGAN-GP, R1, …). Default none. */
  readonly regularizers?: readonly DiscriminatorRegularizer[];
  /**
   * WGAN weight clipping (Arjovsky et al. 2017, arXiv 1701.07875): after every discriminator update each of its
   * trainable weights is clipped to [−c, c]. Default none; the WGAN paper uses 0.01.
   */
  readonly weightClip?: number;
  /**
   * Seed of every random draw the trainer makes (latent vectors, batch order, penalty draws): the same seed, models
   * and data give the same run. Default: a random seed, readable afterwards as `trainer.seed`.
   */
  readonly seed?: number;
  /**
   * Keep an exponential moving average of the generator's weights ({@link GeneratorEma}; Yazıcı et al. 2018,
   * arXiv 1806.04498), updated after every generator step; `sample` then draws from it by default. It is part of
   * snapshots and checkpoints. Default none.
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
}

/** Options of {@link AdversarialTrainer.fit}. Give `steps` or `epochs`. */
export interface FitOptions<T> {
  /** Generator steps to run in this call. */
  readonly steps?: number;
  /** Full passes over the data to run in this call (one pass consumes the data once, in batches of the discriminator). */
  readonly epochs?: number;
  /** Samples per batch, for real and generated batches alike. Default 64. */
  readonly batchSize?: number;
  /** Hooks, one object or several (called in order). */
  readonly callbacks?: TrainerCallbacks<T> | readonly TrainerCallbacks<T>[];
  /** Stops training cleanly after the current step when aborted; `fit` then resolves with `stopReason: 'aborted'`. */
  readonly signal?: AbortSignal;
  /**
   * What happens when a step produces a NaN or infinite loss, gradient or weight. `'throw'` (default): `fit` rejects
   * with a {@link NonFiniteError} before the next step and before any hook, so no checkpoint of the broken state is
   * written. A function rolls back instead: it must restore a good state into the trainer (e.g. the last checkpoint,
   * `CheckpointManager.rollback`); `fit` then replays from there, skips the batches of the failed step when it
   * reaches it again, and goes on. The same step failing more than {@link MAX_ROLLBACKS_PER_STEP} times rethrows.
   */
  readonly guard?: 'throw' | NonFiniteHandler<T>;
}

/** Restores a good state into `trainer` after `error` (see {@link FitOptions.guard}); throwing stops the fit. */
export type NonFiniteHandler<T> = (error: NonFiniteError, trainer: T) => void | Promise<void>;

/** How often one step may fail and be rolled back before `fit` gives up. */
export const MAX_ROLLBACKS_PER_STEP = 3;

/** Options of {@link AdversarialTrainer.sample}. */
export interface SampleOptions {
  /** Draw the latent vectors from this seed instead of the trainer's stream (the same seed gives the same latents: a fixed-noise grid). */
  readonly seed?: number;
  /** Use these latent vectors `[n, latentDim]` instead of drawing them. */
  readonly latents?: tf.Tensor2D;
  /** Run the generator in training mode (batch statistics in BatchNorm). Default `false` (moving statistics). */
  readonly training?: boolean;
  /** Draw from the EMA generator when the trainer keeps one (option `ema`); `false` uses the trained generator. Default `true`. */
  readonly ema?: boolean;
}

/** The scalars of one discriminator update (owned by the caller). */
export interface DiscriminatorStepOutput {
  /** L_D + Σ λ·penalty, as minimized. */
  readonly loss: tf.Scalar;
  /** Mean σ(D(x)) on the real batch. */
  readonly realScore: tf.Scalar;
  /** Mean σ(D(G(z))) on the generated batch. */
  readonly fakeScore: tf.Scalar;
  /** Each applied regularizer's unweighted penalty, by name. */
  readonly penalties: Readonly<Record<string, tf.Scalar>>;
  /** Σ over the gradient's elements of g·0: 0 when every element is finite, NaN otherwise (checked by `fit`). */
  readonly gradientCheck?: tf.Scalar;
}

/** The scalars of one generator update (owned by the caller). */
export interface GeneratorStepOutput {
  /** L_G, as minimized. */
  readonly loss: tf.Scalar;
  /** Σ over the gradient's elements of g·0: 0 when every element is finite, NaN otherwise (checked by `fit`). */
  readonly gradientCheck?: tf.Scalar;
}

/** The scalars of one {@link AdversarialTrainer.trainStep} (owned by the caller). */
export interface TrainStepOutput {
  /** Of the last of the k discriminator updates. */
  readonly discriminator: DiscriminatorStepOutput;
  /** Of the generator update. */
  readonly generator: GeneratorStepOutput;
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

/** The trainable variables of `model`, for an optimizer. */
export function variablesOf(model: tfl.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => w.read() as tf.Variable);
}

/**
 * The configuration without what schedules change during training: the optimizers' learning rates and the
 * regularizers' current weights.
 */
function withoutScheduledValues(configuration: TrainerConfiguration): TrainerConfiguration {
  const strip = (o: TrainerConfiguration['generatorOptimizer']) => {
    const { learningRate: _rate, ...rest } = o.config as Record<string, unknown>;
    return { ...o, config: rest as typeof o.config };
  };
  return {
    ...configuration,
    regularizers: configuration.regularizers.map(({ name, every }) => ({ name, every })) as unknown as TrainerConfiguration['regularizers'],
    generatorOptimizer: strip(configuration.generatorOptimizer),
    discriminatorOptimizer: strip(configuration.discriminatorOptimizer),
  };
}

/** Gives `optimizer` the learning rate recorded in `saved` (when it has one). */
function restoreLearningRate(optimizer: tf.Optimizer, saved: TrainerConfiguration['generatorOptimizer']): void {
  const rate = (saved.config as Record<string, unknown>)['learningRate'];
  if (typeof rate === 'number') setLearningRate(optimizer, rate);
}

/** Σ_t Σ_i t_i·0 over `tensors`: 0 when every element is finite, NaN otherwise (∞·0 = NaN). One scalar to read back. */
function finiteCheck(tensors: readonly tf.Tensor[]): tf.Scalar {
  return tf.tidy(() => (tensors.length === 0 ? tf.scalar(0) : tf.addN(tensors.map((t) => tf.sum(tf.mul(t, 0))))) as tf.Scalar);
}

/**
 * Minimizes `f` over `variables` with `optimizer` exactly as `optimizer.minimize(f, true, variables)` does, and also
 * returns the {@link finiteCheck} of the gradient.
 */
export function minimizeChecked(optimizer: tf.Optimizer, f: () => tf.Scalar, variables: tf.Variable[]): { loss: tf.Scalar; gradientCheck: tf.Scalar } {
  const { value, grads } = optimizer.computeGradients(f, variables);
  try {
    const gradients = variables.map((v) => ({ name: v.name, tensor: grads[v.name]! }));
    const gradientCheck = finiteCheck(gradients.map((g) => g.tensor).filter((t) => t !== undefined));
    optimizer.applyGradients(gradients);
    return { loss: value, gradientCheck };
  } finally {
    tf.dispose(grads);
  }
}

/**
 * Trains any generator/discriminator pair with any {@link GanLoss}: the minibatch stochastic gradient algorithm of
 * Goodfellow et al. 2014 (arXiv 1406.2661, Algorithm 1). Each step:
 *
 * 1. update D, k times: on a real batch x and a generated batch G(z) (not back-propagated into G), minimize
 *    L_D(D(x), D(G(z))) + Σ λ·penalty;
 * 2. update G once: on fresh latents z, minimize L_G(D(G(z))).
 *
 * Both networks run in training mode during the step (BatchNorm uses batch statistics and updates its moving
 * averages, spectral normalization advances its power iteration). All random draws come from one seeded stream.
 * Subclasses can override {@link AdversarialTrainer.discriminatorStep}, {@link AdversarialTrainer.generatorStep}
 * or {@link AdversarialTrainer.trainStep}.
 *
 * @example
 * ```ts
 * const gan = new DCGAN({ imageShape: [28, 28, 1], latentDim: 100 });
 * const trainer = new AdversarialTrainer(gan, { loss: nonSaturatingLoss(), discriminatorSteps: 1, seed: 42 });
 * const history = await trainer.fit(images, { steps: 2000, batchSize: 64 });
 * const samples = trainer.sample(16);
 * ```
 */
export class AdversarialTrainer {
  /** G, trained in place. */
  readonly generator: tfl.LayersModel;
  /** D (the critic), trained in place; returns logits. */
  readonly discriminator: tfl.LayersModel;
  /** The size of the latent vector z. */
  readonly latentDim: number;
  /** The objective. */
  readonly loss: GanLoss;
  /** The generator's optimizer. */
  readonly generatorOptimizer: tf.Optimizer;
  /** The discriminator's optimizer. */
  readonly discriminatorOptimizer: tf.Optimizer;
  /** k, discriminator updates per generator update. */
  readonly discriminatorSteps: number;
  /** Penalties added to the discriminator's loss. */
  readonly regularizers: readonly DiscriminatorRegularizer[];
  /** The WGAN clipping bound c, or `undefined` for none. */
  readonly weightClip: number | undefined;
  /** The moving average of the generator's weights, when the option `ema` is set. */
  readonly generatorEma: GeneratorEma | undefined;
  /** Whether the discriminator step runs D once on [x; x̃] (see {@link AdversarialTrainerOptions.discriminatorBatches}). */
  readonly jointDiscriminatorBatches: boolean;
  /** Generator steps completed over the trainer's life. */
  step = 0;
  private readonly sampleShape: SampleShape;
  private readonly ownedOptimizers: tf.Optimizer[] = [];
  private lossChecked = false;
  private currentSeed: number;
  private currentRandom: SeededRandom;
  /** Where the in-memory data stream stood at the end of the last fit (or after a restore): the next fit continues. */
  private dataState: BatchStreamState | undefined;
  /** The regularizers' current weights λ, by position (start: their configured weights; see {@link AdversarialTrainer.setRegularizerWeight}). */
  private readonly regularizerWeights: number[];
  private activeStream: BatchStream | undefined;

  /**
   * @param models - any `{ generator, discriminator, latentDim }`: a builder's output or hand-made models.
   * @param options - see {@link AdversarialTrainerOptions}.
   */
  constructor(models: GanModels, options: AdversarialTrainerOptions = {}) {
    const { generator, discriminator, latentDim } = models ?? ({} as Partial<GanModels>);
    if (generator === undefined || discriminator === undefined || typeof generator.apply !== 'function' || typeof discriminator.apply !== 'function') {
      throw new TypeError('AdversarialTrainer: models must be { generator, discriminator, latentDim } with tf.LayersModel networks.');
    }
    if (!isPositiveInteger(latentDim)) {
      throw new RangeError(`AdversarialTrainer: latentDim must be a positive integer, saw ${String(latentDim)}.`);
    }
    const gInput = sampleShapeOf(generator, 'inputs');
    if (!sameShape(gInput, [latentDim])) {
      throw new Error(`AdversarialTrainer: latentDim is ${latentDim}, but the generator takes inputs of shape [batch, ${gInput.join(', ')}]; pass the generator's latent size.`);
    }
    const gOutput = sampleShapeOf(generator, 'outputs');
    const dInput = sampleShapeOf(discriminator, 'inputs');
    if (!sameShape(gOutput, dInput)) {
      throw new Error(`AdversarialTrainer: the generator makes samples of shape [${gOutput.join(', ')}], but the discriminator takes [${dInput.join(', ')}]; build them for the same sample shape.`);
    }
    const dOutput = sampleShapeOf(discriminator, 'outputs');
    if (!(dOutput.length === 0 || (dOutput.length === 1 && (dOutput[0] === 1 || dOutput[0] === null)))) {
      throw new Error(`AdversarialTrainer: the discriminator must return one logit per sample ([batch, 1]), but returns [batch, ${dOutput.join(', ')}].`);
    }
    const k = options.discriminatorSteps ?? 1;
    if (!isPositiveInteger(k)) {
      throw new RangeError(`AdversarialTrainer: discriminatorSteps (k) must be an integer ≥ 1, saw ${String(k)}.`);
    }
    if (options.weightClip !== undefined && !(options.weightClip > 0 && Number.isFinite(options.weightClip))) {
      throw new RangeError(`AdversarialTrainer: weightClip must be a positive number (WGAN uses 0.01), saw ${String(options.weightClip)}.`);
    }
    const loss = options.loss ?? nonSaturatingLoss();
    if (typeof loss.generatorLoss !== 'function' || typeof loss.discriminatorLoss !== 'function') {
      throw new TypeError('AdversarialTrainer: loss must be a GanLoss with generatorLoss and discriminatorLoss functions.');
    }
    for (const r of options.regularizers ?? []) {
      if (typeof r.penalty !== 'function' || !(r.weight >= 0) || !(r.every === undefined || isPositiveInteger(r.every))) {
        throw new TypeError(`AdversarialTrainer: regularizer '${String(r.name)}' needs a penalty function, a weight ≥ 0 and an integer every ≥ 1.`);
      }
    }
    const batches = options.discriminatorBatches ?? 'auto';
    if (batches !== 'auto' && batches !== 'joint' && batches !== 'separate') {
      throw new TypeError(`AdversarialTrainer: discriminatorBatches must be 'auto', 'joint' or 'separate', saw ${String(batches)}.`);
    }
    if (options.seed !== undefined && !Number.isFinite(options.seed)) {
      throw new RangeError(`AdversarialTrainer: seed must be a finite number, saw ${String(options.seed)}.`);
    }
    this.generator = generator;
    this.discriminator = discriminator;
    this.latentDim = latentDim;
    this.loss = loss;
    this.generatorOptimizer = options.generatorOptimizer ?? this.defaultOptimizer();
    this.discriminatorOptimizer = options.discriminatorOptimizer ?? this.defaultOptimizer();
    this.discriminatorSteps = k;
    this.regularizers = [...(options.regularizers ?? [])];
    this.regularizerWeights = this.regularizers.map((r) => r.weight);
    this.weightClip = options.weightClip;
    this.generatorEma = options.ema === undefined ? undefined : new GeneratorEma(generator, options.ema);
    this.jointDiscriminatorBatches = batches === 'joint' || (batches === 'auto' && isPerSample(discriminator));
    this.currentSeed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
    this.currentRandom = new SeededRandom(this.currentSeed);
    this.sampleShape = dInput;
    // Correct gradients of gradients (penalties) and two first-order backend bugs (wasm MaxPoolGrad, cpu
    // ResizeNearestNeighborGrad) for every model this trainer differentiates.
    enableSecondOrderGradients();
  }

  /** The seed of the trainer's random stream (given or drawn; after {@link AdversarialTrainer.restore}, the saved run's). */
  get seed(): number {
    return this.currentSeed;
  }

  /** The trainer's random stream: latents, batch order, penalty draws. Replaced by {@link AdversarialTrainer.restore}. */
  get random(): SeededRandom {
    return this.currentRandom;
  }

  /**
   * The current weight λ of the regularizer named `name`: its configured `weight` until
   * {@link AdversarialTrainer.setRegularizerWeight} (or a schedule such as {@link regularizerWeightSchedule}) changes it.
   *
   * @throws Error when the trainer has no regularizer of that name.
   */
  regularizerWeight(name: string): number {
    return this.regularizerWeights[this.regularizerIndices(name, 'regularizerWeight')[0]!]!;
  }

  /**
   * Sets the weight λ of the regularizer(s) named `name` for the following steps: the discriminator's loss becomes
   * L_D + λ·penalty. Like a learning rate, the current weight is state: snapshots and checkpoints keep it and
   * {@link AdversarialTrainer.restore} gives it back, and it is not compared when a snapshot is restored.
   *
   * @param name - a regularizer's `name` (`'r1'`, `'gradient-penalty'`, …).
   * @param weight - λ ≥ 0, finite.
   * @throws Error when the trainer has no regularizer of that name; RangeError for a weight that is not a finite number ≥ 0.
   */
  setRegularizerWeight(name: string, weight: number): void {
    const indices = this.regularizerIndices(name, 'setRegularizerWeight');
    if (typeof weight !== 'number' || !(weight >= 0) || !Number.isFinite(weight)) {
      throw new RangeError(`AdversarialTrainer.setRegularizerWeight: weight must be a finite number ≥ 0, saw ${String(weight)} for '${name}'.`);
    }
    for (const i of indices) this.regularizerWeights[i] = weight;
  }

  private regularizerIndices(name: string, method: string): number[] {
    const indices = this.regularizers.flatMap((r, i) => (r.name === name ? [i] : []));
    if (indices.length === 0) {
      const names = this.regularizers.map((r) => `'${r.name}'`).join(', ');
      throw new Error(`AdversarialTrainer.${method}: no regularizer named '${String(name)}'; this trainer has ${names === '' ? 'none' : names}.`);
    }
    return indices;
  }

  /**
   * Trains for `steps` generator steps or `epochs` passes over `data`, calling the hooks, and returns the history.
   * Everything about the data and options is checked before the first update.
   *
   * @param data - real samples, scaled like the generator's output (DCGAN: [−1, 1]); see {@link DataSource}.
   */
  async fit(data: DataSource, options: FitOptions<this>): Promise<TrainingHistory> {
    const { steps, epochs, signal } = options ?? {};
    const batchSize = options?.batchSize ?? 64;
    if ((steps === undefined) === (epochs === undefined)) {
      throw new Error(`AdversarialTrainer.fit: give exactly one of steps or epochs, saw steps=${String(steps)}, epochs=${String(epochs)}.`);
    }
    if (steps !== undefined && !isPositiveInteger(steps)) {
      throw new RangeError(`AdversarialTrainer.fit: steps must be an integer ≥ 1, saw ${String(steps)}.`);
    }
    if (epochs !== undefined && !isPositiveInteger(epochs)) {
      throw new RangeError(`AdversarialTrainer.fit: epochs must be an integer ≥ 1, saw ${String(epochs)}.`);
    }
    if (!isPositiveInteger(batchSize)) {
      throw new RangeError(`AdversarialTrainer.fit: batchSize must be an integer ≥ 1, saw ${String(batchSize)}.`);
    }
    const packing = packingOf(this.discriminator);
    if (batchSize % packing !== 0) {
      throw new RangeError(`AdversarialTrainer.fit: the discriminator packs ${packing} samples at once (PacGAN), so batchSize must be divisible by ${packing}; saw ${batchSize}.`);
    }
    const guard = options.guard ?? 'throw';
    if (guard !== 'throw' && typeof guard !== 'function') {
      throw new TypeError(`AdversarialTrainer.fit: guard must be 'throw' or a function that restores a good state, saw ${String(guard)}.`);
    }
    const hooks = options.callbacks === undefined ? [] : Array.isArray(options.callbacks) ? options.callbacks : [options.callbacks];
    const stream = await openBatchStream(data, { batchSize, sampleShape: this.sampleShape, random: () => this.random, resume: this.dataState });
    this.activeStream = stream;
    /** Steps that failed and were rolled back, with how many times: their batches are skipped when replayed. */
    const failures = new Map<number, number>();
    const history: TrainingHistory = { steps: [], stopReason: 'completed' };
    const k = this.discriminatorSteps;
    const firstStep = this.step;
    const totalSteps = steps !== undefined
      ? firstStep + steps
      : stream.batchesPerEpoch !== undefined
        ? firstStep + Math.max(1, Math.floor((epochs! * stream.batchesPerEpoch) / k))
        : undefined;
    let epoch = 0;
    const state = (logs: StepLogs | undefined): TrainingState<this> => ({ trainer: this, step: this.step, totalSteps, epoch, logs, history });
    const call = async (pick: (h: TrainerCallbacks<this>) => TrainingHook<this> | undefined, logs: StepLogs | undefined) => {
      for (const h of hooks) await pick(h)?.(state(logs));
    };

    try {
      await call((h) => h.onTrainBegin, undefined);
      while (totalSteps === undefined ? epoch < epochs! : this.step < totalSteps) {
        if (signal?.aborted === true) {
          history.stopReason = 'aborted';
          break;
        }
        const real: tf.Tensor[] = [];
        const labels: tf.Tensor[] = [];
        let endsEpoch = false;
        try {
          const skip = (failures.get(this.step) ?? 0) * k;
          for (let i = 0; i < skip + k; i++) {
            const next = await stream.next();
            if (next === undefined) break;
            real.push(next.batch);
            if (next.labels !== undefined) labels.push(next.labels);
            endsEpoch ||= next.endsEpoch;
          }
          if (real.length < skip + k) {
            history.stopReason = 'data-exhausted';
            break;
          }
          tf.dispose(real.splice(0, skip));
          tf.dispose(labels.splice(0, labels.length === 0 ? 0 : skip));
          let logs: StepLogs;
          try {
            logs = await this.runStep(real, epoch, labels);
          } catch (error) {
            if (!(error instanceof NonFiniteError) || guard === 'throw') throw error;
            const count = (failures.get(error.step) ?? 0) + 1;
            if (count > MAX_ROLLBACKS_PER_STEP) {
              throw new Error(`${error.message} The step failed ${count} times in a row after rolling back; giving up.`, { cause: error });
            }
            failures.set(error.step, count);
            await guard(error, this);
            const undone = history.steps.findIndex((s) => s.step >= this.step);
            if (undone >= 0) history.steps.splice(undone);
            continue;
          }
          history.steps.push(logs);
          await call((h) => h.onStepEnd, logs);
          if (endsEpoch) {
            epoch += 1;
            await call((h) => h.onEpochEnd, logs);
          }
        } finally {
          tf.dispose(real);
          tf.dispose(labels);
        }
      }
    } finally {
      this.dataState = stream.state?.() ?? this.dataState;
      this.activeStream = undefined;
      stream.dispose();
    }
    await call((h) => h.onTrainEnd, history.steps.at(-1));
    return history;
  }

  /**
   * Runs one step on `real` (k batches), reads its scalars back once — losses, scores, penalties and the finiteness
   * checks of both gradients and both networks' weights — checks them and advances the step counter.
   *
   * @throws {@link NonFiniteError} naming the step, the network and the quantity when one is not finite.
   */
  private async runStep(real: tf.Tensor[], epoch: number, labels: tf.Tensor[]): Promise<StepLogs> {
    const names = this.regularizers.map((r) => r.name);
    // tidy keeps the tensors of the returned object (its optional fields are not part of TensorContainer's type).
    type StepOutputs = ReturnType<AdversarialTrainer['trainStep']>;
    const { discriminator, generator } = tf.tidy(() => this.trainStep(real, labels) as unknown as tf.TensorContainer) as unknown as StepOutputs;
    const checks = tf.tidy(() => [
      discriminator.gradientCheck ?? tf.scalar(0),
      finiteCheck(this.discriminator.weights.map((w) => w.read())),
      generator.gradientCheck ?? tf.scalar(0),
      finiteCheck(this.generator.weights.map((w) => w.read())),
    ]);
    const outputs = [discriminator.loss, generator.loss, discriminator.realScore, discriminator.fakeScore, ...checks];
    const penaltyTensors = Object.values(discriminator.penalties);
    const packed = tf.tidy(() => tf.stack([...outputs, ...names.map((n) => discriminator.penalties[n] ?? tf.scalar(NaN))]));
    tf.dispose([...outputs, ...penaltyTensors]);
    const values = await packed.data();
    packed.dispose();
    const [dLoss = NaN, gLoss = NaN, realScore = NaN, fakeScore = NaN, dGradient = NaN, dWeights = NaN, gGradient = NaN, gWeights = NaN] = values;
    const penalties: Record<string, number> = {};
    names.forEach((n, i) => {
      const v = values[8 + i]!;
      if (!Number.isNaN(v)) penalties[n] = v;
    });
    if (!Number.isFinite(dLoss)) throw new NonFiniteError(this.step, 'discriminator', 'loss', dLoss);
    if (!Number.isFinite(dGradient)) throw new NonFiniteError(this.step, 'discriminator', 'gradient');
    if (!Number.isFinite(dWeights)) throw new NonFiniteError(this.step, 'discriminator', 'weights');
    if (!Number.isFinite(gLoss)) throw new NonFiniteError(this.step, 'generator', 'loss', gLoss);
    if (!Number.isFinite(gGradient)) throw new NonFiniteError(this.step, 'generator', 'gradient');
    if (!Number.isFinite(gWeights)) throw new NonFiniteError(this.step, 'generator', 'weights');
    const logs: StepLogs = { step: this.step, epoch, discriminatorLoss: dLoss, generatorLoss: gLoss, realScore, fakeScore, penalties };
    this.generatorEma?.update(this.generator, this.step);
    this.step += 1;
    return logs;
  }

  /**
   * One training step as in Algorithm 1 of Goodfellow et al. 2014: (1) k discriminator updates, one per real batch
   * in `real`; (2) one generator update. Returns the scalars of the last discriminator update and of the generator
   * update; call it inside `tf.tidy`. `labels` holds the labels of the batches of labelled data (one tensor per
   * batch, else empty); this class ignores them, `ConditionalTrainer` trains on them.
   */
  trainStep(real: readonly tf.Tensor[], labels: readonly tf.Tensor[] = []): TrainStepOutput {
    // (1) Update D: minimize L_D on real and generated batches, k times.
    let discriminator: DiscriminatorStepOutput | undefined;
    real.forEach((batch, i) => {
      if (discriminator !== undefined) tf.dispose([discriminator.loss, discriminator.realScore, discriminator.fakeScore, ...Object.values(discriminator.penalties)]);
      discriminator = this.discriminatorStep(batch, labels[i]);
    });
    // (2) Update G: minimize L_G on fresh latents through D.
    const last = real[real.length - 1];
    if (discriminator === undefined || last === undefined) {
      throw new Error('AdversarialTrainer.trainStep: real must hold the k batches of one step; it was empty.');
    }
    const generator = this.generatorStep(last.shape[0] ?? 1, last, labels[real.length - 1]);
    return { discriminator, generator };
  }

  /**
   * One discriminator update: x = `real`, x̃ = G(z) with z ~ N(0, I) (not back-propagated into G);
   * minimize L_D(D(x), D(x̃)) + Σ_r every_r·λ_r·penalty_r on the steps where each regularizer applies.
   */
  protected discriminatorStep(real: tf.Tensor, _labels?: tf.Tensor): DiscriminatorStepOutput {
    const n = real.shape[0] ?? 1;
    const fake = tf.tidy(() => this.generate(this.random.normalTensor([n, this.latentDim]), true));
    let realScore: tf.Scalar | undefined;
    let fakeScore: tf.Scalar | undefined;
    const penalties: Record<string, tf.Scalar> = {};
    const active = this.regularizers.flatMap((r, i) => (this.step % (r.every ?? 1) === 0 ? [{ r, weight: this.regularizerWeights[i]! }] : []));
    try {
      if (!this.lossChecked) this.checkLoss(real, fake);
      const { loss, gradientCheck } = minimizeChecked(this.discriminatorOptimizer, () => {
        const { realLogits, fakeLogits } = this.discriminateBoth(real, fake);
        realScore = tf.keep(tf.mean(tf.sigmoid(realLogits)) as tf.Scalar);
        fakeScore = tf.keep(tf.mean(tf.sigmoid(fakeLogits)) as tf.Scalar);
        let total = this.checkScalar(this.loss.discriminatorLoss({ realLogits, fakeLogits }), 'discriminatorLoss');
        for (const { r, weight } of active) {
          const penalty = this.checkScalar(
            r.penalty({ discriminator: this.discriminator, real, fake, realLogits, fakeLogits, random: this.random, step: this.step }),
            `regularizer '${r.name}' penalty`,
          );
          penalties[r.name] = tf.keep(penalty);
          total = tf.add(total, tf.mul(penalty, weight * (r.every ?? 1)));
        }
        return total;
      }, variablesOf(this.discriminator));
      if (this.weightClip !== undefined) this.clipDiscriminatorWeights(this.weightClip);
      return { loss, realScore: realScore!, fakeScore: fakeScore!, penalties, gradientCheck };
    } catch (error) {
      tf.dispose([realScore, fakeScore, ...Object.values(penalties)].filter((t) => t !== undefined));
      throw error;
    } finally {
      fake.dispose();
    }
  }

  /** One generator update: minimize L_G(D(G(z))) over G's weights, z ~ N(0, I) fresh. */
  protected generatorStep(batchSize: number, real: tf.Tensor, _labels?: tf.Tensor): GeneratorStepOutput {
    const z = this.random.normalTensor([batchSize, this.latentDim]);
    try {
      return minimizeChecked(this.generatorOptimizer, () => {
        const fakeLogits = this.discriminate(this.generate(z, true), true);
        const inputs = this.loss.generatorNeedsRealLogits === true
          ? { fakeLogits, realLogits: this.discriminate(real, true) }
          : { fakeLogits };
        return this.checkScalar(this.loss.generatorLoss(inputs), 'generatorLoss');
      }, variablesOf(this.generator));
    } finally {
      z.dispose();
    }
  }

  /**
   * Generates `n` samples. By default the latents come from the trainer's stream; pass `seed` for a fixed-noise
   * grid (the same seed gives the same latents at every call) or `latents` to choose them. With the option `ema` the
   * samples come from the averaged generator unless `ema: false`.
   */
  sample(n: number, options: SampleOptions = {}): tf.Tensor {
    if (options.latents === undefined && !isPositiveInteger(n)) {
      throw new RangeError(`AdversarialTrainer.sample: n must be an integer ≥ 1, saw ${String(n)}.`);
    }
    return tf.tidy(() => {
      const z = options.latents ?? this.sampleLatents(n, options.seed);
      if (z.rank !== 2 || z.shape[1] !== this.latentDim) {
        throw new Error(`AdversarialTrainer.sample: latents must have shape [n, ${this.latentDim}], saw [${z.shape.join(', ')}].`);
      }
      return this.samplingGenerator(options).apply(z, { training: options.training ?? false }) as tf.Tensor;
    });
  }

  /** The generator `sample` draws from: the EMA generator when there is one and `options.ema` is not `false`. */
  protected samplingGenerator(options: SampleOptions): tfl.LayersModel {
    return options.ema !== false && this.generatorEma !== undefined ? this.generatorEma.model : this.generator;
  }

  /** Latent vectors z ~ N(0, I) `[n, latentDim]`, from `seed` when given (repeatable), else from the trainer's stream. */
  sampleLatents(n: number, seed?: number): tf.Tensor2D {
    const random = seed === undefined ? this.random : new SeededRandom(seed);
    return random.normalTensor([n, this.latentDim]) as tf.Tensor2D;
  }

  /** G(z) in the given mode. */
  protected generate(z: tf.Tensor, training: boolean): tf.Tensor {
    return this.generator.apply(z, { training }) as tf.Tensor;
  }

  /** D(x) in the given mode, as logits `[batch, 1]`. */
  protected discriminate(x: tf.Tensor, training: boolean): tf.Tensor {
    return this.discriminator.apply(x, { training }) as tf.Tensor;
  }

  /** D(x) and D(x̃) in training mode: one call on [x; x̃] or two calls (option `discriminatorBatches`). */
  private discriminateBoth(real: tf.Tensor, fake: tf.Tensor): { realLogits: tf.Tensor; fakeLogits: tf.Tensor } {
    if (!this.jointDiscriminatorBatches) return { realLogits: this.discriminate(real, true), fakeLogits: this.discriminate(fake, true) };
    const [[realLogits], [fakeLogits]] = applyToBoth([real], [fake], ([x]) => [this.discriminate(x!, true)]);
    return { realLogits: realLogits!, fakeLogits: fakeLogits! };
  }

  /** What the trainer was configured with: stored in snapshots and checked when one is restored. */
  configuration(): TrainerConfiguration {
    const optimizer = (o: tf.Optimizer) => ({ className: o.getClassName(), config: o.getConfig() });
    return {
      loss: this.loss.name,
      discriminatorSteps: this.discriminatorSteps,
      weightClip: this.weightClip ?? null,
      regularizers: this.regularizers.map((r, i) => ({ name: r.name, weight: this.regularizerWeights[i]!, every: r.every ?? 1 })),
      generatorOptimizer: optimizer(this.generatorOptimizer),
      discriminatorOptimizer: optimizer(this.discriminatorOptimizer),
      ...(this.generatorEma === undefined ? {} : { ema: { decay: this.generatorEma.decay, startStep: this.generatorEma.startStep } }),
    };
  }

  /**
   * Reads everything an exact resume needs (see {@link TrainerSnapshot}): weights of both networks, both optimizers'
   * state, step, random stream, data stream position, configuration. Call it between steps (from a hook, or
   * outside `fit`).
   */
  async snapshot(): Promise<TrainerSnapshot> {
    return {
      step: this.step,
      seed: this.seed,
      random: this.random.state(),
      data: this.activeStream?.state?.() ?? this.dataState,
      configuration: this.configuration(),
      generator: await readModelWeights(this.generator),
      discriminator: await readModelWeights(this.discriminator),
      generatorOptimizer: await readOptimizerState(this.generatorOptimizer),
      discriminatorOptimizer: await readOptimizerState(this.discriminatorOptimizer),
      ...(this.generatorEma === undefined ? {} : { generatorEma: await readModelWeights(this.generatorEma.model) }),
    };
  }

  /**
   * Puts the trainer back into the state of `snapshot`, so that training continues exactly as the saved run would
   * have: the next `fit` over the same data and batch size draws the same batches and latents. Everything is
   * checked before anything changes: the configuration must equal this trainer's (loss, k, weight clip,
   * regularizers, optimizer classes and settings), and the networks must have the same weights by position, shape
   * and dtype. Learning rates and regularizer weights are state, not configuration (schedules such as
   * `linearLearningRateDecay` and `regularizerWeightSchedule` change them): like PyTorch's `Optimizer.load_state_dict`,
   * the optimizers get the snapshot's rates back, and the regularizers the snapshot's weights.
   */
  async restore(snapshot: TrainerSnapshot): Promise<void> {
    if (snapshot === null || typeof snapshot !== 'object' || !Number.isInteger(snapshot.step) || snapshot.step < 0) {
      throw new TypeError(`AdversarialTrainer.restore: snapshot must come from AdversarialTrainer.snapshot(), saw step ${String(snapshot?.step)}.`);
    }
    const saved = JSON.stringify(withoutScheduledValues(snapshot.configuration));
    const current = JSON.stringify(withoutScheduledValues(this.configuration()));
    if (saved !== current) {
      throw new Error(
        `AdversarialTrainer.restore: the snapshot was taken with the configuration ${saved}, but this trainer has ${current}; ` +
        'create the trainer with the same loss, discriminatorSteps, weightClip, regularizers and optimizers.',
      );
    }
    for (const r of snapshot.configuration.regularizers) {
      if (typeof r.weight !== 'number' || !(r.weight >= 0) || !Number.isFinite(r.weight)) {
        throw new TypeError(`AdversarialTrainer.restore: the snapshot's weight of regularizer '${r.name}' is ${String(r.weight)}, not a finite number ≥ 0; the snapshot is damaged.`);
      }
    }
    checkModelWeights(this.generator, snapshot.generator, 'generator');
    checkModelWeights(this.discriminator, snapshot.discriminator, 'discriminator');
    if (this.generatorEma !== undefined) checkModelWeights(this.generatorEma.model, snapshot.generatorEma!, 'EMA generator');
    checkOptimizerState(this.generatorOptimizer, snapshot.generatorOptimizer, 'generator');
    checkOptimizerState(this.discriminatorOptimizer, snapshot.discriminatorOptimizer, 'discriminator');
    const random = SeededRandom.fromState(snapshot.random);
    writeModelWeights(this.generator, snapshot.generator);
    writeModelWeights(this.discriminator, snapshot.discriminator);
    if (this.generatorEma !== undefined) writeModelWeights(this.generatorEma.model, snapshot.generatorEma!);
    await writeOptimizerState(this.generatorOptimizer, snapshot.generatorOptimizer);
    await writeOptimizerState(this.discriminatorOptimizer, snapshot.discriminatorOptimizer);
    restoreLearningRate(this.generatorOptimizer, snapshot.configuration.generatorOptimizer);
    restoreLearningRate(this.discriminatorOptimizer, snapshot.configuration.discriminatorOptimizer);
    snapshot.configuration.regularizers.forEach((r, i) => { this.regularizerWeights[i] = r.weight; });
    this.step = snapshot.step;
    this.currentSeed = snapshot.seed;
    this.currentRandom = random;
    this.dataState = snapshot.data;
    if (snapshot.data !== undefined) this.activeStream?.restore?.(snapshot.data);
  }

  /**
   * Releases the optimizers the trainer created (their moments and counters). The models, and optimizers passed in
   * the options, stay the caller's.
   */
  dispose(): void {
    for (const o of this.ownedOptimizers.splice(0)) o.dispose();
    this.generatorEma?.dispose();
  }

  private defaultOptimizer(): tf.Optimizer {
    const optimizer = adam(2e-4, 0.5);
    this.ownedOptimizers.push(optimizer);
    return optimizer;
  }

  /**
   * Evaluates both losses once in inference mode (no state changes, no random draws) so that a loss returning
   * the wrong shape is reported before any update, and outside the gradient tape, which would keep its tensors.
   */
  private checkLoss(real: tf.Tensor, fake: tf.Tensor): void {
    tf.tidy(() => {
      const realLogits = this.discriminate(real, false);
      const fakeLogits = this.discriminate(fake, false);
      this.checkScalar(this.loss.discriminatorLoss({ realLogits, fakeLogits }), 'discriminatorLoss');
      this.checkScalar(this.loss.generatorLoss({ fakeLogits, realLogits }), 'generatorLoss');
    });
    this.lossChecked = true;
  }

  /** `value` if it is a scalar tensor, else an error naming the loss and `what` returned something else. */
  protected checkScalar(value: tf.Tensor, what: string): tf.Scalar {
    if (!(value instanceof tf.Tensor) || value.rank !== 0) {
      const seen = value instanceof tf.Tensor ? `a tensor of shape [${value.shape.join(', ')}]` : String(value);
      throw new Error(`AdversarialTrainer: ${what} of loss '${this.loss.name}' must return a scalar tensor, returned ${seen}; reduce it, e.g. with tf.mean.`);
    }
    return value as tf.Scalar;
  }

  /** WGAN weight clipping: every trainable weight of D clipped to [−c, c]. */
  protected clipDiscriminatorWeights(c: number): void {
    tf.tidy(() => {
      for (const v of variablesOf(this.discriminator)) v.assign(tf.clipByValue(v, -c, c));
    });
  }
}
