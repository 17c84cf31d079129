import * as tf from '@tensorflow/tfjs-core';

/** A kernel function as the registry stores it. */
export type KernelFunction = tf.KernelConfig['kernelFunc'];

/**
 * Runs a backend's own kernels from inside another kernel and frees every intermediate result.
 *
 * Kernels work below the engine: their results are bare `TensorInfo`s that no `tf.tidy` tracks. A scope records
 * each result it creates; {@link KernelScope.keep} takes the one that leaves the kernel out of the record, and
 * {@link KernelScope.dispose} releases the rest through the backend's reference counts.
 *
 * Kernels are looked up by name for the scope's backend on every call, except those passed in `overrides` (a kernel
 * that replaces a backend kernel must call the replaced original, not itself).
 */
export class KernelScope {
  private readonly temporaries: tf.TensorInfo[] = [];

  /**
   * @param backend - the backend instance the calling kernel received.
   * @param backendName - the name the backend is registered under.
   * @param overrides - kernel functions to use instead of the registry's, by kernel name.
   */
  constructor(
    readonly backend: tf.KernelBackend,
    readonly backendName: string,
    private readonly overrides: ReadonlyMap<string, KernelFunction> = new Map(),
  ) {}

  /** Runs kernel `kernelName` of this backend and records its (single) output as temporary. */
  run(kernelName: string, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap = {}): tf.TensorInfo {
    const kernelFunc = this.overrides.get(kernelName) ?? tf.getKernel(kernelName, this.backendName)?.kernelFunc;
    if (kernelFunc === undefined) {
      throw new Error(
        `gan-kit training kernels: backend '${this.backendName}' has no '${kernelName}' kernel, which they are built ` +
          `from; uninstall them with uninstallTrainingKernels('${this.backendName}').`,
      );
    }
    const out = kernelFunc({ inputs, backend: this.backend, attrs });
    if (Array.isArray(out)) {
      throw new Error(`gan-kit training kernels: kernel '${kernelName}' returned ${out.length} outputs, expected one.`);
    }
    this.temporaries.push(out);
    return out;
  }

  /** Copies float32 `values` into a new temporary tensor of this backend with shape `shape`. */
  upload(values: Float32Array, shape: number[]): tf.TensorInfo {
    const out: tf.TensorInfo = { dataId: this.backend.write(values, shape, 'float32'), shape, dtype: 'float32' };
    this.temporaries.push(out);
    return out;
  }

  /** A view of `x` with another shape (the backend's Reshape kernel: no copy, one more reference). */
  reshape(x: tf.TensorInfo, shape: number[]): tf.TensorInfo {
    return this.run('Reshape', { x }, { shape });
  }

  /** `x` with its axes permuted; returns `x` itself when `perm` is the identity. */
  transpose(x: tf.TensorInfo, perm: number[]): tf.TensorInfo {
    return perm.every((axis, i) => axis === i) ? x : this.run('Transpose', { x }, { perm });
  }

  /** The block of `x` starting at `begin` with extent `size`; returns `x` itself when the block is all of `x`. */
  slice(x: tf.TensorInfo, begin: number[], size: number[]): tf.TensorInfo {
    const whole = begin.every((b) => b === 0) && size.every((s, i) => s === x.shape[i]);
    return whole ? x : this.run('Slice', { x }, { begin, size });
  }

  /** Records `out`, a new tensor of the backend made outside {@link KernelScope.run}, as temporary; returns it. */
  track(out: tf.TensorInfo): tf.TensorInfo {
    this.temporaries.push(out);
    return out;
  }

  /** Whether `t` was created by this scope. */
  isTemporary(t: tf.TensorInfo): boolean {
    return this.temporaries.includes(t);
  }

  /** Removes `out` from the temporaries so that it survives {@link KernelScope.dispose}; returns it. */
  keep(out: tf.TensorInfo): tf.TensorInfo {
    const at = this.temporaries.indexOf(out);
    if (at >= 0) this.temporaries.splice(at, 1);
    return out;
  }

  /** Releases one reference to every temporary result. */
  dispose(): void {
    for (const t of this.temporaries) this.backend.disposeData(t.dataId);
    this.temporaries.length = 0;
  }
}

/**
 * Runs `body` with a fresh {@link KernelScope} and returns the one result it keeps, releasing all other
 * intermediate results even when `body` throws.
 */
export function withKernelScope(
  backend: tf.KernelBackend,
  backendName: string,
  overrides: ReadonlyMap<string, KernelFunction>,
  body: (scope: KernelScope) => tf.TensorInfo,
): tf.TensorInfo {
  const scope = new KernelScope(backend, backendName, overrides);
  try {
    const out = body(scope);
    // A result that is one of the inputs leaves as a new reference, never as the caller's own tensor.
    return scope.keep(scope.isTemporary(out) ? out : scope.run('Identity', { x: out }));
  } finally {
    scope.dispose();
  }
}
