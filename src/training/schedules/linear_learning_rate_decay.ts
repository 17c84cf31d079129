import type * as tf from '@tensorflow/tfjs-core';
import { learningRateOf, setLearningRate } from '../../optimizers/learning_rate.js';
import type { TrainerCallbacks, TrainingState } from '../callbacks.js';
import { scheduleProgress } from './schedule_progress.js';

/** What {@link linearLearningRateDecay} adjusts: a trainer's optimizers by name (every `GanTrainer` has them). */
export interface NamedOptimizers {
  /** The optimizers by name (`generator`, `discriminator`, …). */
  readonly optimizers: Readonly<Record<string, tf.Optimizer>>;
}

/**
 * The two optimizers of a GAN trainer.
 *
 * @deprecated Schedules work on any trainer's named optimizers ({@link NamedOptimizers}); this type remains for code
 * written against gan-kit 0.1.
 */
export interface TwoOptimizers {
  /** The optimizer of the generator's weights. */
  readonly generatorOptimizer: tf.Optimizer;
  /** The optimizer of the discriminator's weights. */
  readonly discriminatorOptimizer: tf.Optimizer;
}

/**
 * Starting learning rates lr₀ by optimizer name (`{ generator: 2e-4, discriminator: 2e-4 }`); an optimizer not named
 * starts from the rate it has when the first fit begins.
 */
export type StartingLearningRates = Readonly<Record<string, number>>;

/** Options of {@link linearLearningRateDecay}. */
export interface LinearDecayOptions {
  /** Fraction f₀ of the run after which the decay starts, in [0, 1). Default 0.5 (the second half). */
  readonly from?: number;
  /** Factor r the learning rates reach at the last step, in [0, 1]. Default 0. */
  readonly to?: number;
  /** The names of the optimizers to decay. Default: every optimizer of the trainer. */
  readonly optimizers?: readonly string[];
  /**
   * The starting learning rates lr₀ by optimizer name. Default: the rates the optimizers have when the first fit
   * begins. Give them when a fit resumes from optimizers that were saved mid-decay.
   */
  readonly initial?: StartingLearningRates;
}

function check(value: number, name: string, low: number, high: number, highOpen: boolean): void {
  if (typeof value !== 'number' || !(value >= low && (highOpen ? value < high : value <= high))) {
    throw new RangeError(`linearLearningRateDecay: ${name} must be a number in [${low}, ${high}${highOpen ? ')' : ']'}, saw ${String(value)}.`);
  }
}

/**
 * Linear learning-rate decay for a trainer's optimizers (all of them, or those named), as a trainer callback: with
 * T the fit's total steps, the step after step s runs with
 *
 *   lr(s) = lr₀ · (1 − (1 − r) · clamp((s/T − f₀) / (1 − f₀), 0, 1)),
 *
 * constant for the first f₀·T steps, then falling linearly to r·lr₀ at the last step. Letting the learning rates go
 * to zero removes the oscillation of simultaneous gradient descent around the equilibrium, so the samples settle
 * on the data (CycleGAN, Zhu et al. 2017, arXiv 1703.10593, trains with the same schedule: constant, then linearly
 * to zero over the second half). The rate depends only on (s, T), so a resumed fit continues the schedule.
 * Fits bounded by epochs over data of unknown length (no total) leave the rates alone. An optimizer an algorithm
 * replaces (progressive growing) keeps following the schedule from its name's starting rate.
 *
 * @param options - see {@link LinearDecayOptions}.
 * @returns callbacks for `fit` (combine with others in an array).
 * @throws RangeError for options out of range; Error (at the first step) for an optimizer name the trainer does not
 *   have; TypeError for an optimizer without `learningRate`.
 * @example
 * ```ts
 * await trainer.fit(points, { steps: 6000, batchSize: 256, callbacks: linearLearningRateDecay({ from: 0.5 }) });
 * ```
 */
export function linearLearningRateDecay<T extends NamedOptimizers>(options: LinearDecayOptions = {}): TrainerCallbacks<T, unknown> {
  const { from = 0.5, to = 0, initial = {}, optimizers: names } = options;
  check(from, 'from', 0, 1, true);
  check(to, 'to', 0, 1, false);
  for (const [name, rate] of Object.entries(initial ?? {})) {
    if (!(typeof rate === 'number' && rate > 0 && Number.isFinite(rate))) {
      throw new RangeError(`linearLearningRateDecay: initial.${name} must be a finite learning rate > 0, saw ${String(rate)}.`);
    }
  }
  if (names !== undefined && (!Array.isArray(names) || !names.every((n) => typeof n === 'string'))) {
    throw new TypeError(`linearLearningRateDecay: optimizers must be a list of optimizer names such as ['generator'], saw ${JSON.stringify(names)}.`);
  }
  const start = new Map<string, number>(Object.entries(initial ?? {}));
  const apply = ({ trainer, step, totalSteps }: TrainingState<T, unknown>): void => {
    const all = trainer.optimizers;
    for (const name of names ?? []) {
      if (all[name] === undefined) {
        throw new Error(`linearLearningRateDecay: the trainer has no optimizer named '${name}'; it has ${Object.keys(all).map((n) => `'${n}'`).join(', ')}.`);
      }
    }
    const chosen = (names ?? Object.keys(all)).map((name) => [name, all[name]!] as const);
    for (const [name, optimizer] of chosen) {
      if (!start.has(name)) start.set(name, learningRateOf(optimizer, `linearLearningRateDecay (${name})`));
    }
    if (totalSteps === undefined || totalSteps <= 0) return;
    const factor = 1 - (1 - to) * scheduleProgress(step, totalSteps, from);
    for (const [name, optimizer] of chosen) setLearningRate(optimizer, start.get(name)! * factor);
  };
  return { onTrainBegin: apply, onStepEnd: apply };
}
