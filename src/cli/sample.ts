import { writeFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs-core';
import { encodeNpy, encodePng, imageGrid, scatterPlot } from '../index.js';
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

/**
 * Latents of a walk through latent space: `count` points on the great-circle arc (spherical interpolation) between
 * two latents drawn from `seed`, so the walk stays where N(0, I) puts its mass.
 */
function latentWalk(latentDim: number, count: number, seed: number, draw: (n: number, seed: number) => tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const ends = draw(2, seed).arraySync();
    const [a, b] = [ends[0]!, ends[1]!];
    const norm = (v: number[]) => Math.hypot(...v);
    const cos = a.reduce((s, x, i) => s + x * b[i]!, 0) / (norm(a) * norm(b));
    const omega = Math.acos(Math.min(1, Math.max(-1, cos)));
    const rows: number[][] = [];
    for (let i = 0; i < count; i++) {
      const t = count === 1 ? 0 : i / (count - 1);
      const [wa, wb] = omega < 1e-6 ? [1 - t, t] : [Math.sin((1 - t) * omega) / Math.sin(omega), Math.sin(t * omega) / Math.sin(omega)];
      rows.push(a.map((x, j) => wa * x + wb * b[j]!));
    }
    return tf.tensor2d(rows, [count, latentDim]);
  });
}

/** `gan-kit sample`: writes `count` samples of a trained run as `.npy`, `.png` or `.json`. */
export async function sample(flags: SampleFlags, out: NodeJS.WriteStream): Promise<number> {
  const format = FORMATS.find((f) => flags.out.toLowerCase().endsWith(f));
  if (format === undefined) throw new UsageError(`--out '${flags.out}' must end in ${FORMATS.join(', ')}`);
  const count = flags.count === undefined ? 64 : parseInteger('--count', flags.count);
  const seed = flags.seed === undefined ? undefined : parseInteger('--seed', flags.seed, 0);
  const run = await restoreRun(flags.run, flags.backend);
  const { trainer, checkpoint, kind } = run;
  try {
    const latents = flags.interpolate === true
      ? latentWalk(trainer.latentDim, count, seed ?? 0, (n, s) => trainer.sampleLatents(n, s))
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
