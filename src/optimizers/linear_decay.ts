import type * as tf from '@tensorflow/tfjs-core';
import type { TrainerCallbacks, TrainingState } from '../trainers/callbacks.js';
import { scheduleProgress } from '../utils/schedule_progress.js';
import { learningRateOf, setLearningRate } from './learning_rate.js';

/** The two optimizers of a GAN trainer (what {@link linearLearningRateDecay} adjusts). */
export interface TwoOptimizers {
  /** The optimizer of the generator's weights. */
  readonly generatorOptimizer: tf.Optimizer;
  /** The optimizer of the discriminator's weights. */
  readonly discriminatorOptimizer: tf.Optimizer;
}

/** Starting learning rates lr₀ of the two optimizers. */
export interface StartingLearningRates {
  /** lr₀ of the generator's optimizer, > 0. */
  readonly generator: number;
  /** lr₀ of the discriminator's optimizer, > 0. */
  readonly discriminator: number;
}

/** Options of {@link linearLearningRateDecay}. */
export interface LinearDecayOptions {
  /** Fraction f₀ of the run after which the decay starts, in [0, 1). Default 0.5 (the second half). */
  readonly from?: number;
  /** Factor r the learning rates reach at the last step, in [0, 1]. Default 0. */
  readonly to?: number;
  /**
   * The starting learning rates lr₀ of the generator's and the discriminator's optimizer. Default: the rates the
   * optimizers have when the first fit begins. Give them when a fit resumes from optimizers that were saved mid-decay.
   */
  readonly initial?: StartingLearningRates;
}

function check(value: number, name: string, low: number, high: number, highOpen: boolean): void {
  if (typeof value !== 'number' || !(value >= low && (highOpen ? value < high : value <= high))) {
    throw new RangeError(`linearLearningRateDecay: ${name} must be a number in [${low}, ${high}${highOpen ? ')' : ']'}, saw ${String(value)}.`);
  }
}

/**
 * Linear learning-rate decay for both networks of a GAN, as a trainer callback: with T the fit's total steps, the
 * step after step s runs with
 *
 *   lr(s) = lr₀ · (1 − (1 − r) · clamp((s/T − f₀) / (1 − f₀), 0, 1)),
 *
 * constant for the first f₀·T steps, then falling linearly to r·lr₀ at the last step. Letting the learning rates go
 * to zero removes the oscillation of simultaneous gradient descent around the equilibrium, so the samples settle
 * on the data (CycleGAN, Zhu et al. 2017, arXiv 1703.10593, trains with the same schedule: constant, then linearly
 * to zero over the second half). The rate depends only on (s, T), so a resumed fit continues the schedule.
 * Fits bounded by epochs over data of unknown length (no total) leave the rates alone.
 *
 * @param options - see {@link LinearDecayOptions}.
 * @returns callbacks for `fit` (combine with others in an array).
 * @throws RangeError for options out of range; TypeError (at the first step) for an optimizer without `learningRate`.
 * @example
 * ```ts
 * await trainer.fit(points, { steps: 6000, batchSize: 256, callbacks: linearLearningRateDecay({ from: 0.5 }) });
 * ```
 */
export function linearLearningRateDecay<T extends TwoOptimizers>(options: LinearDecayOptions = {}): TrainerCallbacks<T> {
  const { from = 0.5, to = 0, initial } = options;
  check(from, 'from', 0, 1, true);
  check(to, 'to', 0, 1, false);
  for (const which of ['generator', 'discriminator'] as const) {
    const rate = initial?.[which];
    if (initial !== undefined && !(typeof rate === 'number' && rate > 0 && Number.isFinite(rate))) {
      throw new RangeError(`linearLearningRateDecay: initial.${which} must be a finite learning rate > 0, saw ${String(rate)}.`);
    }
  }
  let start: StartingLearningRates | undefined = initial;
  const apply = ({ trainer, step, totalSteps }: TrainingState<T>): void => {
    start ??= {
      generator: learningRateOf(trainer.generatorOptimizer, 'linearLearningRateDecay (generator)'),
      discriminator: learningRateOf(trainer.discriminatorOptimizer, 'linearLearningRateDecay (discriminator)'),
    };
    if (totalSteps === undefined || totalSteps <= 0) return;
    const factor = 1 - (1 - to) * scheduleProgress(step, totalSteps, from);
    setLearningRate(trainer.generatorOptimizer, start.generator * factor);
    setLearningRate(trainer.discriminatorOptimizer, start.discriminator * factor);
  };
  return { onTrainBegin: apply, onStepEnd: apply };
}
