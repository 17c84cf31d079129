import type { LogsOf } from './gan_algorithm.js';
import type { GanTrainer } from './gan_trainer.js';
import type { TrainingHistory } from './history.js';

/** The logs a trainer type records per step: those of its algorithm (`LogsOf`), read from the type of its `algorithm`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TrainerLogs<T> = T extends GanTrainer<infer A> ? LogsOf<A> : never;

/**
 * The one state object every hook receives. New fields may be added; existing ones keep their meaning, so a hook
 * never breaks when gan-kit grows.
 *
 * @typeParam T - the trainer type (so a hook can sample from it, read its models, …).
 * @typeParam L - the logs of one step; by default those of `T`'s algorithm.
 */
export interface TrainingState<T, L = TrainerLogs<T>> {
  /** The trainer running the fit. */
  readonly trainer: T;
  /** Steps completed so far over the trainer's life. */
  readonly step: number;
  /** The step count at which this fit stops (absent for epoch-bounded fits over iterables of unknown length). */
  readonly totalSteps: number | undefined;
  /** Epochs (full passes over the data) completed in this fit. */
  readonly epoch: number;
  /** The logs of the step that just ended (step-end and epoch-end hooks only). */
  readonly logs: L | undefined;
  /** The history of this fit so far. */
  readonly history: TrainingHistory<L>;
}

/** A hook: may return a promise, which the trainer awaits before it continues. */
export type TrainingHook<T, L = TrainerLogs<T>> = (state: TrainingState<T, L>) => void | Promise<void>;

/**
 * Optional hooks called by `fit` (modelled on tfjs-layers' callbacks and Keras' `Callback`). Every hook takes
 * one {@link TrainingState}. Use them to log, save sample grids of fixed noise, write checkpoints or stop early
 * (abort the `signal` passed to `fit`).
 *
 * @example
 * ```ts
 * const logEvery100: TrainerCallbacks<AdversarialTrainer> = {
 *   onStepEnd: ({ step, logs }) => { if (step % 100 === 0) console.log(step, logs?.generatorLoss); },
 * };
 * await trainer.fit(images, { steps: 1000, batchSize: 64, callbacks: logEvery100 });
 * ```
 */
export interface TrainerCallbacks<T, L = TrainerLogs<T>> {
  /** Before the first step of a fit. */
  readonly onTrainBegin?: TrainingHook<T, L>;
  /** After every step, with its logs. */
  readonly onStepEnd?: TrainingHook<T, L>;
  /** After the step that finished a full pass over the data. */
  readonly onEpochEnd?: TrainingHook<T, L>;
  /** When the fit returns (also after an abort). */
  readonly onTrainEnd?: TrainingHook<T, L>;
}
