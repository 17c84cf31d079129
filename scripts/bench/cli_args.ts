import { InvalidArgumentError } from 'commander';

/** commander argument parser for an integer ≥ 1 (a bad value is rejected with the value seen). */
export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected an integer ≥ 1, saw '${value}'.`);
  return n;
}
