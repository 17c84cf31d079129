/**
 * A mistake in what the user typed or pointed at (unknown flag, bad number, unreadable file, an output folder that
 * holds another run): the CLI prints its one-line message and exits with code 2, having changed nothing.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Parses a flag's value as an integer ≥ `min`, or throws a {@link UsageError} naming the flag. */
export function parseInteger(flag: string, value: string, min = 1): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < min) {
    throw new UsageError(`${flag} must be an integer ≥ ${min}, got '${value}'`);
  }
  return n;
}

/** Parses a flag's value as a finite number > 0, or throws a {@link UsageError} naming the flag. */
export function parsePositive(flag: string, value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) {
    throw new UsageError(`${flag} must be a number > 0, got '${value}'`);
  }
  return n;
}

/** Parses a flag's value as a fraction in [0, 1), or throws a {@link UsageError} naming the flag. */
export function parseFraction(flag: string, value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !(n >= 0 && n < 1)) {
    throw new UsageError(`${flag} must be a fraction in [0, 1), got '${value}'`);
  }
  return n;
}

/**
 * Parses a flag's value as a comma-separated list of layer sizes such as `128,128,128` (positive integers, input side
 * first), or throws a {@link UsageError} naming the flag.
 */
export function parseUnits(flag: string, value: string): number[] {
  const units = value.split(',').map((part) => Number(part.trim()));
  if (value.trim() === '' || !units.every((u) => Number.isInteger(u) && u >= 1)) {
    throw new UsageError(`${flag} must be a comma-separated list of positive integers (units of each hidden layer, such as 128,128,128), got '${value}'`);
  }
  return units;
}
