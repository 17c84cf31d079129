import * as tf from '@tensorflow/tfjs-core';
import { progressLogger, type ProgressLoggerOptions } from '../callbacks/progress_logger.js';
import { enableSecondOrderGradients } from '../gradients/enable_second_order_gradients.js';
import { setLearningRate } from '../optimizers/learning_rate.js';
import { roleOf, type Regularizer } from '../regularizers/regularizer.js';
import { SeededRandom } from '../utils/random.js';
import type { TrainerCallbacks, TrainerLogs, TrainingHook, TrainingState } from './callbacks.js';
import { finiteCheck, minimizeChecked, minimizeCheckedJointly } from './checked_update.js';
import { openBatchStream, type Batch, type BatchStream, type DataSource, type DataStreamState } from './data_source.js';
import type { GanAlgorithm, LogsOf, StepContext, StepScalars } from './gan_algorithm.js';
import type { TrainingHistory } from './history.js';
import { NonFiniteError } from './non_finite_error.js';
import {
  checkModelWeights, checkOptimizerState, checkValues, readModelWeights, readOptimizerState, sameShape, toTensor, valuesOf,
  writeModelWeights, writeOptimizerState,
  type TrainerConfiguration, type TrainerSnapshot, type WeightValues,
} from './trainer_state.js';

/** Options of {@link GanTrainer}. */
export interface GanTrainerOptions {
  /**
   * Seed of every random draw the trainer and its algorithm make (latent vectors, batch order, penalty draws): the same
   * seed, models and data give the same run. Default: a random seed, readable afterwards as `trainer.seed`.
   */
  readonly seed?: number;
}

/**
 * Options of `fit`. Give `steps` or `epochs`.
 *
 * @typeParam T - the trainer (what hooks receive).
 * @typeParam L - the logs of one step; by default those of `T`'s algorithm.
 */
export interface FitOptions<T, L = TrainerLogs<T>> {
  /** Steps to run in this call. */
  readonly steps?: number;
  /** Full passes over the data to run in this call (one pass consumes the data once, in batches of the step). */
  readonly epochs?: number;
  /** Samples per batch, for real and generated batches alike. Default 64. */
  readonly batchSize?: number;
  /** Hooks, one object or several (called in order). */
  readonly callbacks?: TrainerCallbacks<T, L> | readonly TrainerCallbacks<T, L>[];
  /**
   * Report progress as Keras' `fit(verbose=…)` does, with {@link progressLogger}: `true` (a line redrawn on a terminal;
   * in a log, a line every 100 steps), a number n (in a log, a line every n steps), or options of `progressLogger`.
   * Default `false` (silent).
   */
  readonly verbose?: boolean | number | ProgressLoggerOptions;
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

/** Network names become folder names in checkpoints. */
const NETWORK_NAME = /^[a-z][a-z0-9-]*$/;

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1;
}

/** The configuration without what schedules change during training: learning rates and regularizer weights. */
function withoutScheduledValues(configuration: TrainerConfiguration): unknown {
  const optimizers = Object.fromEntries(Object.entries(configuration.optimizers ?? {}).map(([name, o]) => {
    const { learningRate: _rate, ...config } = (o?.config ?? {}) as Record<string, unknown>;
    return [name, { ...o, config }];
  }));
  const regularizers = (configuration.regularizers ?? []).map(({ name, role, every }) => ({ name, role, every }));
  return { ...configuration, optimizers, regularizers };
}

/** One optimizer's last update in a step, kept for the finiteness read-back. */
interface CheckedUpdate {
  readonly loss: tf.Scalar;
  readonly gradientCheck: tf.Scalar;
  readonly variables: readonly tf.Variable[];
}

