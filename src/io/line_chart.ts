import { drawText, GLYPH_HEIGHT, textWidth } from './bitmap_font.js';
import { exponentialMovingAverage } from '../utils/moving_average.js';
import { formatTick, ticksIn, tickStep } from './chart_ticks.js';
import { createRgbaImage, drawLine, fillRect, type Rgb, type RgbaImage } from './raster.js';

/** One curve of a {@link lineChart}. */
export interface LineSeries {
  /** The legend entry. */
  readonly name: string;
  /** The y values; non-finite values (NaN, ±∞) leave a gap. */
  readonly values: readonly number[];
  /** The x value of each y value (e.g. training steps), as many as `values`. Default 0, 1, 2, …. */
  readonly steps?: readonly number[];
  /**
   * Draws the values' exponential moving average (with TensorBoard's bias correction) in the series' colour over the
   * raw values in a light tint of it: β in [0, 1), the weight of the past (0.98 averages over about the last 50
   * values). The legend entry then says `EMA β`. Default: the raw values alone.
   */
  readonly smoothing?: number;
}

/** Options of {@link lineChart}. */
export interface LineChartOptions {
  /** Picture width in pixels, an integer ≥ 160. Default 640. */
  readonly width?: number;
  /** Picture height in pixels, an integer ≥ 120. Default 400. */
  readonly height?: number;
  /** A title above the plot. Default none. */
  readonly title?: string;
  /** The label of the x axis. Default 'step'. */
  readonly xLabel?: string;
  /**
   * The visible y interval [min, max]; values outside are drawn at the edge. Default: the finite values' extent,
   * widened to the nearest round tick values.
   */
  readonly yRange?: readonly [number, number];
}

/** Series colours (the 'tab10' palette of matplotlib and d3). */
const COLOURS: readonly Rgb[] = [
  [31, 119, 180], [255, 127, 14], [44, 160, 44], [214, 39, 40], [148, 103, 189],
  [140, 86, 75], [227, 119, 194], [127, 127, 127], [188, 189, 34], [23, 190, 207],
];
const INK: Rgb = [40, 40, 40];

/** `colour` mixed with three parts of white: the raw values under a smoothed curve. */
function tint(colour: Rgb): Rgb {
  return [0, 1, 2].map((c) => Math.round(colour[c]! + 0.7 * (255 - colour[c]!))) as unknown as Rgb;
}
const GRID: Rgb = [230, 230, 230];

/** [min, max] of the finite numbers, widened to a unit interval around a single value; [0, 1] when there are none. */
function extent(values: Iterable<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (Number.isFinite(v)) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  if (lo > hi) return [0, 1];
  return lo === hi ? [lo - 0.5, hi + 0.5] : [lo, hi];
}

/**
 * Draws curves (e.g. the generator's and discriminator's losses over training) as a line chart on white: axes with
 * round tick values and light grid lines, one colour per series, a legend above the plot, an optional title. The
 * text uses gan-kit's built-in 5×7 pixel font, capitals only; encode the result with {@link encodePng}.
 *
 * @param series - one or more curves, each with at least one value.
 * @example
 * ```ts
 * const chart = lineChart([{ name: 'D loss', values: dLosses }, { name: 'G loss', values: gLosses }], { title: 'losses' });
 * await writePng('run/losses.png', chart);
 * ```
 */
