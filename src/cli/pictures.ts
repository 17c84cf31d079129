import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import {
  ConditionalTrainer, imageGrid, lineChart, scatterPlot, writeGif, writePng,
  type AdversarialTrainer, type RgbaImage, type StepLogs,
} from '../index.js';
import { drawSamples } from './class_labels.js';

/** Samples in a progress picture: a 8×8 grid of images, or 2,500 points (the mode-coverage protocol's count). */
const GRID_COLUMNS = 8;
const GRID_IMAGES = 64;
const POINTS = 2500;
/** Up to this many classes, a conditional run's picture has one row of {@link GRID_COLUMNS} samples per class. */
const ROWS_PER_CLASS_UP_TO = 16;

/**
 * The classes of a conditional run's progress picture, row by row: one row of 8 samples per class (class c in row c)
 * for up to 16 classes; with more, one sample per class in class order, 8 to a row.
 */
export function progressLabels(classes: number): number[] {
  const perClass = classes <= ROWS_PER_CLASS_UP_TO ? GRID_COLUMNS : 1;
  return Array.from({ length: classes * perClass }, (_, i) => Math.floor(i / perClass));
}

/** What a progress picture shows of the data. */
export interface PictureSpec {
  readonly kind: 'points' | 'images';
  readonly modes: number[][] | undefined;
  /** Seed of the fixed latents drawn for every picture, so the pictures show the same z over training. */
  readonly seed: number;
}

/**
 * The fixed-noise picture of the trainer's generator now: an image grid (a conditional run's in rows per class, see
 * {@link progressLabels}), or a scatter plot with the modes.
 */
export async function progressPicture(trainer: AdversarialTrainer, spec: PictureSpec): Promise<RgbaImage> {
  const classes = trainer instanceof ConditionalTrainer ? progressLabels(trainer.classes) : undefined;
  const count = spec.kind === 'points' ? POINTS : classes?.length ?? GRID_IMAGES;
  const { samples } = drawSamples(trainer, count, { seed: spec.seed, classes });
  try {
    if (spec.kind === 'points') {
      return await scatterPlot(samples as tf.Tensor2D, spec.modes === undefined ? {} : { modes: spec.modes });
    }
    return await imageGrid(samples as tf.Tensor4D, { columns: GRID_COLUMNS, scale: samples.shape[1]! < 48 ? 2 : 1 });
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
