import * as tf from '@tensorflow/tfjs-core';

/**
 * The backend instance registered as `name` if it is already initialized, else `null` — without side effects.
 * (`tf.findBackend` is not a query: for a registered but uninitialized backend it starts the backend's
 * initialization with the flags of that moment, which races with a later `tf.setBackend` that set other flags.)
 *
 * @param name - a backend name.
 * @internal
 */
export function initializedBackend(name: string): tf.KernelBackend | null {
  const registry = tf.engine().registry as Record<string, tf.KernelBackend | undefined>;
  return Object.hasOwn(registry, name) ? registry[name] ?? null : null;
}
