// A BiGAN (examples/bigan.ts) on the embedded MNIST: three networks and three optimizers trained by gan-kit's generic
// loop, with checkpoints (rerunning the command continues the run) and a picture of reconstructions G(E(x)) beside x.
// Run: npm run example:bigan-mnist [-- --steps N --out DIR --backend NAME --digits N --held-out N --units N --checkpoint-every N --log-every N]
// Writes DIR/reconstructions.png (rows: held-out digits x, then G(E(x))), DIR/samples.png and DIR/checkpoints/.
import { mkdir } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { CheckpointManager, GanTrainer, loadMnist, mnistClassProbabilities, useFastestBackend, writeImageGrid, type LogsOf } from 'gan-kit';
import { BiGan } from './bigan.js';

const { values: args } = parseArgs({
  options: {
    steps: { type: 'string', default: '3000' },
    out: { type: 'string', default: 'examples/out/bigan' },
    backend: { type: 'string' },
    digits: { type: 'string' },
    'held-out': { type: 'string' },
    units: { type: 'string', default: '256' },
    'checkpoint-every': { type: 'string', default: '500' },
    'log-every': { type: 'string', default: '250' },
  },
});
const steps = Number(args.steps);
console.log((await useFastestBackend(args.backend === undefined ? {} : { prefer: [args.backend] })).reason);

const latentDim = 50;
const units = Number(args.units);
const init = (seed: number) => tfl.initializers.glorotUniform({ seed });
const dense = (n: number, seed: number, activation?: 'tanh') => tfl.layers.dense({ units: n, kernelInitializer: init(seed), ...(activation ? { activation } : {}) });
const leaky = () => tfl.layers.leakyReLU({ alpha: 0.2 });

function mlp(input: tfl.SymbolicTensor, widths: readonly number[], seed: number): tfl.SymbolicTensor {
  return widths.reduce((h, n, i) => leaky().apply(dense(n, seed + i).apply(h)) as tfl.SymbolicTensor, input);
}
const x = tfl.input({ shape: [28, 28, 1] });
const flat = tfl.layers.flatten().apply(x) as tfl.SymbolicTensor;
const encoder = tfl.model({ inputs: x, outputs: dense(latentDim, 3).apply(mlp(flat, [units, units], 1)) as tfl.SymbolicTensor });
const z = tfl.input({ shape: [latentDim] });
const image = dense(784, 13, 'tanh').apply(mlp(z, [units, units], 11)) as tfl.SymbolicTensor;
const generator = tfl.model({ inputs: z, outputs: tfl.layers.reshape({ targetShape: [28, 28, 1] }).apply(image) as tfl.SymbolicTensor });
const dx = tfl.input({ shape: [28, 28, 1] });
const dz = tfl.input({ shape: [latentDim] });
const joint = tfl.layers.concatenate().apply([
  mlp(tfl.layers.flatten().apply(dx) as tfl.SymbolicTensor, [units], 21), mlp(dz, [units], 22),
]) as tfl.SymbolicTensor;
const discriminator = tfl.model({ inputs: [dx, dz], outputs: dense(1, 24).apply(mlp(joint, [units], 23)) as tfl.SymbolicTensor });

const bigan = new BiGan({ generator, encoder, discriminator, latentDim });
const trainer = new GanTrainer(bigan, { seed: 1 });
const checkpoints = new CheckpointManager<LogsOf<BiGan>>({ directory: `${args.out}/checkpoints`, keep: 2 });
const restored = await checkpoints.restore(trainer);
if (restored !== undefined) console.log(`continuing from step ${restored.step} (${restored.path})`);

const { images } = await loadMnist({ split: 'train', ...(args.digits === undefined ? {} : { count: Number(args.digits) }) });
const started = Date.now();
if (trainer.step < steps) {
  await trainer.fit(images, {
    steps: steps - trainer.step,
    batchSize: 64,
    callbacks: [
      checkpoints.callback({ every: Number(args['checkpoint-every']) }),
      {
        onStepEnd: ({ step, logs }) => {
          if (step % Number(args['log-every']) === 0) console.log(`step ${step}/${steps}: D ${logs?.discriminatorLoss.toFixed(3)} G,E ${logs?.generatorLoss.toFixed(3)}`);
        },
      },
    ],
  });
}

// Held-out digits x and their reconstructions G(E(x)); the bundled classifier says how often G(E(x)) keeps x's digit.
const test = await loadMnist({ split: 'test', ...(args['held-out'] === undefined ? {} : { count: Number(args['held-out']) }) });
const reconstructed = bigan.reconstruct(test.images) as tf.Tensor4D;
const probabilities = await mnistClassProbabilities(reconstructed);
const agreement = tf.tidy(() => tf.mean(tf.cast(tf.equal(tf.argMax(probabilities, 1), tf.cast(tf.reshape(test.labels, [-1]), 'int32')), 'float32')).dataSync()[0]!);
const first = (t: tf.Tensor) => tf.slice(t, 0, 16) as tf.Tensor4D;
const grid = tf.tidy(() => tf.concat([first(test.images), first(reconstructed)], 0) as tf.Tensor4D);
await mkdir(args.out, { recursive: true });
await writeImageGrid(`${args.out}/reconstructions.png`, grid, { columns: 16, scale: 2 });
const samples = trainer.sample(64, { seed: 7 }) as tf.Tensor4D;
await writeImageGrid(`${args.out}/samples.png`, samples, { columns: 8, scale: 2 });
console.log(`step ${trainer.step} in ${((Date.now() - started) / 1000).toFixed(1)} s; the classifier gives G(E(x)) the digit of x for ${(100 * agreement).toFixed(1)}% of ${test.images.shape[0]} held-out digits (chance: 10%)`);
console.log(`wrote ${args.out}/reconstructions.png (top: x, bottom: G(E(x))), ${args.out}/samples.png, checkpoints in ${args.out}/checkpoints`);
tf.dispose([reconstructed, probabilities, grid, samples, images, test.images, test.labels]);
trainer.dispose();
