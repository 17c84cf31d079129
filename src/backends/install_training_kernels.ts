import * as tf from '@tensorflow/tfjs-core';
import { initializedBackend } from './initialized_backend.js';
import { ADAM_UPDATE, adamUpdateKernel } from './kernels/adam_update.js';
import { batchMatMulKernel } from './kernels/batch_mat_mul.js';
import { batchNormKernel } from './kernels/batch_norm.js';
import { tanhKernel } from './kernels/tanh.js';
import { conv2DBackpropFilterKernel } from './kernels/conv2d_backprop_filter.js';
import { conv2DBackpropInputKernel } from './kernels/conv2d_backprop_input.js';
import { fastTransposeKernel } from './kernels/fast_transpose.js';
import { fusedMatMulKernel } from './kernels/fused_mat_mul.js';
import { leakyReluGradient, leakyReluKernel } from './kernels/leaky_relu.js';
import { reduceKernel } from './kernels/reduce.js';
import { reductionGradient } from './kernels/reduction_gradient.js';
import { sharedIdentityKernel } from './kernels/shared_identity.js';
import { tileKernel } from './kernels/tile.js';
import { relaxedSimdSupported } from './wasm/relaxed_simd.js';
import type { KernelFunction } from './kernels/kernel_scope.js';

/** The backend families gan-kit has training kernels for; `'other'` gets none. */
export type TrainingKernelBackendKind = 'wasm' | 'cpu' | 'other';

/** What {@link installTrainingKernels} did (or {@link uninstallTrainingKernels} undid) on one backend. */
export interface InstalledKernels {
  /** The backend name the call was for. */
  readonly backendName: string;
  /** The family the backend was recognised as, by its class and its kernels (not by its name). */
  readonly backendKind: TrainingKernelBackendKind;
  /** Names of gan-kit's kernels registered for the backend after the call (empty after an uninstall). */
  readonly kernels: readonly string[];
  /** True when the kernels were already installed and the call changed nothing. */
  readonly alreadyInstalled: boolean;
  /** One sentence for people: what happened and why. */
  readonly note: string;
}

/** Backends whose own kernels are fast; gan-kit never replaces them. */
const NATIVE_BACKENDS: ReadonlySet<string> = new Set(['tensorflow', 'webgl', 'webgpu']);

/** A training kernel: the name it replaces, the backend kernels it is built from, and its factory. */
interface TrainingKernel {
  readonly kernelName: string;
  readonly builtFrom: readonly string[];
  readonly kinds: readonly TrainingKernelBackendKind[];
  readonly make: (backendName: string, original: KernelFunction | undefined) => KernelFunction | undefined;
}

const CONV_PRIMITIVES = ['Conv2D', 'Transpose', 'Slice', 'Reshape', 'Identity', 'BatchMatMul'] as const;

/**
 * Which kernels go to which family: on `wasm` each replaces a scalar loop (or a missing kernel) of tfjs-backend-wasm
 * by XNNPACK work or by gan-kit's own WebAssembly SIMD code (src/backends/wasm/gan_kit_kernels.wat: Transpose, the
 * fused Adam step, FusedBatchNorm, Tanh, the column sums of Sum/Mean over leading axes, and the im2col / col2im of the
 * convolution gradients). On `cpu` only the filter gradient is replaced: cpu's own takes minutes for DCGAN's second
 * discriminator layer, while its Conv2D is slower than its own input gradient and its BatchMatMul is no slower with
 * transposed operands. On `wasm`, Sum and Mean over an NHWC tensor's batch and spatial axes go through XNNPACK's
 * average pooling instead of a transposed copy of the tensor; Identity — the clone TensorFlow.js makes of every tensor
 * an op saves for its gradient — shares the data instead of copying it, as cpu's own Identity does; LeakyReLU and its
 * gradient go through Step and Multiply instead of scalar loops. What each of them bought, measured on the benchmark's
 * DCGAN-28 and MLP-GAN steps, is in docs/performance.md.
 */
