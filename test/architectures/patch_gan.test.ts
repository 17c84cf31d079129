import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { useCpu } from '../helpers/backend.js';
import { installTrainingKernels } from '../../src/backends/install_training_kernels.js';
import { patchGanDiscriminator, patchGanReceptiveField } from '../../src/architectures/patch_gan.js';
import { layerSummary } from './model_helpers.js';
import { assertEveryWeightLearns, assertSaveLoadIdentical, trainableCount } from './image_model_checks.js';

// gan-kit's cpu training kernels: the same values as the stock kernels, several times faster.
await useCpu();
installTrainingKernels('cpu');

/** The rows and columns of the input on which one logit of the map depends (non-zero gradient), as [first, last] pairs. */
function support(model: tfl.LayersModel, side: number, row: number, col: number): { rows: [number, number]; cols: [number, number] } {
  return tf.tidy(() => {
    const x = tf.randomNormal([1, side, side, 1], 0, 1, 'float32', 1);
    const g = tf.grad((input: tf.Tensor) => tf.sum(tf.slice(model.apply(input) as tf.Tensor, [0, row, col, 0], [1, 1, 1, 1])))(x);
    const magnitude = tf.abs(tf.squeeze(g)).arraySync() as number[][];
    const rows = magnitude.map((r) => r.some((v) => v > 0)).flatMap((on, i) => (on ? [i] : []));
    const cols = magnitude[0]!.map((_, j) => magnitude.some((r) => r[j]! > 0)).flatMap((on, j) => (on ? [j] : []));
    return { rows: [rows[0]!, rows.at(-1)!], cols: [cols[0]!, cols.at(-1)!] };
  });
}

test('receptive field: 16, 34, 70, 142 by the formula, and measured as the support of one logit’s input gradient', () => {
  assert.deepEqual([1, 2, 3, 4].map(patchGanReceptiveField), [16, 34, 70, 142]);
  for (const [layers, side] of [[1, 24], [2, 48], [3, 96]] as const) {
    const d = patchGanDiscriminator({ imageShape: [side, side, 1], layers, width: 2, normalization: 'none', seed: 1 });
    const [, h] = d.outputs[0]!.shape as number[];
    const middle = Math.floor(h! / 2);
    const { rows, cols } = support(d, side, middle, middle);
    const r = patchGanReceptiveField(layers);
    assert.equal(rows[1] - rows[0] + 1, r, `${layers} layers: rows ${rows}`);
    assert.equal(cols[1] - cols[0] + 1, r, `${layers} layers: columns ${cols}`);
    d.dispose();
  }
});

test('the paper’s 70×70 PatchGAN on 256×256 pairs: 30×30 logits, the reference code’s layout, 672w² + 253w + 1 weights (2,768,705 at w = 64)', () => {
  // Width 4 instead of 64 keeps the test fast; the layout and the weight count are the paper's in units of w.
  const w = 4;
  const d = patchGanDiscriminator({ imageShape: [256, 256, 3], conditionChannels: 3, width: w, seed: 1 });
  assert.deepEqual(d.inputs.map((i) => i.shape), [[null, 256, 256, 3], [null, 256, 256, 3]]);
  assert.deepEqual(d.outputs[0]!.shape, [null, 30, 30, 1]);
  const convs = layerSummary(d).filter((l) => l.startsWith('Conv2D'));
  assert.deepEqual(convs.map((l) => Number(/filters=(\d+)/.exec(l)![1])), [w, 2 * w, 4 * w, 8 * w, 1]);
  assert.deepEqual(convs.map((l) => /strides=\[(\d)/.exec(l)![1]), ['2', '2', '2', '1', '1']);
  assert.deepEqual(convs.map((l) => l.includes('useBias=true')), [true, false, false, false, true]);
  // 4·4·6·w + w, then 4·4·w·2w, 4·4·2w·4w, 4·4·4w·8w with γ and β each, then 4·4·8w + 1.
  const count = (width: number) => 672 * width ** 2 + 253 * width + 1;
  assert.equal(trainableCount(d), count(w));
  assert.equal(count(64), 2_768_705);
  d.dispose();
});

test('conditional PatchGAN for 28×28: [image, condition] → 12×12 logits; every weight learns; save → load', async () => {
  const d = patchGanDiscriminator({ imageShape: [28, 28, 1], conditionChannels: 1, layers: 1, width: 4, normalization: 'instance', seed: 2 });
  assert.deepEqual(d.outputs[0]!.shape, [null, 12, 12, 1]);
  assert.deepEqual(d.inputNames, ['image', 'condition']);
  const image = tf.randomUniform([2, 28, 28, 1], -1, 1, 'float32', 3);
  const condition = tf.randomUniform([2, 28, 28, 1], -1, 1, 'float32', 4);
  tf.tidy(() => {
    // The logits depend on the condition.
    const a = d.predict([image, condition]) as tf.Tensor;
    const b = d.predict([image, tf.neg(condition)]) as tf.Tensor;
    assert.ok(tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]! > 1e-4);
  });
  assertEveryWeightLearns(d, [image, condition]);
  await assertSaveLoadIdentical(d, [image, condition]);
  tf.dispose([image, condition]);
  d.dispose();
});

test('an image too small for the layers is refused with the number that fits', () => {
  assert.throws(() => patchGanDiscriminator({ imageShape: [28, 28, 1], layers: 4 }), /\[28, 28, 1\] is too small for 4 stride-2 layers \(the logit map would be -1 × -1\); use layers: 3 or fewer/);
  assert.throws(() => patchGanDiscriminator({ imageShape: [3, 3, 1], layers: 1 }), /use larger images/);
  assert.throws(() => patchGanDiscriminator({ imageShape: [28, 28, 1], conditionChannels: 0 }), /options.conditionChannels must be an integer ≥ 1/);
  const spectral = patchGanDiscriminator({ imageShape: [16, 16, 3], layers: 1, width: 2, normalization: 'spectral' });
  assert.equal(spectral.layers.filter((l) => l.getClassName() === 'SpectralNormalization').length, 3);
  spectral.dispose();
});
