import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { lineChart } from '../../src/io/line_chart.js';
import type { RgbaImage } from '../../src/io/raster.js';

const BLUE = [31, 119, 180];
const ORANGE = [255, 127, 14];
const GREEN = [44, 160, 44];

/** The (x, y) of every pixel of one colour. */
function pixelsOf(image: RgbaImage, colour: number[]): [number, number][] {
  const found: [number, number][] = [];
  for (let p = 0; p < image.width * image.height; p++) {
    if (colour.every((v, c) => image.data[4 * p + c] === v)) found.push([p % image.width, Math.floor(p / image.width)]);
  }
  return found;
}

describe('lineChart', () => {
  const steps = Array.from({ length: 101 }, (_, i) => 10 * i);
  const chart = lineChart(
    [
      { name: 'rising', values: steps.map((s) => s / 1000), steps },
      { name: 'flat', values: steps.map(() => 0.5), steps },
      { name: 'nan', values: steps.map(() => NaN), steps },
    ],
    { width: 400, height: 300, title: 'loss' },
  );
  const legendRows = (pixels: [number, number][]): number => Math.max(...pixels.map(([, y]) => y));

  it('has the requested size, on white', () => {
    assert.equal(chart.width, 400);
    assert.equal(chart.height, 300);
    assert.deepEqual([...chart.data.subarray(0, 4)], [255, 255, 255, 255]);
  });

  it('draws a series without finite values only as its 18 × 3 legend swatch', () => {
    const green = pixelsOf(chart, GREEN);
    assert.equal(green.length, 54);
    assert.ok(legendRows(green) < 40);
  });

  it('draws a constant series as a horizontal band across the plot, and a rising series upwards', () => {
    const swatchBottom = legendRows(pixelsOf(chart, GREEN));
    const flat = pixelsOf(chart, ORANGE).filter(([, y]) => y > swatchBottom);
    const flatRows = new Set(flat.map(([, y]) => y));
    assert.ok(flatRows.size >= 1 && flatRows.size <= 2, `rows ${[...flatRows]}`);
    const xs = flat.map(([x]) => x);
    assert.ok(Math.max(...xs) - Math.min(...xs) > 300, `flat spans ${Math.min(...xs)} … ${Math.max(...xs)}`);
    const rising = pixelsOf(chart, BLUE).filter(([, y]) => y > swatchBottom);
    const leftmost = rising.reduce((a, b) => (b[0] < a[0] ? b : a));
    const rightmost = rising.reduce((a, b) => (b[0] > a[0] ? b : a));
    assert.ok(leftmost[1] - rightmost[1] > 150, `rising from ${leftmost} to ${rightmost}`);
    // The flat line at 0.5 crosses the rising line (0 → 1) half-way up.
    const flatY = Math.min(...flatRows);
    assert.ok(Math.abs(flatY - (leftmost[1] + rightmost[1]) / 2) <= 3, `flat at ${flatY}, rising ${leftmost[1]} → ${rightmost[1]}`);
  });

  it('draws the title in dark ink at twice the font size', () => {
    const ink = pixelsOf(chart, [40, 40, 40]).filter(([, y]) => y < 6 + 14);
    assert.ok(ink.length > 0);
    assert.ok(Math.min(...ink.map(([, y]) => y)) === 6);
  });

  it('honours yRange by drawing values outside at the edge', () => {
    const clipped = lineChart([{ name: 'a', values: [0, 100, 0] }], { yRange: [0, 1] });
    assert.ok(pixelsOf(clipped, BLUE).length > 54);
  });

  it('with smoothing, draws the raw values in a light tint under their moving average in the full colour', () => {
    // A square wave 0, 1, 0, 1, …: its EMA with β 0.9 settles near 0.5, well inside the raw values' band.
    const wave = Array.from({ length: 200 }, (_, i) => i % 2);
    const smoothed = lineChart([{ name: 'wave', values: wave, smoothing: 0.9 }], { width: 400, height: 300 });
    const tint = BLUE.map((c) => Math.round(c + 0.7 * (255 - c)));
    const raw = pixelsOf(smoothed, tint);
    const ema = pixelsOf(smoothed, BLUE).filter(([x]) => x > 200);
    assert.ok(raw.length > 200, `${raw.length} raw pixels`);
    const rawYs = raw.map(([, y]) => y);
    const [top, bottom] = [Math.min(...rawYs), Math.max(...rawYs)];
    const emaYs = ema.map(([, y]) => y);
    assert.ok(Math.min(...emaYs) > top + (bottom - top) * 0.3 && Math.max(...emaYs) < bottom - (bottom - top) * 0.3, `EMA rows ${Math.min(...emaYs)} … ${Math.max(...emaYs)} within raw ${top} … ${bottom}`);
    assert.throws(() => lineChart([{ name: 'w', values: [1], smoothing: 1 }]), /series\[0\] \("w"\) has smoothing 1; give a weight β in \[0, 1\)/);
  });

  it('rejects bad series and options', () => {
    assert.throws(() => lineChart([]), /series is empty/);
    assert.throws(() => lineChart([{ name: 'd', values: [] }]), /series\[0\] \("d"\) has no values/);
    assert.throws(() => lineChart([{ name: 'd', values: [1, 2], steps: [1] }]), /series\[0\] \("d"\) has 2 values but 1 steps/);
    assert.throws(() => lineChart([{ name: 'd', values: [1] }], { width: 100 }), /width must be an integer ≥ 160, got 100/);
    assert.throws(() => lineChart([{ name: 'd', values: [1] }], { height: 50 }), /height must be an integer ≥ 120, got 50/);
    assert.throws(() => lineChart([{ name: 'd', values: [1] }], { yRange: [2, 1] }), /yRange must be \[min, max\] with finite min < max, got \[2, 1\]/);
  });
});
