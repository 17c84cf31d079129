// The tfjs backends the playground offers, and switching between them. Every binary comes from the page's own
// build: Vite copies the wasm files next to the page (`?url` imports) and the webgpu backend is a chunk of the page
// loaded only when chosen.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { installTrainingKernels } from 'gan-kit';

/** The backends the page offers, fastest first where a GPU is present. */
export const BACKENDS = ['webgl', 'webgpu', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimd,
});

/** Whether this browser can run `name` (webgpu needs `navigator.gpu` and an adapter; webgl a WebGL context). */
export async function backendAvailable(name: BackendName): Promise<boolean> {
  if (name === 'webgpu') {
    const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
    if (gpu === undefined) return false;
    try {
      return (await gpu.requestAdapter()) !== null;
    } catch {
      return false;
    }
  }
  if (name === 'webgl') return document.createElement('canvas').getContext('webgl2') !== null || document.createElement('canvas').getContext('webgl') !== null;
  return true;
}

/** What {@link useBackend} did. */
export interface BackendSelection {
  readonly backend: string;
  /** The training kernels gan-kit installed (wasm and cpu; none on GPU backends). */
  readonly trainingKernels: readonly string[];
}

/** Makes `name` the active backend and installs gan-kit's training kernels on it. */
export async function useBackend(name: BackendName): Promise<BackendSelection> {
  if (name === 'webgpu') await import('@tensorflow/tfjs-backend-webgpu');
  if (!(await tf.setBackend(name))) throw new Error(`The ${name} backend could not start in this browser; choose another.`);
  await tf.ready();
  return { backend: tf.getBackend(), trainingKernels: [...installTrainingKernels().kernels] };
}
