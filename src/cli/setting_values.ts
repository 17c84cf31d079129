/**
 * The kinds of value a `gan-kit train` setting takes: how a flag's text and a JSON file's value are read, what a
 * message says they must be, and how a value is shown (in messages, and to compare a flag with a run's setting).
 */
export interface SettingValue<T> {
  /** What a flag's text must be, completing "--steps must be …": `an integer ≥ 1`. */
  readonly rule: string;
  /** What a JSON value must be, completing "'steps' must be …"; default {@link SettingValue.rule}. */
  readonly jsonRule?: string;
  /** The value the flag's text stands for, or `undefined` when the text is not a value of this kind. */
  fromText(text: string): T | undefined;
  /** The value of a JSON file's entry, or `undefined` when the entry is not a value of this kind. */
  fromJson(value: unknown): T | undefined;
  /** The value written as a flag would give it (`128,128` for a list of units). */
  show(value: T): string;
}

/** The number a flag's text stands for, or NaN (an empty or blank text is not 0). */
function numberOf(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}

/** Integers ≥ `min`. */
export function integer(min: number): SettingValue<number> {
  const ok = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= min;
  return {
    rule: `an integer ≥ ${min}`,
    fromText: (text) => { const n = numberOf(text); return ok(n) ? n : undefined; },
    fromJson: (value) => (ok(value) ? value : undefined),
    show: String,
  };
}

/** Finite numbers > 0. */
export const positive: SettingValue<number> = {
  rule: 'a number > 0',
  fromText: (text) => { const n = numberOf(text); return Number.isFinite(n) && n > 0 ? n : undefined; },
  fromJson: (value) => (typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined),
  show: String,
};

/** Numbers in [0, 1). */
export const fraction: SettingValue<number> = {
  rule: 'a fraction in [0, 1)',
  jsonRule: 'a number in [0, 1)',
  fromText: (text) => { const n = numberOf(text); return n >= 0 && n < 1 ? n : undefined; },
  fromJson: (value) => (typeof value === 'number' && value >= 0 && value < 1 ? value : undefined),
  show: String,
};

/** Lists of layer sizes (positive integers, input side first): `128,128,128` as a flag, `[128, 128, 128]` in JSON. */
export const units: SettingValue<readonly number[]> = {
  rule: 'a comma-separated list of positive integers (units of each hidden layer, such as 128,128,128)',
  jsonRule: 'a non-empty list of positive integers',
  fromText: (text) => {
    const list = text.split(',').map((part) => numberOf(part));
    return text.trim() !== '' && list.every((u) => Number.isInteger(u) && u >= 1) ? list : undefined;
  },
  fromJson: (value) => (Array.isArray(value) && value.length > 0 && value.every((u) => Number.isInteger(u) && u >= 1) ? value as number[] : undefined),
  show: (list) => list.join(','),
};

/** One of `allowed` (strings such as model names, or numbers such as a channel count). */
export function oneOf<const T extends string | number>(allowed: readonly T[]): SettingValue<T> {
  const find = (value: unknown) => allowed.find((a) => a === value);
  return {
    rule: `one of: ${allowed.join(', ')}`,
    fromText: (text) => allowed.find((a) => String(a) === text),
    fromJson: find,
    show: String,
  };
}

/** A non-empty string as given (`normalize`, when given, rewrites a flag's text and a file's value alike). */
export function text(normalize: (value: string) => string = (value) => value): SettingValue<string> {
  return {
    rule: 'a non-empty text',
    fromText: (value) => (value === '' ? undefined : normalize(value)),
    fromJson: (value) => (typeof value === 'string' && value !== '' ? normalize(value) : undefined),
    show: String,
  };
}