/**
 * The generic training loop: runs any {@link GanAlgorithm} — its networks and optimizers by name, its step — and owns
 * what every algorithm shares: the data stream (any batch type: tensors, labelled, paired or unpaired records,
 * iterables), `batchesPerStep` batches per step, hooks, the abort signal, the non-finite guard with its rollback and
 * skip, the step counter, one read-back per step, the history, and snapshots that hold every network, optimizer,
 * regularizer weight, variable and piece of state by name (Keras' `fit` with an overridable `train_step`; torchgan's
 * named networks). `AdversarialTrainer` and `ConditionalTrainer` are this loop running gan-kit's own algorithms.
 *
 * @typeParam A - the algorithm it runs.
 * @example
 * ```ts
 * const trainer = new GanTrainer(new BiGan({ generator, encoder, discriminator, latentDim: 50 }), { seed: 1 });
 * const history = await trainer.fit(images, { steps: 2000, batchSize: 64 });
 * await new CheckpointManager({ directory: 'runs/bigan/checkpoints' }).save(trainer);
 * ```
 */
export class GanTrainer<A extends GanAlgorithm<any, any, any>> { // eslint-disable-line @typescript-eslint/no-explicit-any
  /** The algorithm the loop runs. */
  readonly algorithm: A;
  /** Steps completed over the trainer's life. */
  step = 0;
  /** The class named in error messages. */
  protected readonly trainerName: string;
  private currentSeed: number;
  private currentRandom: SeededRandom;
  /** Where the in-memory data stream stood at the end of the last fit (or after a restore): the next fit continues. */
  private dataState: DataStreamState | undefined;
  private activeStream: BatchStream | undefined;
  /** The regularizers' current weights λ, by position (start: their configured weights). */
  private readonly regularizerWeights: number[];

  /**
   * @param algorithm - the algorithm to run (see {@link GanAlgorithm}).
   * @param options - see {@link GanTrainerOptions}.
   * @param trainerName - the class named in error messages; subclasses pass theirs.
   */
  constructor(algorithm: A, options: GanTrainerOptions = {}, trainerName = 'GanTrainer') {
    this.trainerName = trainerName;
    if (algorithm === null || typeof algorithm !== 'object' || typeof algorithm.trainStep !== 'function' || typeof algorithm.sample !== 'function'
      || typeof algorithm.configuration !== 'function') {
      throw new TypeError(`${trainerName}: algorithm must implement GanAlgorithm (networks, optimizers, batchesPerStep, trainStep, sample, configuration).`);
    }
    if (typeof algorithm.name !== 'string' || algorithm.name === '') {
      throw new TypeError(`${trainerName}: the algorithm needs a non-empty name, saw ${String(algorithm.name)}.`);
    }
    const networks = Object.entries(algorithm.networks ?? {});
    if (networks.length === 0) throw new TypeError(`${trainerName}: the algorithm '${algorithm.name}' names no networks.`);
    for (const [name, model] of networks) {
      if (!NETWORK_NAME.test(name)) {
        throw new TypeError(`${trainerName}: the network name '${name}' of '${algorithm.name}' must be lower-case letters, digits and '-' (it becomes a folder name in checkpoints).`);
      }
      if (model === null || typeof model !== 'object' || typeof (model as { apply?: unknown }).apply !== 'function') {
        throw new TypeError(`${trainerName}: the network '${name}' of '${algorithm.name}' is not a tf.LayersModel.`);
      }
    }
    for (const [name, optimizer] of Object.entries(algorithm.optimizers ?? {})) {
      if (optimizer === null || typeof optimizer !== 'object' || typeof (optimizer as { applyGradients?: unknown }).applyGradients !== 'function') {
        throw new TypeError(`${trainerName}: the optimizer '${name}' of '${algorithm.name}' is not a tf.Optimizer.`);
      }
    }
    if (!isPositiveInteger(algorithm.batchesPerStep)) {
      throw new RangeError(`${trainerName}: the algorithm's batchesPerStep must be an integer ≥ 1, saw ${String(algorithm.batchesPerStep)}.`);
    }
    for (const r of algorithm.regularizers ?? []) {
      if (typeof r?.penalty !== 'function' || !(r.weight >= 0) || !(r.every === undefined || isPositiveInteger(r.every))) {
        throw new TypeError(`${trainerName}: regularizer '${String(r?.name)}' needs a penalty function, a weight ≥ 0 and an integer every ≥ 1.`);
      }
    }
    if (options.seed !== undefined && !Number.isFinite(options.seed)) {
      throw new RangeError(`${trainerName}: seed must be a finite number, saw ${String(options.seed)}.`);
    }
    this.algorithm = algorithm;
    this.regularizerWeights = (algorithm.regularizers ?? []).map((r: Regularizer) => r.weight);
    this.currentSeed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
    this.currentRandom = new SeededRandom(this.currentSeed);
    // Correct gradients of gradients (penalties) and two first-order backend bugs (wasm MaxPoolGrad, cpu
    // ResizeNearestNeighborGrad) for every model this trainer differentiates.
    enableSecondOrderGradients();
  }

