import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { syncDirectory, temporarySuffix, writeFileDurably } from '../io/durable_files.js';
import { readModelArtifacts, writeModelArtifacts } from '../io/model_files.js';
import { importAtRunTime } from '../io/optional_package.js';
import type { RandomState } from '../utils/random.js';
import type { TrainerCallbacks, TrainingState } from './callbacks.js';
import { configurationFromFormat1 } from './checkpoint_format1.js';
import type { DataStreamState } from './data_source.js';
import type { GanAlgorithm } from './gan_algorithm.js';
import type { GanTrainer, NonFiniteHandler } from './gan_trainer.js';
import type { StepLogs } from './history.js';
import type { JsonValue } from './json.js';
import type { NonFiniteError } from './non_finite_error.js';
import type { OptimizerState, TrainerConfiguration, TrainerSnapshot, WeightValues } from './trainer_state.js';

/** Any trainer: the generic loop running any algorithm (what checkpoints save and restore). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyGanTrainer = GanTrainer<GanAlgorithm<any, any, any>>;

/**
 * Checkpoints of a trainer ({@link GanTrainer} and every trainer built on it) on disk (Node only; Node modules are
 * imported on first use).
 *
 * A checkpoint is a folder `ckpt-000001200` (the step, zero-padded) holding
 * - one folder per network of the algorithm, named as the algorithm names it (`generator/`, `discriminator/`,
 *   `generator-ema/`, `encoder/`, …): each in the TensorFlow.js Layers format (`model.json` + shards; loadable with
 *   `loadModel` or `tf.loadLayersModel`), every weight included (BatchNorm moving statistics, spectral normalization's u);
 * - `optimizers.json` + `optimizers.bin`: every optimizer's state by name (iteration count, Adam's moments and β powers);
 * - `variables.bin`: the algorithm's and its regularizers' other tensors (described in `trainer.json`), when it has any;
 * - `trainer.json`: format version, step, seed, random-stream state, data-stream position and permutation, the
 *   algorithm's name, its networks in order, configuration (algorithm settings, optimizer settings, regularizers with
 *   their current weights), the algorithm's JSON state, history and the caller's `extra` (e.g. the CLI's settings);
 * - `manifest.json`, written last: the byte size and SHA-256 of every other file.
 *
 * It is written into a temporary folder, every file and folder is flushed to the disk (fsync), and the folder is
 * renamed into place: a crash at any moment leaves either the complete checkpoint or none (plus a temporary
 * folder that the next save removes). When reading, a checkpoint whose files do not match its manifest is skipped
 * and the previous one is used. Only the newest `keep` checkpoints are kept. One writer per directory.
 *
 * Checkpoints of format version 1 (written by gan-kit before the training loop named its networks: always a GAN with
 * `generator`, `discriminator` and optionally `generator-ema`) are read too, and restore and resume exactly.
 */

/** The format name and version written into every manifest and `trainer.json`. */
export const CHECKPOINT_FORMAT = 'gan-kit-checkpoint';
/** The checkpoint format version gan-kit writes (2: networks and optimizers by name); versions 1 and 2 are read. */
export const CHECKPOINT_VERSION = 2;

/** The oldest checkpoint format version still read. */
const OLDEST_READABLE_VERSION = 1;

const FOLDER = /^ckpt-(\d{9,})$/;
/** A network's name, which is its folder's name. */
const NETWORK = /^[a-z][a-z0-9-]*$/;
const TEMPORARY = /^\.(tmp|old)-ckpt-/;
const FILE = /^(?:[a-z][a-z0-9-]*\/(?:model\.json|group1-shard\d+of\d+\.bin)|optimizers\.json|optimizers\.bin|variables\.bin|trainer\.json)$/;
const MAX_MANIFEST_BYTES = 1024 * 1024;
const MAX_JSON_BYTES = 256 * 1024 * 1024;
const MAX_BIN_BYTES = 4 * 1024 * 1024 * 1024;

function folderName(step: number): string {
  return `ckpt-${String(step).padStart(9, '0')}`;
}

