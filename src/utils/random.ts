import * as tf from '@tensorflow/tfjs-core';
import seedrandom from 'seedrandom';

/** The serializable state of a {@link SeededRandom}: pass it to {@link SeededRandom.fromState} to continue the stream. */
export type RandomState = object;

/**
 * A seeded pseudo-random stream (seedrandom's ARC4 generator) for everything random in training: latent vectors,
 * batch order, interpolation weights. Draws are made in JavaScript and uploaded, so the same seed gives the same
 * numbers on every backend, and the state can be saved and restored for an exact resume.
 */
export class SeededRandom {
  private readonly rng: seedrandom.StatefulPRNG<seedrandom.State.Arc4>;
  private spare: number | undefined;

  /**
   * @param seed - any integer or string; the same seed gives the same stream.
   * @param state - a state from {@link SeededRandom.state}, to continue an earlier stream.
   */
  constructor(seed: number | string, state?: RandomState) {
    this.rng = state === undefined
      ? seedrandom(String(seed), { state: true })
      : seedrandom('', { state: (state as { rng: seedrandom.State.Arc4 }).rng });
    const spare = (state as { spare?: number } | undefined)?.spare;
    this.spare = typeof spare === 'number' ? spare : undefined;
  }

  /** Restores a stream from {@link SeededRandom.state}. */
  static fromState(state: RandomState): SeededRandom {
    return new SeededRandom('', state);
  }

  /** A JSON-serializable snapshot of the stream. */
  state(): RandomState {
    return this.spare === undefined ? { rng: this.rng.state() } : { rng: this.rng.state(), spare: this.spare };
  }

  /** A uniform draw in [0, 1). */
  uniform(): number {
    return this.rng.double();
  }

  /** A standard normal draw (Marsaglia's polar method; the second value of each pair is kept for the next call). */
  normal(): number {
    if (this.spare !== undefined) {
      const s = this.spare;
      this.spare = undefined;
      return s;
    }
    let u = 0;
    let v = 0;
    let r = 0;
    do {
      u = 2 * this.rng.double() - 1;
      v = 2 * this.rng.double() - 1;
      r = u * u + v * v;
    } while (r >= 1 || r === 0);
    const f = Math.sqrt((-2 * Math.log(r)) / r);
    this.spare = v * f;
    return u * f;
  }

  /** A tensor of standard normal draws. */
  normalTensor(shape: number[]): tf.Tensor {
    const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < values.length; i++) values[i] = this.normal();
    return tf.tensor(values, shape, 'float32');
  }

  /** A tensor of uniform draws in [min, max). */
  uniformTensor(shape: number[], min = 0, max = 1): tf.Tensor {
    const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < values.length; i++) values[i] = min + (max - min) * this.rng.double();
    return tf.tensor(values, shape, 'float32');
  }

  /** A uniformly random permutation of 0 … n−1 (Fisher–Yates). */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(this.rng.double() * (i + 1));
      const t = p[i]!;
      p[i] = p[j]!;
      p[j] = t;
    }
    return p;
  }
}
