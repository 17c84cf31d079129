import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

/** Class labels `[batch]` or `[batch, 1]` (any numeric dtype) as int32 indices `[batch]`. */
export function labelIndices(labels: tf.Tensor): tf.Tensor1D {
  return tf.cast(tf.reshape(labels, [-1]), 'int32') as tf.Tensor1D;
}

/**
 * The rows of `table` `[K, F]` picked by `labels`: one-hot(labels) · table, `[batch, F]`. A matrix product rather than
 * a gather, so that its gradient needs no UnsortedSegmentSum kernel (which the wasm backend lacks).
 */
export function classRows(table: tf.Tensor, labels: tf.Tensor): tf.Tensor2D {
  return tf.matMul(tf.oneHot(labelIndices(labels), table.shape[0]!), table as tf.Tensor2D);
}

/** Throws unless `shape` is a label input: `[batch]` or `[batch, 1]`. `layer` names the layer in the message. */
export function checkLabelShape(shape: tfl.Shape, layer: string): void {
  if (!(shape.length === 1 || (shape.length === 2 && (shape[1] === 1 || shape[1] === null)))) {
    throw new Error(`${layer}: the second input must be class labels [batch] or [batch, 1] (integers), but has shape [${shape.map(String).join(', ')}].`);
  }
}

/** Throws unless `classes` is an integer ≥ 1. */
export function checkClasses(classes: unknown, layer: string): number {
  if (typeof classes === 'number' && Number.isInteger(classes) && classes >= 1) return classes;
  throw new Error(`${layer}: args.classes must be an integer ≥ 1 (the number of classes), but got ${String(classes)}.`);
}
