/// <reference types="vite/client" />

/** The digits embedded by the `mnistSubset` Vite plugin (mnist_subset.ts). */
declare module 'virtual:mnist-subset' {
  /** Digits per class, class after class (0 … 9). */
  export const perClass: number;
  /** 784 grey levels (bytes, row-major 28×28) per digit, in base64. */
  export const pixels: string;
}
