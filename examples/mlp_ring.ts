// A vanilla MLP GAN learns a ring of 8 Gaussians (the mode-collapse test of Metz et al. 2016 and PacGAN).
// Run: npm run example:ring [-- STEPS]     Writes examples/out/ring8.png and prints the modes captured.
import { mkdir } from 'node:fs/promises';
import {
  AdversarialTrainer, MLPGAN, modeCoverage, progressLogger, ring8, scatterPlot, useFastestBackend, writePng,
} from 'gan-kit';
import * as tf from '@tensorflow/tfjs-core';

const steps = Number(process.argv[2] ?? 3000);
const backend = await useFastestBackend();
console.log(backend.reason);

const { samples, modes, std } = ring8({ count: 100_000, seed: 1 });
const gan = new MLPGAN({
  sampleShape: [2], latentDim: 8, outputActivation: 'linear',
  generatorUnits: [256, 256, 256], discriminatorUnits: [256, 256], seed: 1,
});
const trainer = new AdversarialTrainer(gan, {
  generatorOptimizer: tf.train.adam(1e-3, 0.5),
  discriminatorOptimizer: tf.train.adam(1e-3, 0.5),
  seed: 1,
});
const started = Date.now();
await trainer.fit(samples, {
  steps, batchSize: 256,
  callbacks: progressLogger({ every: 500 }),
});
const generated = trainer.sample(2500) as tf.Tensor2D;
const coverage = modeCoverage(generated, { modes, std });
await mkdir('examples/out', { recursive: true });
await writePng('examples/out/ring8.png', await scatterPlot(generated, { modes, std }));
console.log(`${steps} steps in ${((Date.now() - started) / 1000).toFixed(1)} s: ${coverage.modesCaptured}/8 modes, ` +
  `${(100 * coverage.highQualityFraction).toFixed(1)}% high-quality samples → examples/out/ring8.png`);
