import * as tf from '@tensorflow/tfjs-core';
import { checkAugmentationCall, drawPerSample, fresh, selectSamples, type Augmentation, type AugmentationContext } from './augmentation.js';
import { adjustBrightness, adjustContrast, adjustSaturation } from './color.js';
import { applyPixelMaps, identityAxis, identityMap, reverseAxis, scaleAxis, shiftAxis, thenMap, type PixelMap } from './pixel_maps.js';

/** Options of {@link adaAugment}: which transformations to use (all by default) and their strengths. */
export interface AdaAugmentOptions {
  /** Horizontal flip (when selected, with probability ½). Default true. */
  readonly xflip?: boolean;
  /** Rotation by a uniform multiple of 90° (square images only). Default true. */
  readonly rotate90?: boolean;
  /** Integer translation by up to `translationRange` · size along each axis, mirrored padding. Default true. */
  readonly translation?: boolean;
  /** Isotropic scaling by 2^N(0, scaleStd²) about the centre, mirrored padding. Default true. */
  readonly scale?: boolean;
  /** Brightness: x + b, b ~ N(0, brightnessStd²). Default true. */
  readonly brightness?: boolean;
  /** Contrast: c · x, c = 2^N(0, contrastStd²) (about 0, mid-grey for images in [−1, 1]). Default true. */
  readonly contrast?: boolean;
  /** Saturation: g + s · (x − g), s = 2^N(0, saturationStd²), g the channel mean (no effect on one channel). Default true. */
  readonly saturation?: boolean;
  /** Largest translation as a fraction of the image size; in [0, 1). Default 0.125. */
  readonly translationRange?: number;
  /** Standard deviation of log₂ of the scale; ≥ 0. Default 0.2. */
  readonly scaleStd?: number;
  /** Standard deviation of the brightness offset; ≥ 0. Default 0.2. */
  readonly brightnessStd?: number;
  /** Standard deviation of log₂ of the contrast factor; ≥ 0. Default 0.5. */
  readonly contrastStd?: number;
  /** Standard deviation of log₂ of the saturation factor; ≥ 0. Default 1. */
  readonly saturationStd?: number;
}

const SWITCHES = ['xflip', 'rotate90', 'translation', 'scale', 'brightness', 'contrast', 'saturation'] as const;

function checkStrength(value: unknown, option: keyof AdaAugmentOptions, fallback: number, below?: number): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0 && (below === undefined || value < below)) return value;
  throw new Error(`adaAugment: options.${option} must be a finite number ≥ 0${below === undefined ? '' : ` and < ${below}`}, but got ${String(value)}.`);
}

/** Quarter turns counter-clockwise as y = A · op(X) · Bᵀ: 90° = J·Xᵀ, 180° = J·X·J, 270° = Xᵀ·J (J reverses an axis). */
function quarterTurn(k: number, size: number): PixelMap {
  const [identity, reverse] = [identityAxis(size), reverseAxis(size)];
  switch (k) {
    case 1: return { rows: reverse, columns: identity, transposed: true };
    case 2: return { rows: reverse, columns: reverse, transposed: false };
    case 3: return { rows: identity, columns: reverse, transposed: true };
    default: return identityMap(size, size);
  }
}

/**
 * The subset of the adaptive discriminator augmentation pipeline of StyleGAN2-ADA (Karras, Aittala, Hellsten, Laine,
 * Lehtinen, Aila 2020, "Training Generative Adversarial Networks with Limited Data", arXiv:2006.06676, Appendix B)
 * that suits small images: the pixel blitting group (x-flip, 90° rotations, integer translation), isotropic scaling,
 * and brightness, contrast and saturation, in that order. Each transformation applies to each sample independently
 * with probability p — the strength that {@link AdaController} steers — with the paper's parameter distributions.
 *
 * The geometric transformations of a sample compose into one map y = A · op(X) · Bᵀ per channel (A mixing rows, B
 * columns, op an optional transpose for the quarter turns), applied as batched matrix products, so gradients reach
 * the images on every backend. Scaling interpolates linearly (with a widened, anti-aliasing tent when shrinking)
 * instead of the paper's wavelet-filtered 2× oversampling; padding mirrors the image as in the paper.
 *
 * @example
 * ```ts
 * const augment = adaAugment();                                       // all seven transformations
 * const ada = new AdaController({ target: 0.6 });
 * const seen = augment.apply(images, { p: ada.p, random });          // p from the controller
 * ```
 */
