import type * as tf from '@tensorflow/tfjs-core';

import { createRgbaImage, drawCircle, drawLine, fillRect, type Rgb, type RgbaImage } from './raster.js';

/** Options of {@link scatterPlot}. */
export interface ScatterPlotOptions {
  /** Mixture means to mark with red circles, `[k][2]` (e.g. `modes` of {@link ring8}). */
  readonly modes?: ReadonlyArray<ReadonlyArray<number>>;
  /**
   * The mixture's standard deviation σ: each mode's circle then has radius 3σ, the "high quality" distance of the
   * mode-coverage metric (at least 4 pixels). Default: circles of 4 pixels.
   */
  readonly std?: number;
  /** Reference points (e.g. real data) drawn in light grey beneath the points, shape `[m, 2]`. */
  readonly reference?: tf.Tensor2D;
  /** Width and height of the square picture in pixels, an integer ≥ 16. Default 512. */
  readonly size?: number;
  /**
   * The visible interval [min, max], the same on both axes. Default: the modes' extent widened by a quarter of its
   * span on each side (ring8: [−1.5, 1.5]; grid25: [−6, 6]); without modes, the points' extent widened by 5%.
   */
  readonly range?: readonly [number, number];
}

const POINT: Rgb = [31, 119, 180];
const REFERENCE: Rgb = [200, 200, 200];
const MODE: Rgb = [214, 39, 40];
const AXIS: Rgb = [225, 225, 225];

/** The visible square interval when none is given. */
function defaultRange(points: ArrayLike<number>, modes: ReadonlyArray<ReadonlyArray<number>> | undefined): [number, number] {
  const coords = modes !== undefined && modes.length > 0 ? modes.flat() : points;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < coords.length; i++) {
    const v = coords[i]!;
    if (Number.isFinite(v)) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  if (lo > hi) return [-1, 1];
  const span = hi - lo || 2;
  const margin = modes !== undefined && modes.length > 0 ? span / 4 : span * 0.05;
  return [lo - margin, hi + margin];
}

/**
 * Draws 2-D points as a scatter plot on white — points as 2 × 2 blue dots, optional reference points in grey,
 * optional mixture means as red circles (radius 3σ), the axes x = 0 and y = 0 as light lines (y grows upwards). Points outside
 * `range` are left out. Made to show mode coverage on {@link ring8} and {@link grid25}.
 *
 * @param points - shape `[n, 2]`. Not disposed.
 * @example
 * ```ts
 * const real = ring8({ count: 2500, seed: 0 });
 * await writePng('ring8.png', await scatterPlot(fake, { modes: real.modes, std: real.std, reference: real.samples }));
 * ```
 */
export async function scatterPlot(points: tf.Tensor2D, options: ScatterPlotOptions = {}): Promise<RgbaImage> {
  for (const [name, tensor] of [['points', points], ['reference', options.reference]] as const) {
    if (tensor !== undefined && (tensor.rank !== 2 || tensor.shape[1] !== 2)) {
      throw new Error(`scatterPlot: ${name} must have shape [n, 2], got [${tensor.shape.join(', ')}].`);
    }
  }
  const { modes, size = 512, std } = options;
  if (!Number.isInteger(size) || size < 16) throw new Error(`scatterPlot: size must be an integer ≥ 16, got ${size}.`);
  if (std !== undefined && !(Number.isFinite(std) && std >= 0)) throw new Error(`scatterPlot: std must be a finite number ≥ 0, got ${std}.`);
  modes?.forEach((m, i) => {
    if (m.length !== 2) throw new Error(`scatterPlot: every mode must be a point [x, y]; modes[${i}] has ${m.length} coordinates.`);
  });
  const values = await points.data();
  const [lo, hi] = options.range ?? defaultRange(values, modes);
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi)) {
    throw new Error(`scatterPlot: range must be [min, max] with finite min < max, got [${lo}, ${hi}].`);
  }
  const toPixel = (v: number): number => ((v - lo) / (hi - lo)) * (size - 1);
  const image = createRgbaImage(size, size, [255, 255, 255]);
  if (lo < 0 && hi > 0) {
    drawLine(image, toPixel(0), 0, toPixel(0), size - 1, AXIS);
    drawLine(image, 0, size - 1 - toPixel(0), size - 1, size - 1 - toPixel(0), AXIS);
  }
  const dots = (xy: ArrayLike<number>, colour: Rgb): void => {
    for (let i = 0; i + 1 < xy.length; i += 2) {
      const x = xy[i]!;
      const y = xy[i + 1]!;
      if (x >= lo && x <= hi && y >= lo && y <= hi) fillRect(image, toPixel(x), size - 1 - toPixel(y), 2, 2, colour);
    }
  };
  if (options.reference !== undefined) dots(await options.reference.data(), REFERENCE);
  dots(values, POINT);
  const radius = Math.max(4, options.std === undefined ? 0 : (3 * options.std * (size - 1)) / (hi - lo));
  for (const [mx, my] of modes ?? []) drawCircle(image, toPixel(mx!), size - 1 - toPixel(my!), radius, MODE);
  return image;
}