  /** The seed of the trainer's random stream (given or drawn; after {@link GanTrainer.restore}, the saved run's). */
  get seed(): number {
    return this.currentSeed;
  }

  /** The trainer's random stream: latents, batch order, penalty draws. Replaced by {@link GanTrainer.restore}. */
  get random(): SeededRandom {
    return this.currentRandom;
  }

  /** The algorithm's optimizers by name (what learning-rate schedules adjust). */
  get optimizers(): Readonly<Record<string, tf.Optimizer>> {
    return this.algorithm.optimizers;
  }

  /** The algorithm's regularizers as configured (their `weight` is the starting λ). */
  get regularizers(): readonly Regularizer[] {
    return this.algorithm.regularizers ?? [];
  }

  /**
   * The current weight λ of the regularizer named `name`: its configured `weight` until
   * {@link GanTrainer.setRegularizerWeight} (or a schedule such as `regularizerWeightSchedule`) changes it.
   *
   * @throws Error when the algorithm has no regularizer of that name.
   */
  regularizerWeight(name: string): number {
    return this.regularizerWeights[this.regularizerIndices(name, 'regularizerWeight')[0]!]!;
  }

  /**
   * Sets the weight λ of the regularizer(s) named `name` for the following steps: the penalized loss becomes
   * L + λ·penalty. Like a learning rate, the current weight is state: snapshots and checkpoints keep it and
   * {@link GanTrainer.restore} gives it back, and it is not compared when a snapshot is restored.
   *
   * @param name - a regularizer's `name` (`'r1'`, `'gradient-penalty'`, …).
   * @param weight - λ ≥ 0, finite.
   * @throws Error when the algorithm has no regularizer of that name; RangeError for a weight that is not a finite number ≥ 0.
   */
  setRegularizerWeight(name: string, weight: number): void {
    const indices = this.regularizerIndices(name, 'setRegularizerWeight');
    if (typeof weight !== 'number' || !(weight >= 0) || !Number.isFinite(weight)) {
      throw new RangeError(`${this.trainerName}.setRegularizerWeight: weight must be a finite number ≥ 0, saw ${String(weight)} for '${name}'.`);
    }
    for (const i of indices) this.regularizerWeights[i] = weight;
  }

  private regularizerIndices(name: string, method: string): number[] {
    const indices = this.regularizers.flatMap((r, i) => (r.name === name ? [i] : []));
    if (indices.length === 0) {
      const names = this.regularizers.map((r) => `'${r.name}'`).join(', ');
      throw new Error(`${this.trainerName}.${method}: no regularizer named '${String(name)}'; this trainer has ${names === '' ? 'none' : names}.`);
    }
    return indices;
  }