const TRAINING_KERNELS: readonly TrainingKernel[] = [
  {
    kernelName: 'Conv2DBackpropFilter',
    builtFrom: CONV_PRIMITIVES,
    kinds: ['wasm', 'cpu'],
    make: conv2DBackpropFilterKernel,
  },
  {
    kernelName: 'Conv2DBackpropInput',
    builtFrom: CONV_PRIMITIVES,
    kinds: ['wasm'],
    make: conv2DBackpropInputKernel,
  },
  {
    kernelName: 'BatchMatMul',
    builtFrom: ['BatchMatMul', 'Transpose', 'Reshape', 'Identity', 'Fill'],
    kinds: ['wasm'],
    make: (backendName, original) => (original === undefined ? undefined : batchMatMulKernel(backendName, original)),
  },
  {
    kernelName: '_FusedMatMul',
    builtFrom: ['_FusedMatMul', 'BatchMatMul', 'Add', 'Relu', 'Relu6', 'Elu', 'Sigmoid', 'LeakyRelu', 'Prelu', 'Reshape', 'Identity'],
    kinds: ['wasm'],
    make: (backendName, original) => (original === undefined ? undefined : fusedMatMulKernel(backendName, original)),
  },
  {
    kernelName: 'Tile',
    builtFrom: ['Tile', 'Fill', 'Add', 'Reshape', 'Identity'],
    kinds: ['wasm'],
    make: (backendName, original) => (original === undefined ? undefined : tileKernel(backendName, original)),
  },
  ...(['Sum', 'Mean'] as const).map((reduction): TrainingKernel => ({
    kernelName: reduction,
    builtFrom: [reduction, 'AvgPool', 'Multiply', 'Fill', 'Reshape', 'Identity'],
    kinds: ['wasm'],
    make: (backendName, original) => (original === undefined ? undefined : reduceKernel(backendName, original, reduction)),
  })),
  {
    kernelName: 'LeakyRelu',
    builtFrom: ['LeakyRelu', 'Step', 'Multiply', 'Identity'],
    kinds: ['wasm'],
    make: (backendName, original) => (original === undefined ? undefined : leakyReluKernel(backendName, original)),
  },
  {
    kernelName: 'Identity',
    builtFrom: ['Identity'],
    kinds: ['wasm'],
    make: (_backendName, original) => (original === undefined ? undefined : sharedIdentityKernel(original)),
  },
  {
    kernelName: 'FusedBatchNorm',
    builtFrom: ['FusedBatchNorm'],
    kinds: ['wasm'],
    make: (_backendName, original) => (original === undefined ? undefined : batchNormKernel(original)),
  },
  {
    kernelName: 'Tanh',
    builtFrom: ['Tanh'],
    kinds: ['wasm'],
    make: (_backendName, original) => (original === undefined ? undefined : tanhKernel(original)),
  },
  {
    kernelName: 'Transpose',
    builtFrom: ['Transpose'],
    kinds: ['wasm'],
    make: (_backendName, original) => (original === undefined ? undefined : fastTransposeKernel(original)),
  },
  {
    kernelName: ADAM_UPDATE,
    builtFrom: [],
    kinds: ['wasm'],
    make: (backendName) => {
      const backend = initializedBackend(backendName);
      return backend === null ? undefined : adamUpdateKernel(backend);
    },
  },
];

/** Kernel functions created by this module, to recognise them in the registry. */
const OUR_KERNELS = new WeakSet<KernelFunction>();

/** Per backend name: the configs that were registered before gan-kit's (undefined: there was none). */
const ORIGINALS = new Map<string, Map<string, tf.KernelConfig | undefined>>();

function sameKernel(backendName: string, reference: string, kernelName: string): boolean {
  const mine = tf.getKernel(kernelName, backendName)?.kernelFunc;
  return mine !== undefined && mine === tf.getKernel(kernelName, reference)?.kernelFunc;
}

function sameClass(instance: tf.KernelBackend, reference: string): boolean {
  const other = initializedBackend(reference);
  return other !== null && other.constructor === instance.constructor;
}

/**
 * Recognises the family of the backend registered as `backendName`: `'wasm'` or `'cpu'` when it is an instance of
 * the class registered under that name or runs that backend's kernels (a wasm backend registered under a custom
 * name is `'wasm'`), `'other'` otherwise — always `'other'` for `tensorflow`, `webgl` and `webgpu`.
 *
 * @param backendName - a registered backend name; defaults to the active backend.
 * @throws when the backend is not registered, or is registered but not yet initialized (await `tf.setBackend` or
 *   `tf.ready()` first).
 */
export function trainingKernelBackendKind(backendName: string = tf.getBackend()): TrainingKernelBackendKind {
  if (NATIVE_BACKENDS.has(backendName)) return 'other';
  const instance = tf.findBackend(backendName) as tf.KernelBackend | null;
  if (instance === null) {
    const registered = backendName in (tf.engine().registryFactory as Record<string, unknown>);
    throw new Error(
      registered
        ? `installTrainingKernels: backend '${backendName}' is registered but not initialized; ` +
            `await tf.setBackend('${backendName}') (or tf.ready()) before installing training kernels.`
        : `installTrainingKernels: no backend is registered as '${backendName}'; registered backends: ` +
            `${Object.keys(tf.engine().registryFactory).join(', ') || 'none'}.`,
    );
  }
  for (const family of ['wasm', 'cpu'] as const) {
    if (sameClass(instance, family) || sameKernel(backendName, family, 'Conv2D')) {
      return family;
    }
  }
  const wasmModule = (instance as { wasm?: { cwrap?: unknown } }).wasm;
  return typeof wasmModule?.cwrap === 'function' ? 'wasm' : 'other';
}

