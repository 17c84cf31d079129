/** Argument checks shared by gan-kit's layers; each throws an error naming the layer, the argument and the value seen. */

function show(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : (JSON.stringify(value) ?? String(value));
}

/** Returns `value` (or `fallback` when undefined) if it is a finite number > 0. */
export function checkPositive(value: unknown, where: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value;
  throw new Error(`${where} must be a finite number > 0, but got ${show(value)}.`);
}

/** Returns `value` (or `fallback` when undefined) if it is an integer ≥ 1; without a fallback the argument is required. */
export function checkCount(value: unknown, where: string, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1) return value;
  throw new Error(`${where} must be an integer ≥ 1, but got ${show(value)}.`);
}

/** Returns `value` (or `fallback` when undefined) if it is a number in [0, 1]. */
export function checkUnitInterval(value: unknown, where: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number' && value >= 0 && value <= 1) return value;
  throw new Error(`${where} must be a number in [0, 1], but got ${show(value)}.`);
}

/** Returns `value` if it is undefined or a finite number (the seed of an initialiser or a random stream). */
export function checkOptionalSeed(value: unknown, where: string): number | undefined {
  if (value === undefined || (typeof value === 'number' && Number.isFinite(value))) return value;
  throw new Error(`${where} must be a finite number, but got ${show(value)}.`);
}

/** Returns `value` (or `fallback` when undefined) if it is one of `allowed`. */
export function checkChoice<T extends string>(value: unknown, where: string, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new Error(`${where} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, but got ${show(value)}.`);
}

/** Throws unless `shape` is an NHWC image shape `[batch, height, width, channels]` with known height, width and channels. */
export function checkImageShape(shape: unknown, layer: string): [number, number, number] {
  const s = shape as (number | null)[];
  const [, h, w, c] = Array.isArray(s) ? s : [];
  if (!Array.isArray(s) || s.length !== 4 || typeof h !== 'number' || typeof w !== 'number' || typeof c !== 'number') {
    throw new Error(`${layer}: the input must be images [batch, height, width, channels] with known sizes, but has shape ${show(shape)}.`);
  }
  return [h, w, c];
}
