import * as tf from '@tensorflow/tfjs-core';
import type { DiscriminatorLossInputs, GeneratorLossInputs, Reduction } from './gan_loss.js';
import { describeValue } from './reduce.js';

/**
 * Checks that `value` is usable as a batch of discriminator logits and returns it as a tensor: a live (not
 * disposed) `float32` tensor of shape `[batch]` or `[batch, 1]` with `batch ≥ 1`.
 *
 * @param functionName - The loss function being called, named in the error.
 * @param argumentName - The input's name, `'realLogits'` or `'fakeLogits'`, named in the error.
 * @param value - What the caller passed.
 */
export function checkLogits(functionName: string, argumentName: string, value: unknown): tf.Tensor {
  const where = `${functionName}: ${argumentName}`;
  if (!(value instanceof tf.Tensor)) {
    throw new TypeError(
      `${where} must be a tf.Tensor of discriminator logits with shape [batch] or [batch, 1]; ` +
        `got ${describeValue(value)}.`,
    );
  }
  if (value.isDisposed) {
    throw new Error(`${where} was already disposed; keep the logits alive until the loss has been computed.`);
  }
  if (value.dtype !== 'float32') {
    throw new TypeError(`${where} must have dtype float32; got ${value.dtype}. Use tf.cast(x, 'float32').`);
  }
  const shape = `[${value.shape.join(', ')}]`;
  if (!(value.rank === 1 || (value.rank === 2 && value.shape[1] === 1))) {
    throw new RangeError(
      `${where} must have shape [batch] or [batch, 1] (one logit per sample); got shape ${shape}. ` +
        'A discriminator should end in a single output unit.',
    );
  }
  if (value.size === 0) {
    throw new RangeError(`${where} is empty (shape ${shape}); a loss needs a batch of at least one sample.`);
  }
  return value;
}

/**
 * Validates the inputs of a discriminator loss (see {@link checkLogits}). With `reduction: 'none'` the per-example
 * losses of the real and the generated batch are added element-wise, so both logits must then have the same shape.
 */
export function checkDiscriminatorInputs(
  functionName: string,
  inputs: DiscriminatorLossInputs,
  reduction: Reduction,
): { readonly realLogits: tf.Tensor; readonly fakeLogits: tf.Tensor } {
  checkInputsObject(functionName, inputs, '{ realLogits, fakeLogits }');
  const realLogits = checkLogits(functionName, 'realLogits', inputs.realLogits);
  const fakeLogits = checkLogits(functionName, 'fakeLogits', inputs.fakeLogits);
  if (reduction === 'none' && !tf.util.arraysEqual(realLogits.shape, fakeLogits.shape)) {
    throw new RangeError(
      `${functionName}: with reduction 'none' the per-example losses are added element-wise, so realLogits and ` +
        `fakeLogits must have the same shape; got [${realLogits.shape.join(', ')}] and ` +
        `[${fakeLogits.shape.join(', ')}]. Use equal batch sizes, or reduction 'mean' or 'sum'.`,
    );
  }
  return { realLogits, fakeLogits };
}

/**
 * Validates the inputs of a generator loss that reads only `fakeLogits` (see {@link checkLogits}).
 */
export function checkGeneratorInputs(functionName: string, inputs: GeneratorLossInputs): tf.Tensor {
  checkInputsObject(functionName, inputs, '{ fakeLogits }');
  return checkLogits(functionName, 'fakeLogits', inputs.fakeLogits);
}

/**
 * Validates the inputs of a generator loss that also reads `realLogits` (relativistic losses, whose
 * `generatorNeedsRealLogits` is `true`): `realLogits` must be present, and both logits must pass
 * {@link checkDiscriminatorInputs}.
 */
export function checkGeneratorInputsWithRealLogits(
  functionName: string,
  inputs: GeneratorLossInputs,
  reduction: Reduction,
): { readonly realLogits: tf.Tensor; readonly fakeLogits: tf.Tensor } {
  checkInputsObject(functionName, inputs, '{ fakeLogits, realLogits }');
  const { realLogits, fakeLogits } = inputs;
  if (realLogits === undefined) {
    throw new TypeError(
      `${functionName}: realLogits is missing. This generator loss compares generated samples with real ones, so ` +
        `pass { fakeLogits, realLogits } (the trainer does so for a loss whose generatorNeedsRealLogits is true).`,
    );
  }
  return checkDiscriminatorInputs(functionName, { realLogits, fakeLogits }, reduction);
}

function checkInputsObject(functionName: string, inputs: unknown, expected: string): void {
  if (typeof inputs !== 'object' || inputs === null || inputs instanceof tf.Tensor) {
    throw new TypeError(
      `${functionName}: inputs must be an object ${expected} of logit tensors; got ${describeValue(inputs)}.`,
    );
  }
}