/** Whether gan-kit's LeakyReLU gradient (used only on backends with its LeakyRelu kernel) is registered. */
let leakyReluGradientRegistered = false;

/**
 * Registers {@link leakyReluGradient} once, wrapping the gradient registered before it: the gradient registry is
 * global, so the wrapper itself checks that gan-kit's LeakyRelu kernel is the one registered for the active backend
 * and otherwise runs the original — other backends (and a backend after uninstalling) keep TensorFlow.js's gradient.
 */
function registerLeakyReluGradient(): void {
  const original = tf.getGradient(tf.LeakyRelu);
  if (leakyReluGradientRegistered || original === undefined) return;
  tf.registerGradient(leakyReluGradient(original, () => {
    const kernel = tf.getKernel(tf.LeakyRelu, tf.getBackend())?.kernelFunc;
    return kernel !== undefined && OUR_KERNELS.has(kernel);
  }));
  leakyReluGradientRegistered = true;
}

/** Whether gan-kit's Sum and Mean gradients (used only on backends with its Tile kernel) are registered. */
let reductionGradientsRegistered = false;

/**
 * Registers {@link reductionGradient} for Sum and Mean once, each wrapping the gradient registered before it, which
 * still runs where gan-kit's Tile kernel is not the active backend's (as for {@link registerLeakyReluGradient}).
 */
function registerReductionGradients(): void {
  if (reductionGradientsRegistered) return;
  const useBroadcast = () => {
    const kernel = tf.getKernel(tf.Tile, tf.getBackend())?.kernelFunc;
    return kernel !== undefined && OUR_KERNELS.has(kernel);
  };
  for (const reduction of ['Sum', 'Mean'] as const) {
    const original = tf.getGradient(reduction);
    if (original !== undefined) tf.registerGradient(reductionGradient(reduction, original, useBroadcast));
  }
  reductionGradientsRegistered = true;
}

function installedKernelNames(backendName: string): string[] {
  return [...(ORIGINALS.get(backendName)?.keys() ?? [])];
}

/**
 * Registers gan-kit's training kernels for a `wasm` or `cpu` backend: `Conv2DBackpropFilter` (missing on `wasm`,
 * minutes per call on `cpu`) as a dilated convolution; on `wasm` also `Conv2DBackpropInput` (every conv-transpose
 * forward and conv input gradient) as a sub-pixel convolution (Shi et al. 2016, arXiv:1609.05158) — where cheaper,
 * both as one matrix product with patches in gan-kit's WebAssembly: the filter gradient as im2col(x)ᵀ·dy for
 * filters with fewer values per output channel than outputs (a one-channel image layer), the input gradient of
 * strided layers and such filters as col2im(dy·Wᵀ) — a
 * `BatchMatMul` that sends transposed products to XNNPACK, a `Tile` (used by batch-norm gradients) computed as
 * a broadcasting add, `Sum` and `Mean` over an NHWC tensor's batch and spatial axes by average pooling, an
 * `Identity` that shares data instead of copying it, `LeakyRelu` as x·step(x, α) (its gradient becomes
 * dy·step(x, α) while that kernel is installed, instead of `wasm`'s slow Greater and Select; likewise the gradients of
 * `Sum` and `Mean` broadcast dy with `Tile` instead of multiplying it by ones filled in JavaScript), and kernels of
 * gan-kit's own WebAssembly SIMD code running on the backend's memory: `Transpose` for every rotation of the axes
 * (4 × 4 register blocks instead of wasm's element loop), `FusedBatchNorm` and `Tanh` in one pass, and
 * `GanKitAdamUpdate`, the one-pass Adam step that gan-kit's `adam()` optimizer uses when it is registered. Each is computed from the backend's own fast
 * kernels or gan-kit's WebAssembly and gives the values of the kernel it replaces up to float32 rounding (the
 * transposes and the Adam step bit for bit; tanh within 4·10⁻⁷ relative; the LeakyReLU gradient at x = NaN is NaN); gradients of these kernels come from TensorFlow.js's gradient registry, so
 * second-order gradients (gradient penalties) work through them.
 *
 * Idempotent: a second call changes nothing and says so. Backends `tensorflow`, `webgl` and `webgpu` (and any
 * backend not recognised as wasm or cpu) are never touched: the result then lists no kernels. Undo with
 * {@link uninstallTrainingKernels}.
 *
 * @param backendName - the registered, initialized backend to install for; defaults to the active backend.
 * @returns which kernels are installed and what the call did.
 * @example
 * ```ts
 * import '@tensorflow/tfjs-backend-wasm';
 * await tf.setBackend('wasm');
 * const { kernels } = installTrainingKernels();
 * // ['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'BatchMatMul', '_FusedMatMul', 'Tile', 'Sum', 'Mean', 'LeakyRelu',
 * //  'Identity', 'FusedBatchNorm', 'Tanh', 'Transpose', 'GanKitAdamUpdate']
 * ```
 */
