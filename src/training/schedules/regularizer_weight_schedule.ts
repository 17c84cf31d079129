import type { TrainerCallbacks, TrainingState } from '../callbacks.js';
import { scheduleProgress } from './schedule_progress.js';
import type { Regularizer } from '../../regularizers/regularizer.js';

/** What {@link regularizerWeightSchedule} needs of a trainer (every `GanTrainer` has it). */
export interface RegularizedTrainer {
  /** The regularizers as configured; their `weight` is the schedule's starting value λ₀. */
  readonly regularizers: readonly Regularizer[];
  /** Sets the current weight of the regularizer(s) named `name`. */
  setRegularizerWeight(name: string, weight: number): void;
}

/** Options of {@link regularizerWeightSchedule}. */
export interface RegularizerWeightScheduleOptions {
  /** The `name` of the regularizer to schedule (`'r1'`, `'gradient-penalty'`, …). Default: every regularizer of the trainer. */
  readonly regularizer?: string;
  /** Fraction f₀ of the run after which the weight starts to change, in [0, 1). Default 0.5 (the second half). */
  readonly from?: number;
  /** Factor r the weight reaches at the last step, a finite number > 0 (< 1 anneals, > 1 ramps up). Default 0.1. */
  readonly to?: number;
  /** `'geometric'` (default: λ₀·r^p, the same factor every step) or `'linear'` (λ₀·(1 − (1 − r)·p)). */
  readonly curve?: 'geometric' | 'linear';
}

function fail(message: string): never {
  throw new RangeError(`regularizerWeightSchedule: ${message}`);
}

/**
 * Schedules the weight λ of a regularizer (R1's γ, WGAN-GP's λ, path length's weight, …) over a fit, as a trainer
 * callback.
 * With T the fit's total steps, λ₀ the regularizer's configured `weight` and
 * p = clamp((s/T − f₀) / (1 − f₀), 0, 1), the step after step s runs with
 *
 *   λ(s) = λ₀ · r^p   (geometric)   or   λ(s) = λ₀ · (1 − (1 − r)·p)   (linear):
 *
 * λ₀ for the first f₀·T steps, then moving to r·λ₀ at the last step. Annealing γ lets the discriminator sharpen
 * once training has settled: R3GAN (Huang et al. 2024, "The GAN is dead; long live the GAN!", arXiv 2501.05441)
 * lowers γ tenfold over training (docs/benchmarks.md measures it on grid25). The weight depends only on (s, T) and
 * the configured λ₀, so a resumed fit continues the schedule; fits bounded by epochs
 * over data of unknown length (no total) leave the weight alone.
 *
 * @param options - see {@link RegularizerWeightScheduleOptions}.
 * @returns callbacks for `fit` (combine with others in an array).
 * @throws RangeError for options out of range; Error (at the first step) when the trainer has no regularizer of the
 *   name given.
 * @example
 * ```ts
 * const trainer = new AdversarialTrainer(gan, { regularizers: [r1Regularizer({ weight: 1 })] });
 * await trainer.fit(points, {
 *   steps: 96000, batchSize: 256,
 *   callbacks: [linearLearningRateDecay({ from: 0.5 }), regularizerWeightSchedule({ regularizer: 'r1', from: 0.5, to: 0.1 })],
 * });
 * ```
 */
export function regularizerWeightSchedule<T extends RegularizedTrainer>(options: RegularizerWeightScheduleOptions = {}): TrainerCallbacks<T, unknown> {
  const { regularizer, from = 0.5, to = 0.1, curve = 'geometric' } = options;
  if (typeof from !== 'number' || !(from >= 0 && from < 1)) fail(`from must be a number in [0, 1), saw ${String(from)}.`);
  if (typeof to !== 'number' || !(to > 0) || !Number.isFinite(to)) fail(`to must be a finite factor > 0, saw ${String(to)}.`);
  if (curve !== 'geometric' && curve !== 'linear') fail(`curve must be 'geometric' or 'linear', saw ${String(curve)}.`);
  if (regularizer !== undefined && (typeof regularizer !== 'string' || regularizer === '')) {
    fail(`regularizer must be a regularizer's name such as 'r1', saw ${String(regularizer)}.`);
  }
  const apply = ({ trainer, step, totalSteps }: TrainingState<T, unknown>): void => {
    if (totalSteps === undefined || totalSteps <= 0) return;
    const p = scheduleProgress(step, totalSteps, from);
    const factor = curve === 'geometric' ? to ** p : 1 - (1 - to) * p;
    const names = regularizer === undefined ? trainer.regularizers.map((r) => r.name) : [regularizer];
    for (const name of new Set(names)) {
      const configured = trainer.regularizers.find((r) => r.name === name);
      // An unknown name reaches setRegularizerWeight, which names the trainer's regularizers in its error.
      trainer.setRegularizerWeight(name, (configured?.weight ?? 0) * factor);
    }
  };
  return { onTrainBegin: apply, onStepEnd: apply };
}
