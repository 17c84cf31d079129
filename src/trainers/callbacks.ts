import type { StepLogs, TrainingHistory } from './history.js';

/**
 * The one state object every hook receives. New fields may be added; existing ones keep their meaning, so a hook
 * never breaks when gan-kit grows.
 *
 * @typeParam T - the trainer type (so a hook can sample from it, read its models, …).
 */
export interface TrainingState<T> {
  /** The trainer running the fit. */
  readonly trainer: T;
  /** Generator steps completed so far over the trainer's life. */
  readonly step: number;
  /** The step count at which this fit stops (absent for epoch-bounded fits over iterables of unknown length). */
  readonly totalSteps: number | undefined;
  /** Epochs (full passes over the data) completed in this fit. */
  readonly epoch: number;
  /** The logs of the step that just ended (step-end and epoch-end hooks only). */
  readonly logs: StepLogs | undefined;
  /** The history of this fit so far. */
  readonly history: TrainingHistory;
}

/** A hook: may return a promise, which the trainer awaits before it continues. */
export type TrainingHook<T> = (state: TrainingState<T>) => void | Promise<void>;

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
export interface TrainerCallbacks<T> {
  /** Before the first step of a fit. */
  readonly onTrainBegin?: TrainingHook<T>;
  /** After every step, with its logs. */
  readonly onStepEnd?: TrainingHook<T>;
  /** After the step that finished a full pass over the data. */
  readonly onEpochEnd?: TrainingHook<T>;
  /** When the fit returns (also after an abort). */
  readonly onTrainEnd?: TrainingHook<T>;
}
