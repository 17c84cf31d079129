import * as tf from '@tensorflow/tfjs-core';

/** How {@link interpolationPath} and {@link interpolationGrid} move between two latent vectors. */
export type InterpolationMethod = 'linear' | 'spherical';

/** Below this sin Ω two directions count as parallel and {@link slerp} moves along the chord instead (no 0/0). */
const PARALLEL_SINE = 1e-6;

/** `z` as rows `[n, d]` (a vector `[d]` becomes one row); call inside `tf.tidy`. */
function asRows(z: tf.Tensor): tf.Tensor2D {
  return z.rank === 1 ? tf.reshape(z, [1, z.shape[0]!]) : (z as tf.Tensor2D);
}

/** Checks that `z0` and `z1` have the same shape ([d] or [n, d]) and that `t` is a finite number. */
function checkPair(z0: tf.Tensor, z1: tf.Tensor, t: number, user: string): void {
  for (const [what, z] of [['z0', z0], ['z1', z1]] as const) {
    if (!(z instanceof tf.Tensor) || (z.rank !== 1 && z.rank !== 2)) {
      const seen = z instanceof tf.Tensor ? `shape [${z.shape.join(', ')}]` : String(z);
      throw new Error(`${user}: ${what} must be a latent vector [d] or a batch of them [n, d], saw ${seen}.`);
    }
  }
  if (z0.rank !== z1.rank || z0.shape.some((d, i) => d !== z1.shape[i])) {
    throw new Error(`${user}: z0 and z1 must have the same shape, saw [${z0.shape.join(', ')}] and [${z1.shape.join(', ')}].`);
  }
  if (typeof t !== 'number' || !Number.isFinite(t)) {
    throw new RangeError(`${user}: t must be a finite number (0 gives z0, 1 gives z1), saw ${String(t)}.`);
  }
}

/**
 * Linear interpolation (1 − t)·z0 + t·z1, row by row.
 *
 * For Gaussian latents the midpoint of two draws has a norm about 1/√2 of theirs, off the shell where the prior puts
 * its mass: prefer {@link slerp} for latent walks (White 2016, "Sampling Generative Networks", arXiv:1609.04468).
 *
 * @param z0 - a latent vector `[d]` or a batch `[n, d]`; returned (a copy) at t = 0.
 * @param z1 - same shape as `z0`; returned at t = 1.
 * @param t - the position, usually in [0, 1]; values outside extrapolate.
 * @returns a new tensor of the shape of `z0`.
 */
export function lerp(z0: tf.Tensor, z1: tf.Tensor, t: number): tf.Tensor {
  checkPair(z0, z1, t, 'lerp');
  return tf.tidy(() => tf.add(tf.mul(z0, 1 - t), tf.mul(z1, t)));
}

/**
 * Spherical linear interpolation (Shoemake 1985), row by row, as recommended for the Gaussian latents of GANs by
 * White 2016 ("Sampling Generative Networks", arXiv:1609.04468):
 *
 *   u_i = z_i / |z_i|,  Ω = arccos(u0 · u1),
 *   direction(t) = sin((1 − t)Ω)/sin Ω · u0 + sin(tΩ)/sin Ω · u1   (a unit vector on the great circle from u0 to u1),
 *   slerp(z0, z1, t) = ((1 − t)·|z0| + t·|z1|) · direction(t).
 *
 * The direction moves at constant angular speed along the great circle and the norm moves linearly from |z0| to
 * |z1|. So for vectors of equal norm r (unit vectors, or points of the Gaussian shell) every point stays on the
 * sphere of radius r and this is exactly Shoemake's formula; for unequal norms the norm is interpolated linearly
 * (Shoemake's formula applied to raw vectors of unequal norm can leave the range between the two norms, e.g.
 * exceed both when Ω is close to π). When u0 and u1 are (nearly) parallel, sin Ω < 1e-6, the direction is u0's.
 *
 * @param z0 - a latent vector `[d]` or a batch `[n, d]`, no zero rows; its value (up to rounding) at t = 0.
 * @param z1 - same shape as `z0`, no zero rows; its value at t = 1.
 * @param t - the position in [0, 1] (values outside continue along the great circle).
 * @returns a new tensor of the shape of `z0`.
 * @throws RangeError when a row of `z0` or `z1` is zero (it has no direction) or two rows are antipodal
 *   (u0 · u1 = −1: no unique great circle).
 * @example
 * ```ts
 * const [a, b] = [trainer.sampleLatents(1, 1), trainer.sampleLatents(1, 2)];
 * const middle = trainer.sample(1, { latents: slerp(a, b, 0.5) as tf.Tensor2D });
 * ```
 */