export function adaAugment(options: AdaAugmentOptions = {}): Augmentation {
  const enabled = Object.fromEntries(SWITCHES.map((name) => {
    const value = options[name] ?? true;
    if (typeof value !== 'boolean') throw new Error(`adaAugment: options.${name} must be true or false, but got ${String(value)}.`);
    return [name, value];
  })) as Record<(typeof SWITCHES)[number], boolean>;
  const translationRange = checkStrength(options.translationRange, 'translationRange', 0.125, 1);
  const scaleStd = checkStrength(options.scaleStd, 'scaleStd', 0.2);
  const brightnessStd = checkStrength(options.brightnessStd, 'brightnessStd', 0.2);
  const contrastStd = checkStrength(options.contrastStd, 'contrastStd', 0.5);
  const saturationStd = checkStrength(options.saturationStd, 'saturationStd', 1);

  /** Each sample's geometric transformation, drawn in the order x-flip, rotation, translation, scaling. */
  function geometry([n, h, w]: readonly [number, number, number, number], context: AugmentationContext): PixelMap[] {
    const { random } = context;
    let maps: PixelMap[] = Array.from({ length: n }, () => identityMap(h, w));
    const then = (next: (b: number) => PixelMap | undefined) => {
      maps = maps.map((map, b) => {
        const step = next(b);
        return step === undefined ? map : thenMap(map, step);
      });
    };
    if (enabled.xflip) {
      const flips = drawPerSample(n, context, 0, () => Math.floor(random.uniform() * 2));
      then((b) => (flips[b] === 1 ? { rows: identityAxis(h), columns: reverseAxis(w), transposed: false } : undefined));
    }
    if (enabled.rotate90) {
      if (h !== w) throw new Error(`adaAugment: 90° rotations need square images, but the images are ${h}×${w}; pass { rotate90: false }.`);
      const turns = drawPerSample(n, context, 0, () => Math.floor(random.uniform() * 4));
      then((b) => (turns[b] === 0 ? undefined : quarterTurn(turns[b]!, h)));
    }
    if (enabled.translation) {
      const tx = Float32Array.from({ length: n }, () => (random.uniform() * 2 - 1) * translationRange);
      const ty = Float32Array.from({ length: n }, () => (random.uniform() * 2 - 1) * translationRange);
      const selected = selectSamples(n, context);
      then((b) => {
        const [dy, dx] = [Math.round(ty[b]! * h), Math.round(tx[b]! * w)];
        return selected[b] && (dx !== 0 || dy !== 0) ? { rows: shiftAxis(h, dy, 'reflect'), columns: shiftAxis(w, dx, 'reflect'), transposed: false } : undefined;
      });
    }
    if (enabled.scale) {
      const scales = drawPerSample(n, context, 1, () => 2 ** (random.normal() * scaleStd));
      then((b) => (scales[b] === 1 ? undefined : { rows: scaleAxis(h, scales[b]!), columns: scaleAxis(w, scales[b]!), transposed: false }));
    }
    return maps;
  }

  return {
    name: 'ada',
    apply(images: tf.Tensor4D, context: AugmentationContext): tf.Tensor4D {
      checkAugmentationCall(images, context, 'adaAugment.apply');
      return tf.tidy(() => {
        const n = images.shape[0];
        const { random } = context;
        let x = applyPixelMaps(images, geometry(images.shape, context));
        if (enabled.brightness) x = adjustBrightness(x, drawPerSample(n, context, 0, () => random.normal() * brightnessStd));
        if (enabled.contrast) x = adjustContrast(x, drawPerSample(n, context, 1, () => 2 ** (random.normal() * contrastStd)), 'zero');
        if (enabled.saturation) x = adjustSaturation(x, drawPerSample(n, context, 1, () => 2 ** (random.normal() * saturationStd)));
        return fresh(x, images);
      });
    },
  };
}
