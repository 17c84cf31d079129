import * as tf from '@tensorflow/tfjs-core';
import { checkAugmentationCall, drawPerSample, fresh, selectSamples, type Augmentation, type AugmentationContext } from './augmentation.js';
import { adjustBrightness, adjustContrast, adjustSaturation } from './color.js';
import { applyPixelMaps, shiftAxis } from './pixel_maps.js';

/** The transformation groups of DiffAugment: `'color'` (brightness, saturation, contrast), `'translation'`, `'cutout'`. */
export type DiffAugmentPolicy = 'color' | 'translation' | 'cutout';

const POLICIES: readonly DiffAugmentPolicy[] = ['color', 'translation', 'cutout'];

/** Options of {@link diffAugment}. */
export interface DiffAugmentOptions {
  /** The groups to apply, in this order. Default `['color', 'translation', 'cutout']` (the paper's choice for small data). */
  readonly policy?: readonly DiffAugmentPolicy[];
  /** The largest translation as a fraction of the image size; in [0, 1). Default 1/8. */
  readonly translationRatio?: number;
  /** The side of the cut-out square as a fraction of the image size; in [0, 1]. Default 1/2. */
  readonly cutoutRatio?: number;
}

/** Returns `value` (or `fallback`) if it is a number in [0, 1] (`closed`) or [0, 1). */
function checkRatio(value: unknown, option: string, fallback: number, closed: boolean): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number' && value >= 0 && (closed ? value <= 1 : value < 1)) return value;
  throw new Error(`diffAugment: options.${option} must be a number in [0, 1${closed ? ']' : ')'}, but got ${String(value)}.`);
}

/** A uniform integer in [low, high]. */
function uniformInteger(context: AugmentationContext, low: number, high: number): number {
  return low + Math.floor(context.random.uniform() * (high - low + 1));
}

/**
 * Zero masks of DiffAugment's cutout: per selected sample a square of side round(ratio · size) (per axis) centred on a
 * uniformly drawn pixel (offsets as in the reference code), clipped to the image; `[batch, h, w, 1]`, or undefined
 * when no sample is selected.
 */
function cutoutMask(images: tf.Tensor4D, ratio: number, context: AugmentationContext): tf.Tensor4D | undefined {
  const [n, h, w] = images.shape;
  const [sizeH, sizeW] = [Math.floor(h * ratio + 0.5), Math.floor(w * ratio + 0.5)];
  const centres = Array.from({ length: n }, () => [uniformInteger(context, 0, h - (sizeH % 2)), uniformInteger(context, 0, w - (sizeW % 2))] as const);
  const selected = selectSamples(n, context);
  if (!selected.includes(true) || sizeH === 0 || sizeW === 0) return undefined;
  const mask = new Float32Array(n * h * w).fill(1);
  centres.forEach(([cy, cx], b) => {
    if (!selected[b]) return;
    const [top, left] = [cy - Math.floor(sizeH / 2), cx - Math.floor(sizeW / 2)];
    for (let y = Math.max(top, 0); y < Math.min(top + sizeH, h); y++) {
      for (let x = Math.max(left, 0); x < Math.min(left + sizeW, w); x++) mask[(b * h + y) * w + x] = 0;
    }
  });
  return tf.tensor4d(mask, [n, h, w, 1]);
}

/**
 * Differentiable Augmentation (Zhao, Liu, Lin, Zhu, Han 2020, "Differentiable Augmentation for Data-Efficient GAN
 * Training", arXiv:2006.10738): the same random transformations applied to real and generated images before D, in
 * both the D and the G step, so D cannot memorise a small data set and G still gets gradients. Per sample, each
 * transformation applies with probability p (DiffAugment itself uses p = 1):
 *
 * - `'color'`: brightness x + b, b ~ U(−0.5, 0.5); saturation g + s·(x − g), s ~ U(0, 2), g the channel mean;
 *   contrast m + c·(x − m), c ~ U(0.5, 1.5), m the sample's mean;
 * - `'translation'`: an integer shift of up to ratio · size pixels along each axis (uniform), zeros shifted in;
 * - `'cutout'`: a square of ratio · size pixels at a uniform position set to zero.
 *
 * The images are assumed in [−1, 1] (the ranges follow the reference code, written for such images).
 *
 * @example
 * ```ts
 * const augment = diffAugment();                                    // color, translation, cutout
 * const random = new SeededRandom(1);
 * const seen = augment.apply(images, { p: 1, random });            // the same call for real and fake images
 * ```
 */
export function diffAugment(options: DiffAugmentOptions = {}): Augmentation {
  const policy = options.policy ?? POLICIES;
  if (!Array.isArray(policy) || !policy.every((p) => (POLICIES as readonly string[]).includes(p))) {
    throw new Error(`diffAugment: options.policy must be a list of ${POLICIES.map((p) => `'${p}'`).join(', ')}, but got ${JSON.stringify(policy)}.`);
  }
  const translationRatio = checkRatio(options.translationRatio, 'translationRatio', 0.125, false);
  const cutoutRatio = checkRatio(options.cutoutRatio, 'cutoutRatio', 0.5, true);
  return {
    name: 'diffaugment',
    apply(images: tf.Tensor4D, context: AugmentationContext): tf.Tensor4D {
      checkAugmentationCall(images, context, 'diffAugment.apply');
      return tf.tidy(() => {
        const [n, h, w] = images.shape;
        const uniform = (low: number, high: number) => () => low + (high - low) * context.random.uniform();
        let x = images;
        for (const group of policy) {
          if (group === 'color') {
            x = adjustBrightness(x, drawPerSample(n, context, 0, uniform(-0.5, 0.5)));
            x = adjustSaturation(x, drawPerSample(n, context, 1, uniform(0, 2)));
            x = adjustContrast(x, drawPerSample(n, context, 1, uniform(0.5, 1.5)), 'mean');
          } else if (group === 'translation') {
            const [shiftH, shiftW] = [Math.floor(h * translationRatio + 0.5), Math.floor(w * translationRatio + 0.5)];
            const ty = drawPerSample(n, context, 0, () => uniformInteger(context, -shiftH, shiftH));
            const tx = drawPerSample(n, context, 0, () => uniformInteger(context, -shiftW, shiftW));
            x = applyPixelMaps(x, Array.from({ length: n }, (_, b) => ({
              rows: shiftAxis(h, ty[b]!, 'zeros'), columns: shiftAxis(w, tx[b]!, 'zeros'), transposed: false,
            })));
          } else {
            const mask = cutoutMask(x, cutoutRatio, context);
            if (mask !== undefined) x = tf.mul(x, mask);
          }
        }
        return fresh(x, images);
      });
    },
  };
}
