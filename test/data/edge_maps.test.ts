import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useCpu } from '../helpers/backend.js';
import { sobelEdgeMaps } from '../../src/data/edge_maps.js';

await useCpu();

/** The Sobel edge map computed pixel by pixel in plain JavaScript (zero padding), for one grey image in [−1, 1]. */
function handSobel(values: number[], h: number, w: number): number[] {
  const g = (y: number, x: number) => (y < 0 || x < 0 || y >= h || x >= w ? 0 : (values[y * w + x]! + 1) / 2);
  const out: number[] = [];
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const gx = g(y - 1, x + 1) + 2 * g(y, x + 1) + g(y + 1, x + 1) - g(y - 1, x - 1) - 2 * g(y, x - 1) - g(y + 1, x - 1);
      const gy = g(y + 1, x - 1) + 2 * g(y + 1, x) + g(y + 1, x + 1) - g(y - 1, x - 1) - 2 * g(y - 1, x) - g(y - 1, x + 1);
      out.push(2 * Math.min(1, Math.hypot(gx, gy) / 4) - 1);
    }
  return out;
}

test('a vertical step gives a full-strength edge: Gx = 4 at the centre of black | white | white', () => {
  tf.tidy(() => {
    const step = tf.tensor4d([-1, 1, 1, -1, 1, 1, -1, 1, 1], [1, 3, 3, 1]);
    const edges = sobelEdgeMaps(step).dataSync();
    assert.equal(edges[4], 1);
    // A constant image has no edge inside: e = 0 → −1 at the centre of a 3 × 3 grey image.
    assert.equal(sobelEdgeMaps(tf.fill([1, 3, 3, 1], 0.2) as tf.Tensor4D).dataSync()[4], -1);
  });
});

test('equals the edge map computed pixel by pixel, for grey and (through luma) RGB images', () => {
  tf.tidy(() => {
    const images = tf.randomUniform([2, 5, 6, 1], -1, 1, 'float32', 1) as tf.Tensor4D;
    const edges = sobelEdgeMaps(images);
    assert.deepEqual(edges.shape, [2, 5, 6, 1]);
    const v = Array.from(images.dataSync());
    const expected = [...handSobel(v.slice(0, 30), 5, 6), ...handSobel(v.slice(30), 5, 6)];
    Array.from(edges.dataSync()).forEach((e, i) => assert.ok(Math.abs(e - expected[i]!) < 1e-5, `${i}: ${e} vs ${expected[i]}`));
    const rgb = tf.tile(images, [1, 1, 1, 3]) as tf.Tensor4D;
    Array.from(sobelEdgeMaps(rgb).dataSync()).forEach((e, i) => assert.ok(Math.abs(e - expected[i]!) < 1e-5));
  });
  assert.throws(() => sobelEdgeMaps(tf.zeros([1, 4, 4, 2]) as tf.Tensor4D), /sobelEdgeMaps: images must be \[n, height, width, 1 or 3\]/);
});
