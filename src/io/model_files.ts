import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { syncDirectory, writeFileAtomically } from './durable_files.js';
import { importAtRunTime } from './optional_package.js';

/**
 * Model files in Node without `@tensorflow/tfjs-node`: the TensorFlow.js Layers format, as written by tfjs-node's
 * `file://` handler and by the Python `tensorflowjs_converter` — a `model.json` holding `modelTopology` (the Keras
 * model configuration) and `weightsManifest` (the name, shape and dtype of every weight and the shard files holding
 * them), plus binary shards `group1-shard1ofN.bin` of at most 4 MiB holding the weights back to back, little-endian.
 * Such a folder loads in a browser with `tf.loadLayersModel('https://…/model.json')` and converts to Keras with
 * `tensorflowjs_converter --input_format tfjs_layers_model --output_format keras model.json model.h5`.
 *
 * Loading treats the files as untrusted: sizes are capped and checked against the manifest before anything is
 * allocated, shard paths must stay inside the model's folder, and every class named in the topology must be one
 * registered with `tf.serialization.registerClass` (no code is ever evaluated from a file).
 */

/** Bytes per weight shard, as in tfjs-node and `tensorflowjs_converter` (4 MiB). */
export const WEIGHT_SHARD_BYTES = 4 * 1024 * 1024;

/** The file name of the model description inside a model folder. */
export const MODEL_JSON = 'model.json';

/** Limits applied when reading model files (defaults in brackets). */
export interface ModelLoadLimits {
  /** Largest `model.json` read, in bytes [64 MiB]. */
  readonly maxModelJsonBytes?: number;
  /** Largest total size of the weights, in bytes [1 GiB]; larger manifests are refused before any allocation. */
  readonly maxWeightBytes?: number;
}

const DEFAULT_MAX_MODEL_JSON_BYTES = 64 * 1024 * 1024;
const DEFAULT_MAX_WEIGHT_BYTES = 1024 * 1024 * 1024;
const MAX_JSON_DEPTH = 256;
const MAX_RANK = 16;
const SHARD_NAME = /^group\d+-shard\d+of\d+\.bin$/;
/**
 * Most weight files a manifest may name: a model at the weight limit in the smallest shards converters write (1 MiB)
 * needs 1,024, so a longer list is damage, and refusing it keeps every check fast.
 */
const MAX_WEIGHT_FILES = 10_000;
/** Shard names an error message lists before it summarizes the rest. */
const NAMES_SHOWN = 3;

/** `a, b, c and 97 more`: a list of file names kept short in messages. */
function someNames(names: readonly string[]): string {
  if (names.length === 0) return '(none)';
  const shown = names.slice(0, NAMES_SHOWN).join(', ');
  return names.length > NAMES_SHOWN ? `${shown} and ${names.length - NAMES_SHOWN} more` : shown;
}

const DTYPE_BYTES: Readonly<Record<string, number>> = { float32: 4, int32: 4, bool: 1 };
const QUANTIZED_BYTES: Readonly<Record<string, number>> = { uint8: 1, uint16: 2, float16: 2 };

/** The name of a shard, as tfjs writes them: `group1-shard{i}of{n}.bin`, i from 1. */
function shardName(index: number, count: number): string {
  return `group1-shard${index + 1}of${count}.bin`;
}

function concatenate(weightData: tf.io.WeightData): Uint8Array {
  const buffers = Array.isArray(weightData) ? weightData : [weightData];
  const total = buffers.reduce((sum, b) => sum + b.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const b of buffers) {
    out.set(new Uint8Array(b), offset);
    offset += b.byteLength;
  }
  return out;
}

/**
 * Writes model artifacts into `directory` (created when missing) as `model.json` plus 4 MiB shards. Each file is
 * replaced atomically (temporary file, fsync, rename, fsync of the folder), the shards first and `model.json` last;
 * shards of an earlier save that the new `model.json` no longer names are then removed. A crash leaves a complete `model.json` (old or new); when it replaces an earlier model of identical
 * shard names, the old `model.json` can meet new shards — for fully atomic snapshots use `CheckpointManager`,
 * which writes each checkpoint into a new folder.
 *
 * @returns the file names written, relative to `directory`, `model.json` last.
 */
