import type * as tf from '@tensorflow/tfjs-core';

/**
 * The optimizers an algorithm made itself — its defaults when the caller gave none, the fresh ones a growing network
 * gets — which the algorithm releases when it replaces them or is disposed. Optimizers the caller passed in stay the
 * caller's: they are never recorded here.
 */
export class OwnedOptimizers {
  private readonly owned: tf.Optimizer[] = [];

  /** Records `optimizer` as the algorithm's own (once) and returns it. */
  adopt<T extends tf.Optimizer>(optimizer: T): T {
    if (!this.owned.includes(optimizer)) this.owned.push(optimizer);
    return optimizer;
  }

  /** Disposes `optimizer` and forgets it when it is one of the algorithm's own; any other is left alone. */
  release(optimizer: tf.Optimizer): void {
    const index = this.owned.indexOf(optimizer);
    if (index < 0) return;
    this.owned.splice(index, 1);
    optimizer.dispose();
  }

  /** Disposes every optimizer the algorithm made. */
  dispose(): void {
    for (const optimizer of this.owned.splice(0)) optimizer.dispose();
  }
}
