import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { DiscriminatorRegularizer, GeneratorRegularizer, Regularizer } from '../regularizers/regularizer.js';
import type { SeededRandom } from '../utils/random.js';
import type { JsonObject, JsonValue } from './json.js';
import type { Batch, DataSource, SampleShapes } from './data_source.js';

/**
 * The scalars one training step returns, by name (Keras' `train_step` logs): each a scalar tensor, or a record of
 * scalar tensors that the logs keep as a group (a GAN's penalties by regularizer). The trainer reads them back in one
 * transfer and disposes them.
 */
export type StepScalars = { readonly [name: string]: tf.Scalar | { readonly [name: string]: tf.Scalar } };

/** {@link StepScalars} read back: the same names with numbers. */
export type StepValues<S extends StepScalars> = {
  readonly [K in keyof S]: S[K] extends tf.Scalar ? number : { readonly [P in keyof S[K]]: number };
};

/** The logs of one step: the step index, the epoch, and the algorithm's named values. */
export type LoopStepLogs<S extends StepScalars = StepScalars> = {
  /** The step, counted from 0 over the trainer's whole life (it continues across `fit` calls). */
  readonly step: number;
  /** The epoch (full pass over the data) the step belongs to, from 0. */
  readonly epoch: number;
} & StepValues<S>;

/** The scalars an algorithm's step returns: what its `trainStep` is declared to return. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ScalarsOf<A> = A extends GanAlgorithm<any, infer S, any> ? S : StepScalars;

/** The logs a trainer running algorithm `A` records per step. */
export type LogsOf<A> = LoopStepLogs<ScalarsOf<A>>;

/** A regularizer due at a step, with the factor its penalty is multiplied by (its current weight λ times `every`). */
export interface DueRegularizer<R extends Regularizer> {
  /** The regularizer. */
  readonly regularizer: R;
  /** What its unweighted penalty is multiplied by at this step: its current weight λ times `every`. */
  readonly factor: number;
}

/** What the training loop gives an algorithm's step. */
export interface StepContext {
  /** The step being run: 0-based, over the trainer's whole life. */
  readonly step: number;
  /** The trainer's seeded random stream: draw every latent, label and noise from it, so that a run is repeatable. */
  readonly random: SeededRandom;
  /**
   * Minimizes `loss` over `variables` with the algorithm's optimizer named `optimizer` (one update, like
   * `optimizer.minimize(loss, true, variables)`), and returns the loss. The loop also checks, after the step, that the
   * loss, every element of the gradient and every element of the updated variables are finite (one read-back for the
   * whole step): when not, `fit` throws a `NonFiniteError` naming the optimizer, or rolls back. When one optimizer is
   * used several times in a step (k discriminator updates), the last update is checked. The returned loss stays valid
   * until the step ends.
   */
  minimize(optimizer: string, loss: () => tf.Scalar, variables: readonly tf.Variable[]): tf.Scalar;
  /**
   * Minimizes one `loss` over several groups of variables, each with its own optimizer, from one gradient computation:
   * `minimize({ generator: gVariables, encoder: eVariables }, loss)` (BiGAN's joint update of G and E). Each optimizer
   * is checked as above.
   */
  minimize(variablesByOptimizer: Readonly<Record<string, readonly tf.Variable[]>>, loss: () => tf.Scalar): tf.Scalar;
  /**
   * The algorithm's regularizers of the given role that apply at this step (lazy regularization: `step % every === 0`),
   * each with the factor its penalty is multiplied by: its current weight λ (schedules change it) times `every`.
   */
  dueRegularizers(role: 'discriminator'): readonly DueRegularizer<DiscriminatorRegularizer>[];
  /** The generator regularizers due at this step (see the overload above). */
  dueRegularizers(role: 'generator'): readonly DueRegularizer<GeneratorRegularizer>[];
}

/** Options of {@link GanAlgorithm.prepare}: what the coming `fit` will do. */
export interface PrepareOptions {
  /** Samples per batch. */
  readonly batchSize: number;
}

