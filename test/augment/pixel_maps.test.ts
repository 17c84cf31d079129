import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import {
  applyPixelMaps, identityAxis, identityMap, reverseAxis, scaleAxis, shiftAxis, thenMap, type PixelMap,
} from '../../src/augment/pixel_maps.js';
import { assertClose } from '../layers/layer_helpers.js';
import { distinctImages } from './augment_helpers.js';

before(async () => {
  await tf.setBackend('cpu');
});

describe('pixel maps', () => {
  it('shift with zeros or mirrored padding, reverse, and scale with rows that sum to 1', () => {
    const sources = (axis: ReturnType<typeof shiftAxis>) => axis.map((row) => row.map(([j]) => j));
    assert.deepEqual(sources(shiftAxis(5, 2, 'zeros')), [[], [], [0], [1], [2]]);
    assert.deepEqual(sources(shiftAxis(5, -2, 'reflect')), [[2], [3], [4], [3], [2]]);
    assert.deepEqual(sources(shiftAxis(4, 2, 'reflect')), [[2], [1], [0], [1]]);
    assert.deepEqual(sources(reverseAxis(3)), [[2], [1], [0]]);
    assert.deepEqual(scaleAxis(6, 1), identityAxis(6));
    for (const s of [0.5, 0.8, 1.3, 2.5]) {
      scaleAxis(7, s).forEach((row, i) => assertClose([row.reduce((t, [, w]) => t + w, 0)], [1], 1e-12, `scale ${s} row ${i}`));
    }
    // Enlarging by 2 about the centre 2.5 of a 6-pixel axis: output 0 reads u = 1.25 (¾ of pixel 1, ¼ of pixel 2).
    assert.deepEqual(scaleAxis(6, 2)[0], [[1, 0.75], [2, 0.25]]);
  });

  it('composing two maps equals applying them one after the other, quarter turns included', () => {
    const images = distinctImages(4, 5, 5, 2, 4);
    const quarter: PixelMap = { rows: reverseAxis(5), columns: identityAxis(5), transposed: true };
    const firsts: PixelMap[] = [
      { rows: shiftAxis(5, 1, 'reflect'), columns: reverseAxis(5), transposed: false },
      quarter,
      { rows: scaleAxis(5, 1.4), columns: shiftAxis(5, -2, 'zeros'), transposed: true },
      identityMap(5, 5),
    ];
    const seconds: PixelMap[] = [quarter, { rows: scaleAxis(5, 0.7), columns: scaleAxis(5, 0.7), transposed: false }, quarter, quarter];
    const stepwise = tf.tidy(() => applyPixelMaps(applyPixelMaps(images, firsts), seconds));
    const composed = applyPixelMaps(images, firsts.map((f, i) => thenMap(f, seconds[i]!)));
    assertClose(composed.dataSync(), stepwise.dataSync(), 1e-5, 'composed');
    tf.dispose([images, stepwise, composed]);
  });

  it('a quarter turn rotates counter-clockwise: y[i][j] = x[j][w − 1 − i]', () => {
    const x = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
    const y = applyPixelMaps(x, [{ rows: reverseAxis(3), columns: identityAxis(3), transposed: true }]);
    assert.deepEqual(Array.from(y.dataSync()), [3, 6, 9, 2, 5, 8, 1, 4, 7]);
    tf.dispose([x, y]);
  });
});
