import type * as tfl from '@tensorflow/tfjs-layers';

/** Applies `layers` in sequence to a symbolic tensor (a Sequential inside a functional model), returning the last output. */
export function chain(x: tfl.SymbolicTensor, ...layers: tfl.layers.Layer[]): tfl.SymbolicTensor {
  return layers.reduce((h, layer) => layer.apply(h) as tfl.SymbolicTensor, x);
}
