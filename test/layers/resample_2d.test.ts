import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { Downsample2D, Upsample2D, downsample2x, upsample2x } from '../../src/layers/resample_2d.js';
import { compareInputGradient, assertDerivativesAgree } from '../gradients/finite_differences.js';
import { assertClose, assertRoundTrip, fixedValues, modelAround } from './layer_helpers.js';

before(async () => {
  await tf.setBackend('cpu');
});

/** A 1-D signal resampled by hand with edge repetition: up ¾x[i] + ¼x[i∓1], down (x[2i−1] + 3x[2i] + 3x[2i+1] + x[2i+2]) / 8. */
function handUp(v: number[]): number[] {
  const at = (i: number) => v[Math.min(Math.max(i, 0), v.length - 1)]!;
  return v.flatMap((x, i) => [0.75 * x + 0.25 * at(i - 1), 0.75 * x + 0.25 * at(i + 1)]);
}
function handDown(v: number[]): number[] {
  const at = (i: number) => v[Math.min(Math.max(i, 0), v.length - 1)]!;
  return Array.from({ length: v.length / 2 }, (_, i) => (at(2 * i - 1) + 3 * at(2 * i) + 3 * at(2 * i + 1) + at(2 * i + 2)) / 8);
}

function image(h: number, w: number, seed: number): { tensor: tf.Tensor4D; rows: number[][] } {
  const values = fixedValues(h * w, seed);
  return { tensor: tf.tensor4d(values, [1, h, w, 1]), rows: Array.from({ length: h }, (_, i) => values.slice(i * w, (i + 1) * w)) };
}

describe('2× resampling', () => {
  it('box: nearest-neighbour up-sampling and 2×2 average pooling', () => {
    const x = tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]);
    const up = upsample2x(x, 'box');
    assert.deepEqual(Array.from(up.dataSync()), [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4]);
    const down = downsample2x(up, 'box');
    assert.deepEqual(Array.from(down.dataSync()), [1, 2, 3, 4]);
    tf.dispose([x, up, down]);
  });

  for (const [h, w] of [[4, 6], [2, 2], [1, 3]] as const) {
    it(`linear: the [1, 3, 3, 1] filter with repeated edges, up-sampling a ${h}×${w} image (hand computation)`, () => {
      const { tensor, rows } = image(h, w, h * 10 + w);
      const up = upsample2x(tensor, 'linear');
      assert.deepEqual(up.shape, [1, 2 * h, 2 * w, 1]);
      const upRows = rows.map(handUp);
      const expected = Array.from({ length: 2 * h }, (_, i) => upRows[0]!.map((_, j) => handUp(upRows.map((r) => r[j]!))[i]!)).flat();
      assertClose(up.dataSync(), expected, 1e-6, 'up');
      tf.dispose([tensor, up]);
    });
  }

  for (const [h, w] of [[4, 6], [2, 2], [8, 2]] as const) {
    it(`linear: down-sampling a ${h}×${w} image (hand computation)`, () => {
      const { tensor, rows } = image(h, w, h + w);
      const down = downsample2x(tensor, 'linear');
      assert.deepEqual(down.shape, [1, h / 2, w / 2, 1]);
      const downRows = rows.map(handDown);
      const expected = Array.from({ length: h / 2 }, (_, i) => downRows[0]!.map((_, j) => handDown(downRows.map((r) => r[j]!))[i]!)).flat();
      assertClose(down.dataSync(), expected, 1e-6, 'down');
      tf.dispose([tensor, down]);
    });
  }

  it('keeps a constant image constant and is differentiable (finite differences)', () => {
    const constant = tf.fill([1, 4, 4, 2], 0.7) as tf.Tensor4D;
    for (const filter of ['box', 'linear'] as const) {
      const up = upsample2x(constant, filter);
      const down = downsample2x(constant, filter);
      assertClose(up.dataSync(), new Array(128).fill(0.7), 1e-6, `${filter} up`);
      assertClose(down.dataSync(), new Array(8).fill(0.7), 1e-6, `${filter} down`);
      tf.dispose([up, down]);
      const x = tf.tensor4d(fixedValues(16, 3), [1, 4, 4, 1]);
      const r = tf.tensor4d(fixedValues(64, 4), [1, 8, 8, 1]);
      const s = tf.tensor4d(fixedValues(4, 5), [1, 2, 2, 1]);
      assertDerivativesAgree(compareInputGradient((z) => tf.sum(tf.mul(upsample2x(z as tf.Tensor4D, filter), r)), x, 1e-2), `${filter} up`);
      assertDerivativesAgree(compareInputGradient((z) => tf.sum(tf.mul(downsample2x(z as tf.Tensor4D, filter), s)), x, 1e-2), `${filter} down`);
      tf.dispose([x, r, s]);
    }
    constant.dispose();
  });

  it('the layers refuse odd sizes (down) and unknown filters, and survive save → load', async () => {
    assert.throws(() => new Downsample2D().apply(tf.zeros([1, 3, 4, 1])), /Downsample2D: the input's height and width must be even, but are 3×4/);
    assert.throws(() => new Upsample2D({ filter: 'cubic' as 'box' }), /Upsample2D: args\.filter must be one of 'box', 'linear', but got 'cubic'/);
    const input = tf.randomNormal([2, 4, 4, 3], 0, 1, 'float32', 1);
    for (const layer of [new Upsample2D({ filter: 'linear' }), new Downsample2D({ filter: 'linear' }), new Downsample2D()]) {
      const model = modelAround(layer, [[4, 4, 3]]);
      await assertRoundTrip(model, [input], (loaded) => {
        assert.equal((loaded.layers[1] as Upsample2D).filter, layer.filter);
      });
      model.dispose();
    }
    input.dispose();
  });
});
