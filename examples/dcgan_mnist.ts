// DCGAN (Radford et al. 2015) on the 10,000 real MNIST digits, with the tutorials' picture of progress: a grid of
// the same fixed noise every 200 steps, and their evolution as an animated GIF.
// Run: npm run example:dcgan-mnist [-- STEPS]
// Writes examples/out/dcgan_mnist.png (final grid) and examples/out/dcgan_mnist.gif (evolution).
import { mkdir } from 'node:fs/promises';
import {
  AdversarialTrainer, DCGAN, imageGrid, loadMnist, progressLogger, useFastestBackend, writeGif, writePng, type RgbaImage,
} from 'gan-kit';
import type * as tf from '@tensorflow/tfjs-core';

const steps = Number(process.argv[2] ?? 2000);
console.log((await useFastestBackend()).reason);             // wasm with gan-kit's training kernels, unless tfjs-node is installed

const { images } = await loadMnist();
const gan = new DCGAN({ imageShape: [28, 28, 1], latentDim: 100, seed: 1 });
const trainer = new AdversarialTrainer(gan, { seed: 1 });     // non-saturating loss, Adam(2e-4, β1 0.5), k = 1
const frames: RgbaImage[] = [];
const snapshot = async () => {
  const fixed = trainer.sample(64, { seed: 42 }) as tf.Tensor4D; // the same z every time
  frames.push(await imageGrid(fixed, { columns: 8, scale: 2, label: `step ${trainer.step}` }));
  fixed.dispose();
};
const started = Date.now();
await snapshot();
await trainer.fit(images, {
  steps, batchSize: 64,
  callbacks: [
    progressLogger({ every: 100 }),                             // step, steps/s, ETA, losses: like Keras's verbose
    { onStepEnd: async ({ step }) => { if (step % 200 === 0) await snapshot(); } },
  ],
});
if (steps % 200 !== 0) await snapshot();
await mkdir('examples/out', { recursive: true });
await writePng('examples/out/dcgan_mnist.png', frames.at(-1)!);
await writeGif('examples/out/dcgan_mnist.gif', frames, { delayMs: 300 });
console.log(`${steps} steps in ${((Date.now() - started) / 1000).toFixed(1)} s → examples/out/dcgan_mnist.png, examples/out/dcgan_mnist.gif`);
