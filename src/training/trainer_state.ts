import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { RandomState } from '../utils/random.js';
import type { DataStreamState } from './data_source.js';
import type { JsonObject, JsonValue } from './json.js';

/** The values of one weight or optimizer variable, read back from the backend. */
export interface WeightValues {
  /** The weight's name as saved in model files (`dense_Dense1/kernel`), or the optimizer variable's name. */
  readonly name: string;
  /** The tensor's shape. */
  readonly shape: readonly number[];
  /** The tensor's dtype; only these three are saved. */
  readonly dtype: 'float32' | 'int32' | 'bool';
  /** The values in row-major order, ∏ shape of them (`bool` as 0/1 bytes). */
  readonly values: Float32Array | Int32Array | Uint8Array;
}

/**
 * The state of a `tf.Optimizer`: what `getWeights()` returns (the iteration count, then e.g. Adam's first and second
 * moments), plus the scalar variables it keeps outside `getWeights()` (Adam's running powers β₁ᵗ and β₂ᵗ, which
 * `setWeights()` would recompute with `pow` and so change in the last bit).
 */
export interface OptimizerState {
  /** The optimizer's class (`'Adam'`, `'RMSProp'`, …); a state is only restored into an optimizer of the same class. */
  readonly className: string;
  /** What `optimizer.getWeights()` returns, in its order: the iteration count first, then the slot variables. */
  readonly weights: readonly WeightValues[];
  /** The optimizer's own scalar variables outside `getWeights()`, named by property and sorted by name. */
  readonly fields: readonly WeightValues[];
}

/** An optimizer's class and settings, as recorded in a configuration. */
export interface OptimizerConfiguration {
  /** The optimizer's class name (`'Adam'`, `'RMSProp'`, …). */
  readonly className: string;
  /** The optimizer's `getConfig()` (learning rate, β₁, β₂, ε, …). */
  readonly config: tf.serialization.ConfigDict;
}

/** A regularizer as recorded in a configuration. */
export interface RegularizerConfiguration {
  /** The regularizer's `name` (`'gradient-penalty'`, `'r1'`, `'path-length'`, …). */
  readonly name: string;
  /** The network whose loss it joins. */
  readonly role: 'discriminator' | 'generator';
  /** Its current weight λ: state, like a learning rate (a schedule changes it; restore gives it back). */
  readonly weight: number;
  /** Its lazy interval n: the penalty applies on every n-th step. */
  readonly every: number;
}

/**
 * What a trainer was configured with; a snapshot is only restored into a trainer configured the same way (learning
 * rates and regularizer weights aside: they are state that schedules change).
 */
export interface TrainerConfiguration {
  /** The algorithm's `name` (`'unconditional-gan'`, `'conditional-gan'`, `'bigan'`, …). */
  readonly algorithm: string;
  /** The algorithm's own settings (`GanAlgorithm.configuration()`: loss, k, …). */
  readonly settings: JsonObject;
  /** Every optimizer by name, with its class and settings. */
  readonly optimizers: Readonly<Record<string, OptimizerConfiguration>>;
  /** The algorithm's regularizers in order. */
  readonly regularizers: readonly RegularizerConfiguration[];
}

/**
 * Everything an exact resume needs: every network's weights (trainable and not: BatchNorm moving statistics,
 * spectral normalization's u), every optimizer's state, the algorithm's variables and state, the step counter, the
 * random stream, where the data stream stands, and the configuration — networks and optimizers by name, whatever
 * their number. Values are plain typed arrays (no tensors to dispose).
 */
export interface TrainerSnapshot {
  /** Steps completed over the trainer's life. */
  readonly step: number;
  /** The seed the trainer's random stream started from. */
  readonly seed: number;
  /** Where the trainer's random stream stands (latents, batch order and penalty draws continue from here). */
  readonly random: RandomState;
  /** Where the in-memory data stream stands; `undefined` before the first fit or for iterable data. */
  readonly data: DataStreamState | undefined;
  /** What the trainer was configured with; restoring into a trainer configured otherwise throws. */
  readonly configuration: TrainerConfiguration;
  /** Each network's weights in `model.weights` order, by the algorithm's network name. */
  readonly networks: Readonly<Record<string, readonly WeightValues[]>>;
  /** Each optimizer's state (iteration count, moments, β powers), by the algorithm's optimizer name. */
  readonly optimizers: Readonly<Record<string, OptimizerState>>;
  /**
   * Tensors of state besides networks and optimizers, by name: the algorithm's variables, and regularizers' variables
   * as `regularizer/<index>/<name>`.
   */
  readonly variables: Readonly<Record<string, WeightValues>>;
  /** The algorithm's JavaScript state (`GanAlgorithm.state()`), `null` when it keeps none. */
  readonly state: JsonValue;
}

const TYPED_ARRAYS = { float32: Float32Array, int32: Int32Array, bool: Uint8Array } as const;

/** Reads one tensor's values back from the backend, under `name`. */
export async function valuesOf(name: string, tensor: tf.Tensor): Promise<WeightValues> {
  const dtype = tensor.dtype;
  if (dtype !== 'float32' && dtype !== 'int32' && dtype !== 'bool') {
    throw new Error(`snapshot: the variable '${name}' has dtype ${dtype}; only float32, int32 and bool state can be saved.`);
  }
  const data = await tensor.data();
  return { name, shape: [...tensor.shape], dtype, values: TYPED_ARRAYS[dtype].from(data as ArrayLike<number>) };
}

/** Reads every weight of `model` (trainable and not), in `model.weights` order, named as in model files. */
export async function readModelWeights(model: tfl.LayersModel): Promise<WeightValues[]> {
  return Promise.all(model.weights.map((w) => valuesOf(w.originalName, w.read())));
}

