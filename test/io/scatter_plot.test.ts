import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import { ring8 } from '../../src/data/mixtures.js';
import type { RgbaImage } from '../../src/io/raster.js';
import { scatterPlot } from '../../src/io/scatter_plot.js';

before(async () => {
  await tf.setBackend('cpu');
});

const rgb = (image: RgbaImage, x: number, y: number): number[] => [...image.data.subarray(4 * (y * image.width + x), 4 * (y * image.width + x) + 3)];
const BLUE = [31, 119, 180];
const GREY = [200, 200, 200];
const RED = [214, 39, 40];
const WHITE = [255, 255, 255];

describe('scatterPlot', () => {
  it('maps [min, max] onto the pixels with y upwards, marks modes, leaves out points outside the range', async () => {
    const before = tf.memory().numTensors;
    const points = tf.tensor2d([[0.5, 0.5], [-1, -1], [5, 0]]);
    const reference = tf.tensor2d([[0.5, -0.5]]);
    // size 101 over [−1, 1]: v ↦ (v + 1) · 50 across, 100 − (v + 1) · 50 down.
    const image = await scatterPlot(points, { range: [-1, 1], size: 101, modes: [[-0.5, 0.5]], reference, axes: false });
    assert.equal(image.width, 101);
    assert.equal(image.height, 101);
    assert.deepEqual(rgb(image, 75, 25), BLUE); // (0.5, 0.5)
    assert.deepEqual(rgb(image, 76, 26), BLUE); // 2 × 2 dot
    assert.deepEqual(rgb(image, 0, 100), BLUE); // (−1, −1): bottom left
    assert.deepEqual(rgb(image, 75, 75), GREY); // reference (0.5, −0.5)
    assert.deepEqual(rgb(image, 29, 25), RED); // circle of 4 pixels around (−0.5, 0.5) = pixel (25, 25)
    assert.deepEqual(rgb(image, 25, 21), RED);
    assert.deepEqual(rgb(image, 25, 25), WHITE); // the circle is hollow
    assert.deepEqual(rgb(image, 50, 10), [225, 225, 225]); // the axis x = 0
    assert.deepEqual(rgb(image, 90, 90), WHITE);
    let blue = 0;
    for (let p = 0; p < 101 * 101; p++) if (rgb(image, p % 101, Math.floor(p / 101)).join() === BLUE.join()) blue++;
    assert.equal(blue, 4 + 2); // the dot at (0.5, 0.5) and the corner dot (its lower row falls outside); (5, 0) left out
    tf.dispose([points, reference]);
    assert.equal(tf.memory().numTensors, before);
  });

  it('fits the default range to the modes and sizes the circles by 3σ', async () => {
    const { samples, modes, std } = ring8({ count: 100, seed: 0 });
    const image = await scatterPlot(samples, { modes, std: 0.1, size: 301, axes: false });
    // modes span [−1, 1], widened by a quarter: [−1.5, 1.5]; 3σ = 0.3 → 30 pixels. Mode (1, 0) is pixel (250, 150).
    assert.deepEqual(rgb(image, 280, 150), RED);
    assert.deepEqual(rgb(image, 250, 120), RED);
    assert.equal(std, 0.01);
    samples.dispose();
  });

  it('frames the plot with axes, ticks at round values, a legend and a title; the plot area keeps its mapping', async () => {
    const points = tf.tensor2d([[0.5, 0.5]]);
    const bare = await scatterPlot(points, { range: [-1, 1], size: 101, modes: [[-0.5, 0.5]], axes: false });
    const framed = await scatterPlot(points, { range: [-1, 1], size: 101, modes: [[-0.5, 0.5]], std: 0.01, title: 'step 7' });
    assert.ok(framed.width > 101 && framed.height > 101, `${framed.width} × ${framed.height}`);
    // Find the plot area: the frame is a dark rectangle just outside it; its inside is the bare plot, pixel for pixel.
    const INK = [40, 40, 40];
    const darkRows = Array.from({ length: framed.height }, (_, y) => y).filter((y) => {
      let run = 0;
      for (let x = 0; x < framed.width; x++) if (rgb(framed, x, y).join() === INK.join() && ++run > 100) return true;
      return false;
    });
    assert.equal(darkRows.length, 2, `the frame's top and bottom edges: rows ${darkRows.join(', ')}`);
    const top = darkRows[0]! + 1;
    assert.equal(darkRows[1]! - top, 101, 'the frame encloses the 101-pixel plot');
    const left = [...Array(framed.width).keys()].find((x) => [...Array(101).keys()].every((y) => rgb(framed, x, top + y).join() === INK.join()))! + 1;
    for (const [x, y] of [[75, 25], [29, 25], [25, 25], [50, 10], [90, 90], [0, 0], [100, 100]]) {
      assert.deepEqual(rgb(framed, left + x!, top + y!), rgb(bare, x!, y!), `plot pixel (${x}, ${y})`);
    }
    // Tick labels left of the frame and below it, the legend and the title above it: dark ink outside the plot.
    const inkIn = (x0: number, y0: number, x1: number, y1: number) => {
      let n = 0;
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (rgb(framed, x, y).join() === INK.join()) n++;
      return n;
    };
    assert.ok(inkIn(0, top, left - 4, top + 101) > 20, 'y tick labels');
    assert.ok(inkIn(left, top + 104, left + 101, framed.height) > 20, 'x tick labels');
    assert.ok(inkIn(0, 0, framed.width, top - 20) > 40, 'the title');
    assert.ok([...Array(framed.width).keys()].some((x) => [...Array(top).keys()].some((y) => rgb(framed, x, y).join() === RED.join())), 'the legend shows the modes');
    points.dispose();
  });

  it('rejects bad shapes and options', async () => {
    const bad = tf.zeros([4, 3]) as tf.Tensor2D;
    const ok = tf.zeros([4, 2]) as tf.Tensor2D;
    await assert.rejects(scatterPlot(bad), /points must have shape \[n, 2\], got \[4, 3\]/);
    await assert.rejects(scatterPlot(ok, { reference: bad }), /reference must have shape \[n, 2\], got \[4, 3\]/);
    await assert.rejects(scatterPlot(ok, { size: 8 }), /size must be an integer ≥ 16, got 8/);
    await assert.rejects(scatterPlot(ok, { range: [1, 1] }), /range must be \[min, max\] with finite min < max, got \[1, 1\]/);
    await assert.rejects(scatterPlot(ok, { modes: [[1, 2, 3]] }), /modes\[0\] has 3 coordinates/);
    await assert.rejects(scatterPlot(ok, { std: -1 }), /std must be a finite number ≥ 0, got -1/);
    tf.dispose([bad, ok]);
  });
});
