/** Where progressive growing stands after some number of training images (see {@link proGanSchedule}). */
export interface ProGanPhase {
  /** The image side R the networks have now. */
  readonly resolution: number;
  /** The fade-in weight α of resolution R, in [0, 1]; 1 once R is stabilized (and for the first resolution). */
  readonly alpha: number;
}

/**
 * Progressive growing's schedule (Karras et al. 2018, "Progressive Growing of GANs", arXiv 1710.10196, §2 and §A.1):
 * the first resolution trains for N images; every following resolution R is faded in over N images, α rising
 * linearly from 0 to 1, and then stabilized (α = 1) for N images; the last resolution stays once faded in. With
 * images = t shown so far and R₀ the first resolution,
 *
 *   k = ⌈⌊t / N⌋ / 2⌉ (the resolutions grown, at most log₂(R_final / R₀)),  R = R₀·2^k,
 *   α = 1 for k = 0, else min(1, (t − (2k − 1)·N) / N).
 *
 * @param images - t, the training images shown so far (generator steps × batch size); an integer ≥ 0.
 * @param imagesPerPhase - N, the images of one fade-in and of one stabilization; > 0.
 * @param startResolution - R₀, a power of two ≥ 4.
 * @param finalResolution - the last resolution, a power of two ≥ R₀.
 * @returns the resolution and α at t.
 * @example
 * ```ts
 * proGanSchedule(1500, 1000, 4, 16);   // { resolution: 8, alpha: 0.5 }: half-way through 8×8's fade-in
 * ```
 */
export function proGanSchedule(images: number, imagesPerPhase: number, startResolution: number, finalResolution: number): ProGanPhase {
  if (!(Number.isFinite(images) && images >= 0)) throw new RangeError(`proGanSchedule: images must be a number ≥ 0, but got ${String(images)}.`);
  if (!(Number.isFinite(imagesPerPhase) && imagesPerPhase > 0)) throw new RangeError(`proGanSchedule: imagesPerPhase must be a number > 0, but got ${String(imagesPerPhase)}.`);
  const growths = Math.round(Math.log2(finalResolution / startResolution));
  const phase = Math.floor(images / imagesPerPhase);
  const k = Math.min(Math.ceil(phase / 2), growths);
  const alpha = k === 0 ? 1 : Math.min(1, (images - (2 * k - 1) * imagesPerPhase) / imagesPerPhase);
  return { resolution: startResolution * 2 ** k, alpha };
}
