import { writeFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs-core';
import { encodeNpy, encodePng, imageGrid, interpolationGrid, scatterPlot } from '../index.js';
import { disposeRun, restoreRun } from './restore_run.js';
import { parseInteger, UsageError } from './usage_error.js';

/** The flags of `gan-kit sample`. */
export interface SampleFlags {
  readonly run: string;
  readonly count?: string;
  readonly out: string;
  readonly seed?: string;
  readonly interpolate?: boolean;
  readonly backend?: string;
}

const FORMATS = ['.npy', '.png', '.json'] as const;

/** `gan-kit sample`: writes `count` samples of a trained run as `.npy`, `.png` or `.json`. */
export async function sample(flags: SampleFlags, out: NodeJS.WriteStream): Promise<number> {
  const format = FORMATS.find((f) => flags.out.toLowerCase().endsWith(f));
  if (format === undefined) throw new UsageError(`--out '${flags.out}' must end in ${FORMATS.join(', ')}`);
  const count = flags.count === undefined ? 64 : parseInteger('--count', flags.count);
  const seed = flags.seed === undefined ? undefined : parseInteger('--seed', flags.seed, 0);
  const run = await restoreRun(flags.run, flags.backend);
  const { trainer, checkpoint, kind } = run;
  try {
    // --interpolate: count points on the great-circle arc between two latents drawn from the seed (spherical
    // interpolation keeps the walk where N(0, I) puts its mass).
    const latents = flags.interpolate === true
      ? tf.tidy(() => interpolationGrid(trainer.sampleLatents(1, seed ?? 0), trainer.sampleLatents(1, (seed ?? 0) + 1), count))
      : trainer.sampleLatents(count, seed);
    const samples = trainer.sample(count, { latents });
    latents.dispose();
    try {
      let bytes: Uint8Array;
      if (format === '.npy') {
        bytes = encodeNpy({ data: (await samples.data()) as Float32Array, shape: samples.shape });
      } else if (format === '.json') {
        bytes = new TextEncoder().encode(`${JSON.stringify({ step: checkpoint.step, shape: samples.shape, samples: await samples.array() })}\n`);
      } else {
        const picture = kind === 'points'
          ? await scatterPlot(samples as tf.Tensor2D)
          : await imageGrid(samples as tf.Tensor4D, { columns: flags.interpolate === true ? count : Math.ceil(Math.sqrt(count)) });
        bytes = await encodePng(picture);
      }
      await writeFile(flags.out, bytes);
    } finally {
      samples.dispose();
    }
    out.write(`gan-kit: wrote ${count} ${flags.interpolate === true ? 'interpolated ' : ''}samples of step ${checkpoint.step} to ${flags.out}\n`);
    return 0;
  } finally {
    disposeRun(run);
  }
}