export async function writeModelArtifacts(directory: string, artifacts: tf.io.ModelArtifacts): Promise<string[]> {
  const topology = artifacts.modelTopology;
  if (topology === undefined || topology === null || topology instanceof ArrayBuffer || typeof topology !== 'object') {
    throw new Error('fileSaveHandler: the model artifacts have no JSON modelTopology; only tfjs-layers models (tf.LayersModel) can be saved to files.');
  }
  const { mkdir, readdir, rm } = await importAtRunTime<typeof import('node:fs/promises')>('node:fs/promises');
  const { join } = await importAtRunTime<typeof import('node:path')>('node:path');
  await mkdir(directory, { recursive: true });
  const bytes = artifacts.weightData === undefined ? new Uint8Array(0) : concatenate(artifacts.weightData);
  const count = Math.ceil(bytes.byteLength / WEIGHT_SHARD_BYTES);
  const shards = Array.from({ length: count }, (_, i) => shardName(i, count));
  const modelJson: tf.io.ModelJSON = {
    modelTopology: topology,
    format: artifacts.format ?? 'layers-model',
    generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-layers v${tfl.version_layers}`,
    convertedBy: artifacts.convertedBy ?? null,
    weightsManifest: [{ paths: shards, weights: artifacts.weightSpecs ?? [] }],
    ...(artifacts.trainingConfig === undefined ? {} : { trainingConfig: artifacts.trainingConfig }),
    ...(artifacts.userDefinedMetadata === undefined ? {} : { userDefinedMetadata: artifacts.userDefinedMetadata }),
  };
  for (let i = 0; i < count; i++) {
    await writeFileAtomically(join(directory, shards[i]!), bytes.subarray(i * WEIGHT_SHARD_BYTES, (i + 1) * WEIGHT_SHARD_BYTES));
  }
  await writeFileAtomically(join(directory, MODEL_JSON), JSON.stringify(modelJson));
  const stale = (await readdir(directory)).filter((name) => SHARD_NAME.test(name) && !shards.includes(name));
  if (stale.length > 0) {
    await Promise.all(stale.map((name) => rm(join(directory, name), { force: true })));
    await syncDirectory(directory);
  }
  return [...shards, MODEL_JSON];
}

/**
 * A `tf.io.IOHandler` that saves a model into a folder in Node, in the TensorFlow.js Layers format (see the module
 * documentation): `await model.save(fileSaveHandler('out/generator'))`.
 *
 * @param directory - the folder to write `model.json` and the shards into; created when missing.
 */
export function fileSaveHandler(directory: string): tf.io.IOHandler {
  if (typeof directory !== 'string' || directory.length === 0) {
    throw new TypeError(`fileSaveHandler: directory must be a non-empty path, saw ${String(directory)}.`);
  }
  return {
    save: async (artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> => {
      await writeModelArtifacts(directory, artifacts);
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
  };
}

/**
 * Saves a `tf.LayersModel` into `directory` as `model.json` plus weight shards (all weights, trainable or not:
 * BatchNorm moving statistics and spectral normalization's u included).
 *
 * @example
 * ```ts
 * await saveModel(generator, 'runs/mnist/generator');
 * const copy = await loadModel('runs/mnist/generator/model.json');
 * ```
 */
export async function saveModel(model: tfl.LayersModel, directory: string): Promise<tf.io.SaveResult> {
  if (model === null || typeof model !== 'object' || typeof model.save !== 'function') {
    throw new TypeError(`saveModel: model must be a tf.LayersModel, saw ${String(model)}.`);
  }
  return model.save(fileSaveHandler(directory));
}

/** Context for error messages: which function read which file. */
interface Reading {
  readonly user: string;
  readonly file: string;
}

function fail(reading: Reading, problem: string, remedy = 'the model files are damaged or were not written by TensorFlow.js; save the model again.'): never {
  throw new Error(`${reading.user}: "${reading.file}" ${problem}; ${remedy}`);
}

/** Property names every plain object inherits: tfjs-layers looks class names up with `in`, so these must never name one. */
function isInheritedName(name: string): boolean {
  return name in Object.prototype;
}

/**
 * Walks the topology iteratively (no recursion: a deeply nested file cannot exhaust the stack) and refuses keys
 * `__proto__`, strings naming inherited object properties (`constructor`, `toString`, …) and class names that
 * are not registered with `tf.serialization.registerClass`.
 */
function checkTopology(topology: unknown, reading: Reading): void {
  const registered = tf.serialization.SerializationMap.getMap().classNameMap;
  const stack: { value: unknown; where: string; depth: number }[] = [{ value: topology, where: 'modelTopology', depth: 0 }];
  while (stack.length > 0) {
    const { value, where, depth } = stack.pop()!;
    if (depth > MAX_JSON_DEPTH) fail(reading, `nests deeper than ${MAX_JSON_DEPTH} levels at ${where}`);
    if (typeof value === 'string') {
      if (isInheritedName(value)) {
        fail(reading, `holds the string '${value}' at ${where}, the name of a built-in object property, which tfjs-layers would look up as a class`);
      }
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      value.forEach((item, i) => stack.push({ value: item, where: `${where}[${i}]`, depth: depth + 1 }));
      continue;
    }
    for (const [key, item] of Object.entries(value)) {
      if (key === '__proto__') fail(reading, `holds the key '__proto__' at ${where}`);
      if (key === 'class_name' || key === 'className') {
        if (typeof item !== 'string' || isInheritedName(item) || !Object.hasOwn(registered, item)) {
          fail(
            reading,
            `names the class ${JSON.stringify(item)} at ${where}.${key}, which is not registered with tf.serialization.registerClass`,
            'import the module that defines this custom layer (it registers the class) before loading, or save the model again.',
          );
        }
      }
      stack.push({ value: item, where: `${where}.${key}`, depth: depth + 1 });
    }
  }
}

function isSizeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Checks one manifest entry and returns its byte length, refusing sizes beyond `maxBytes`. */
function entryBytes(entry: unknown, where: string, maxBytes: number, reading: Reading): number {
  if (entry === null || typeof entry !== 'object') fail(reading, `has a weightsManifest entry ${where} that is not an object`);
  const { name, shape, dtype, quantization } = entry as Record<string, unknown>;
  if (typeof name !== 'string' || name.length === 0) fail(reading, `has a weight ${where} without a name`);
  if (!Array.isArray(shape) || shape.length > MAX_RANK || !shape.every(isSizeInteger)) {
    fail(reading, `gives weight '${name}' the shape ${JSON.stringify(shape)}; a shape is a list of at most ${MAX_RANK} non-negative integers`);
  }
  if (typeof dtype !== 'string' || !Object.hasOwn(DTYPE_BYTES, dtype)) {
    fail(reading, `gives weight '${name}' the dtype ${JSON.stringify(dtype)}; supported: ${Object.keys(DTYPE_BYTES).join(', ')}`);
  }
  let perValue = DTYPE_BYTES[dtype]!;
  if (quantization !== undefined) {
    const q = quantization as Record<string, unknown> | null;
    const qDtype = q?.['dtype'];
    if (typeof qDtype !== 'string' || !Object.hasOwn(QUANTIZED_BYTES, qDtype)
      || !['scale', 'min'].every((k) => q?.[k] === undefined || Number.isFinite(q[k]))) {
      fail(reading, `gives weight '${name}' the quantization ${JSON.stringify(quantization)}; supported: uint8, uint16 (with finite scale and min) or float16`);
    }
    perValue = QUANTIZED_BYTES[qDtype]!;
  }
  let size = perValue;
  for (const d of shape as number[]) {
    size *= d;
    if (size > maxBytes) {
      fail(reading, `gives weight '${name}' the shape [${(shape as number[]).join(', ')}], more than the limit of ${maxBytes} bytes`, 'pass a larger maxWeightBytes if the model is really that large.');
    }
  }
  return size;
}

/** A manifest group after validation: its shard files (absolute) and the bytes its weights need. */
interface CheckedGroup {
  readonly files: string[];
  readonly bytes: number;
}

async function checkManifest(manifest: unknown, folder: string, maxBytes: number, reading: Reading): Promise<{ groups: CheckedGroup[]; specs: tf.io.WeightsManifestEntry[] }> {
  const { isAbsolute, relative, resolve, sep } = await importAtRunTime<typeof import('node:path')>('node:path');
  if (!Array.isArray(manifest)) fail(reading, 'has no weightsManifest list');
  const groups: CheckedGroup[] = [];
  const specs: tf.io.WeightsManifestEntry[] = [];
  const names = new Set<string>();
  const shards = new Set<string>();
  let total = 0;
  manifest.forEach((group: unknown, g) => {
    const { paths, weights } = (group ?? {}) as Record<string, unknown>;
    if (!Array.isArray(paths) || !Array.isArray(weights)) fail(reading, `has a weightsManifest group ${g} without paths and weights lists`);
    if (shards.size + paths.length > MAX_WEIGHT_FILES) {
      fail(reading, `names ${shards.size + paths.length} weight files, more than the limit of ${MAX_WEIGHT_FILES}`);
    }
    const files = paths.map((p: unknown) => {
      if (typeof p !== 'string' || p.length === 0 || p.includes('\0') || isAbsolute(p) || p.includes('\\')) {
        fail(reading, `names the weight file ${JSON.stringify(p)}; weight files must be relative paths inside the model's folder`);
      }
      const full = resolve(folder, p);
      const inside = relative(folder, full);
      if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
        fail(reading, `names the weight file ${JSON.stringify(p)}, which lies outside the model's folder`);
      }
      if (shards.has(full)) fail(reading, `names the weight file ${JSON.stringify(p)} twice; every shard is listed once`);
      shards.add(full);
      return full;
    });
    let bytes = 0;
    weights.forEach((entry: unknown, i) => {
      bytes += entryBytes(entry, `${g}.${i}`, maxBytes, reading);
      const spec = entry as tf.io.WeightsManifestEntry;
      if (names.has(spec.name)) fail(reading, `lists the weight '${spec.name}' twice`);
      names.add(spec.name);
      specs.push(spec);
    });
    total += bytes;
    if (total > maxBytes) {
      fail(reading, `declares ${total} bytes of weights, more than the limit of ${maxBytes} bytes`, 'pass a larger maxWeightBytes if the model is really that large.');
    }
    groups.push({ files, bytes });
  });
  return { groups, specs };
}

