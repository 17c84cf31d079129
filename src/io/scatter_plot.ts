import type * as tf from '@tensorflow/tfjs-core';

import { drawText, GLYPH_HEIGHT, textWidth } from './bitmap_font.js';
import { formatTick, ticksIn, tickStep } from './chart_ticks.js';
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
  /** Width and height of the square plot area in pixels, an integer ≥ 16. Default 512. */
  readonly size?: number;
  /**
   * Frames the plot with axes, round tick values and a legend of what is drawn (generated points, real data, modes
   * with their 3σ circles), in margins around the plot area (true, default); false draws the plot area alone,
   * `size × size` pixels.
   */
  readonly axes?: boolean;
  /** A title above the plot, such as the training step (`step 1200`); only with `axes`. Default none. */
  readonly title?: string;
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
const INK: Rgb = [40, 40, 40];
/** Pixels between the frame and the tick labels, and around the legend and title. */
const GAP = 6;

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
 * optional mixture means as red circles (radius 3σ), the axes x = 0 and y = 0 as light lines (y grows upwards) — with
 * a frame, round tick values on both axes, a legend and an optional title around it (see `axes`). Points outside
 * `range` are left out. Made to show mode coverage on {@link ring8} and {@link grid25}.
 *
 * @param points - shape `[n, 2]`. Not disposed.
 * @example
 * ```ts
 * const real = ring8({ count: 2500, seed: 0 });
 * await writePng('ring8.png', await scatterPlot(fake, { modes: real.modes, std: real.std, reference: real.samples, title: 'step 1000' }));
 * ```
 */
export async function scatterPlot(points: tf.Tensor2D, options: ScatterPlotOptions = {}): Promise<RgbaImage> {
  for (const [name, tensor] of [['points', points], ['reference', options.reference]] as const) {
    if (tensor !== undefined && (tensor.rank !== 2 || tensor.shape[1] !== 2)) {
      throw new Error(`scatterPlot: ${name} must have shape [n, 2], got [${tensor.shape.join(', ')}].`);
    }
  }
  const { modes, size = 512, std, axes = true, title } = options;
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
  const ticks = ticksIn(lo, hi, tickStep(lo, hi));
  const legend: LegendEntry[] = [
    { name: 'generated', draw: (img, x, y) => fillRect(img, x + 2, y + 2, 3, 3, POINT) },
    ...(options.reference === undefined ? [] : [{ name: 'real', draw: (img: RgbaImage, x: number, y: number) => fillRect(img, x + 2, y + 2, 3, 3, REFERENCE) }]),
    ...(modes === undefined || modes.length === 0 ? [] : [{
      name: std === undefined ? 'modes' : 'modes, 3 sigma',
      draw: (img: RgbaImage, x: number, y: number) => drawCircle(img, x + 3, y + 3, 3, MODE),
    }]),
  ];
  // The plot area's top-left corner in the picture, and the picture's size.
  const left = axes ? 2 * GAP + Math.max(...ticks.map((t) => textWidth(formatTick(t)))) : 0;
  const titleHeight = axes && title !== undefined ? 2 * GLYPH_HEIGHT + GAP : 0;
  const top = axes ? GAP + titleHeight + GLYPH_HEIGHT + 2 * GAP : 0;
  const width = axes ? Math.max(left + size + 2 * GAP, legendWidth(legend) + 2 * GAP, title === undefined ? 0 : textWidth(title, 2) + 2 * GAP) : size;
  const height = axes ? top + size + 2 * GAP + GLYPH_HEIGHT : size;
  const toPixel = (v: number): number => ((v - lo) / (hi - lo)) * (size - 1);
  const px = (x: number): number => left + toPixel(x);
  const py = (y: number): number => top + size - 1 - toPixel(y);
  const image = createRgbaImage(width, height, [255, 255, 255]);
  if (lo < 0 && hi > 0) {
    drawLine(image, px(0), top, px(0), top + size - 1, AXIS);
    drawLine(image, left, py(0), left + size - 1, py(0), AXIS);
  }
  const dots = (xy: ArrayLike<number>, colour: Rgb): void => {
    for (let i = 0; i + 1 < xy.length; i += 2) {
      const x = xy[i]!;
      const y = xy[i + 1]!;
      if (x >= lo && x <= hi && y >= lo && y <= hi) fillRect(image, px(x), py(y), 2, 2, colour);
    }
  };
  if (options.reference !== undefined) dots(await options.reference.data(), REFERENCE);
  dots(values, POINT);
  const radius = Math.max(4, options.std === undefined ? 0 : (3 * options.std * (size - 1)) / (hi - lo));
  for (const [mx, my] of modes ?? []) drawCircle(image, px(mx!), py(my!), radius, MODE);
  if (axes) {
    // The frame, just outside the plot area, with a tick and its value at every round value on both axes.
    const [x0, y0, x1, y1] = [left - 1, top - 1, left + size, top + size];
    for (const [a, b, c, d] of [[x0, y0, x1, y0], [x0, y1, x1, y1], [x0, y0, x0, y1], [x1, y0, x1, y1]] as const) drawLine(image, a, b, c, d, INK);
    for (const t of ticks) {
      const label = formatTick(t);
      drawLine(image, px(t), y1, px(t), y1 + 3, INK);
      drawText(image, label, Math.round(px(t) - textWidth(label) / 2), y1 + GAP, INK);
      drawLine(image, x0 - 3, py(t), x0, py(t), INK);
      drawText(image, label, x0 - GAP - textWidth(label), Math.round(py(t) - GLYPH_HEIGHT / 2), INK);
    }
    if (title !== undefined) drawText(image, title, Math.round((width - textWidth(title, 2)) / 2), GAP, INK, 2);
    let x = left;
    for (const entry of legend) {
      entry.draw(image, x, GAP + titleHeight);
      drawText(image, entry.name, x + 10, GAP + titleHeight, INK);
      x += 10 + textWidth(entry.name) + 3 * GAP;
    }
  }
  return image;
}

/** One entry of the scatter plot's legend: its swatch, drawn with its top-left corner at (x, y), and its name. */
interface LegendEntry {
  readonly name: string;
  readonly draw: (image: RgbaImage, x: number, y: number) => void;
}

/** The legend's width in pixels. */
function legendWidth(legend: readonly LegendEntry[]): number {
  return legend.reduce((sum, e) => sum + 10 + textWidth(e.name) + 3 * GAP, 0);
}
