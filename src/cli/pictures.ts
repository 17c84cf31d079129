import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import {
  ConditionalTrainer, CycleGanTrainer, SrganTrainer, imageGrid, lineChart, resizeBicubic, scatterPlot, translationGrid, writeGif, writePng,
  type AdversarialTrainer, type RgbaImage,
} from '../index.js';
import { createRgbaImage } from '../io/raster.js';
import { drawSamples } from './class_labels.js';
import type { TranslationTrainer } from './translation_models.js';

/** Samples in a progress picture: a 8×8 grid of images, or 2,500 points (the mode-coverage protocol's count). */
const GRID_COLUMNS = 8;
const GRID_IMAGES = 64;
const POINTS = 2500;
/** The fewest pixels a sample image is drawn with (28 × 28 digits at scale 3), so that small grids stay legible. */
export const MIN_CELL_SIZE = 64;
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
  /** The mixture's standard deviation (2-D data), for the modes' 3σ circles. */
  readonly std: number | undefined;
  /** Seed of the fixed latents drawn for every picture, so the pictures show the same z over training. */
  readonly seed: number;
}

/**
 * A picture of samples labelled with the step they were drawn at: for images a grid of `columns` (each image at least
 * {@link MIN_CELL_SIZE} pixels), for 2-D points a scatter plot with axes, the data's modes and their 3σ circles.
 */
export async function samplePicture(samples: tf.Tensor, spec: Omit<PictureSpec, 'seed'>, step: number, columns: number): Promise<RgbaImage> {
  const label = `step ${step}`;
  if (spec.kind === 'points') {
    return scatterPlot(samples as tf.Tensor2D, {
      title: label,
      ...(spec.modes === undefined ? {} : { modes: spec.modes }),
      ...(spec.std === undefined ? {} : { std: spec.std }),
    });
  }
  return imageGrid(samples as tf.Tensor4D, { columns, minCellSize: MIN_CELL_SIZE, label });
}

/**
 * The fixed-noise picture of the trainer's generator now, labelled with its step: an image grid (a conditional run's
 * in rows per class, see {@link progressLabels}), or a scatter plot with the modes.
 */
export async function progressPicture(trainer: AdversarialTrainer, spec: PictureSpec): Promise<RgbaImage> {
  const classes = trainer instanceof ConditionalTrainer ? progressLabels(trainer.classes) : undefined;
  const count = spec.kind === 'points' ? POINTS : classes?.length ?? GRID_IMAGES;
  const { samples } = drawSamples(trainer, count, { seed: spec.seed, classes });
  try {
    return await samplePicture(samples, spec, trainer.step, GRID_COLUMNS);
  } finally {
    samples.dispose();
  }
}

/** The inputs a translation picture shows: a few images of A (and of B, for CycleGAN), with their targets when paired. */
export interface TranslationInputs {
  /** Inputs, or images of domain A. */
  readonly a: tf.Tensor4D;
  /** Targets row by row (pix2pix, SRGAN), or images of domain B (CycleGAN). */
  readonly b: tf.Tensor4D;
}

/**
 * What an image-to-image run makes of `inputs`, each example's images side by side, labelled with the step: CycleGAN
 * x → G(x) → F(G(x)) for images of A, then y → F(y) → G(F(y)) for images of B; pix2pix input → output → target;
 * SRGAN input → bicubic → output → target (the small input enlarged to show its pixels). Inference mode.
 */
export async function translationPicture(trainer: TranslationTrainer, inputs: TranslationInputs, step: number): Promise<RgbaImage> {
  const stages = tf.tidy(() => {
    const { a, b } = inputs;
    if (trainer instanceof CycleGanTrainer) {
      const [toB, toA] = [trainer.translate(a, 'a2b'), trainer.translate(b, 'b2a')];
      const back = [trainer.translate(toB, 'b2a'), trainer.translate(toA, 'a2b')];
      return [tf.concat([a, b]), tf.concat([toB, toA]), tf.concat(back)] as tf.Tensor4D[];
    }
    if (trainer instanceof SrganTrainer) {
      const bicubic = resizeBicubic(a, { height: b.shape[1], width: b.shape[2], clamp: [-1, 1] });
      return [a, bicubic, trainer.upscale(a) as tf.Tensor4D, b];
    }
    return [a, trainer.translate(a) as tf.Tensor4D, b];
  });
  try {
    return await translationGrid(stages, { examplesPerRow: 4, scale: Math.max(1, Math.ceil(MIN_CELL_SIZE / inputs.b.shape[1])), label: `step ${step}` });
  } finally {
    tf.dispose(stages.filter((t) => t !== inputs.a && t !== inputs.b));
  }
}

/** `samples/step-000000100.png` for step 100. */
export function sampleFileName(step: number): string {
  return `step-${String(step).padStart(9, '0')}.png`;
}

/**
 * `frame` in the top-left corner of a `width × height` picture filled with the frame's top-left pixel colour (GIF
 * frames share one size; a run resumed by another gan-kit version can have pictures of two sizes).
 */
function padTo(frame: RgbaImage, width: number, height: number): RgbaImage {
  if (frame.width === width && frame.height === height) return frame;
  const out = createRgbaImage(width, height, [frame.data[0]!, frame.data[1]!, frame.data[2]!]);
  for (let y = 0; y < frame.height; y++) out.data.set(frame.data.subarray(4 * y * frame.width, 4 * (y + 1) * frame.width), 4 * y * width);
  return out;
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
  if (frames.length > 0) await writeGif(path, frames.map((f) => padTo(f, Math.max(...frames.map((g) => g.width)), Math.max(...frames.map((g) => g.height)))), { delayMs: 300 });
  return frames.length;
}

/**
 * The smoothing of a run's loss curves: an exponential moving average over about a fortieth of the run (β 0.98 for
 * 2,000 steps), at most the last 100 steps (β 0.99); none for runs of under 80 steps.
 */
export function lossSmoothing(steps: number): number | undefined {
  const window = Math.min(100, Math.floor(steps / 40));
  return window < 2 ? undefined : Number((1 - 1 / window).toFixed(3));
}

/** The losses a run's loss curves draw: every step has G's; D's is absent on SRGAN's pre-training steps. */
export interface LoggedLosses {
  readonly step: number;
  readonly generatorLoss: number;
  readonly discriminatorLoss?: number | undefined;
}

/** Draws the run's discriminator and generator losses against the step: the raw values, and their moving average. */
export async function writeLossCurves(history: readonly LoggedLosses[], path: string, title: string): Promise<void> {
  const steps = history.map((s) => s.step);
  const smoothing = lossSmoothing(history.length);
  const image = lineChart([
    { name: 'discriminator loss', values: history.map((s) => s.discriminatorLoss ?? Number.NaN), steps, ...(smoothing === undefined ? {} : { smoothing }) },
    { name: 'generator loss', values: history.map((s) => s.generatorLoss), steps, ...(smoothing === undefined ? {} : { smoothing }) },
  ], { title });
  await writePng(path, image);
}