/** Options of {@link CheckpointManager}. */
export interface CheckpointManagerOptions {
  /** The folder holding the checkpoints (created when missing). */
  readonly directory: string;
  /** How many of the newest checkpoints to keep; an integer ≥ 1, default 3. */
  readonly keep?: number;
}

/** The logs of one step as checkpoints keep them: anything JSON with the step's index. */
export interface LoggedStep {
  /** The step the logs belong to. */
  readonly step: number;
}

/** Options of {@link CheckpointManager.save}. */
export interface SaveCheckpointOptions<L extends LoggedStep = StepLogs> {
  /** The run's history up to now, stored in `trainer.json` (default: none). */
  readonly history?: readonly L[];
  /** Anything JSON the caller wants back on restore (the CLI's settings, …). */
  readonly extra?: JsonValue;
}

/** A checkpoint read back and verified against its manifest. */
export interface LoadedCheckpoint<L extends LoggedStep = StepLogs> {
  /** Its folder. */
  readonly path: string;
  /** The generator step the checkpoint was saved at (also `snapshot.step`). */
  readonly step: number;
  /** When it was written (ISO 8601). */
  readonly createdAt: string;
  /** The trainer state, ready for `restore`. */
  readonly snapshot: TrainerSnapshot;
  /** The run's step logs saved with it ({@link SaveCheckpointOptions.history}; empty when none were given). */
  readonly history: L[];
  /** What the caller saved as {@link SaveCheckpointOptions.extra}, or `undefined` when nothing was. */
  readonly extra: JsonValue | undefined;
  /**
   * Newer checkpoints that were damaged or incomplete and skipped, each with its folder (`path`) and a sentence
   * saying what was wrong (`reason`: missing manifest, wrong size, checksum mismatch, …). Empty from `load`.
   */
  readonly skipped: readonly {
    /** The skipped checkpoint's folder. */
    readonly path: string;
    /** What was wrong with it. */
    readonly reason: string;
  }[];
}

/** Options of {@link CheckpointManager.callback} and {@link checkpointCallback}. */
export interface CheckpointCallbackOptions {
  /** Save after every `every`-th step (an integer ≥ 1), and always when the fit ends (also on abort). */
  readonly every: number;
  /** Stored in every checkpoint, see {@link SaveCheckpointOptions.extra}. */
  readonly extra?: JsonValue;
}

interface ValueSpec {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: WeightValues['dtype'];
}

interface FileEntry {
  readonly bytes: number;
  readonly sha256: string;
}

const BYTES_PER_VALUE = { float32: 4, int32: 4, bool: 1 } as const;
const TYPED_ARRAYS = { float32: Float32Array, int32: Int32Array, bool: Uint8Array } as const;

function specOf(w: WeightValues): ValueSpec {
  return { name: w.name, shape: w.shape, dtype: w.dtype };
}

/** The values back to back, little-endian (the layout of TensorFlow.js weight shards). */
function encodeValues(list: readonly WeightValues[]): Uint8Array {
  const total = list.reduce((s, w) => s + w.values.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const w of list) {
    out.set(new Uint8Array(w.values.buffer, w.values.byteOffset, w.values.byteLength), offset);
    offset += w.values.byteLength;
  }
  return out;
}

/** Reads values laid out by {@link encodeValues}; `cursor.offset` advances. Throws when the bytes run out. */
function decodeValues(specs: unknown, bytes: Uint8Array, cursor: { offset: number }, what: string): WeightValues[] {
  if (!Array.isArray(specs)) throw new Error(`${what} has no list of value specifications`);
  return specs.map((spec: unknown) => {
    const { name, shape, dtype } = (spec ?? {}) as Record<string, unknown>;
    if (typeof name !== 'string' || !Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)
      || typeof dtype !== 'string' || !Object.hasOwn(BYTES_PER_VALUE, dtype)) {
      throw new Error(`${what} holds a malformed value specification ${JSON.stringify(spec)}`);
    }
    const d = dtype as WeightValues['dtype'];
    const count = (shape as number[]).reduce((p, x) => p * x, 1);
    const length = count * BYTES_PER_VALUE[d];
    if (!Number.isSafeInteger(length) || cursor.offset + length > bytes.byteLength) {
      throw new Error(`${what} declares more bytes than its data file holds (at '${name}')`);
    }
    const copy = bytes.slice(cursor.offset, cursor.offset + length);
    cursor.offset += length;
    return { name, shape: shape as number[], dtype: d, values: new TYPED_ARRAYS[d](copy.buffer) };
  });
}

