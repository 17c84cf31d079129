/** Resolution and channel-count rules shared by the progressive (ProGAN) and style-based (StyleGAN2) builders. */

/** Returns `value` if it is a power of two ≥ 4 (the side of the square images); `option` names it in the error. */
export function checkResolution(value: unknown, option: string): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 4 && (value & (value - 1)) === 0) return value;
  throw new Error(`${option} must be a power of two ≥ 4 (4, 8, 16, 32, …), but got ${JSON.stringify(value) ?? String(value)}. Pad or resize the images to such a size.`);
}

/** The resolutions 4, 8, …, up to `resolution`. */
export function resolutionsUpTo(resolution: number): number[] {
  const out: number[] = [];
  for (let r = 4; r <= resolution; r *= 2) out.push(r);
  return out;
}

/** The channels of the blocks at resolution r: min(⌊channelBase / r⌋, channelMax), at least 1 (ProGAN's and StyleGAN2's rule). */
export function channelsAt(resolution: number, channelBase: number, channelMax: number): number {
  return Math.max(1, Math.min(Math.floor(channelBase / resolution), channelMax));
}

/** A layer-name fragment for a resolution: `'8x8'`. */
export function resolutionName(resolution: number): string {
  return `${resolution}x${resolution}`;
}