/** Reads a regular file of at most `maxBytes`, refusing devices, FIFOs and folders (which could block or never end). */
async function readRegularFile(path: string, maxBytes: number, reading: Reading): Promise<Uint8Array> {
  const { readFile, stat } = await importAtRunTime<typeof import('node:fs/promises')>('node:fs/promises');
  const info = await stat(path).catch((error: Error) => fail({ ...reading, file: path }, `cannot be read (${error.message})`, 'check the path.'));
  if (!info.isFile()) fail({ ...reading, file: path }, 'is not a regular file', 'pass the path of a model.json file.');
  if (info.size > maxBytes) fail({ ...reading, file: path }, `is ${info.size} bytes, more than the limit of ${maxBytes}`, 'pass a larger limit if the file is really that large.');
  const buffer = await readFile(path);
  if (buffer.byteLength > maxBytes) fail({ ...reading, file: path }, `grew beyond the limit of ${maxBytes} bytes while being read`);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/**
 * Reads and validates a model folder's `model.json` and weight shards, returning the artifacts tfjs-layers loads.
 * Nothing is allocated for the weights before the manifest's sizes have been checked against the limit and against
 * the sizes of the files on disk.
 *
 * @param path - a `model.json` file, or the folder holding one.
 */
export async function readModelArtifacts(path: string, limits: ModelLoadLimits = {}, user = 'loadModel'): Promise<tf.io.ModelArtifacts> {
  const { stat, realpath } = await importAtRunTime<typeof import('node:fs/promises')>('node:fs/promises');
  const { dirname, join, relative, sep, isAbsolute } = await importAtRunTime<typeof import('node:path')>('node:path');
  const maxJson = limits.maxModelJsonBytes ?? DEFAULT_MAX_MODEL_JSON_BYTES;
  const maxWeights = limits.maxWeightBytes ?? DEFAULT_MAX_WEIGHT_BYTES;
  const isFolder = await stat(path).then((s) => s.isDirectory(), () => false);
  const file = isFolder ? join(path, MODEL_JSON) : path;
  const reading: Reading = { user, file };
  const text = new TextDecoder('utf-8', { fatal: false }).decode(await readRegularFile(file, maxJson, reading));
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    fail(reading, `is not valid JSON (${(error as Error).message})`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) fail(reading, 'does not hold a JSON object');
  const { modelTopology, weightsManifest, format, generatedBy, convertedBy, trainingConfig, userDefinedMetadata } = json as Record<string, unknown>;
  if (format !== undefined && format !== 'layers-model') {
    fail(reading, `has format ${JSON.stringify(format)}`, 'only TensorFlow.js Layers models (format "layers-model") can be loaded as a tf.LayersModel.');
  }
  if (modelTopology === null || typeof modelTopology !== 'object' || Array.isArray(modelTopology)) fail(reading, 'has no modelTopology object');
  checkTopology(modelTopology, reading);
  const folder = await realpath(dirname(file));
  const { groups, specs } = await checkManifest(weightsManifest, folder, maxWeights, reading);
  const files: { path: string; bytes: number }[] = [];
  for (const group of groups) {
    let onDisk = 0;
    for (const shard of group.files) {
      const info = await stat(shard).catch((error: Error) => fail({ ...reading, file: shard }, `cannot be read (${error.message})`, 'copy every shard named in model.json next to it.'));
      if (!info.isFile()) fail({ ...reading, file: shard }, 'is not a regular file');
      const real = await realpath(shard);
      const inside = relative(folder, real);
      if (inside.startsWith(`..${sep}`) || isAbsolute(inside)) fail({ ...reading, file: shard }, "is a link to a file outside the model's folder");
      onDisk += info.size;
      files.push({ path: shard, bytes: info.size });
    }
    if (onDisk !== group.bytes) {
      fail(reading, `declares ${group.bytes} bytes of weights for the shards ${someNames(group.files.map((f) => relative(folder, f)))}, but they hold ${onDisk} bytes`, 'the weight files are truncated or belong to another model; save the model again.');
    }
  }
  const total = files.reduce((sum, f) => sum + f.bytes, 0);
  const weightData = new Uint8Array(total);
  let offset = 0;
  for (const f of files) {
    const bytes = await readRegularFile(f.path, f.bytes, reading);
    if (bytes.byteLength !== f.bytes) fail({ ...reading, file: f.path }, `changed size while being read (${f.bytes} → ${bytes.byteLength} bytes)`);
    weightData.set(bytes, offset);
    offset += bytes.byteLength;
  }
  const artifacts: tf.io.ModelArtifacts = { modelTopology: modelTopology as object, weightSpecs: specs, weightData: weightData.buffer, format: 'layers-model' };
  if (typeof generatedBy === 'string') artifacts.generatedBy = generatedBy;
  if (typeof convertedBy === 'string') artifacts.convertedBy = convertedBy;
  if (trainingConfig !== null && typeof trainingConfig === 'object') artifacts.trainingConfig = trainingConfig as tf.io.TrainingConfig;
  if (userDefinedMetadata !== null && typeof userDefinedMetadata === 'object') artifacts.userDefinedMetadata = userDefinedMetadata as Record<string, object>;
  return artifacts;
}

/**
 * A `tf.io.IOHandler` that loads a model saved in the TensorFlow.js Layers format from a file in Node, treating the
 * files as untrusted (see the module documentation): `await tf.loadLayersModel(fileLoadHandler('model.json'))`.
 *
 * @param path - a `model.json` file, or the folder holding one.
 * @param limits - size limits, see {@link ModelLoadLimits}.
 */
export function fileLoadHandler(path: string, limits: ModelLoadLimits = {}): tf.io.IOHandler {
  if (typeof path !== 'string' || path.length === 0) {
    throw new TypeError(`fileLoadHandler: path must be a non-empty path to a model.json file, saw ${String(path)}.`);
  }
  return { load: () => readModelArtifacts(path, limits, 'fileLoadHandler') };
}

/**
 * Loads a `tf.LayersModel` saved by {@link saveModel}, tfjs-node or `tensorflowjs_converter`. Every weight in the
 * files must match a weight of the model and vice versa. Custom layers load when their module (which calls
 * `tf.serialization.registerClass`) has been imported.
 *
 * @param path - a `model.json` file, or the folder holding one.
 * @param limits - size limits, see {@link ModelLoadLimits}.
 * @throws an Error naming the file and what is wrong with it: unreadable, malformed JSON, an unregistered class,
 *   a bad manifest entry, a shard outside the folder, sizes that disagree with the manifest.
 */
export async function loadModel(path: string, limits: ModelLoadLimits = {}): Promise<tfl.LayersModel> {
  const artifacts = await readModelArtifacts(path, limits, 'loadModel');
  try {
    return await tfl.loadLayersModel(tf.io.fromMemory(artifacts), { strict: true });
  } catch (error) {
    throw new Error(`loadModel: "${path}" holds a model that tfjs-layers cannot build (${(error as Error).message}); save the model again.`, { cause: error });
  }
}
