import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { styleGan2Parts } from '../architectures/stylegan2.js';
import type { NoiseInjection, NoiseSource } from '../layers/noise_injection.js';
import type { SeededRandom } from '../utils/random.js';
import { truncateTowardMean } from './truncation.js';

/**
 * Style mixing (Karras et al. 2019, StyleGAN, arXiv:1812.04948, §3.1): the synthesis layers before the crossover
 * read their w from `first`, the others from `second`, so coarse styles (pose, shape: the low resolutions) come from
 * one latent and fine styles (stroke, texture) from the other. As a regularizer in training, a random crossover
 * keeps neighbouring styles from depending on each other.
 *
 *   out[n, i] = first[n, i] if i < crossover_n, second[n, i] otherwise.
 *
 * @param first - ws `[batch, numWs, wDim]`.
 * @param second - ws of the same shape.
 * @param crossover - the first layer that reads `second`: an integer in [0, numWs] for the whole batch (numWs: all
 *   from `first`; 0: all from `second`), or one per sample.
 * @returns `[batch, numWs, wDim]`; differentiable in both inputs.
 */
export function mixStyles(first: tf.Tensor3D, second: tf.Tensor3D, crossover: number | readonly number[]): tf.Tensor3D {
  if (!(first instanceof tf.Tensor) || !(second instanceof tf.Tensor) || first.rank !== 3 || first.shape.join() !== second.shape.join()) {
    const shape = (t: unknown) => (t instanceof tf.Tensor ? `[${t.shape.join(', ')}]` : String(t));
    throw new Error(`mixStyles: first and second must be ws of one shape [batch, numWs, wDim], but got ${shape(first)} and ${shape(second)}.`);
  }
  const [batch, numWs] = first.shape;
  const points = typeof crossover === 'number' ? new Array<number>(batch).fill(crossover) : [...crossover];
  if (points.length !== batch || !points.every((c) => Number.isInteger(c) && c >= 0 && c <= numWs)) {
    throw new Error(`mixStyles: crossover must be an integer in [0, ${numWs}] or ${batch} of them, but got ${JSON.stringify(crossover)}.`);
  }
  return tf.tidy(() => {
    const mask = tf.tensor3d(points.flatMap((c) => Array.from({ length: numWs }, (_, i) => (i < c ? 1 : 0))), [batch, numWs, 1]);
    return tf.add(tf.mul(mask, first), tf.mul(tf.sub(1, mask), second)) as tf.Tensor3D;
  });
}

/**
 * The noise of a StyleGAN2 sample: `'const'` — each noise layer's fixed image (repeatable, the default for pictures);
 * `'random'` — each layer's next training-style draw (advancing its call count); `'none'`; a {@link SeededRandom} all
 * layers draw from (repeatable with a seed); or one tensor `[batch or 1, h, w, 1]` per noise layer, in the order of
 * {@link StyleGAN2Parts.noiseLayers}.
 */
export type StyleGAN2Noise = 'const' | 'random' | 'none' | SeededRandom | readonly tf.Tensor[];

/** Options of {@link styleGan2Sample}. */
export interface StyleGAN2SampleOptions {
  /** z `[n, latentDim]`. */
  readonly latents: tf.Tensor2D;
  /** ψ of the truncation in W, w' = w̄ + ψ·(w − w̄) (1: none; 0: the average image; StyleGAN uses 0.5–0.7). Default 1. */
  readonly psi?: number;
  /** Truncate only the w's of layers below this index (the coarse styles); an integer in [0, numWs]. Default numWs (all). */
  readonly truncationCutoff?: number;
  /** Style mixing with a second set of latents (see {@link mixStyles}). */
  readonly mix?: {
    /** z `[n, latentDim]` of the second image, whose styles the layers from `crossover` on read. */
    readonly latents: tf.Tensor2D;
    /** The first layer that reads the second latents: an integer in [0, numWs], or one per sample. */
    readonly crossover: number | readonly number[];
  };
  /** The noise (see {@link StyleGAN2Noise}). Default `'const'`. */
  readonly noise?: StyleGAN2Noise;
}

