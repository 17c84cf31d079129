import * as tf from '@tensorflow/tfjs-core';
import { CycleGanTrainer, SrganTrainer, loadMnistClassifier, mnistLabelAccuracy, psnr, resizeBicubic, strokeArea } from '../index.js';
import type { TranslationRunSetup } from './run_setup.js';

/** The mean of some numbers. */
function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

/** mean |x − y| over every element. */
function meanAbsoluteError(x: tf.Tensor, y: tf.Tensor): number {
  return tf.tidy(() => tf.mean(tf.abs(tf.sub(x, y))).dataSync()[0]!);
}

/** The first `count` rows of `x` (all when it has fewer). */
function head(x: tf.Tensor4D, count: number): tf.Tensor4D {
  return tf.slice(x, 0, Math.min(count, x.shape[0]));
}

/**
 * Scores an image-to-image run by what its task asks (docs/image-to-image.md). On the MNIST tasks, on the held-out
 * digits, with the bundled classifier:
 * - CycleGAN: how often the translation keeps the source's digit, and its mean stroke area against the target
 *   domain's, in both directions;
 * - pix2pix: how often the output is recognised as its edge map's digit (and the edge maps themselves), L1 and PSNR to
 *   the true digits;
 * - SRGAN: PSNR and classifier accuracy of the outputs and of bicubic up-sampling.
 * On folders (no held-out split, no classifier), on the first `count` training images: CycleGAN's round-trip errors,
 * pix2pix's L1 and PSNR to the targets, SRGAN's PSNR against bicubic.
 */
export async function translationScores(setup: TranslationRunSetup, count: number | undefined): Promise<Record<string, unknown>> {
  const { trainer, data } = setup;
  const held = data.heldOut;
  const n = count ?? (held === undefined ? 2000 : Number.POSITIVE_INFINITY);
  const a = head(held?.a ?? data.a, n);
  const b = head(held?.b ?? data.b, n);
  const labelsA = held === undefined ? undefined : tf.slice(held.labelsA, 0, a.shape[0]);
  const labelsB = held === undefined ? undefined : tf.slice(held.labelsB, 0, b.shape[0]);
  const classifier = held === undefined ? undefined : await loadMnistClassifier();
  const accuracy = (images: tf.Tensor4D, labels: tf.Tensor1D) => mnistLabelAccuracy(images, labels, { classifier: classifier! });
  const made: tf.Tensor[] = [];
  const keep = <T extends tf.Tensor>(t: T): T => { made.push(t); return t; };
  try {
    const scored = { images: held === undefined ? `${a.shape[0]} training images` : `${a.shape[0]} held-out images` };
    if (trainer instanceof CycleGanTrainer) {
      const toB = keep(trainer.translate(a, 'a2b') as tf.Tensor4D);
      const toA = keep(trainer.translate(b, 'b2a') as tf.Tensor4D);
      const rounds = { a2bCycleError: meanAbsoluteError(keep(trainer.translate(toB, 'b2a')), a), b2aCycleError: meanAbsoluteError(keep(trainer.translate(toA, 'a2b')), b) };
      if (held === undefined) return { ...scored, imagesB: b.shape[0], ...rounds };
      const [areaA, areaB, areaToB, areaToA] = [a, b, toB, toA].map((t) => mean(strokeArea(t)));
      return {
        ...scored, imagesB: b.shape[0],
        a2bAccuracy: await accuracy(toB, labelsA!), a2bStrokeArea: areaToB, targetStrokeAreaB: areaB, a2bStrokeAreaOff: areaToB! / areaB! - 1,
        b2aAccuracy: await accuracy(toA, labelsB!), b2aStrokeArea: areaToA, targetStrokeAreaA: areaA, b2aStrokeAreaOff: areaToA! / areaA! - 1,
        ...rounds,
      };
    }
    if (trainer instanceof SrganTrainer) {
      const up = keep(trainer.upscale(a) as tf.Tensor4D);
      const bicubic = keep(resizeBicubic(a, { height: b.shape[1], width: b.shape[2], clamp: [-1, 1] }));
      const [ours, baseline] = [psnr(b, up).mean, psnr(b, bicubic).mean];
      const scores = { ...scored, psnr: ours, bicubicPsnr: baseline, psnrGain: ours - baseline };
      return held === undefined ? scores : { ...scores, accuracy: await accuracy(up, labelsA!), bicubicAccuracy: await accuracy(bicubic, labelsA!) };
    }
    const output = keep(trainer.translate(a) as tf.Tensor4D);
    const scores = { ...scored, l1: meanAbsoluteError(output, b), psnr: psnr(b, output).mean };
    return held === undefined ? scores : { ...scores, accuracy: await accuracy(output, labelsA!), inputAccuracy: await accuracy(a, labelsA!) };
  } finally {
    tf.dispose([a, b, ...made, ...(labelsA === undefined ? [] : [labelsA, labelsB!])]);
    classifier?.dispose();
  }
}