  /**
   * Trains for `steps` steps or `epochs` passes over `data`, calling the hooks, and returns the history. Everything
   * about the data and options is checked before the first update.
   *
   * @param data - real samples, scaled like the generator's output (DCGAN: [−1, 1]); see {@link DataSource}.
   */
  async fit(data: DataSource, options: FitOptions<this, LogsOf<A>>): Promise<TrainingHistory<LogsOf<A>>> {
    type Logs = LogsOf<A>;
    const caller = `${this.trainerName}.fit`;
    const { steps, epochs, signal } = options ?? {};
    const batchSize = options?.batchSize ?? 64;
    if ((steps === undefined) === (epochs === undefined)) {
      throw new Error(`${caller}: give exactly one of steps or epochs, saw steps=${String(steps)}, epochs=${String(epochs)}.`);
    }
    if (steps !== undefined && !isPositiveInteger(steps)) throw new RangeError(`${caller}: steps must be an integer ≥ 1, saw ${String(steps)}.`);
    if (epochs !== undefined && !isPositiveInteger(epochs)) throw new RangeError(`${caller}: epochs must be an integer ≥ 1, saw ${String(epochs)}.`);
    if (!isPositiveInteger(batchSize)) throw new RangeError(`${caller}: batchSize must be an integer ≥ 1, saw ${String(batchSize)}.`);
    const guard = options.guard ?? 'throw';
    if (guard !== 'throw' && typeof guard !== 'function') {
      throw new TypeError(`${caller}: guard must be 'throw' or a function that restores a good state, saw ${String(guard)}.`);
    }
    this.algorithm.prepare?.(data, { batchSize });
    const verbose = options.verbose ?? false;
    if (!(typeof verbose === 'boolean' || (typeof verbose === 'number' && Number.isInteger(verbose) && verbose >= 1) || (typeof verbose === 'object' && verbose !== null))) {
      throw new TypeError(`${caller}: verbose must be true, false, a number of steps ≥ 1 between lines, or progressLogger options, saw ${String(verbose)}.`);
    }
    const given = options.callbacks === undefined ? [] : Array.isArray(options.callbacks) ? options.callbacks : [options.callbacks];
    const progress = verbose === false ? [] : [progressLogger<this>(verbose === true ? {} : typeof verbose === 'number' ? { every: verbose } : verbose)];
    const hooks = [...given, ...progress] as readonly TrainerCallbacks<this, Logs>[];
    const stream = await openBatchStream(data, { batchSize, sampleShape: this.algorithm.sampleShape, random: () => this.random, resume: this.dataState, caller });
    this.activeStream = stream;
    /** Steps that failed and were rolled back, with how many times: their batches are skipped when replayed. */
    const failures = new Map<number, number>();
    const history: TrainingHistory<Logs> = { steps: [], stopReason: 'completed' };
    const k = this.algorithm.batchesPerStep;
    const firstStep = this.step;
    const totalSteps = steps !== undefined
      ? firstStep + steps
      : stream.batchesPerEpoch !== undefined
        ? firstStep + Math.max(1, Math.floor((epochs! * stream.batchesPerEpoch) / k))
        : undefined;
    let epoch = 0;
    const state = (logs: Logs | undefined): TrainingState<this, Logs> => ({ trainer: this, step: this.step, totalSteps, epoch, logs, history });
    const call = async (pick: (h: TrainerCallbacks<this, Logs>) => TrainingHook<this, Logs> | undefined, logs: Logs | undefined) => {
      for (const h of hooks) await pick(h)?.(state(logs));
    };

    try {
      await call((h) => h.onTrainBegin, undefined);
      while (totalSteps === undefined ? epoch < epochs! : this.step < totalSteps) {
        if (signal?.aborted === true) {
          history.stopReason = 'aborted';
          break;
        }
        this.algorithm.beforeStep?.(this.step);
        const batches: Batch[] = [];
        let endsEpoch = false;
        try {
          const skip = (failures.get(this.step) ?? 0) * k;
          for (let i = 0; i < skip + k; i++) {
            const next = await stream.next();
            if (next === undefined) break;
            batches.push(next.batch);
            endsEpoch ||= next.endsEpoch;
          }
          if (batches.length < skip + k) {
            history.stopReason = 'data-exhausted';
            break;
          }
          tf.dispose(batches.splice(0, skip) as tf.TensorContainer);
          let logs: Logs;
          try {
            logs = await this.runStep(batches, epoch);
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
          tf.dispose(batches as tf.TensorContainer);
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
   * Runs one step on `batches` given directly (Keras' `train_on_batch`), outside `fit`: no data stream, no hooks; the
   * step counter advances and a non-finite loss, gradient or weight throws a {@link NonFiniteError}. For manual
   * loops, single-stepping and benchmarks.
   *
   * @param batches - the `batchesPerStep` real batches of one step (the caller keeps ownership).
   * @returns the step's logs.
   */
  async trainOnBatch(batches: readonly Batch[]): Promise<LogsOf<A>> {
    const k = this.algorithm.batchesPerStep;
    if (!Array.isArray(batches) || batches.length !== k) {
      throw new RangeError(`${this.trainerName}.trainOnBatch: a step takes ${k} real batch${k === 1 ? '' : 'es'}, saw ${Array.isArray(batches) ? batches.length : String(batches)}.`);
    }
    this.algorithm.beforeStep?.(this.step);
    return this.runStep(batches, 0);
  }

  /**
   * Runs one step of the algorithm on `batches`, reads its scalars back once — the logs and, for each optimizer's last
   * update, the finiteness checks of its loss, its gradient and the variables it updated — checks them and advances
   * the step counter.
   *
   * @throws {@link NonFiniteError} naming the step, the optimizer and the quantity when one is not finite.
   */
  private async runStep(batches: readonly Batch[], epoch: number): Promise<LogsOf<A>> {
    const step = this.step;
    const updates = new Map<string, CheckedUpdate>();
    const kept: tf.Tensor[] = [];
    const context: StepContext = {
      step,
      random: this.random,
      minimize: ((target: string | Readonly<Record<string, readonly tf.Variable[]>>, loss: () => tf.Scalar, variables?: readonly tf.Variable[]) => {
        const groups = typeof target === 'string' ? [[target, variables ?? []] as const] : Object.entries(target);
        const optimizers = groups.map(([name, group]) => {
          const optimizer = this.algorithm.optimizers[name];
          if (optimizer === undefined) {
            throw new Error(`${this.trainerName}: the algorithm '${this.algorithm.name}' minimized with an optimizer named '${name}', but its optimizers are ${Object.keys(this.algorithm.optimizers).map((n) => `'${n}'`).join(', ')}.`);
          }
          return [optimizer, group] as const;
        });
        if (typeof target === 'string') {
          const update = minimizeChecked(optimizers[0]![0], loss, optimizers[0]![1]);
          kept.push(tf.keep(update.loss), tf.keep(update.gradientCheck));
          updates.set(target, { ...update, variables: optimizers[0]![1] });
          return update.loss;
        }
        const { loss: value, gradientChecks } = minimizeCheckedJointly(optimizers, loss);
        kept.push(tf.keep(value), ...gradientChecks.map((c) => tf.keep(c)));
        groups.forEach(([name, group], i) => updates.set(name, { loss: value, gradientCheck: gradientChecks[i]!, variables: group }));
        return value;
      }) as StepContext['minimize'],
      dueRegularizers: ((role: 'discriminator' | 'generator') => this.regularizers.flatMap((regularizer, i) => {
        const every = regularizer.every ?? 1;
        return roleOf(regularizer) === role && step % every === 0 ? [{ regularizer, factor: this.regularizerWeights[i]! * every }] : [];
      })) as StepContext['dueRegularizers'],
    };
    let scalars: StepScalars;
    try {
      scalars = tf.tidy(() => this.algorithm.trainStep(batches, context) as unknown as tf.TensorContainer) as unknown as StepScalars;
    } catch (error) {
      tf.dispose(kept);
      throw error;
    }
    const fields = Object.entries(scalars).flatMap(([key, value]): { key: string; sub: string | undefined; tensor: tf.Scalar }[] => (value instanceof tf.Tensor
      ? [{ key, sub: undefined, tensor: value }]
      : Object.entries(value).map(([sub, tensor]) => ({ key, sub, tensor }))));
    const checks = [...updates.values()];
    const packed = tf.tidy(() => tf.stack([
      ...fields.map((f) => f.tensor),
      ...checks.flatMap((u) => [u.loss, u.gradientCheck, finiteCheck(u.variables)]),
    ]));
    tf.dispose([...fields.map((f) => f.tensor), ...kept]);
    const values = await packed.data();
    packed.dispose();
    let at = fields.length;
    for (const name of updates.keys()) {
      const [loss, gradient, weights] = [values[at]!, values[at + 1]!, values[at + 2]!];
      at += 3;
      if (!Number.isFinite(loss)) throw new NonFiniteError(step, name, 'loss', loss, this.trainerName);
      if (!Number.isFinite(gradient)) throw new NonFiniteError(step, name, 'gradient', undefined, this.trainerName);
      if (!Number.isFinite(weights)) throw new NonFiniteError(step, name, 'weights', undefined, this.trainerName);
    }
    const logs: Record<string, number | Record<string, number>> = { step, epoch };
    fields.forEach(({ key, sub }, i) => {
      if (sub === undefined) logs[key] = values[i]!;
      else ((logs[key] ??= {}) as Record<string, number>)[sub] = values[i]!;
    });
    for (const [key, value] of Object.entries(scalars)) {
      if (!(value instanceof tf.Tensor)) logs[key] ??= {};
    }
    this.step += 1;
    return logs as unknown as LogsOf<A>;
  }

  /**
   * Draws `n` samples from the algorithm (see its `sample` for the options); latents come from the trainer's stream
   * unless the options fix them.
   */
  sample(n: number, options?: Parameters<A['sample']>[1]): tf.Tensor {
    return this.algorithm.sample(n, options, this.random);
  }

  /** What the trainer was configured with: stored in snapshots and checked when one is restored. */
  configuration(): TrainerConfiguration {
    return {
      algorithm: this.algorithm.name,
      settings: this.algorithm.configuration(),
      optimizers: Object.fromEntries(Object.entries(this.algorithm.optimizers).map(([name, o]) => [name, { className: o.getClassName(), config: o.getConfig() }])),
      regularizers: this.regularizers.map((r, i) => ({ name: r.name, role: roleOf(r), weight: this.regularizerWeights[i]!, every: r.every ?? 1 })),
    };
  }

  /** Every tensor of state besides the networks and optimizers: the algorithm's variables and its regularizers'. */
  private stateVariables(): Record<string, tf.Variable> {
    const variables: Record<string, tf.Variable> = { ...(this.algorithm.variables?.() ?? {}) };
    this.regularizers.forEach((r, i) => {
      const own = (r as { readonly variables?: Readonly<Record<string, tf.Variable>> }).variables;
      for (const [key, v] of Object.entries(own ?? {})) variables[`regularizer/${i}/${key}`] = v;
    });
    return variables;
  }

  /**
   * Reads everything an exact resume needs (see {@link TrainerSnapshot}): every network's weights and every
   * optimizer's state by name, the algorithm's variables and state, step, random stream, data stream position,
   * configuration. Call it between steps (from a hook, or outside `fit`).
   */
  async snapshot(): Promise<TrainerSnapshot> {
    const read = async <T, R>(record: Readonly<Record<string, T>>, f: (value: T, name: string) => Promise<R>) =>
      Object.fromEntries(await Promise.all(Object.entries(record).map(async ([name, value]) => [name, await f(value, name)] as const))) as Record<string, R>;
    return {
      step: this.step,
      seed: this.seed,
      random: this.random.state(),
      data: this.activeStream?.state?.() ?? this.dataState,
      configuration: this.configuration(),
      networks: await read(this.algorithm.networks, (m) => readModelWeights(m)),
      optimizers: await read(this.algorithm.optimizers, (o) => readOptimizerState(o)),
      variables: await read(this.stateVariables(), (v, name) => valuesOf(name, v)),
      state: this.algorithm.state?.() ?? null,
    };
  }

  /**
   * Puts the trainer back into the state of `snapshot`, so that training continues exactly as the saved run would
   * have: the next `fit` over the same data and batch size draws the same batches and latents. The configuration must
   * equal this trainer's (algorithm and its settings, optimizer classes and settings, regularizers), and every network,
   * optimizer and variable must fit by name, position, shape and dtype; all that is checked before any weight changes
   * (an algorithm whose networks change with its state rebuilds them first, from the snapshot's state). Learning rates
   * and regularizer weights are state, not configuration (schedules change them): like PyTorch's
   * `Optimizer.load_state_dict`, the optimizers get the snapshot's rates back, and the regularizers the snapshot's weights.
   */
  async restore(snapshot: TrainerSnapshot): Promise<void> {
    const caller = `${this.trainerName}.restore`;
    if (snapshot === null || typeof snapshot !== 'object' || !Number.isInteger(snapshot.step) || snapshot.step < 0
      || typeof snapshot.networks !== 'object' || snapshot.networks === null || typeof snapshot.optimizers !== 'object' || snapshot.optimizers === null) {
      throw new TypeError(`${caller}: snapshot must come from snapshot() or a CheckpointManager, saw step ${String(snapshot?.step)}.`);
    }
    const saved = JSON.stringify(withoutScheduledValues(snapshot.configuration));
    const current = JSON.stringify(withoutScheduledValues(this.configuration()));
    if (saved !== current) {
      throw new Error(
        `${caller}: the snapshot was taken with the configuration ${saved}, but this trainer has ${current}; ` +
        'create the trainer with the same algorithm settings (loss, discriminatorSteps, …), regularizers and optimizers.',
      );
    }
    for (const r of snapshot.configuration.regularizers) {
      if (typeof r.weight !== 'number' || !(r.weight >= 0) || !Number.isFinite(r.weight)) {
        throw new TypeError(`${caller}: the snapshot's weight of regularizer '${r.name}' is ${String(r.weight)}, not a finite number ≥ 0; the snapshot is damaged.`);
      }
    }
    const random = SeededRandom.fromState(snapshot.random);
    this.algorithm.restoreState?.(snapshot.state ?? null);
    const networks = Object.entries(this.algorithm.networks);
    const optimizers = Object.entries(this.algorithm.optimizers);
    const variables = Object.entries(this.stateVariables());
    const sameNames = (what: string, mine: readonly string[], theirs: readonly string[]) => {
      if ([...mine].sort().join() !== [...theirs].sort().join()) {
        throw new Error(`${caller}: the snapshot holds the ${what} ${theirs.map((n) => `'${n}'`).join(', ') || 'none'}, but this trainer has ${mine.map((n) => `'${n}'`).join(', ') || 'none'}; the snapshot is of another algorithm.`);
      }
    };
    sameNames('networks', networks.map(([n]) => n), Object.keys(snapshot.networks));
    sameNames('optimizers', optimizers.map(([n]) => n), Object.keys(snapshot.optimizers));
    sameNames('variables', variables.map(([n]) => n), Object.keys(snapshot.variables ?? {}));
    for (const [name, model] of networks) checkModelWeights(model, snapshot.networks[name]!, networkLabel(name));
    for (const [name, optimizer] of optimizers) checkOptimizerState(optimizer, snapshot.optimizers[name]!, name);
    for (const [name, variable] of variables) checkVariable(variable, snapshot.variables[name]!, name);
    for (const [name, model] of networks) writeModelWeights(model, snapshot.networks[name]!);
    for (const [name, optimizer] of optimizers) await writeOptimizerState(optimizer, snapshot.optimizers[name]!);
    for (const [name, variable] of variables) {
      const value = toTensor(snapshot.variables[name]!);
      variable.assign(value);
      value.dispose();
    }
    for (const [name, optimizer] of optimizers) {
      const rate = (snapshot.configuration.optimizers[name]?.config as Record<string, unknown> | undefined)?.['learningRate'];
      if (typeof rate === 'number') setLearningRate(optimizer, rate);
    }
    snapshot.configuration.regularizers.forEach((r, i) => { this.regularizerWeights[i] = r.weight; });
    this.step = snapshot.step;
    this.currentSeed = snapshot.seed;
    this.currentRandom = random;
    this.dataState = snapshot.data;
    if (snapshot.data !== undefined) this.activeStream?.restore?.(snapshot.data);
  }

  /** Releases what the algorithm created (its default optimizers, an EMA copy). The models passed in stay the caller's. */
  dispose(): void {
    this.algorithm.dispose?.();
  }
}

/** How a network is named in messages: `'generator-ema'` reads as "EMA generator". */
function networkLabel(name: string): string {
  return name === 'generator-ema' ? 'EMA generator' : name;
}

/** Throws when `saved` does not fit `variable` (shape, dtype, number of values). */
function checkVariable(variable: tf.Variable, saved: WeightValues, name: string): void {
  checkValues(saved, 'variable');
  if (!sameShape(saved.shape, variable.shape) || saved.dtype !== variable.dtype) {
    throw new Error(`restore: the variable '${name}' is ${variable.dtype} [${variable.shape.join(', ')}], but the saved one is ${saved.dtype} [${saved.shape.join(', ')}]; the snapshot does not fit.`);
  }
}