/** Sets the noise of every layer and returns a function that puts the previous sources back. */
function useNoise(layers: readonly NoiseInjection[], noise: StyleGAN2Noise): () => void {
  const saved = layers.map((l) => l.noise);
  if (Array.isArray(noise) && noise.length !== layers.length) {
    throw new Error(`styleGan2Sample: options.noise has ${noise.length} tensors, but the synthesis network has ${layers.length} noise layers; give one per layer.`);
  }
  layers.forEach((layer, i) => {
    layer.noise = Array.isArray(noise) ? (noise[i] as tf.Tensor) : (noise as NoiseSource);
  });
  return () => layers.forEach((layer, i) => {
    layer.noise = saved[i]!;
  });
}

/**
 * Images from a StyleGAN2 generator (a {@link StyleGAN2}'s `generator`, its {@link GeneratorEma} model, or either
 * loaded from a file) with the sampling controls of StyleGAN (Karras et al. 2019, arXiv:1812.04948): truncation in W
 * toward the tracked mean w̄ (§B), w' = w̄ + ψ·(w − w̄), style mixing with a second set of latents (§3.1, both sets
 * truncated alike), and the choice of noise. Runs in inference mode: w̄ is not updated. The noise layers' sources
 * are restored afterwards.
 *
 * @returns images `[n, R, R, channels]`; the caller disposes them.
 * @example
 * ```ts
 * const z = new SeededRandom(7).normalTensor([8, gan.latentDim]) as tf.Tensor2D;
 * const truncated = styleGan2Sample(gan.generator, { latents: z, psi: 0.7 });
 * const other = new SeededRandom(8).normalTensor([8, gan.latentDim]) as tf.Tensor2D;
 * const mixed = styleGan2Sample(gan.generator, { latents: z, mix: { latents: other, crossover: 4 } });   // coarse from z, fine from other
 * ```
 */
export function styleGan2Sample(generator: tfl.LayersModel, options: StyleGAN2SampleOptions): tf.Tensor4D {
  const parts = styleGan2Parts(generator);
  const { latents, psi = 1, truncationCutoff = parts.numWs, mix, noise = 'const' } = options ?? ({} as StyleGAN2SampleOptions);
  const checkLatents = (z: unknown, what: string) => {
    if (!(z instanceof tf.Tensor) || z.rank !== 2 || z.shape[1] !== parts.latentDim) {
      throw new Error(`styleGan2Sample: ${what} must be z [n, ${parts.latentDim}], but got ${z instanceof tf.Tensor ? `[${z.shape.join(', ')}]` : String(z)}.`);
    }
  };
  checkLatents(latents, 'options.latents');
  if (mix !== undefined) {
    checkLatents(mix.latents, 'options.mix.latents');
    if (mix.latents.shape[0] !== latents.shape[0]) throw new Error(`styleGan2Sample: options.mix.latents has ${mix.latents.shape[0]} rows, options.latents ${latents.shape[0]}; give as many.`);
  }
  if (typeof psi !== 'number' || !Number.isFinite(psi)) throw new Error(`styleGan2Sample: options.psi must be a finite number (1: no truncation), but got ${String(psi)}.`);
  if (!Number.isInteger(truncationCutoff) || truncationCutoff < 0 || truncationCutoff > parts.numWs) {
    throw new Error(`styleGan2Sample: options.truncationCutoff must be an integer in [0, ${parts.numWs}], but got ${String(truncationCutoff)}.`);
  }
  const restore = useNoise(parts.noiseLayers, noise);
  try {
    return tf.tidy(() => {
      const wAverage = psi === 1 ? undefined : parts.trackedMean.mean();
      const stylesOf = (z: tf.Tensor2D): tf.Tensor3D => {
        const w = parts.mapping.apply(z, { training: false }) as tf.Tensor2D;
        const broadcast = (v: tf.Tensor2D) => tf.tile(tf.expandDims(v, 1), [1, parts.numWs, 1]) as tf.Tensor3D;
        if (wAverage === undefined) return broadcast(w);
        const truncated = broadcast(truncateTowardMean(w, psi, wAverage));
        return truncationCutoff === parts.numWs ? truncated : mixStyles(truncated, broadcast(w), truncationCutoff);
      };
      let ws = stylesOf(latents);
      if (mix !== undefined) ws = mixStyles(ws, stylesOf(mix.latents), mix.crossover);
      return parts.synthesis.apply(ws, { training: false }) as tf.Tensor4D;
    });
  } finally {
    restore();
  }
}
