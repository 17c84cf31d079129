// The reference figures of the MNIST-derived image-to-image domains, on the held-out ('test') or training digits:
// the bundled classifier's accuracy and the mean stroke area of each domain (thin ↔ thick), and the bicubic
// super-resolution baseline (PSNR against the true 28×28 digits, classifier accuracy on the up-sampled images).
// Usage: npx tsx scripts/image-to-image-baselines.ts [--split test|train]
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { Command, Option } from 'commander';
import { resizeBicubic } from '../src/data/bicubic.js';
import { loadMnistEdgePairs, loadMnistStrokeDomains, loadMnistSuperResolutionPairs } from '../src/data/mnist_domains.js';
import { loadMnistClassifier, mnistClassProbabilities } from '../src/metrics/mnist_classifier.js';
import { psnr } from '../src/metrics/psnr.js';
import { strokeArea } from '../src/metrics/stroke_area.js';

const { split } = new Command()
  .addOption(new Option('--split <split>', 'which digits').choices(['test', 'train']).default('test'))
  .parse()
  .opts<{ split: 'test' | 'train' }>();
await tf.setBackend('wasm');
const classifier = await loadMnistClassifier();

async function accuracy(images: tf.Tensor4D, labels: tf.Tensor1D): Promise<number> {
  const probabilities = await mnistClassProbabilities(images, { classifier });
  const right = tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(probabilities, 1), labels), 'float32')).dataSync()[0]!);
  probabilities.dispose();
  return right / labels.shape[0];
}
const mean = (values: number[]) => values.reduce((s, v) => s + v, 0) / values.length;
const percent = (x: number) => `${(100 * x).toFixed(1)}%`;

const strokes = await loadMnistStrokeDomains({ split });
for (const [name, domain] of [['A (as written)', strokes.a], ['B (thickened)', strokes.b]] as const) {
  console.log(`strokes ${name}: ${domain.images.shape[0]} digits, classifier ${percent(await accuracy(domain.images, domain.labels))}, mean stroke area ${mean(strokeArea(domain.images)).toFixed(4)}`);
}
const edges = await loadMnistEdgePairs({ split });
console.log(`edges → digits: ${edges.a.shape[0]} pairs, classifier on the edge maps ${percent(await accuracy(edges.a, edges.labels))}, on the digits ${percent(await accuracy(edges.b, edges.labels))}`);
for (const factor of [2, 4] as const) {
  const sr = await loadMnistSuperResolutionPairs({ split, factor });
  const bicubic = resizeBicubic(sr.a, { height: 28, width: 28, clamp: [-1, 1] });
  console.log(
    `super-resolution ×${factor}: ${sr.a.shape[0]} pairs, bicubic PSNR ${psnr(sr.b, bicubic).mean.toFixed(2)} dB, ` +
      `classifier on bicubic ${percent(await accuracy(bicubic, sr.labels))}, on the true digits ${percent(await accuracy(sr.b, sr.labels))}`,
  );
  tf.dispose([sr.a, sr.b, sr.labels, bicubic]);
}
