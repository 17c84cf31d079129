import * as tf from '@tensorflow/tfjs-core';
import {
  classCoverage, frechetDistance, inceptionScore, kernelInceptionDistance, mnistClassProbabilities, mnistFeatures,
  modeCoverage, precisionRecall, SeededRandom,
} from '../index.js';
import { drawSamples } from './class_labels.js';
import { translationScores } from './evaluate_translation.js';
import { disposeRun, restoreRun } from './restore_run.js';
import { parseInteger, UsageError } from './usage_error.js';

/** The flags of `gan-kit evaluate`. */
export interface EvaluateFlags {
  readonly run: string;
  readonly count?: string;
  readonly seed?: string;
  readonly backend?: string;
  readonly json?: boolean;
}

/**
 * The fewest samples `--count` may ask for: precision and recall take each point's 3rd nearest neighbour, and the
 * Fréchet distance a covariance, which need a handful of samples on each side.
 */
const MIN_COUNT = 10;

/** The first `n` rows of `x` in a seeded random order (the same seed picks the same rows). */
function subset(x: tf.Tensor, n: number, seed: number): tf.Tensor {
  const order = new SeededRandom(seed).permutation(x.shape[0]!).slice(0, n);
  return tf.tidy(() => tf.gather(x, tf.tensor1d(order, 'int32')));
}

/** Prints a run's scores: one JSON line with `--json`, else one line per score. */
function report(flags: EvaluateFlags, step: number, result: Record<string, unknown>, out: NodeJS.WriteStream): number {
  const scores = { run: flags.run, step, ...result };
  if (flags.json === true) {
    out.write(`${JSON.stringify(scores)}\n`);
  } else {
    for (const [k, v] of Object.entries(scores)) {
      out.write(`${k.padEnd(20)} ${typeof v === 'number' ? Number(v.toPrecision(5)) : Array.isArray(v) ? v.join(' ') : String(v)}\n`);
    }
  }
  return 0;
}

/**
 * `gan-kit evaluate`: scores a trained run. 2-D mixtures: modes captured, high-quality samples and reverse KL (the
 * PacGAN/VEEGAN protocol, 2,500 samples). 28×28×1 images: Fréchet and kernel distances, precision and recall over the
 * bundled MNIST classifier's features, its inception-style score and class coverage; a conditional run is asked for
 * its classes in turn (equally many of each). Prints the sample sizes and the feature network beside the numbers,
 * since both change them.
 */
export async function evaluate(flags: EvaluateFlags, out: NodeJS.WriteStream, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  const seed = flags.seed === undefined ? 0 : parseInteger('--seed', flags.seed, 0);
  const requested = flags.count === undefined ? undefined : parseInteger('--count', flags.count, MIN_COUNT);
  const run = await restoreRun(flags.run, flags.backend, (line) => err.write(`gan-kit: ${line}\n`));
  try {
    const { setup, checkpoint } = run;
    let result: Record<string, unknown>;
    if (setup.kind === 'translation') {
      result = await translationScores(setup, requested);
      return report(flags, checkpoint.step, result, out);
    }
    const { trainer, data } = setup;
    const shape = data.samples.shape.slice(1);
    if (data.kind === 'points') {
      const count = requested ?? 2500;
      const generated = trainer.sample(count, { seed }) as tf.Tensor2D;
      const c = modeCoverage(generated, { modes: data.modes!, std: data.std! });
      generated.dispose();
      result = {
        samples: count, modes: data.modes!.length, modesCaptured: c.modesCaptured,
        highQualityFraction: c.highQualityFraction, reverseKl: c.reverseKl, counts: c.counts,
      };
    } else if (shape.join('x') === '28x28x1') {
      const count = Math.min(requested ?? 2000, data.samples.shape[0]!);
      const real = subset(data.samples, count, seed) as tf.Tensor4D;
      const fake = drawSamples(trainer, count, { seed }).samples as tf.Tensor4D;
      const [realFeatures, fakeFeatures, probabilities] = [await mnistFeatures(real), await mnistFeatures(fake), await mnistClassProbabilities(fake)];
      const kid = kernelInceptionDistance(realFeatures, fakeFeatures, { seed });
      const pr = precisionRecall(realFeatures, fakeFeatures);
      const is = inceptionScore(probabilities);
      const classes = classCoverage(probabilities);
      result = {
        samples: count, featureNetwork: 'gan-kit bundled MNIST classifier (64 features)',
        fid: frechetDistance(realFeatures, fakeFeatures), kid: kid.mean, kidStd: kid.std,
        precision: pr.precision, recall: pr.recall, inceptionScore: is.mean,
        classesCovered: classes.classesCovered, classKlToUniform: classes.klToUniform,
      };
      tf.dispose([real, fake, realFeatures, fakeFeatures, probabilities]);
    } else {
      throw new UsageError(`--run '${flags.run}' makes ${shape.join('×')} images, and gan-kit bundles a feature network only for 28×28×1: ` +
        'score them with the library (frechetDistance, kernelInceptionDistance, precisionRecall) and a feature extractor of your choice');
    }
    return report(flags, checkpoint.step, result, out);
  } finally {
    disposeRun(run);
  }
}
