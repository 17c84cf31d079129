// OwnedOptimizers: an algorithm disposes the optimizers it made, once each, and never one the caller passed in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type * as tf from '@tensorflow/tfjs-core';
import { OwnedOptimizers } from '../../src/training/owned_optimizers.js';

/** A stand-in optimizer that counts its disposals. */
function counted(): tf.Optimizer & { disposed: number } {
  const optimizer = { disposed: 0, dispose() { this.disposed += 1; } };
  return optimizer as unknown as tf.Optimizer & { disposed: number };
}

test('adopt records once and returns the optimizer; release disposes only an own one; dispose releases the rest once', () => {
  const owned = new OwnedOptimizers();
  const [mine, again, users] = [counted(), counted(), counted()];
  assert.equal(owned.adopt(mine), mine);
  owned.adopt(mine);
  owned.adopt(again);
  owned.release(users);
  assert.equal(users.disposed, 0, "the caller's optimizer is left alone");
  owned.release(again);
  owned.release(again);
  assert.equal(again.disposed, 1, 'released once, then forgotten');
  owned.dispose();
  owned.dispose();
  assert.deepEqual([mine.disposed, again.disposed, users.disposed], [1, 1, 0], 'adopted twice, disposed once');
});