export function installTrainingKernels(backendName: string = tf.getBackend()): InstalledKernels {
  const backendKind = trainingKernelBackendKind(backendName);
  const alreadyThere = installedKernelNames(backendName);
  if (alreadyThere.length > 0) {
    return {
      backendName,
      backendKind,
      kernels: alreadyThere,
      alreadyInstalled: true,
      note: `gan-kit training kernels were already installed for '${backendName}'; nothing changed.`,
    };
  }
  if (backendKind === 'other') {
    return {
      backendName,
      backendKind,
      kernels: [],
      alreadyInstalled: false,
      note: `'${backendName}' is not a wasm or cpu backend; its own kernels are kept and nothing was installed.`,
    };
  }
  const originals = new Map<string, tf.KernelConfig | undefined>();
  const skipped: string[] = [];
  for (const spec of TRAINING_KERNELS) {
    if (!spec.kinds.includes(backendKind)) continue;
    const original = tf.getKernel(spec.kernelName, backendName);
    const missing = spec.builtFrom.filter((name) => tf.getKernel(name, backendName) === undefined);
    const kernelFunc = missing.length === 0 ? spec.make(backendName, original?.kernelFunc) : undefined;
    if (kernelFunc === undefined || (original !== undefined && OUR_KERNELS.has(original.kernelFunc))) {
      skipped.push(spec.kernelName);
      continue;
    }
    OUR_KERNELS.add(kernelFunc);
    if (original !== undefined) tf.unregisterKernel(spec.kernelName, backendName);
    const config: tf.KernelConfig = { kernelName: spec.kernelName, backendName, kernelFunc };
    if (original?.setupFunc !== undefined) config.setupFunc = original.setupFunc;
    if (original?.disposeFunc !== undefined) config.disposeFunc = original.disposeFunc;
    tf.registerKernel(config);
    originals.set(spec.kernelName, original);
  }
  ORIGINALS.set(backendName, originals);
  if (originals.has('LeakyRelu')) registerLeakyReluGradient();
  if (originals.has('Tile')) registerReductionGradients();
  const kernels = [...originals.keys()];
  const skippedNote = skipped.length > 0 ? ` Not installed (backend lacks what they need): ${skipped.join(', ')}.` : '';
  const simdNote = backendKind === 'wasm'
    ? (relaxedSimdSupported() ? ' gan-kit\'s WebAssembly uses relaxed SIMD (fused multiply-add).' : ' gan-kit\'s WebAssembly multiplies, then adds: this runtime lacks relaxed SIMD.')
    : '';
  return {
    backendName,
    backendKind,
    kernels,
    alreadyInstalled: false,
    note: `Installed gan-kit training kernels for ${backendKind} backend '${backendName}': ${kernels.join(', ')}.${skippedNote}${simdNote}`,
  };
}

/**
 * Removes gan-kit's training kernels from a backend and re-registers the kernels they replaced (a kernel the
 * backend never had, such as `wasm`'s `Conv2DBackpropFilter`, is simply removed). Does nothing if none are installed.
 *
 * @param backendName - the backend to restore; defaults to the active backend.
 * @returns the backend's state after the call: `kernels` is empty; `note` lists what was restored.
 */
export function uninstallTrainingKernels(backendName: string = tf.getBackend()): InstalledKernels {
  const originals = ORIGINALS.get(backendName);
  const backendKind = NATIVE_BACKENDS.has(backendName) ? 'other' : trainingKernelBackendKind(backendName);
  if (originals === undefined) {
    return {
      backendName,
      backendKind,
      kernels: [],
      alreadyInstalled: false,
      note: `No gan-kit training kernels were installed for '${backendName}'; nothing changed.`,
    };
  }
  for (const [kernelName, original] of originals) {
    tf.unregisterKernel(kernelName, backendName);
    if (original !== undefined) tf.registerKernel(original);
  }
  ORIGINALS.delete(backendName);
  return {
    backendName,
    backendKind,
    kernels: [],
    alreadyInstalled: false,
    note: `Restored the original kernels of '${backendName}' for ${[...originals.keys()].join(', ')}.`,
  };
}
