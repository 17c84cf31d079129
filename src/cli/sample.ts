import { stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { encodeNpy, encodePng, interpolationGrid } from '../index.js';
import { drawSamples, parseLabels } from './class_labels.js';
import { samplePicture } from './pictures.js';
import { disposeRun, restoreRun } from './restore_run.js';
import { readRunConfig } from './run_directory.js';
import { styleGan2Controls, styleMixGrid, truncatedSamples } from './stylegan2_samples.js';
import { parseInteger, UsageError } from './usage_error.js';

/** The flags of `gan-kit sample`. */
export interface SampleFlags {
  readonly run: string;
  readonly count?: string;
  readonly out: string;
  readonly seed?: string;
  readonly interpolate?: boolean;
  readonly labels?: string;
  readonly backend?: string;
  readonly truncation?: string;
  readonly styleMix?: boolean;
}

const FORMATS = ['.npy', '.png', '.json'] as const;

/** Refuses an output path whose folder is missing or that names a folder, before any work is done. */
async function checkOutputFile(path: string): Promise<void> {
  const folder = dirname(path);
  const parent = await stat(folder).catch(() => undefined);
  if (parent === undefined || !parent.isDirectory()) {
    throw new UsageError(`--out '${path}': the folder '${folder}' ${parent === undefined ? 'does not exist' : 'is a file'}: create the folder first, or choose another --out`);
  }
  if ((await stat(path).catch(() => undefined))?.isDirectory() === true) throw new UsageError(`--out '${path}' is a folder: give a file name ending in ${FORMATS.join(', ')}`);
}

/** `x.labels.npy` beside `x.npy`: where `sample` writes a conditional run's labels. */
export function labelsFileFor(npyPath: string): string {
  return `${npyPath.slice(0, -'.npy'.length)}.labels.npy`;
}

/**
 * `gan-kit sample`: writes `count` samples of a trained run as `.npy`, `.png` or `.json`. A conditional run is asked
 * for the `--labels` classes in turn (default: all its classes); their labels go beside `.npy` samples as an int32
 * `FILE.labels.npy` of shape [count], into `.json` as `labels`, and a `.png` grid has one column per listed class.
 * A StyleGAN2 run takes `--truncation ψ` (truncation in W) and `--style-mix` (a count × count grid, default 8 × 8:
 * rows' coarse styles, columns' fine styles).
 */
export async function sample(flags: SampleFlags, out: NodeJS.WriteStream, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  const format = FORMATS.find((f) => flags.out.toLowerCase().endsWith(f));
  if (format === undefined) throw new UsageError(`--out '${flags.out}' must end in ${FORMATS.join(', ')}`);
  const count = flags.count === undefined ? (flags.styleMix === true ? 8 : 64) : parseInteger('--count', flags.count);
  if (flags.interpolate === true && count < 2) throw new UsageError(`--interpolate walks from one latent to another in --count points: give --count 2 or more, got ${count}`);
  const seed = flags.seed === undefined ? undefined : parseInteger('--seed', flags.seed, 0);
  await checkOutputFile(flags.out);
  const runConfig = await readRunConfig(flags.run, '--run');
  const { conditioning } = runConfig;
  const controls = styleGan2Controls(flags, runConfig, flags.run);
  const classes = flags.labels === undefined ? undefined : parseLabels(flags.labels, conditioning, flags.run);
  const run = await restoreRun(flags.run, flags.backend, (line) => err.write(`gan-kit: ${line}\n`));
  const { trainer, checkpoint, kind } = run;
  try {
    // --style-mix: a count × count grid. --interpolate: count points on the great-circle arc between two latents
    // drawn from the seed (spherical interpolation keeps the walk where N(0, I) puts its mass).
    let drawn: { samples: tf.Tensor; labels: number[] | undefined };
    if (controls.styleMix) {
      drawn = { samples: styleMixGrid(trainer, count, seed ?? 0, controls.psi), labels: undefined };
    } else {
      const latents = flags.interpolate === true
        ? tf.tidy(() => interpolationGrid(trainer.sampleLatents(1, seed ?? 0), trainer.sampleLatents(1, (seed ?? 0) + 1), count))
        : trainer.sampleLatents(count, seed);
      try {
        drawn = runConfig.model === 'stylegan2' ? { samples: truncatedSamples(trainer, latents, controls.psi), labels: undefined } : drawSamples(trainer, count, { latents, classes });
      } finally {
        latents.dispose();
      }
    }
    const { samples, labels } = drawn;
    const written = samples.shape[0] ?? count;
    const cycle = labels === undefined ? undefined : (classes?.length ?? conditioning?.classes);
    try {
      let bytes: Uint8Array;
      if (format === '.npy') {
        bytes = encodeNpy({ data: (await samples.data()) as Float32Array, shape: samples.shape });
      } else if (format === '.json') {
        const labelled = labels === undefined ? {} : { labels };
        bytes = new TextEncoder().encode(`${JSON.stringify({ step: checkpoint.step, shape: samples.shape, ...labelled, samples: await samples.array() })}\n`);
      } else {
        const columns = flags.interpolate === true || controls.styleMix ? count : Math.min(count, cycle ?? Math.ceil(Math.sqrt(count)));
        bytes = await encodePng(await samplePicture(samples, { kind, modes: run.data.modes, std: run.data.std }, checkpoint.step, columns));
      }
      await writeFile(flags.out, bytes).catch((error: Error) => {
        throw new UsageError(`--out '${flags.out}' cannot be written (${error.message}): choose another --out`);
      });
      if (format === '.npy' && labels !== undefined) {
        await writeFile(labelsFileFor(flags.out), encodeNpy({ data: Int32Array.from(labels), shape: [count] }));
      }
    } finally {
      samples.dispose();
    }
    const what = labels === undefined ? '' : ` of classes ${(classes ?? [...new Set(labels)]).join(',')} in turn`;
    const beside = format === '.npy' && labels !== undefined ? ` and their labels to ${labelsFileFor(flags.out)}` : '';
    const how = flags.interpolate === true ? 'interpolated ' : controls.styleMix ? `style-mixed (${count}×${count}) ` : '';
    const truncated = controls.psi === undefined ? '' : ` truncated with ψ = ${controls.psi}`;
    out.write(`gan-kit: wrote ${written} ${how}samples${what}${truncated} of step ${checkpoint.step} to ${flags.out}${beside}\n`);
    return 0;
  } finally {
    disposeRun(run);
  }
}
