import * as tf from '@tensorflow/tfjs-core';

function checkSet(set: tf.Tensor, what: string, user: string, size?: number): void {
  if (!(set instanceof tf.Tensor) || set.rank !== 2 || set.shape[0] < 1) {
    const seen = set instanceof tf.Tensor ? `shape [${set.shape.join(', ')}]` : String(set);
    throw new Error(`${user}: ${what} must be a set of latent vectors [n ≥ 1, d], saw ${seen}.`);
  }
  if (size !== undefined && set.shape[1] !== size) {
    throw new Error(`${user}: ${what} holds latents of size ${set.shape[1]}, but the first set's are of size ${size}; use latents of one generator.`);
  }
}

/**
 * The direction from concept B to concept A in latent space: mean(A) − mean(B) over the rows of each set.
 * Radford et al. 2015 (DCGAN, arXiv:1511.06434, §6.3) average the latents of three exemplars per concept, since
 * single latents gave unstable arithmetic. Adding α times the result to a latent moves its sample towards A.
 *
 * @param setA - latents `[nA ≥ 1, d]` whose samples show the attribute.
 * @param setB - latents `[nB ≥ 1, d]` whose samples lack it.
 * @returns `[d]`.
 * @example
 * ```ts
 * const smile = attributeVector(smilingLatents, neutralLatents);
 * const moreSmile = applyAttribute(z, smile, [0, 0.5, 1, 1.5]);
 * ```
 */
export function attributeVector(setA: tf.Tensor2D, setB: tf.Tensor2D): tf.Tensor1D {
  checkSet(setA, 'setA', 'attributeVector');
  checkSet(setB, 'setB', 'attributeVector', setA.shape[1]);
  return tf.tidy(() => tf.sub(tf.mean(setA, 0), tf.mean(setB, 0)) as tf.Tensor1D);
}

/** The sets of {@link latentArithmetic}: concepts added and concepts subtracted. */
export interface LatentArithmeticTerms {
  /** Sets of latents `[n ≥ 1, d]` whose means are added. At least one set overall. */
  readonly plus?: readonly tf.Tensor2D[];
  /** Sets of latents `[n ≥ 1, d]` whose means are subtracted. */
  readonly minus?: readonly tf.Tensor2D[];
}

/**
 * Vector arithmetic on concepts (Radford et al. 2015, arXiv:1511.06434, §6.3): Σ_plus mean(set) − Σ_minus mean(set),
 * each set averaged over its rows, e.g. "smiling woman" − "neutral woman" + "neutral man" ≈ "smiling man".
 *
 * @param terms - see {@link LatentArithmeticTerms}; all sets must have latents of the same size d.
 * @returns `[d]`.
 * @example
 * ```ts
 * const smilingMan = latentArithmetic({ plus: [smilingWoman, neutralMan], minus: [neutralWoman] });
 * ```
 */
export function latentArithmetic(terms: LatentArithmeticTerms): tf.Tensor1D {
  const plus = terms?.plus ?? [];
  const minus = terms?.minus ?? [];
  const all = [...plus, ...minus];
  if (all.length === 0) {
    throw new Error('latentArithmetic: give at least one set of latents in plus or minus, e.g. { plus: [a, c], minus: [b] }.');
  }
  const size = all[0]?.shape[1];
  all.forEach((set, i) => checkSet(set, i < plus.length ? `plus[${i}]` : `minus[${i - plus.length}]`, 'latentArithmetic', size));
  return tf.tidy(() => {
    const total = (sets: readonly tf.Tensor2D[]) => tf.addN([tf.zeros([size!]), ...sets.map((s) => tf.mean(s, 0))]);
    return tf.sub(total(plus), total(minus)) as tf.Tensor1D;
  });
}

/**
 * Moves latents along an attribute direction: for every row z of `latents` and every strength α, z + α·v.
 *
 * @param latents - `[n, d]`.
 * @param vector - the direction v `[d]`, e.g. from {@link attributeVector}.
 * @param strengths - the α values, finite numbers (a sweep such as [−1, 0, 1, 2] gives one grid row per latent).
 * @returns `[n · strengths.length, d]`, latent by latent: the rows of latent i are i·k … i·k + k − 1 (k strengths),
 *   so `imageGrid(images, { columns: strengths.length })` shows one latent per row.
 */
export function applyAttribute(latents: tf.Tensor2D, vector: tf.Tensor1D, strengths: readonly number[]): tf.Tensor2D {
  checkSet(latents, 'latents', 'applyAttribute');
  if (!(vector instanceof tf.Tensor) || vector.rank !== 1 || vector.shape[0] !== latents.shape[1]) {
    const seen = vector instanceof tf.Tensor ? `[${vector.shape.join(', ')}]` : String(vector);
    throw new Error(`applyAttribute: vector must have shape [${latents.shape[1]}] (the latents' size), saw ${seen}.`);
  }
  if (!Array.isArray(strengths) || strengths.length === 0 || !strengths.every((a) => typeof a === 'number' && Number.isFinite(a))) {
    throw new Error(`applyAttribute: strengths must be a non-empty array of finite numbers, saw ${JSON.stringify(strengths)}.`);
  }
  return tf.tidy(() => {
    const [n, d] = latents.shape;
    const k = strengths.length;
    const alphas = tf.tensor(strengths, [1, k, 1], 'float32');
    const moved = tf.add(tf.reshape(latents, [n, 1, d]), tf.mul(alphas, tf.reshape(vector, [1, 1, d])));
    return tf.reshape(moved, [n * k, d]);
  });
}