export function lineChart(series: readonly LineSeries[], options: LineChartOptions = {}): RgbaImage {
  const { width = 640, height = 400, title, xLabel = 'step' } = options;
  if (!Number.isInteger(width) || width < 160) throw new Error(`lineChart: width must be an integer ≥ 160, got ${width}.`);
  if (!Number.isInteger(height) || height < 120) throw new Error(`lineChart: height must be an integer ≥ 120, got ${height}.`);
  if (series.length === 0) throw new Error('lineChart: series is empty; pass at least one { name, values }.');
  series.forEach((s, i) => {
    if (s.values.length === 0) throw new Error(`lineChart: series[${i}] ("${s.name}") has no values.`);
    if (s.smoothing !== undefined && !(s.smoothing >= 0 && s.smoothing < 1)) {
      throw new Error(`lineChart: series[${i}] ("${s.name}") has smoothing ${s.smoothing}; give a weight β in [0, 1).`);
    }
    if (s.steps !== undefined && s.steps.length !== s.values.length) {
      throw new Error(`lineChart: series[${i}] ("${s.name}") has ${s.values.length} values but ${s.steps.length} steps; pass one step per value.`);
    }
  });
  const xsOf = (s: LineSeries): readonly number[] => s.steps ?? s.values.map((_, i) => i);
  const [x0, x1] = extent(series.flatMap(xsOf));
  if (options.yRange !== undefined && !(Number.isFinite(options.yRange[0]) && Number.isFinite(options.yRange[1]) && options.yRange[0] < options.yRange[1])) {
    throw new Error(`lineChart: yRange must be [min, max] with finite min < max, got [${options.yRange.join(', ')}].`);
  }
  const [dataLo, dataHi] = extent(series.flatMap((s) => s.values));
  const yStep = tickStep(...(options.yRange ?? [dataLo, dataHi]));
  const [y0, y1] = options.yRange ?? [Math.floor(dataLo / yStep) * yStep, Math.ceil(dataHi / yStep) * yStep];
  const yTicks = ticksIn(y0, y1, yStep);
  const left = 12 + Math.max(...yTicks.map((t) => textWidth(formatTick(t))));
  const right = width - 16;
  const legendTop = title === undefined ? 8 : 14 + GLYPH_HEIGHT * 2;
  const top = legendTop + GLYPH_HEIGHT + 12;
  const bottom = height - (16 + 2 * GLYPH_HEIGHT + 8);
  const px = (x: number): number => left + ((x - x0) / (x1 - x0)) * (right - left);
  const py = (y: number): number => bottom - ((Math.min(y1, Math.max(y0, y)) - y0) / (y1 - y0)) * (bottom - top);

  const image = createRgbaImage(width, height, [255, 255, 255]);
  for (const t of yTicks) {
    drawLine(image, left, py(t), right, py(t), GRID);
    const label = formatTick(t);
    drawText(image, label, left - 6 - textWidth(label), py(t) - 3, INK);
  }
  for (const t of ticksIn(x0, x1, tickStep(x0, x1))) {
    drawLine(image, px(t), top, px(t), bottom, GRID);
    const label = formatTick(t);
    drawText(image, label, px(t) - textWidth(label) / 2, bottom + 6, INK);
  }
  drawLine(image, left, top, left, bottom, INK);
  drawLine(image, left, bottom, right, bottom, INK);
  drawText(image, xLabel, (left + right - textWidth(xLabel)) / 2, bottom + 10 + GLYPH_HEIGHT, INK);
  if (title !== undefined) drawText(image, title, (width - textWidth(title, 2)) / 2, 6, INK, 2);

  const curve = (xs: readonly number[], ys: readonly number[], colour: Rgb, thickness: number) => {
    let previous: [number, number] | undefined;
    ys.forEach((y, k) => {
      const x = xs[k]!;
      if (!Number.isFinite(y) || !Number.isFinite(x)) {
        previous = undefined;
        return;
      }
      const point: [number, number] = [px(x), py(y)];
      const [fromX, fromY] = previous ?? point;
      drawLine(image, fromX, fromY, point[0], point[1], colour, thickness);
      previous = point;
    });
  };
  // Every raw curve first, so that no smoothed line is hidden under another series' raw values.
  series.forEach((s, i) => {
    const colour = COLOURS[i % COLOURS.length]!;
    curve(xsOf(s), s.values, s.smoothing === undefined ? colour : tint(colour), s.smoothing === undefined ? 2 : 1);
  });
  series.forEach((s, i) => {
    if (s.smoothing !== undefined) curve(xsOf(s), exponentialMovingAverage(s.values, s.smoothing), COLOURS[i % COLOURS.length]!, 2);
  });

  let legendX = left;
  series.forEach((s, i) => {
    const name = s.smoothing === undefined ? s.name : `${s.name}, EMA ${s.smoothing}`;
    fillRect(image, legendX, legendTop + 2, 18, 3, COLOURS[i % COLOURS.length]!);
    drawText(image, name, legendX + 24, legendTop, INK);
    legendX += 24 + textWidth(name) + 18;
  });
  return image;
}
