import type * as tf from '@tensorflow/tfjs-core';

/** The learning-rate members of tfjs optimizers: every one has the field; SGD and momentum also cache −lr as a tensor. */
type LearningRateMembers = { learningRate?: unknown; setLearningRate?: (rate: number) => void };

/**
 * The current learning rate of `optimizer`. Throws a TypeError naming `user` when the optimizer has none (a custom
 * optimizer without a numeric `learningRate` field).
 *
 * @internal
 */
export function learningRateOf(optimizer: tf.Optimizer, user: string): number {
  const rate = (optimizer as unknown as LearningRateMembers).learningRate;
  if (typeof rate !== 'number') {
    throw new TypeError(`${user}: the optimizer ${optimizer.getClassName()} has no numeric learningRate field.`);
  }
  return rate;
}

/**
 * Sets the learning rate of `optimizer` for its next updates. Adam, RMSProp, Adagrad, Adadelta and Adamax read the
 * `learningRate` field at every update; SGD and momentum apply a tensor cached from it, which only their
 * `setLearningRate` renews — so that method is used where it exists.
 *
 * @internal
 */
export function setLearningRate(optimizer: tf.Optimizer, rate: number): void {
  const members = optimizer as unknown as LearningRateMembers;
  if (typeof members.setLearningRate === 'function') members.setLearningRate(rate);
  else members.learningRate = rate;
}
