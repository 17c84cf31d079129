import * as tf from '@tensorflow/tfjs-core';

/** What {@link auxiliaryClassifierLoss} is computed from. */
export interface AuxiliaryClassifierLossInputs {
  /** The discriminator's class head: unnormalized log-probabilities `[batch, K]`. */
  readonly classLogits: tf.Tensor;
  /** The classes the samples are of (real data) or were asked for (generated): integers in [0, K), `[batch]` or `[batch, 1]`. */
  readonly labels: tf.Tensor;
}

/**
 * The class part of the AC-GAN objective (Odena, Olah & Shlens 2017, "Conditional Image Synthesis with Auxiliary
 * Classifier GANs", arXiv:1610.09585, eq. 2): L_C = −E[log P(C = c | X)], the softmax cross-entropy of the
 * discriminator's class head against the class, averaged over the batch:
 *
 *   L_C = mean_i ( logsumexp_k(l_ik) − l_i,c_i ),
 *
 * in the numerically stable log-softmax form. Both networks minimize it, besides their adversarial loss: the
 * discriminator on real and generated samples, the generator on its own samples with the classes it was asked for
 * (the paper's D maximizes L_C + L_S and G maximizes L_C − L_S; written as losses to minimize, the class term has
 * the same sign for both).
 *
 * @returns a scalar.
 * @example
 * ```ts
 * const [logit, classLogits] = discriminator.apply(images) as tf.Tensor[];
 * const classLoss = auxiliaryClassifierLoss({ classLogits, labels });
 * ```
 */
export function auxiliaryClassifierLoss(inputs: AuxiliaryClassifierLossInputs): tf.Scalar {
  const { classLogits, labels } = inputs ?? ({} as Partial<AuxiliaryClassifierLossInputs>);
  if (!(classLogits instanceof tf.Tensor) || classLogits.rank !== 2) {
    const seen = classLogits instanceof tf.Tensor ? `shape [${classLogits.shape.join(', ')}]` : String(classLogits);
    throw new Error(`auxiliaryClassifierLoss: classLogits must be [batch, classes], saw ${seen}.`);
  }
  const [batch, classes] = classLogits.shape;
  if (!(labels instanceof tf.Tensor) || labels.size !== batch || !(labels.rank === 1 || (labels.rank === 2 && labels.shape[1] === 1))) {
    const seen = labels instanceof tf.Tensor ? `shape [${labels.shape.join(', ')}]` : String(labels);
    throw new Error(`auxiliaryClassifierLoss: labels must be [${batch}] or [${batch}, 1] class indices (one per row of classLogits), saw ${seen}.`);
  }
  return tf.tidy(() => {
    const y = tf.oneHot(tf.cast(tf.reshape(labels, [-1]), 'int32'), classes!);
    const logProbabilities = tf.logSoftmax(classLogits);
    return tf.neg(tf.mean(tf.sum(tf.mul(y, logProbabilities), 1))) as tf.Scalar;
  });
}