export function slerp(z0: tf.Tensor, z1: tf.Tensor, t: number): tf.Tensor {
  checkPair(z0, z1, t, 'slerp');
  const [norms0, norms1, cosines] = tf.tidy(() => {
    const a = asRows(z0);
    const b = asRows(z1);
    const n0 = tf.norm(a, 'euclidean', 1);
    const n1 = tf.norm(b, 'euclidean', 1);
    return [n0, n1, tf.div(tf.sum(tf.mul(a, b), 1), tf.mul(n0, n1))];
  });
  try {
    const [n0, n1, c] = [norms0.dataSync(), norms1.dataSync(), cosines.dataSync()];
    for (let i = 0; i < n0.length; i++) {
      if (!(n0[i]! > 0) || !(n1[i]! > 0)) {
        throw new RangeError(`slerp: row ${i} of ${n0[i]! > 0 ? 'z1' : 'z0'} is zero (or not finite) and has no direction; use lerp for it.`);
      }
      if (c[i]! <= -1 + 1e-7) {
        throw new RangeError(`slerp: row ${i} of z0 and z1 point in opposite directions, so no unique great circle joins them; perturb one of them or use lerp.`);
      }
    }
    return tf.tidy(() => {
      const a = asRows(z0);
      const b = asRows(z1);
      const u0 = tf.div(a, tf.expandDims(norms0, 1));
      const u1 = tf.div(b, tf.expandDims(norms1, 1));
      const omega = tf.acos(tf.clipByValue(cosines, -1, 1));
      const sine = tf.sin(omega);
      const parallel = tf.less(sine, PARALLEL_SINE);
      const safeSine = tf.where(parallel, tf.onesLike(sine), sine);
      const w0 = tf.where(parallel, tf.onesLike(sine), tf.div(tf.sin(tf.mul(omega, 1 - t)), safeSine));
      const w1 = tf.where(parallel, tf.zerosLike(sine), tf.div(tf.sin(tf.mul(omega, t)), safeSine));
      const direction = tf.add(tf.mul(u0, tf.expandDims(w0, 1)), tf.mul(u1, tf.expandDims(w1, 1)));
      const norm = tf.add(tf.mul(norms0, 1 - t), tf.mul(norms1, t));
      return tf.reshape(tf.mul(direction, tf.expandDims(norm, 1)), z0.shape);
    });
  } finally {
    tf.dispose([norms0, norms1, cosines]);
  }
}

/**
 * `steps` evenly spaced points from `z0` to `z1` (t = i / (steps − 1)), by {@link lerp} or {@link slerp}; the first
 * and last points are exactly `z0` and `z1` (copied, not recomputed).
 *
 * @param z0 - the start, a latent vector `[d]`.
 * @param z1 - the end, `[d]`.
 * @param steps - points on the path, an integer ≥ 2.
 * @param method - `'spherical'` (default, for Gaussian latents) or `'linear'`.
 * @returns `[steps, d]`.
 */
export function interpolationPath(z0: tf.Tensor1D, z1: tf.Tensor1D, steps: number, method: InterpolationMethod = 'spherical'): tf.Tensor2D {
  const user = 'interpolationPath';
  if (z0?.rank !== 1 || z1?.rank !== 1 || z0.shape[0] !== z1.shape[0]) {
    throw new Error(`${user}: z0 and z1 must be latent vectors [d] of the same size, saw [${z0?.shape.join(', ')}] and [${z1?.shape.join(', ')}]; pick one row with z.gather(i) or z.slice.`);
  }
  if (!Number.isInteger(steps) || steps < 2) {
    throw new RangeError(`${user}: steps must be an integer ≥ 2 (the two endpoints included), saw ${String(steps)}.`);
  }
  if (method !== 'linear' && method !== 'spherical') {
    throw new Error(`${user}: method must be 'linear' or 'spherical', saw ${String(method)}.`);
  }
  const between = method === 'linear' ? lerp : slerp;
  return tf.tidy(() => {
    const rows: tf.Tensor[] = [z0];
    for (let i = 1; i < steps - 1; i++) rows.push(between(z0, z1, i / (steps - 1)));
    rows.push(z1);
    return tf.stack(rows) as tf.Tensor2D;
  });
}

/**
 * The latents of an interpolation grid: row r walks from `starts[r]` to `ends[r]` in `steps` points (see
 * {@link interpolationPath}), rows one after another, ready for a generator and `imageGrid(images, { columns: steps })`.
 *
 * @param starts - `[rows, d]`.
 * @param ends - `[rows, d]`.
 * @param steps - points per row, an integer ≥ 2.
 * @param method - `'spherical'` (default) or `'linear'`.
 * @returns `[rows · steps, d]`.
 * @example
 * ```ts
 * const z = interpolationGrid(trainer.sampleLatents(4, 1), trainer.sampleLatents(4, 2), 8);
 * await writeImageGrid('walk.png', trainer.sample(0, { latents: z }) as tf.Tensor4D, { columns: 8 });
 * ```
 */
export function interpolationGrid(starts: tf.Tensor2D, ends: tf.Tensor2D, steps: number, method: InterpolationMethod = 'spherical'): tf.Tensor2D {
  if (starts?.rank !== 2 || ends?.rank !== 2 || starts.shape.some((d, i) => d !== ends.shape[i])) {
    throw new Error(`interpolationGrid: starts and ends must both be [rows, d] of the same shape, saw [${starts?.shape.join(', ')}] and [${ends?.shape.join(', ')}].`);
  }
  return tf.tidy(() => {
    const a = tf.unstack(starts) as tf.Tensor1D[];
    const b = tf.unstack(ends) as tf.Tensor1D[];
    return tf.concat(a.map((z0, r) => interpolationPath(z0, b[r]!, steps, method))) as tf.Tensor2D;
  });
}
