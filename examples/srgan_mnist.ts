// SRGAN (Ledig et al. 2017, arXiv 1609.04802) on the embedded MNIST: 2× super-resolution of 14×14 digits to 28×28,
// first on the content loss alone (SRResNet), then with the adversarial term. Checkpoints let a rerun continue; at the
// end it compares, on the 997 held-out digits, the outputs' PSNR and classifier accuracy with bicubic up-sampling.
// Run: npm run example:srgan-mnist [-- --steps N --pretrain-steps N --out DIR --backend NAME --batch-size N --width N
//        --blocks N --digits N --held-out N --checkpoint-every N --log-every N]
// Writes DIR/upscaled.png (each held-out 14×14 digit, bicubic, SRGAN, the true digit) and DIR/checkpoints/.
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import {
  CheckpointManager, progressLogger, SrganTrainer, linearLearningRateDecay, loadMnistSuperResolutionPairs, mnistLabelAccuracy, psnr, resizeBicubic,
  srganDiscriminator, srganGenerator, useFastestBackend, writeTranslationGrid, type LogsOf,
} from 'gan-kit';

const { values: args } = parseArgs({
  options: {
    steps: { type: 'string', default: '2000' },
    'pretrain-steps': { type: 'string', default: '1000' },
    out: { type: 'string', default: 'examples/out/srgan' },
    backend: { type: 'string' },
    'batch-size': { type: 'string', default: '16' },
    width: { type: 'string', default: '32' },
    blocks: { type: 'string', default: '4' },
    digits: { type: 'string' },
    'held-out': { type: 'string' },
    'checkpoint-every': { type: 'string', default: '250' },
    'log-every': { type: 'string', default: '100' },
  },
});
const steps = Number(args.steps);
console.log((await useFastestBackend(args.backend === undefined ? {} : { prefer: [args.backend] })).reason);

// SRResNet scaled down (residual blocks with PReLU, one pixel-shuffle ×2) and the SRGAN discriminator for 28×28.
const trainer = new SrganTrainer(
  {
    generator: srganGenerator({ imageShape: [14, 14, 1], scale: 2, width: Number(args.width), blocks: Number(args.blocks), seed: 1 }),
    discriminator: srganDiscriminator({ imageShape: [28, 28, 1], width: 32, stages: 2, denseUnits: 128, seed: 2 }),
  },
  // The pixel MSE as the content loss (what PSNR measures), the paper's 10⁻³ adversarial weight and Adam(1e-4, 0.9).
  { seed: 1, pretrainSteps: Number(args['pretrain-steps']) },
);
const checkpoints = new CheckpointManager<LogsOf<SrganTrainer['algorithm']>>({ directory: `${args.out}/checkpoints`, keep: 2 });
const restored = await checkpoints.restore(trainer);
if (restored !== undefined) console.log(`continuing from step ${restored.step} (${restored.path}), stage ${trainer.stage}`);

const { a: small, b: digits, labels } = await loadMnistSuperResolutionPairs({ split: 'train', ...(args.digits === undefined ? {} : { count: Number(args.digits) }) });
const started = Date.now();
const firstStep = trainer.step;
if (trainer.step < steps) {
  await trainer.fit({ a: small, b: digits }, {
    steps: steps - trainer.step,
    batchSize: Number(args['batch-size']),
    callbacks: [
      linearLearningRateDecay({ from: 0.5, initial: { generator: 1e-4, discriminator: 1e-4 } }),
      checkpoints.callback({ every: Number(args['checkpoint-every']) }),
      progressLogger({ every: Number(args['log-every']) }),   // step, steps/s, ETA and every loss of the step
    ],
  });
}
const seconds = (Date.now() - started) / 1000;
tf.dispose([small, digits, labels]);

// Held-out digits: SRGAN against bicubic up-sampling, in PSNR and in how often the classifier reads the right digit.
const test = await loadMnistSuperResolutionPairs({ split: 'test', ...(args['held-out'] === undefined ? {} : { count: Number(args['held-out']) }) });
const upscaled = trainer.upscale(test.a) as tf.Tensor4D;
const bicubic = resizeBicubic(test.a, { height: 28, width: 28, clamp: [-1, 1] });
const [ours, baseline] = [psnr(test.b, upscaled).mean, psnr(test.b, bicubic).mean];
const [accuracy, bicubicAccuracy] = [await mnistLabelAccuracy(upscaled, test.labels), await mnistLabelAccuracy(bicubic, test.labels)];
console.log(
  `on ${test.a.shape[0]} held-out digits: PSNR ${ours.toFixed(2)} dB (bicubic ${baseline.toFixed(2)} dB, ${(ours - baseline >= 0 ? '+' : '')}${(ours - baseline).toFixed(2)} dB); ` +
    `classifier accuracy ${(100 * accuracy).toFixed(1)}% (bicubic ${(100 * bicubicAccuracy).toFixed(1)}%)`,
);
const rows = [test.a, bicubic, upscaled, test.b].map((t) => tf.slice(t, 0, 16) as tf.Tensor4D);
await writeTranslationGrid(`${args.out}/upscaled.png`, rows);
const ran = trainer.step - firstStep;
console.log(`${ran} steps in ${seconds.toFixed(1)} s${ran > 0 ? ` (${(ran / seconds).toFixed(2)} steps/s)` : ''}; wrote ${args.out}/upscaled.png (14×14 input, bicubic, SRGAN, true digit), checkpoints in ${args.out}/checkpoints`);
tf.dispose([upscaled, bicubic, ...rows, test.a, test.b, test.labels]);
trainer.dispose();