/**
 * A GAN training algorithm: what the generic training loop ({@link GanTrainer}) runs. An algorithm names its
 * networks and optimizers, says how many real batches one step consumes, and performs one step on them; the loop owns
 * everything algorithms share — the data stream, k batches per step, hooks, the abort signal, the non-finite guard with
 * its rollback, the step counter, one read-back per step, the history — and saves and restores the algorithm's
 * networks, optimizers, regularizers, variables and state by name, whatever their number (Keras' `fit` /
 * `train_step` seam; torchgan's named networks).
 *
 * Implement it to train a GAN the library does not have (docs/custom-algorithms.md): a BiGAN with three networks,
 * a CycleGAN with four. gan-kit's own: `UnconditionalGan` (Goodfellow et al. 2014, Algorithm 1) and `ConditionalGan`.
 *
 * @typeParam B - one real batch as the step receives it: a tensor, or a record of tensors (labelled or paired data).
 * @typeParam S - the scalars the step returns.
 * @typeParam O - the options of {@link GanAlgorithm.sample}.
 */
export interface GanAlgorithm<B extends Batch = Batch, S extends StepScalars = StepScalars, O = unknown> {
  /** The algorithm's name, saved with its configuration (`'unconditional-gan'`, `'bigan'`, …). */
  readonly name: string;
  /**
   * The networks by name, in a fixed order (`{ generator, discriminator }`, `{ generator, encoder, discriminator }`):
   * every one is saved in snapshots and checkpoints, with all its weights. Names are lower-case letters, digits and
   * `-` (they become folder names). An algorithm may replace a network between steps (progressive growing): the
   * loop reads this record whenever it saves.
   */
  readonly networks: Readonly<Record<string, tfl.LayersModel>>;
  /** The optimizers by name (`{ generator, discriminator }`), saved and restored with their full state. */
  readonly optimizers: Readonly<Record<string, tf.Optimizer>>;
  /** Real batches one step consumes (k for Algorithm 1 of Goodfellow et al.: one per discriminator update). */
  readonly batchesPerStep: number;
  /**
   * The shape of one real sample (without the batch axis; `null` for any size), or one per field for record batches
   * (`{ samples: [28, 28, 1] }`): batches are checked against it before training. Absent: not checked.
   */
  readonly sampleShape?: SampleShapes;
  /** Penalties the algorithm adds to its losses; the loop keeps their current weights (schedules) and saves them. */
  readonly regularizers?: readonly Regularizer[];
  /**
   * Checks the data and options of a coming `fit` before any step (labels in range, batch size a multiple of the
   * packing, …); throws a clear error when they do not fit.
   */
  prepare?(data: DataSource, options: PrepareOptions): void;
  /**
   * Called before every step. An algorithm that changes its networks at stage boundaries (progressive growing)
   * replaces them and their optimizers here.
   */
  beforeStep?(step: number): void;
  /**
   * One training step on `batches` (`batchesPerStep` of them): update the networks through `context.minimize` and
   * return the step's scalars. Runs inside `tf.tidy`; the returned scalars are kept and read back by the loop.
   */
  trainStep(batches: readonly B[], context: StepContext): S;
  /** Draws `n` samples (inference mode unless the options say otherwise); the latents come from `random` unless the options fix them. */
  sample(n: number, options: O | undefined, random: SeededRandom): tf.Tensor;
  /**
   * What the algorithm was configured with, as JSON (loss, k, …; not its optimizers or regularizers, which the loop
   * records itself). A snapshot only restores into an algorithm whose configuration is equal.
   */
  configuration(): JsonObject;
  /** Tensors of state besides the networks and optimizers (a tracked mean w̄, …), by name; saved and restored. */
  variables?(): Readonly<Record<string, tf.Variable>>;
  /** State kept in JavaScript (an augmentation probability, the current stage, …), as JSON; saved with snapshots. */
  state?(): JsonValue;
  /**
   * Restores what {@link GanAlgorithm.state} returned, before the networks' weights are written: an algorithm whose
   * networks change with its state (a stage of progressive growing) rebuilds them here so that they fit the snapshot.
   */
  restoreState?(state: JsonValue): void;
  /** Releases what the algorithm created (its default optimizers, an EMA copy); the networks passed in stay the caller's. */
  dispose?(): void;
}
