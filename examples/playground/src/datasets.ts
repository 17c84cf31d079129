// The playground's training data: the 2-D mixtures ring8 and grid25, points drawn with the mouse, and the MNIST
// digits embedded at build time (virtual:mnist-subset), all through gan-kit's data functions.
import * as tf from '@tensorflow/tfjs-core';
import { SeededRandom, grid25, mnistDataset, ring8, type MnistPackage } from 'gan-kit';
import { perClass, pixels } from 'virtual:mnist-subset';

export const DATA_NAMES = ['ring8', 'grid25', 'drawn', 'mnist'] as const;
export type DataName = (typeof DATA_NAMES)[number];

/** Points in the plane, with the mixture they come from when there is one (for mode coverage). */
export interface PlaneData {
  readonly kind: 'plane';
  /** `[N, 2]`. */
  readonly samples: tf.Tensor2D;
  /** The mixture's means and σ (ring8, grid25); absent for drawn points. */
  readonly mixture: { readonly modes: number[][]; readonly std: number } | undefined;
  /** The square [lo, hi]² the plane view shows. */
  readonly view: readonly [number, number];
}

/** Images with class labels. */
export interface ImageData {
  readonly kind: 'images';
  /** `[N, 28, 28, 1]` in [−1, 1]. */
  readonly images: tf.Tensor4D;
  /** `[N]` int32, 0 … 9. */
  readonly labels: tf.Tensor1D;
  readonly classes: number;
}

export type TrainingData = PlaneData | ImageData;

/** Points sampled from the mixtures (the trainer shuffles them every epoch). */
const MIXTURE_POINTS = 4096;
/** Drawn points are resampled to this many, each with a little Gaussian jitter, so that they form a density. */
const DRAWN_POINTS = 2048;
const DRAWN_JITTER = 0.02;
/** The view of drawn points (and where the mouse may draw). */
export const DRAWN_VIEW: readonly [number, number] = [-1.5, 1.5];

/** The points the drawing starts with: an S-shaped stroke, so that "drawn" trains before anyone draws. */
export function initialDrawing(): number[][] {
  return Array.from({ length: 60 }, (_, i) => {
    const t = (i / 59) * 2 * Math.PI;
    return [0.8 * Math.sin(t), 1.1 - (2.2 * i) / 59];
  });
}

/** Samples `strokes` with replacement, adding N(0, 0.02²) jitter, from `seed`. */
function drawnSamples(strokes: readonly (readonly number[])[], seed: number): tf.Tensor2D {
  if (strokes.length === 0) throw new Error('There are no drawn points: draw some on the plane with the mouse first.');
  const random = new SeededRandom(seed);
  const values = new Float32Array(DRAWN_POINTS * 2);
  for (let i = 0; i < DRAWN_POINTS; i++) {
    const point = strokes[Math.floor(random.uniform() * strokes.length)]!;
    values[2 * i] = point[0]! + DRAWN_JITTER * random.normal();
    values[2 * i + 1] = point[1]! + DRAWN_JITTER * random.normal();
  }
  return tf.tensor2d(values, [DRAWN_POINTS, 2]);
}

/** The embedded digits in the form of the `mnist` package's export, for gan-kit's `mnistDataset`. */
function embeddedDigits(): MnistPackage {
  const bytes = Uint8Array.from(atob(pixels), (c) => c.charCodeAt(0));
  const size = perClass * 28 * 28;
  return Array.from({ length: 10 }, (_, id) => ({
    id,
    length: perClass,
    raw: Float32Array.from(bytes.subarray(id * size, (id + 1) * size), (b) => b / 255),
  }));
}

/** The number of embedded MNIST digits. */
export const MNIST_DIGITS = 10 * perClass;

/** Makes the data set `name` (the caller disposes its tensors with {@link disposeData}). */
export function makeData(name: DataName, seed: number, drawing: readonly (readonly number[])[]): TrainingData {
  switch (name) {
    case 'ring8': {
      const { samples, modes, std } = ring8({ count: MIXTURE_POINTS, seed });
      return { kind: 'plane', samples, mixture: { modes, std }, view: [-1.5, 1.5] };
    }
    case 'grid25': {
      const { samples, modes, std } = grid25({ count: MIXTURE_POINTS, seed });
      return { kind: 'plane', samples, mixture: { modes, std }, view: [-6, 6] };
    }
    case 'drawn':
      return { kind: 'plane', samples: drawnSamples(drawing, seed), mixture: undefined, view: DRAWN_VIEW };
    case 'mnist': {
      const { images, labels } = mnistDataset(embeddedDigits());
      return { kind: 'images', images: images as tf.Tensor4D, labels: labels as tf.Tensor1D, classes: 10 };
    }
  }
}

export function disposeData(data: TrainingData): void {
  if (data.kind === 'plane') data.samples.dispose();
  else tf.dispose([data.images, data.labels]);
}