/** The optimizer's own scalar variables that `getWeights()` leaves out, by property name (sorted). */
function optimizerFields(optimizer: tf.Optimizer): [string, tf.Variable][] {
  return Object.entries(optimizer)
    .filter((entry): entry is [string, tf.Variable] => entry[1] instanceof tf.Variable)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Reads an optimizer's full state. */
export async function readOptimizerState(optimizer: tf.Optimizer): Promise<OptimizerState> {
  const named = await optimizer.getWeights();
  try {
    const weights = await Promise.all(named.map((w) => valuesOf(w.name, w.tensor)));
    const fields = await Promise.all(optimizerFields(optimizer).map(([key, v]) => valuesOf(key, v)));
    return { className: optimizer.getClassName(), weights, fields };
  } finally {
    // getWeights() makes a fresh scalar for the iteration count; the other entries are the optimizer's own variables.
    named[0]?.tensor.dispose();
  }
}

/** Whether two shapes are equal. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function size(shape: readonly number[]): number {
  return shape.reduce((p, d) => p * d, 1);
}

/** Throws when `saved` holds another number of values than its shape needs. */
export function checkValues(saved: WeightValues, what: string): void {
  if (!Array.isArray(saved.shape) || !saved.shape.every((d) => Number.isInteger(d) && d >= 0) || saved.values.length !== size(saved.shape)) {
    throw new Error(`restore: ${what} '${saved.name}' holds ${saved.values?.length} values for the shape [${String(saved.shape)}]; the snapshot is damaged.`);
  }
}

/**
 * Throws when `saved` does not fit `model`: another count of weights, or another shape or dtype at some position.
 * Weights are matched by position (names differ between two builds of the same architecture in one process).
 */
export function checkModelWeights(model: tfl.LayersModel, saved: readonly WeightValues[], network: string): void {
  const current = model.weights;
  if (!Array.isArray(saved) || saved.length !== current.length) {
    throw new Error(
      `restore: the saved ${network} has ${Array.isArray(saved) ? saved.length : 'no'} weights, but this ${network} has ${current.length}; ` +
      'build the same architecture as the one that was saved.',
    );
  }
  current.forEach((w, i) => {
    const s = saved[i]!;
    checkValues(s, `${network} weight`);
    if (!sameShape(s.shape, w.shape as number[]) || s.dtype !== w.dtype) {
      throw new Error(
        `restore: ${network} weight ${i} ('${w.originalName}') is ${w.dtype} [${w.shape.join(', ')}], but the saved one ` +
        `('${s.name}') is ${s.dtype} [${s.shape.join(', ')}]; build the same architecture as the one that was saved.`,
      );
    }
  });
}

/** A new tensor holding `saved`'s values. */
export function toTensor(saved: WeightValues): tf.Tensor {
  return tf.tensor(saved.values, [...saved.shape], saved.dtype);
}

/** Sets every weight of `model` from `saved` (checked with {@link checkModelWeights} first). */
export function writeModelWeights(model: tfl.LayersModel, saved: readonly WeightValues[]): void {
  const tensors = saved.map(toTensor);
  try {
    model.setWeights(tensors);
  } finally {
    tf.dispose(tensors);
  }
}

/** Throws when `saved` cannot be restored into `optimizer` (another class, or fields of other shapes). */
export function checkOptimizerState(optimizer: tf.Optimizer, saved: OptimizerState, network: string): void {
  if (saved === null || typeof saved !== 'object' || saved.className !== optimizer.getClassName()) {
    throw new Error(
      `restore: the saved ${network} optimizer is ${saved?.className}, but this trainer's is ${optimizer.getClassName()}; ` +
      'create the trainer with the same optimizers as the run that was saved.',
    );
  }
  if (!Array.isArray(saved.weights) || saved.weights.length === 0 || saved.weights[0]!.values.length !== 1) {
    throw new Error(`restore: the saved ${network} optimizer state has no iteration count; the snapshot is damaged.`);
  }
  saved.weights.forEach((w) => checkValues(w, `${network} optimizer variable`));
  const fields = new Map(optimizerFields(optimizer));
  for (const f of saved.fields) {
    checkValues(f, `${network} optimizer field`);
    const current = fields.get(f.name);
    if (current === undefined || !sameShape(current.shape, f.shape) || current.dtype !== f.dtype) {
      throw new Error(`restore: the saved ${network} optimizer field '${f.name}' does not exist in this ${optimizer.getClassName()} optimizer with shape [${f.shape.join(', ')}]; the snapshot is damaged.`);
    }
  }
}

/**
 * Restores an optimizer's state (checked with {@link checkOptimizerState} first). The variables it held before are
 * released, so restoring into an optimizer that has already trained leaks nothing.
 */
export async function writeOptimizerState(optimizer: tf.Optimizer, saved: OptimizerState): Promise<void> {
  const previous = await optimizer.getWeights();
  previous[0]?.tensor.dispose();
  const tensors = saved.weights.map((w) => ({ name: w.name, tensor: toTensor(w) }));
  try {
    await optimizer.setWeights(tensors);
  } finally {
    tf.dispose(tensors.map((t) => t.tensor));
  }
  const kept = new Set((await optimizer.getWeights()).map((w, i) => {
    if (i === 0) w.tensor.dispose();
    return w.tensor;
  }));
  tf.dispose(previous.slice(1).map((w) => w.tensor).filter((t) => !kept.has(t)));
  const fields = new Map(optimizerFields(optimizer));
  for (const f of saved.fields) {
    const value = toTensor(f);
    fields.get(f.name)!.assign(value);
    value.dispose();
  }
}
