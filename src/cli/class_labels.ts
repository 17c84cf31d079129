import * as tf from '@tensorflow/tfjs-core';
import { ConditionalTrainer, cycleLabels, type AdversarialTrainer } from '../index.js';
import type { RunConditioning } from './run_config.js';
import { UsageError } from './usage_error.js';

/** One item of a `--labels` list: a class (`3`) or an inclusive range (`0-9`). */
const ITEM = /^(\d+)(?:-(\d+))?$/;

/**
 * Parses `--labels` for the run in `run`: a class (`3`), an inclusive range (`0-9`), or a comma-separated list of
 * these (`1,4,7`, `0-2,7`), in the order given. Throws a {@link UsageError} when the run is not conditional, when the
 * text is not such a list, or when a class is outside 0 … K−1.
 */
export function parseLabels(spec: string, conditioning: RunConditioning | undefined, run: string): number[] {
  if (conditioning === undefined) {
    throw new UsageError(`--labels '${spec}': the run in '${run}' is not conditional (it was trained without --conditional): drop --labels, or train with --conditional`);
  }
  const last = conditioning.classes - 1;
  const labels: number[] = [];
  for (const item of spec.split(',')) {
    const match = ITEM.exec(item.trim());
    const from = Number(match?.[1]);
    const to = match?.[2] === undefined ? from : Number(match[2]);
    if (match === null || to < from) {
      throw new UsageError(`--labels '${spec}' is not a list of classes: give a class (3), a range (0-${last}) or a comma-separated list (1,4,7 or 0-2,7)`);
    }
    if (to > last) {
      throw new UsageError(`--labels '${spec}' names class ${to}, but the run has ${conditioning.classes} classes: give classes in 0-${last}`);
    }
    for (let c = from; c <= to; c++) labels.push(c);
  }
  return labels;
}

/** Samples drawn by {@link drawSamples}, with their labels for a conditional run. */
export interface DrawnSamples {
  /** `[count, ...sampleShape]`; the caller disposes it. */
  readonly samples: tf.Tensor;
  /** The class of each sample (a conditional run), else `undefined`. */
  readonly labels: number[] | undefined;
}

/**
 * `count` samples of `trainer` in inference mode. A conditional trainer is asked for the classes `classes` in turn
 * (cycleLabels: 1,4,7 → 1, 4, 7, 1, 4, …), by default all of its classes 0 … K−1; an unconditional one ignores
 * `classes`. `seed` or `latents` fix the latent vectors as in `AdversarialTrainer.sample`.
 */
export function drawSamples(
  trainer: AdversarialTrainer,
  count: number,
  options: { readonly seed?: number | undefined; readonly latents?: tf.Tensor2D | undefined; readonly classes?: readonly number[] | undefined },
): DrawnSamples {
  const latent = {
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.latents === undefined ? {} : { latents: options.latents }),
  };
  if (!(trainer instanceof ConditionalTrainer)) return { samples: trainer.sample(count, latent), labels: undefined };
  const labels = cycleLabels(count, options.classes ?? Array.from({ length: trainer.classes }, (_, c) => c));
  return { samples: trainer.sample(count, { ...latent, labels }), labels };
}
