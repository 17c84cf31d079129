import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import {
  imageGrid, lineChart, scatterPlot, writeGif, writePng,
  type AdversarialTrainer, type RgbaImage, type StepLogs,
} from '../index.js';

/** Samples in a progress picture: a 8×8 grid of images, or 2,500 points (the mode-coverage protocol's count). */
const GRID_IMAGES = 64;
const POINTS = 2500;

/** What a progress picture shows of the data. */
export interface PictureSpec {
  readonly kind: 'points' | 'images';
  readonly modes: number[][] | undefined;
  /** Seed of the fixed latents drawn for every picture, so the pictures show the same z over training. */
  readonly seed: number;
}

/** The fixed-noise picture of the trainer's generator now: an image grid, or a scatter plot with the modes. */
export async function progressPicture(trainer: AdversarialTrainer, spec: PictureSpec): Promise<RgbaImage> {
  const samples = trainer.sample(spec.kind === 'points' ? POINTS : GRID_IMAGES, { seed: spec.seed });
  try {
    if (spec.kind === 'points') {
      return await scatterPlot(samples as tf.Tensor2D, spec.modes === undefined ? {} : { modes: spec.modes });
    }
    return await imageGrid(samples as tf.Tensor4D, { columns: 8, scale: samples.shape[1]! < 48 ? 2 : 1 });
  } finally {
    samples.dispose();
  }
}

/** `samples/step-000000100.png` for step 100. */
export function sampleFileName(step: number): string {
  return `step-${String(step).padStart(9, '0')}.png`;
}

/** Decodes the run's sample pictures in step order and writes them as one animated GIF. */
export async function writeEvolutionGif(samplesDir: string, path: string): Promise<number> {
  const { PNG } = (await import('pngjs')).default;
  const files = (await readdir(samplesDir).catch(() => [] as string[])).filter((f) => /^step-\d+\.png$/.test(f)).sort();
  const frames: RgbaImage[] = [];
  for (const f of files) {
    const png = PNG.sync.read(Buffer.from(await readFile(join(samplesDir, f))));
    frames.push({ width: png.width, height: png.height, data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength) });
  }
  if (frames.length > 0) await writeGif(path, frames, { delayMs: 300 });
  return frames.length;
}

/** Draws the run's discriminator and generator losses against the step. */
export async function writeLossCurves(history: readonly StepLogs[], path: string, title: string): Promise<void> {
  const steps = history.map((s) => s.step);
  const image = lineChart([
    { name: 'discriminator loss', values: history.map((s) => s.discriminatorLoss), steps },
    { name: 'generator loss', values: history.map((s) => s.generatorLoss), steps },
  ], { title });
  await writePng(path, image);
}
