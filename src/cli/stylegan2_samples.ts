import * as tf from '@tensorflow/tfjs-core';
import { StyleGan2Algorithm, type AdversarialTrainer } from '../index.js';
import type { RunConfig } from './run_config.js';
import { UsageError } from './usage_error.js';

/** StyleGAN2's sampling controls on the command line: `--truncation ψ` and `--style-mix`. */
export interface StyleGan2Controls {
  /** ψ of the truncation in W, in [0, 1]; `undefined`: none. */
  readonly psi: number | undefined;
  /** Whether to draw a style-mixing grid. */
  readonly styleMix: boolean;
}

/**
 * The last synthesis layer of the coarse styles in a `--style-mix` grid: the layers of the 4×4 and 8×8 resolutions
 * (two at 4×4, two at 8×8 counting the toRGB styles), StyleGAN's "coarse styles" (arXiv 1812.04948, §3.1, Figure 3).
 */
export const COARSE_STYLES = 4;

/**
 * Reads `--truncation` and `--style-mix` for the run in `root`: a {@link UsageError} when `--style-mix` is given for a
 * run that is not a StyleGAN2's or meets `--interpolate`, or when a StyleGAN2 run's ψ is not a number in [0, 1]. Other
 * runs read `--truncation` as BigGAN's bound on the latents (`psi` is then `undefined`).
 */
export function styleGan2Controls(
  flags: { readonly truncation?: string | undefined; readonly styleMix?: boolean | undefined; readonly interpolate?: boolean | undefined },
  config: RunConfig,
  root: string,
): StyleGan2Controls {
  const styleMix = flags.styleMix === true;
  if (styleMix && config.model !== 'stylegan2') {
    throw new UsageError(`--style-mix acts on StyleGAN2's style space W, but the run in '${root}' was trained with --model ${config.model}: drop --style-mix, or train with --model stylegan2`);
  }
  if (config.model !== 'stylegan2') return { psi: undefined, styleMix };
  if (styleMix && flags.interpolate === true) throw new UsageError('--style-mix draws a grid and --interpolate a latent walk: give one of them');
  let psi: number | undefined;
  if (flags.truncation !== undefined) {
    psi = Number(flags.truncation);
    if (flags.truncation.trim() === '' || !(psi >= 0 && psi <= 1)) {
      throw new UsageError(`--truncation must be ψ in [0, 1] (1: no truncation, 0: every sample the average image; 0.7 is usual), got '${flags.truncation}'`);
    }
  }
  return { psi, styleMix };
}

/** The {@link StyleGan2Algorithm} of a StyleGAN2 run's trainer. */
function styleGan2Of(trainer: AdversarialTrainer): StyleGan2Algorithm {
  const algorithm = trainer.algorithm;
  if (!(algorithm instanceof StyleGan2Algorithm)) throw new Error(`gan-kit: the run trains '${algorithm.name}', not a StyleGAN2`);
  return algorithm;
}

/** A StyleGAN2 run's images of `latents`, truncated in W with ψ (`undefined`: none), from the EMA generator; the caller disposes them. */
export function truncatedSamples(trainer: AdversarialTrainer, latents: tf.Tensor2D, psi: number | undefined): tf.Tensor {
  return styleGan2Of(trainer).sample(latents.shape[0], { latents, ...(psi === undefined ? {} : { psi }) });
}

/**
 * A style-mixing grid of a StyleGAN2 run: count × count images, row-major, cell (i, j) with the coarse styles
 * ({@link COARSE_STYLES}) of row latent i, drawn from `seed`, and the fine styles of column latent j, drawn from
 * `seed + 1`, both truncated with ψ (`undefined`: none). From the EMA generator; the caller disposes the result.
 */
export function styleMixGrid(trainer: AdversarialTrainer, count: number, seed: number, psi: number | undefined): tf.Tensor {
  const algorithm = styleGan2Of(trainer);
  return tf.tidy(() => {
    const rows = algorithm.sampleLatents(count, seed, undefined);
    const columns = algorithm.sampleLatents(count, seed + 1, undefined);
    const rowOf = Int32Array.from({ length: count * count }, (_, k) => Math.floor(k / count));
    const columnOf = Int32Array.from({ length: count * count }, (_, k) => k % count);
    return algorithm.sample(count * count, {
      latents: tf.gather(rows, rowOf) as tf.Tensor2D,
      mix: { latents: tf.gather(columns, columnOf) as tf.Tensor2D, crossover: Math.min(COARSE_STYLES, algorithm.parts.numWs) },
      ...(psi === undefined ? {} : { psi }),
    });
  });
}
