// The training tab's images (MNIST): a grid of the same fixed noise at every redraw, so one sees the generator learn;
// an interpolation between two latents with a slider; and for conditional models the class of the grid.
import * as tf from '@tensorflow/tfjs-core';
import { ConditionalTrainer, interpolationPath, slerp, type AdversarialTrainer } from 'gan-kit';
import { seededLatents } from '../latents.js';
import { drawImageGrid } from './image_grid.js';

const FIXED_NOISE_SEED = 2024;
const COLUMNS = 8;
const STRIP = 9;

export interface ImagePanelElements {
  readonly grid: HTMLCanvasElement;
  /** 'all' (a row per class) or a class number. */
  readonly classPicker: HTMLSelectElement;
  readonly classRow: HTMLElement;
  readonly between: HTMLCanvasElement;
  readonly strip: HTMLCanvasElement;
  readonly t: HTMLInputElement;
  readonly pairSeed: HTMLInputElement;
}

export class ImagePanel {
  constructor(private readonly elements: ImagePanelElements) {}

  /** Offers the class picker for a conditional trainer with `classes` classes (hides it otherwise). */
  setClasses(classes: number | undefined): void {
    const { classPicker, classRow } = this.elements;
    classRow.hidden = classes === undefined;
    classPicker.replaceChildren(
      new Option('every class (a row each)', 'all'),
      ...Array.from({ length: classes ?? 0 }, (_, c) => new Option(`class ${c}`, String(c))),
    );
  }

  /** The grid's latents and labels: a row of 8 per class, or 64 of the chosen class (or unconditional). */
  private gridInputs(trainer: AdversarialTrainer): { latents: tf.Tensor2D; labels: number[] | undefined } {
    if (!(trainer instanceof ConditionalTrainer)) return { latents: seededLatents(COLUMNS * COLUMNS, trainer.latentDim, FIXED_NOISE_SEED), labels: undefined };
    const choice = this.elements.classPicker.value;
    const labels = choice === 'all' || choice === ''
      ? Array.from({ length: trainer.classes * COLUMNS }, (_, i) => Math.floor(i / COLUMNS))
      : new Array<number>(COLUMNS * COLUMNS).fill(Number(choice));
    return { latents: seededLatents(labels.length, trainer.latentDim, FIXED_NOISE_SEED), labels };
  }

  private sample(trainer: AdversarialTrainer, latents: tf.Tensor2D, labels: number[] | undefined): tf.Tensor4D {
    if (trainer instanceof ConditionalTrainer && labels !== undefined) return trainer.sample(0, { latents, labels }) as tf.Tensor4D;
    return trainer.sample(0, { latents }) as tf.Tensor4D;
  }

  async show(trainer: AdversarialTrainer): Promise<void> {
    const { t, pairSeed } = this.elements;
    const images = tf.tidy(() => {
      const { latents, labels } = this.gridInputs(trainer);
      const d = trainer.latentDim;
      const seed = Number(pairSeed.value);
      const a = tf.reshape(seededLatents(1, d, seed), [d]) as tf.Tensor1D;
      const b = tf.reshape(seededLatents(1, d, seed + 1), [d]) as tf.Tensor1D;
      const pairLabel = labels === undefined ? undefined : [labels[0]!];
      const stripLabels = labels === undefined ? undefined : new Array<number>(STRIP).fill(labels[0]!);
      return {
        grid: this.sample(trainer, latents, labels),
        between: this.sample(trainer, tf.reshape(slerp(a, b, Number(t.value)), [1, d]) as tf.Tensor2D, pairLabel),
        strip: this.sample(trainer, interpolationPath(a, b, STRIP), stripLabels),
      };
    });
    try {
      await drawImageGrid(this.elements.grid, images.grid, COLUMNS);
      await drawImageGrid(this.elements.between, images.between, 1);
      await drawImageGrid(this.elements.strip, images.strip, STRIP);
    } finally {
      tf.dispose(Object.values(images));
    }
  }
}
