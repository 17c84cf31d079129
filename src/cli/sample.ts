import { writeFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs-core';
import { SeededRandom, encodeNpy, encodePng, interpolationGrid } from '../index.js';
import { drawSamples, parseLabels } from './class_labels.js';
import { checkOutputFile } from './output_file.js';
import { samplePicture, translationPicture } from './pictures.js';
import { isTranslationModel } from './run_config.js';
import type { TranslationRunSetup } from './run_setup.js';
import { disposeRun, restoreRun } from './restore_run.js';
import { readRunConfig } from './run_directory.js';
import { styleGan2Controls, styleMixGrid, truncatedSamples } from './stylegan2_samples.js';
import { parseInteger, parsePositive, UsageError } from './usage_error.js';

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

/** `count` rows of `x` (all when it has fewer): the first ones, or a seeded random choice when `seed` is given. */
function someOf(x: tf.Tensor4D, count: number, seed: number | undefined): tf.Tensor4D {
  const n = Math.min(count, x.shape[0]);
  if (seed === undefined) return tf.slice(x, 0, n);
  const order = new SeededRandom(seed).permutation(x.shape[0]).slice(0, n);
  return tf.tidy(() => tf.gather(x, tf.tensor1d(order, 'int32')));
}

/**
 * `gan-kit sample` for an image-to-image run: translates `count` inputs — held-out digits for the MNIST tasks, the
 * first training images of folders (a seeded choice with `--seed`). `.png`: the translations beside their inputs (and
 * reconstructions or targets, as the progress pictures); `.npy` and `.json`: the outputs (CycleGAN: of the images of A).
 */
async function writeTranslations(
  setup: TranslationRunSetup, step: number, options: { readonly out: string; readonly count: number; readonly seed: number | undefined; readonly format: (typeof FORMATS)[number] },
  out: NodeJS.WriteStream,
): Promise<number> {
  const source = setup.data.heldOut ?? setup.data;
  const inputs = { a: someOf(source.a, options.count, options.seed), b: someOf(source.b, options.count, options.seed) };
  const { trainer } = setup;
  try {
    let bytes: Uint8Array;
    let written = inputs.a.shape[0];
    if (options.format === '.png') {
      if (setup.data.paired === false) written += inputs.b.shape[0];
      bytes = await encodePng(await translationPicture(trainer, inputs, step));
    } else {
      const outputs = ('upscale' in trainer ? trainer.upscale(inputs.a) : trainer.translate(inputs.a)) as tf.Tensor4D;
      try {
        bytes = options.format === '.npy'
          ? encodeNpy({ data: (await outputs.data()) as Float32Array, shape: outputs.shape })
          : new TextEncoder().encode(`${JSON.stringify({ step, shape: outputs.shape, samples: await outputs.array() })}\n`);
      } finally {
        outputs.dispose();
      }
    }
    await writeFile(options.out, bytes).catch((error: Error) => {
      throw new UsageError(`--out '${options.out}' cannot be written (${error.message}): choose another --out`);
    });
    const from = setup.data.heldOut === undefined ? 'training images' : 'held-out images';
    out.write(`gan-kit: wrote the translations of ${written} ${from} by step ${step} to ${options.out}\n`);
    return 0;
  } finally {
    tf.dispose([inputs.a, inputs.b]);
  }
}

/** `x.labels.npy` beside `x.npy`: where `sample` writes a conditional run's labels. */
export function labelsFileFor(npyPath: string): string {
  return `${npyPath.slice(0, -'.npy'.length)}.labels.npy`;
}

/**
 * `gan-kit sample`: writes `count` samples of a trained run as `.npy`, `.png` or `.json`. A conditional run is asked
 * for the `--labels` classes in turn (default: all its classes); their labels go beside `.npy` samples as an int32
 * `FILE.labels.npy` of shape [count], into `.json` as `labels`, and a `.png` grid has one column per listed class.
 * `--truncation ψ` is the truncation trick: for a StyleGAN2 run, truncation in W toward the tracked mean style, ψ in
 * [0, 1]; for other GAN runs, latents (with `--interpolate`, the two ends of the walk) from N(0, I) truncated to
 * [−ψ, ψ], BigGAN's form (Brock et al. 2018, arXiv 1809.11096, §3.1) — fewer but more typical samples as ψ shrinks.
 * A StyleGAN2 run also takes `--style-mix` (a count × count grid, default 8 × 8: rows' coarse styles, columns' fine styles).
 */
export async function sample(flags: SampleFlags, out: NodeJS.WriteStream, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  const format = FORMATS.find((f) => flags.out.toLowerCase().endsWith(f));
  if (format === undefined) throw new UsageError(`--out '${flags.out}' must end in ${FORMATS.join(', ')}`);
  const count = flags.count === undefined ? (flags.styleMix === true ? 8 : 64) : parseInteger('--count', flags.count);
  if (flags.interpolate === true && count < 2) throw new UsageError(`--interpolate walks from one latent to another in --count points: give --count 2 or more, got ${count}`);
  const seed = flags.seed === undefined ? undefined : parseInteger('--seed', flags.seed, 0);
  await checkOutputFile(flags.out, FORMATS);
  const runConfig = await readRunConfig(flags.run, '--run');
  const { conditioning, model } = runConfig;
  if (isTranslationModel(model)) {
    const flag = flags.interpolate === true ? '--interpolate' : flags.labels !== undefined ? '--labels'
      : flags.truncation !== undefined ? '--truncation' : flags.styleMix === true ? '--style-mix' : undefined;
    if (flag !== undefined) throw new UsageError(`${flag} draws from a GAN's latent space, but --run '${flags.run}' is a ${model} run, which translates images: drop ${flag}`);
  }
  const controls = styleGan2Controls(flags, runConfig, flags.run);
  // Other GAN runs read --truncation as BigGAN's bound on the latents.
  const truncation = model === 'stylegan2' || flags.truncation === undefined ? undefined : parsePositive('--truncation', flags.truncation);
  const classes = flags.labels === undefined ? undefined : parseLabels(flags.labels, conditioning, flags.run);
  const run = await restoreRun(flags.run, flags.backend, (line) => err.write(`gan-kit: ${line}\n`));
  const { setup, checkpoint } = run;
  if (setup.kind === 'translation') {
    try {
      return await writeTranslations(setup, checkpoint.step, { ...flags, count, seed, format }, out);
    } finally {
      disposeRun(run);
    }
  }
  const { trainer, data } = setup;
  const kind = data.kind;
  try {
    // --style-mix: a count × count grid. --interpolate: count points on the great-circle arc between two latents
    // drawn from the seed (spherical interpolation keeps the walk where N(0, I) puts its mass).
    let drawn: { samples: tf.Tensor; labels: number[] | undefined };
    if (controls.styleMix) {
      drawn = { samples: styleMixGrid(trainer, count, seed ?? 0, controls.psi), labels: undefined };
    } else {
      const latents = flags.interpolate === true
        ? tf.tidy(() => interpolationGrid(trainer.sampleLatents(1, seed ?? 0, truncation), trainer.sampleLatents(1, (seed ?? 0) + 1, truncation), count))
        : trainer.sampleLatents(count, seed, truncation);
      try {
        drawn = model === 'stylegan2' ? { samples: truncatedSamples(trainer, latents, controls.psi), labels: undefined } : drawSamples(trainer, count, { latents, classes });
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
        bytes = await encodePng(await samplePicture(samples, { kind, modes: data.modes, std: data.std }, checkpoint.step, columns));
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
    const truncated = controls.psi !== undefined ? ` truncated with ψ = ${controls.psi}` : truncation !== undefined ? ` (latents truncated to ±${truncation})` : '';
    out.write(`gan-kit: wrote ${written} ${how}samples${what}${truncated} of step ${checkpoint.step} to ${flags.out}${beside}\n`);
    return 0;
  } finally {
    disposeRun(run);
  }
}