function modelArtifacts(model: tfl.LayersModel, weights: readonly WeightValues[]): tf.io.ModelArtifacts {
  return {
    modelTopology: model.toJSON(null, false) as object,
    weightSpecs: weights.map((w) => ({ name: w.name, shape: [...w.shape], dtype: w.dtype })),
    weightData: encodeValues(weights).buffer as ArrayBuffer,
    format: 'layers-model',
  };
}

async function sha256(bytes: Uint8Array): Promise<string> {
  const { createHash } = await importAtRunTime<typeof import('node:crypto')>('node:crypto');
  return createHash('sha256').update(bytes).digest('hex');
}

async function readBounded(path: string, maxBytes: number): Promise<Uint8Array> {
  const { readFile, stat } = await importAtRunTime<typeof import('node:fs/promises')>('node:fs/promises');
  const info = await stat(path);
  if (!info.isFile()) throw new Error(`"${path}" is not a regular file`);
  if (info.size > maxBytes) throw new Error(`"${path}" is ${info.size} bytes, more than the limit of ${maxBytes}`);
  const buffer = await readFile(path);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

function parseJson(bytes: Uint8Array, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new Error(`${what} is not valid JSON (${(error as Error).message})`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${what} does not hold a JSON object`);
  return value as Record<string, unknown>;
}

/** Reads and checks every file named by the manifest: allowed name, size, SHA-256. Returns the verified bytes. */
async function verifiedFiles(path: string): Promise<{ manifest: Record<string, unknown>; files: Map<string, Uint8Array>; version: number }> {
  const { join } = await importAtRunTime<typeof import('node:path')>('node:path');
  const manifestBytes = await readBounded(join(path, 'manifest.json'), MAX_MANIFEST_BYTES).catch((error: Error) => {
    throw new Error(`manifest.json is missing or unreadable, so the checkpoint was not completed (${error.message})`);
  });
  const manifest = parseJson(manifestBytes, 'manifest.json');
  const version = manifest['version'];
  if (manifest['format'] !== CHECKPOINT_FORMAT || typeof version !== 'number' || !Number.isInteger(version) || version < OLDEST_READABLE_VERSION || version > CHECKPOINT_VERSION) {
    throw new Error(`manifest.json is not a ${CHECKPOINT_FORMAT} manifest of version ${OLDEST_READABLE_VERSION} to ${CHECKPOINT_VERSION} (saw version ${JSON.stringify(version)}; a newer gan-kit may have written it)`);
  }
  const entries = manifest['files'];
  if (entries === null || typeof entries !== 'object' || Array.isArray(entries)) throw new Error('manifest.json lists no files');
  const files = new Map<string, Uint8Array>();
  for (const [name, entry] of Object.entries(entries as Record<string, unknown>)) {
    if (!FILE.test(name)) throw new Error(`manifest.json names the unexpected file ${JSON.stringify(name)}`);
    const { bytes, sha256: expected } = (entry ?? {}) as Partial<FileEntry>;
    if (!Number.isSafeInteger(bytes) || typeof expected !== 'string') throw new Error(`manifest.json has a malformed entry for ${name}`);
    const limit = name.endsWith('.json') ? MAX_JSON_BYTES : MAX_BIN_BYTES;
    const data = await readBounded(join(path, name), Math.min(limit, bytes!)).catch((error: Error) => {
      throw new Error(`${name} cannot be read or is larger than its manifest entry (${error.message})`);
    });
    if (data.byteLength !== bytes) throw new Error(`${name} is ${data.byteLength} bytes, but the manifest says ${bytes} (truncated)`);
    if ((await sha256(data)) !== expected) throw new Error(`${name} does not match its SHA-256 checksum (the file is corrupted)`);
    files.set(name, data);
  }
  const required = version === 1 ? ['generator/model.json', 'discriminator/model.json'] : [];
  for (const name of [...required, 'optimizers.json', 'optimizers.bin', 'trainer.json']) {
    if (!files.has(name)) throw new Error(`manifest.json does not list ${name}`);
  }
  return { manifest, files, version };
}

function modelWeightsFrom(artifacts: tf.io.ModelArtifacts, network: string): WeightValues[] {
  const data = artifacts.weightData;
  if (data === undefined || Array.isArray(data)) return [];
  const specs = artifacts.weightSpecs ?? [];
  if (specs.some((s) => s.quantization !== undefined)) throw new Error(`${network}/model.json holds quantized weights, which cannot be trained on`);
  return decodeValues(specs, new Uint8Array(data), { offset: 0 }, `${network}/model.json`);
}

function optimizerFrom(json: unknown, bytes: Uint8Array, cursor: { offset: number }, network: string): OptimizerState {
  const { className, weights, fields } = (json ?? {}) as Record<string, unknown>;
  if (typeof className !== 'string') throw new Error(`optimizers.json has no optimizer class for the ${network}`);
  const what = `optimizers.json (${network})`;
  return { className, weights: decodeValues(weights, bytes, cursor, what), fields: decodeValues(fields, bytes, cursor, what) };
}

/** The networks a checkpoint holds, in order: listed in a format-2 `trainer.json`; fixed in format 1. */
function networkNames(trainer: Record<string, unknown>, files: ReadonlyMap<string, Uint8Array>, version: number): string[] {
  if (version === 1) return ['generator', 'discriminator', ...(files.has('generator-ema/model.json') ? ['generator-ema'] : [])];
  const names = trainer['networks'];
  if (!Array.isArray(names) || names.length === 0 || !names.every((n) => typeof n === 'string' && NETWORK.test(n))) {
    throw new Error('trainer.json does not list the networks');
  }
  for (const name of names as string[]) {
    if (!files.has(`${name}/model.json`)) throw new Error(`manifest.json does not list ${name}/model.json, a network trainer.json names`);
  }
  return names as string[];
}

/** Reads, verifies and decodes the checkpoint in `path`. Throws an Error saying what is damaged. */
async function readCheckpoint<L extends LoggedStep>(path: string): Promise<Omit<LoadedCheckpoint<L>, 'skipped'>> {
  const { join } = await importAtRunTime<typeof import('node:path')>('node:path');
  const { files, version } = await verifiedFiles(path);
  const trainer = parseJson(files.get('trainer.json')!, 'trainer.json');
  const optimizers = parseJson(files.get('optimizers.json')!, 'optimizers.json');
  const { step, seed, random, data, configuration, history, extra, createdAt } = trainer;
  if (trainer['format'] !== CHECKPOINT_FORMAT || !Number.isSafeInteger(step) || (step as number) < 0 || typeof seed !== 'number'
    || random === null || typeof random !== 'object' || configuration === null || typeof configuration !== 'object' || !Array.isArray(history)) {
    throw new Error('trainer.json lacks the step, seed, random state, configuration or history');
  }
  const names = networkNames(trainer, files, version);
  const networks = Object.fromEntries(await Promise.all(names.map(async (network) => {
    const artifacts = await readModelArtifacts(join(path, network), {}, 'CheckpointManager');
    return [network, modelWeightsFrom(artifacts, network)] as const;
  })));
  const bin = files.get('optimizers.bin')!;
  const cursor = { offset: 0 };
  const optimizerStates = Object.fromEntries(Object.entries(optimizers).map(([name, json]) => [name, optimizerFrom(json, bin, cursor, name)] as const));
  if (cursor.offset !== bin.byteLength) throw new Error(`optimizers.bin holds ${bin.byteLength} bytes, but optimizers.json describes ${cursor.offset}`);
  const variableBytes = files.get('variables.bin') ?? new Uint8Array(0);
  const variableCursor = { offset: 0 };
  const variables = Object.fromEntries(decodeValues(trainer['variables'] ?? [], variableBytes, variableCursor, 'trainer.json (variables)').map((v) => [v.name, v] as const));
  if (variableCursor.offset !== variableBytes.byteLength) {
    throw new Error(`variables.bin holds ${variableBytes.byteLength} bytes, but trainer.json describes ${variableCursor.offset}`);
  }
  return {
    path,
    step: step as number,
    createdAt: typeof createdAt === 'string' ? createdAt : '',
    snapshot: {
      step: step as number,
      seed: seed as number,
      random: random as RandomState,
      data: (data ?? undefined) as DataStreamState | undefined,
      configuration: version === 1 ? configurationFromFormat1(configuration as Record<string, unknown>) : configuration as TrainerConfiguration,
      networks,
      optimizers: optimizerStates,
      variables,
      state: (trainer['state'] ?? null) as JsonValue,
    },
    history: history as L[],
    extra: extra as JsonValue | undefined,
  };
}

/**
 * Writes, lists, verifies and restores checkpoints of any trainer in one folder (see the module
 * documentation for the layout and the crash-safety guarantees).
 *
 * @example
 * ```ts
 * const checkpoints = new CheckpointManager({ directory: 'runs/mnist/checkpoints', keep: 3 });
 * await checkpoints.restore(trainer); // continue a run, if it has a checkpoint
 * await trainer.fit(images, {
 *   steps: 10_000 - trainer.step,
 *   callbacks: checkpoints.callback({ every: 500 }),
 *   guard: checkpoints.rollback,
 *   signal,
 * });
 * ```
 */
export class CheckpointManager<L extends LoggedStep = StepLogs> {
  /** The folder holding the checkpoint folders (`ckpt-000001200`, …); created on the first save. */
  readonly directory: string;
  /** How many of the newest checkpoints a save keeps (an integer ≥ 1); older ones are deleted after each save. */
  readonly keep: number;
  /** The history of the run before the current fit (from the restored checkpoint and earlier fits). */
  history: L[] = [];

  constructor(options: CheckpointManagerOptions) {
    const { directory, keep = 3 } = options ?? ({} as Partial<CheckpointManagerOptions>);
    if (typeof directory !== 'string' || directory.length === 0) {
      throw new TypeError(`CheckpointManager: directory must be a non-empty path, saw ${String(directory)}.`);
    }
    if (!Number.isInteger(keep) || keep < 1) {
      throw new RangeError(`CheckpointManager: keep must be an integer ≥ 1, saw ${String(keep)}.`);
    }
    this.directory = directory;
    this.keep = keep;
  }

  /**
   * Writes a checkpoint of `trainer` at its current step (replacing one of the same step), then removes all but the
   * newest `keep` checkpoints and any temporary folder left by an interrupted save.
   *
   * @returns the checkpoint's folder.
   */
  async save(trainer: AnyGanTrainer, options: SaveCheckpointOptions<L> = {}): Promise<string> {
    const { mkdir, rename, rm } = await importAtRunTime<typeof import('node:fs/promises')>('node:fs/promises');
    const { join } = await importAtRunTime<typeof import('node:path')>('node:path');
    const snapshot = await trainer.snapshot();
    await mkdir(this.directory, { recursive: true });
    await this.removeTemporaries();
    const name = folderName(snapshot.step);
    const temporary = join(this.directory, `.tmp-${name}-${temporarySuffix()}`);
    try {
      await mkdir(temporary);
      const files: Record<string, FileEntry> = {};
      const record = async (file: string, bytes: Uint8Array) => {
        files[file] = { bytes: bytes.byteLength, sha256: await sha256(bytes) };
      };
      const write = async (file: string, bytes: Uint8Array) => {
        await writeFileDurably(join(temporary, file), bytes);
        await record(file, bytes);
      };
      const models = trainer.algorithm.networks;
      for (const [network, weights] of Object.entries(snapshot.networks)) {
        const folder = join(temporary, network);
        for (const file of await writeModelArtifacts(folder, modelArtifacts(models[network]!, weights))) {
          await record(`${network}/${file}`, await readBounded(join(folder, file), MAX_BIN_BYTES));
        }
      }
      const optimizers = Object.entries(snapshot.optimizers);
      const describe = (o: OptimizerState) => ({ className: o.className, weights: o.weights.map(specOf), fields: o.fields.map(specOf) });
      await write('optimizers.json', new TextEncoder().encode(JSON.stringify(Object.fromEntries(optimizers.map(([n, o]) => [n, describe(o)])))));
      await write('optimizers.bin', encodeValues(optimizers.flatMap(([, o]) => [...o.weights, ...o.fields])));
      const variables = Object.values(snapshot.variables);
      if (variables.length > 0) await write('variables.bin', encodeValues(variables));
      const trainerJson = {
        format: CHECKPOINT_FORMAT,
        version: CHECKPOINT_VERSION,
        createdAt: new Date().toISOString(),
        step: snapshot.step,
        seed: snapshot.seed,
        random: snapshot.random,
        data: snapshot.data ?? null,
        algorithm: snapshot.configuration.algorithm,
        networks: Object.keys(snapshot.networks),
        configuration: snapshot.configuration,
        variables: variables.map(specOf),
        state: snapshot.state,
        history: options.history ?? [],
        extra: options.extra ?? null,
      };
      await write('trainer.json', new TextEncoder().encode(JSON.stringify(trainerJson)));
      await writeFileDurably(join(temporary, 'manifest.json'), JSON.stringify({ format: CHECKPOINT_FORMAT, version: CHECKPOINT_VERSION, step: snapshot.step, files }));
      await syncDirectory(temporary);
      const target = join(this.directory, name);
      const previous = join(this.directory, `.old-${name}-${temporarySuffix()}`);
      const replaced = await rename(target, previous).then(() => true, () => false);
      await rename(temporary, target);
      await syncDirectory(this.directory);
      if (replaced) await rm(previous, { recursive: true, force: true });
      await this.prune();
      return target;
    } catch (error) {
      await rm(temporary, { recursive: true, force: true });
      throw error;
    }
  }

  /**
   * The checkpoint folders, newest first (not verified; {@link CheckpointManager.load} verifies one).
   *
   * @returns one entry per `ckpt-*` folder; an empty list when the directory does not exist.
   */
  async list(): Promise<{
    /** The checkpoint's folder: the directory joined with `ckpt-000001200`. */
    path: string;
    /** The generator step it was saved at (from the folder name). */
    step: number;
  }[]> {
    const { readdir } = await importAtRunTime<typeof import('node:fs/promises')>('node:fs/promises');
    const { join } = await importAtRunTime<typeof import('node:path')>('node:path');
    const names = await readdir(this.directory).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [] as string[];
      throw error;
    });
    return names
      .map((name) => ({ name, match: FOLDER.exec(name) }))
      .filter((e): e is { name: string; match: RegExpExecArray } => e.match !== null)
      .map((e) => ({ path: join(this.directory, e.name), step: Number(e.match[1]) }))
      .sort((a, b) => b.step - a.step);
  }

  /**
   * Reads and verifies one checkpoint folder.
   *
   * @throws an Error naming the folder and what is damaged (missing file, wrong size, checksum mismatch, bad JSON).
   */
  async load(path: string): Promise<LoadedCheckpoint<L>> {
    try {
      return { ...(await readCheckpoint<L>(path)), skipped: [] };
    } catch (error) {
      throw new Error(`CheckpointManager: the checkpoint "${path}" is damaged or incomplete: ${(error as Error).message}.`, { cause: error });
    }
  }

  /** The newest checkpoint that verifies, skipping damaged ones (listed in `skipped`); `undefined` when none does. */
  async latest(): Promise<LoadedCheckpoint<L> | undefined> {
    const skipped: { path: string; reason: string }[] = [];
    for (const { path } of await this.list()) {
      try {
        return { ...(await readCheckpoint<L>(path)), skipped };
      } catch (error) {
        skipped.push({ path, reason: (error as Error).message });
      }
    }
    return undefined;
  }

  /**
   * Restores the newest good checkpoint into `trainer` (see `GanTrainer.restore`) and makes its history
   * this manager's {@link CheckpointManager.history}.
   *
   * @returns the checkpoint restored, or `undefined` when the folder holds none (the trainer is left untouched).
   */
  async restore(trainer: AnyGanTrainer): Promise<LoadedCheckpoint<L> | undefined> {
    const checkpoint = await this.latest();
    if (checkpoint === undefined) return undefined;
    await trainer.restore(checkpoint.snapshot);
    this.history = checkpoint.history;
    return checkpoint;
  }

  /**
   * A guard for `fit` (`guard: checkpoints.rollback`): on a non-finite loss, gradient or weight, restores the newest
   * good checkpoint; `fit` then skips the failed step's batches. Rethrows the error when there is no checkpoint.
   */
  readonly rollback: NonFiniteHandler<AnyGanTrainer> = async (error: NonFiniteError, trainer: AnyGanTrainer) => {
    if ((await this.restore(trainer)) === undefined) {
      throw new Error(`${error.message} No checkpoint in "${this.directory}" to roll back to.`, { cause: error });
    }
  };

  /**
   * Hooks that save a checkpoint every `every` steps and when the fit ends (normally or on abort; not when a step
   * throws, so a diverged state is never saved). Each checkpoint holds the run's whole history.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  callback(options: CheckpointCallbackOptions): TrainerCallbacks<AnyGanTrainer, any> {
    const { every, extra } = options ?? ({} as Partial<CheckpointCallbackOptions>);
    if (!Number.isInteger(every) || every! < 1) {
      throw new RangeError(`CheckpointManager.callback: every must be an integer ≥ 1, saw ${String(every)}.`);
    }
    let lastSaved = -1;
    const runHistory = (state: TrainingState<AnyGanTrainer, L>): L[] => {
      const steps = state.history.steps;
      const first = steps[0]?.step ?? state.step;
      return [...this.history.filter((s) => s.step < first), ...steps];
    };
    const save = async (state: TrainingState<AnyGanTrainer, L>) => {
      if (state.step === lastSaved) return;
      await this.save(state.trainer, { history: runHistory(state), ...(extra === undefined ? {} : { extra }) });
      lastSaved = state.step;
    };
    return {
      onStepEnd: async (state) => {
        if (state.step % every! === 0) await save(state);
      },
      onTrainEnd: async (state) => {
        await save(state);
        this.history = runHistory(state);
      },
    };
  }

  private async removeTemporaries(): Promise<void> {
    const { readdir, rm } = await importAtRunTime<typeof import('node:fs/promises')>('node:fs/promises');
    const { join } = await importAtRunTime<typeof import('node:path')>('node:path');
    const stale = (await readdir(this.directory)).filter((name) => TEMPORARY.test(name));
    await Promise.all(stale.map((name) => rm(join(this.directory, name), { recursive: true, force: true })));
  }

  private async prune(): Promise<void> {
    const { rm } = await importAtRunTime<typeof import('node:fs/promises')>('node:fs/promises');
    const old = (await this.list()).slice(this.keep);
    await Promise.all(old.map(({ path }) => rm(path, { recursive: true, force: true })));
  }
}

/**
 * Hooks that checkpoint a fit into `directory` every `every` steps and at its end, keeping the newest `keep`
 * (default 3): `fit(data, { steps, callbacks: checkpointCallback({ directory: 'run/checkpoints', every: 500 }) })`.
 * Use a {@link CheckpointManager} directly to also restore or roll back.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function checkpointCallback(options: CheckpointManagerOptions & CheckpointCallbackOptions): TrainerCallbacks<AnyGanTrainer, any> {
  const { every, extra, ...manager } = options ?? ({} as CheckpointManagerOptions & CheckpointCallbackOptions);
  return new CheckpointManager(manager).callback(extra === undefined ? { every } : { every, extra });
}
