/** Argument checks shared by the architecture builders; each throws an error that names the option and the value seen. */

function show(value: unknown): string {
  return typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value));
}

/** Returns `value` (or `fallback` when undefined) if it is an integer ≥ 1; `option` names it in the error. */
export function checkPositiveInteger(value: unknown, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1) return value;
  throw new Error(`${option} must be an integer ≥ 1, but got ${show(value)}.`);
}

/** Returns `value` if it is an integer ≥ 1; the option is required, `what` says what it is in the error. */
export function checkRequiredPositiveInteger(value: unknown, option: string, what: string): number {
  if (value === undefined) throw new Error(`${option} is required: ${what}.`);
  return checkPositiveInteger(value, option, 1);
}

/**
 * Returns `value` (or `fallback` when undefined) if it is a non-empty array of integers ≥ 1; without a fallback the
 * option is required.
 */
export function checkPositiveIntegers(value: unknown, option: string, fallback?: readonly number[]): number[] {
  if (value === undefined && fallback !== undefined) return [...fallback];
  if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 1)) {
    return [...(value as number[])];
  }
  throw new Error(`${option} must be a non-empty array of integers ≥ 1, but got ${show(value)}.`);
}

/** Returns `value` if it is undefined or a finite number (a seed for the weight initialisers). */
export function checkSeed(value: unknown, option: string): number | undefined {
  if (value === undefined || (typeof value === 'number' && Number.isFinite(value))) return value;
  throw new Error(`${option} must be a finite number, but got ${show(value)}.`);
}

/** Returns `value` (or `fallback` when undefined) if it is one of `allowed`. */
export function checkOneOf<T extends string>(value: unknown, option: string, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new Error(`${option} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, but got ${show(value)}.`);
}

/** Returns `options` if it is an object; `builder` names the class in the error. */
export function checkOptionsObject<T extends object>(options: T, builder: string, example: string): T {
  if (typeof options === 'object' && options !== null) return options;
  throw new Error(`${builder}: options must be an object such as ${example}, but got ${show(options)}.`);
}

/** Returns the `packing` option m (default 1) if it is an integer ≥ 1, and refuses it together with `conditioning`. */
export function checkPacking(value: unknown, conditioning: unknown, builder: string): number {
  const m = checkPositiveInteger(value, `${builder}: options.packing`, 1);
  if (m > 1 && conditioning !== undefined) {
    throw new Error(`${builder}: options.packing (${m}) cannot be combined with options.conditioning: a pack of samples has no single label. Use one of them.`);
  }
  return m;
}

/** Returns `value` (or `fallback` when undefined) if it is an integer ≥ 0; `option` names it in the error. */
export function checkNonNegativeInteger(value: unknown, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  throw new Error(`${option} must be an integer ≥ 0, but got ${show(value)}.`);
}
