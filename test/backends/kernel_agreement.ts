// Shared helpers of the training-kernel tests: seeded random conv cases, kernel calls, and a normwise comparison.
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { SeededRandom } from '../../src/utils/random.js';

/** One randomized convolution: input [batch, height, width, inChannels], square kernel, stride and padding. */
export interface ConvCase {
  batch: number;
  height: number;
  width: number;
  inChannels: number;
  outChannels: number;
  kernel: number;
  stride: 1 | 2 | [number, number];
  pad: 'same' | 'valid' | tf.backend_util.ExplicitPadding;
}

const smallCase: fc.Arbitrary<ConvCase> = fc
  .record({
    batch: fc.constantFrom(1, 1, 2, 3),
    height: fc.integer({ min: 1, max: 4 }).map((n) => 2 * n + 1),
    width: fc.integer({ min: 2, max: 9 }),
    inChannels: fc.integer({ min: 1, max: 12 }),
    outChannels: fc.integer({ min: 1, max: 12 }),
    kernel: fc.integer({ min: 1, max: 5 }),
    stride: fc.constantFrom(1 as const, 2 as const),
    pad: fc.constantFrom('same' as const, 'valid' as const),
  })
  .filter((c) => c.pad === 'same' || (c.kernel <= c.height && c.kernel <= c.width));

/**
 * `count` seeded random cases (odd heights, kernels 1-5, strides 1 and 2, both paddings, batch 1 among them) plus
 * fixed cases with 256 channels on either side and the DCGAN-28 layer shapes at batch 1.
 */
export function convCases(seed: number, count: number): ConvCase[] {
  const fixed: ConvCase[] = [
    { batch: 1, height: 5, width: 5, inChannels: 256, outChannels: 3, kernel: 3, stride: 2, pad: 'same' },
    { batch: 1, height: 3, width: 3, inChannels: 2, outChannels: 256, kernel: 2, stride: 1, pad: 'valid' },
    { batch: 1, height: 3, width: 3, inChannels: 256, outChannels: 256, kernel: 1, stride: 2, pad: 'same' },
    { batch: 1, height: 14, width: 14, inChannels: 64, outChannels: 128, kernel: 4, stride: 2, pad: 'same' },
    { batch: 1, height: 28, width: 28, inChannels: 1, outChannels: 64, kernel: 4, stride: 2, pad: 'same' },
    // Explicit padding, and unequal strides (the input gradient falls back to the backend's own kernel).
    { batch: 2, height: 7, width: 6, inChannels: 3, outChannels: 4, kernel: 3, stride: 2, pad: [[0, 0], [2, 0], [1, 3], [0, 0]] },
    { batch: 1, height: 9, width: 8, inChannels: 2, outChannels: 5, kernel: 4, stride: [1, 2], pad: 'same' },
    { batch: 1, height: 9, width: 7, inChannels: 3, outChannels: 2, kernel: 5, stride: [2, 3], pad: 'valid' },
    // Fewer filter values per output channel than outputs (the filter gradient as one product of patches).
    { batch: 2, height: 9, width: 7, inChannels: 1, outChannels: 20, kernel: 4, stride: 2, pad: 'valid' },
    { batch: 3, height: 8, width: 5, inChannels: 1, outChannels: 12, kernel: 3, stride: 2, pad: [[0, 0], [2, 0], [1, 3], [0, 0]] },
    { batch: 1, height: 6, width: 6, inChannels: 2, outChannels: 40, kernel: 3, stride: [1, 2], pad: 'same' },
  ];
  return [...fc.sample(smallCase, { seed, numRuns: count }), ...fixed];
}

/** Deterministic standard-normal values for a shape (drawn in JavaScript, so equal on every backend). */
export function seededTensor(shape: number[], seed: number): tf.Tensor {
  return new SeededRandom(seed).normalTensor(shape);
}

/** The tensors and attributes of a case's forward convolution, gradient kernels and output shape. */
export function convOperands(c: ConvCase, seed: number) {
  const xShape: [number, number, number, number] = [c.batch, c.height, c.width, c.inChannels];
  const filterShape: [number, number, number, number] = [c.kernel, c.kernel, c.inChannels, c.outChannels];
  const info = tf.backend_util.computeConv2DInfo(xShape, filterShape, c.stride, 1, c.pad);
  const dyShape = [c.batch, info.outHeight, info.outWidth, c.outChannels];
  return { xShape, filterShape, dyShape, x: seed, filter: seed + 1, dy: seed + 2 };
}

/** Runs kernel `name` through the engine on the active backend and returns its values. */
export function kernelValues(name: string, inputs: Record<string, tf.Tensor>, attrs: tf.NamedAttrMap): Float32Array {
  const out = tf.engine().runKernel(name, inputs, attrs) as tf.Tensor;
  const values = out.dataSync() as Float32Array;
  out.dispose();
  return values;
}

/**
 * Asserts normwise agreement: max |actual - expected| <= tolerance * max(max |expected|, 1e-6), with equal lengths
 * and finite values.
 */
export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number, label: string): void {
  assert.equal(actual.length, expected.length, `${label}: length`);
  let scale = 1e-6;
  let error = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i] as number;
    const a = actual[i] as number;
    assert.ok(Number.isFinite(a), `${label}: element ${i} is ${a}`);
    scale = Math.max(scale, Math.abs(e));
    error = Math.max(error, Math.abs(a - e));
  }
  assert.ok(error <= tolerance * scale, `${label}: max error ${error} exceeds ${tolerance} x ${scale}`);
}
