import { mkdir, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { CycleGanTrainer, SrganTrainer, encodePng, imageGrid, type RgbaImage } from '../index.js';
import { decodeImageFile, imageTensor, listImageFiles } from '../data/image_folder.js';
import { resizeImages } from '../data/resize.js';
import { checkOutputFile } from './output_file.js';
import { restoreTranslator, type RestoredTranslator } from './restore_run.js';
import { isTranslationModel } from './run_config.js';
import { readRunConfig } from './run_directory.js';
import { UsageError } from './usage_error.js';

/** The flags of `gan-kit translate`. */
export interface TranslateFlags {
  readonly run: string;
  readonly in: string;
  readonly out: string;
  readonly direction?: string;
  readonly backend?: string;
}

const DIRECTIONS = ['a2b', 'b2a'] as const;
type Direction = (typeof DIRECTIONS)[number];

/** Images run through the generator at once. */
const BATCH = 16;

/** What `--in` names: one image file (written to the file `--out`), or a folder's images (written into the folder `--out`). */
interface Inputs {
  readonly files: readonly string[];
  readonly folder: boolean;
}

/** The image files `--in` names, or a {@link UsageError}. */
async function listInputs(path: string): Promise<Inputs> {
  const found = await stat(path).catch(() => undefined);
  if (found === undefined) throw new UsageError(`--in '${path}' does not exist: give a PNG or JPEG file, or a folder of them`);
  if (!found.isDirectory()) return { files: [path], folder: false };
  const files = await listImageFiles(path, 'translate').catch((error: Error) => {
    throw new UsageError(`--in ${error.message.replace(/^translate: /, '').replace(/\.$/, '')}: give a folder of PNG or JPEG images`);
  });
  return { files, folder: true };
}

/**
 * The output file of each input: `--out` itself for one file, else `--out/NAME.png` (the folder is made by
 * {@link writeOutputs}). Checked before any work is done.
 */
async function outputFiles(inputs: Inputs, out: string): Promise<string[]> {
  if (!inputs.folder) {
    if (!out.toLowerCase().endsWith('.png')) throw new UsageError(`--out '${out}' must end in .png (--in is one image)`);
    await checkOutputFile(out, ['.png']);
    return [out];
  }
  if ((await stat(out).catch(() => undefined))?.isDirectory() === false) {
    throw new UsageError(`--out '${out}' is a file, but --in is a folder: give a folder for the translations`);
  }
  return inputs.files.map((file) => join(out, `${basename(file, extname(file))}.png`));
}

/** Writes each PNG to its file, making their folder when missing. */
async function writeOutputs(files: readonly string[], pictures: readonly Uint8Array[]): Promise<void> {
  for (const [i, file] of files.entries()) {
    await mkdir(dirname(file), { recursive: true })
      .then(() => writeFile(file, pictures[i]!))
      .catch((error: Error) => {
        throw new UsageError(`--out '${file}' cannot be written (${error.message}): choose another --out`);
      });
  }
}

/** Decodes every input up front, so that an unreadable one is refused before the run is restored or anything written. */
async function decodeInputs(files: readonly string[]): Promise<RgbaImage[]> {
  const pictures: RgbaImage[] = [];
  for (const file of files) {
    pictures.push(await decodeImageFile(file, 'translate').catch((error: Error) => {
      throw new UsageError(`--in ${error.message.replace(/^translate: /, '').replace(/\.$/, '')}: give PNG or JPEG images`);
    }));
  }
  return pictures;
}

/** A picture as training read its inputs: RGB in [−1, 1], stretched to `[h, w]` and converted to `c` channels. */
function inputTensor(picture: RgbaImage, shape: readonly number[]): tf.Tensor3D {
  return tf.tidy(() => resizeImages(imageTensor(picture), { height: shape[0]!, width: shape[1]!, channels: shape[2] as 1 | 3 }));
}

/** The restored generator applied to `images` (inference mode): CycleGAN in `direction`, pix2pix forward, SRGAN up-scaling. */
function generate(translator: RestoredTranslator, images: tf.Tensor4D, direction: Direction): tf.Tensor4D {
  const { trainer } = translator;
  if (trainer instanceof CycleGanTrainer) return trainer.translate(images, direction) as tf.Tensor4D;
  if (trainer instanceof SrganTrainer) return trainer.upscale(images) as tf.Tensor4D;
  return trainer.translate(images) as tf.Tensor4D;
}

/**
 * `gan-kit translate`: runs an image-to-image run's generator on new images — a PNG or JPEG file, or every one in a
 * folder — each read as training read its inputs (resized to the run's input size, converted to its channels), and
 * writes the outputs as PNG: CycleGAN in `--direction` (default a2b), pix2pix in the direction it was trained,
 * SRGAN up-scaled by its `--scale`. Bad input (no run, a GAN run, a missing or undecodable image, an unwritable
 * `--out`) is a {@link UsageError}, found before anything is written.
 */
export async function translate(flags: TranslateFlags, out: NodeJS.WriteStream, err: NodeJS.WritableStream): Promise<number> {
  if (flags.direction !== undefined && !(DIRECTIONS as readonly string[]).includes(flags.direction)) {
    throw new UsageError(`--direction must be a2b or b2a, got '${flags.direction}'`);
  }
  const config = await readRunConfig(flags.run, '--run');
  const direction = (flags.direction ?? (config.model === 'cyclegan' ? 'a2b' : config.direction ?? 'a2b')) as Direction;
  if (isTranslationModel(config.model) && config.model !== 'cyclegan' && direction !== (config.direction ?? 'a2b')) {
    throw new UsageError(`--direction ${direction}: --run '${flags.run}' is a ${config.model} run, which translates only the way it was trained (${config.direction ?? 'a2b'}): drop --direction`);
  }
  const inputs = await listInputs(flags.in);
  const targets = await outputFiles(inputs, flags.out);
  const decoded = await decodeInputs(inputs.files);
  const translator = await restoreTranslator(flags.run, flags.backend, (line) => err.write(`gan-kit: ${line}\n`));
  const images: tf.Tensor3D[] = [];
  try {
    const shape = direction === 'b2a' && config.model === 'cyclegan' ? translator.shapes.b : translator.shapes.a;
    for (const picture of decoded) images.push(inputTensor(picture, shape));
    const pictures: Uint8Array[] = [];
    let size = '';
    for (let start = 0; start < images.length; start += BATCH) {
      const outputs = tf.tidy(() => generate(translator, tf.stack(images.slice(start, start + BATCH)) as tf.Tensor4D, direction));
      size = `${outputs.shape[1]}×${outputs.shape[2]}`;
      try {
        for (let i = 0; i < outputs.shape[0]; i++) {
          const one = tf.slice(outputs, i, 1);
          pictures.push(await encodePng(await imageGrid(one, { columns: 1, padding: 0 })).finally(() => one.dispose()));
        }
      } finally {
        outputs.dispose();
      }
    }
    await writeOutputs(targets, pictures);
    const how = config.model === 'srgan' ? 'up-scaled' : `translated (${direction})`;
    out.write(`gan-kit: ${how} ${images.length} image(s) to ${size} with step ${translator.checkpoint.step} of the run; wrote ${flags.out}\n`);
    return 0;
  } finally {
    tf.dispose(images);
    translator.dispose();
  }
}
