// The shared contract every GanLoss plugs into: built-in losses through `builtInLossContract`, a user-written
// GanLoss object through `ganLossContract`. Expected values come from each test file's hand formula, evaluated in
// float64 with Math.exp/Math.log1p (see `softplus` below), never from the implementation under test.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// tfjs-core alone registers no gradients; importing tfjs-layers registers all of them (as it does for gan-kit users).
import '@tensorflow/tfjs-layers';
import type {
  DiscriminatorLossInputs,
  GanLoss,
  GeneratorLossInputs,
  LossOptions,
  Reduction,
} from '../../src/losses/gan_loss.js';

await tf.setBackend('cpu');

/** softplus(x) = log(1 + eˣ) in float64, without overflow for large |x|. */
export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** The batch mean of a list of numbers. */
export function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/**
 * A hand formula: the per-example terms of a loss as arrays of float64 numbers. The loss is
 * `Σ_k reduce(terms[k])`; with reduction 'none' it is the element-wise sum of the terms.
 */
export type HandFormula = (real: readonly number[], fake: readonly number[]) => number[][];

/** The logits every contract is evaluated on: small, away from the hinge's kinks at ±1, batch 4 and 3. */
export const REAL = [0.5, -1.2, 2.0, 0.1] as const;
export const FAKE = [-0.3, 1.5, -2.2, 0.8] as const;
export const FAKE_SHORT = [-0.7, 0.4, 1.1] as const;
/** Saturated logits, for the numerical-stability checks. */
export const REAL_EXTREME = [100, -100, 100, -100] as const;
export const FAKE_EXTREME = [-100, 100, 100, -100] as const;

/** Reduces hand-computed terms as the loss should: the expected value, flattened. */
export function reduceExpected(terms: number[][], reduction: Reduction): number[] {
  if (reduction === 'none') {
    const first = terms[0] ?? [];
    return first.map((_, i) => terms.reduce((acc, t) => acc + (t[i] ?? Number.NaN), 0));
  }
  const each = terms.map((t) => (reduction === 'sum' ? t.reduce((a, b) => a + b, 0) : mean(t)));
  return [each.reduce((a, b) => a + b, 0)];
}

/** Two-sided closeness: |actual − expected| ≤ atol + rtol·|expected|, element by element. */
export function assertClose(
  actual: ArrayLike<number>,
  expected: readonly number[],
  what: string,
  { atol = 1e-5, rtol = 1e-5 }: { atol?: number; rtol?: number } = {},
): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i] as number;
    const e = expected[i] as number;
    assert.ok(Number.isFinite(a), `${what}[${i}]: got non-finite ${a}`);
    assert.ok(Math.abs(a - e) <= atol + rtol * Math.abs(e), `${what}[${i}]: got ${a}, expected ${e}`);
  }
}

function discriminatorInputs(real: readonly number[], fake: readonly number[], column = false): DiscriminatorLossInputs {
  const shape = (n: number): number[] => (column ? [n, 1] : [n]);
  return {
    realLogits: tf.tensor(real as number[], shape(real.length)),
    fakeLogits: tf.tensor(fake as number[], shape(fake.length)),
  };
}

function generatorInputs(loss: GanLoss, inputs: DiscriminatorLossInputs): GeneratorLossInputs {
  return loss.generatorNeedsRealLogits === true ? inputs : { fakeLogits: inputs.fakeLogits };
}

/** Evaluates `f(real, fake)` on the given logits and returns its values; disposes everything it made. */
function evaluate(
  f: (inputs: DiscriminatorLossInputs) => tf.Tensor,
  real: readonly number[],
  fake: readonly number[],
  column = false,
): { values: Float32Array; shape: number[] } {
  return tf.tidy(() => {
    const out = f(discriminatorInputs(real, fake, column));
    return { values: out.dataSync() as Float32Array, shape: out.shape };
  });
}

/**
 * Checks the float32 gradient (tf.grads) of the scalar loss `f(real, fake)` with respect to both logit vectors (or
 * only the fake ones, when `realToo` is false) against central finite differences, in float64, of the hand formula
 * `hand` reduced by 'mean' (step 1e-5: truncation and round-off errors far below the float32 tolerance).
 */
function checkGradient(
  f: (inputs: DiscriminatorLossInputs) => tf.Tensor,
  hand: HandFormula,
  real: readonly number[],
  fake: readonly number[],
  realToo: boolean,
  what: string,
): void {
  const h = 1e-5;
  const tolerance = { atol: 1e-5, rtol: 1e-4 };
  const analytic: { real: number[] | null; fake: number[] } = { real: null, fake: [] };
  tf.tidy(() => {
    const { realLogits, fakeLogits } = discriminatorInputs(real, fake);
    if (realToo) {
      const d = tf.grads((r: tf.Tensor, x: tf.Tensor) => f({ realLogits: r, fakeLogits: x }));
      const [gr, gf] = d([realLogits, fakeLogits]);
      analytic.real = Array.from((gr as tf.Tensor).dataSync());
      analytic.fake = Array.from((gf as tf.Tensor).dataSync());
    } else {
      analytic.fake = Array.from(tf.grad((x: tf.Tensor) => f({ realLogits, fakeLogits: x }))(fakeLogits).dataSync());
    }
  });
  const value = (r: readonly number[], x: readonly number[]): number => reduceExpected(hand(r, x), 'mean')[0] as number;
  const numeric = (which: 'real' | 'fake'): number[] =>
    (which === 'real' ? real : fake).map((_, i) => {
      const shift = (d: number): number => {
        const r = which === 'real' ? real.map((v, j) => (j === i ? v + d : v)) : real;
        const x = which === 'fake' ? fake.map((v, j) => (j === i ? v + d : v)) : fake;
        return value(r, x);
      };
      return (shift(h) - shift(-h)) / (2 * h);
    });
  assertClose(analytic.fake, numeric('fake'), `${what}: d/d fakeLogits`, tolerance);
  if (analytic.real !== null) assertClose(analytic.real, numeric('real'), `${what}: d/d realLogits`, tolerance);
}

/** What any GanLoss must satisfy, given its hand formulas (for its default behaviour, reduction 'mean'). */
export interface GanLossContract {
  readonly loss: GanLoss;
  /** Shown after the loss's name in the test titles, e.g. the options it was made with. */
  readonly label?: string;
  /**
   * Whether the loss accepts real and generated batches of different sizes (default `true`; every built-in does).
   * A loss that pairs real sample i with generated sample i cannot; the trainer always uses equal sizes.
   */
  readonly acceptsUnequalBatches?: boolean;
  readonly expectedGenerator: HandFormula;
  readonly expectedDiscriminator: HandFormula;
}

/**
 * Registers the tests every GanLoss, built-in or user-written, must pass: scalar values equal to the hand formula
 * (batch shape [n] and [n, 1], equal and unequal batch sizes), gradients equal to finite differences, finite and
 * correct values and gradients at logits ±100, and no leaked tensors.
 */
export function ganLossContract({
  loss,
  label,
  acceptsUnequalBatches = true,
  expectedGenerator,
  expectedDiscriminator,
}: GanLossContract): void {
  const D = (inputs: DiscriminatorLossInputs): tf.Tensor => loss.discriminatorLoss(inputs);
  const G = (inputs: DiscriminatorLossInputs): tf.Tensor => loss.generatorLoss(generatorInputs(loss, inputs));
  const needsReal = loss.generatorNeedsRealLogits === true;

  describe(`GanLoss contract: ${loss.name}${label === undefined ? '' : ` (${label})`}`, () => {
    it('has a non-empty name and both methods', () => {
      assert.equal(typeof loss.name, 'string');
      assert.ok(loss.name.length > 0);
      assert.equal(typeof loss.generatorLoss, 'function');
      assert.equal(typeof loss.discriminatorLoss, 'function');
    });

    for (const column of [false, true]) {
      it(`returns scalars equal to the hand formula (logits of shape ${column ? '[batch, 1]' : '[batch]'})`, () => {
        const d = evaluate(D, REAL, FAKE, column);
        assert.deepEqual(d.shape, []);
        assertClose(d.values, reduceExpected(expectedDiscriminator(REAL, FAKE), 'mean'), 'discriminator loss');
        const g = evaluate(G, REAL, FAKE, column);
        assert.deepEqual(g.shape, []);
        assertClose(g.values, reduceExpected(expectedGenerator(REAL, FAKE), 'mean'), 'generator loss');
      });
    }

    if (acceptsUnequalBatches) {
      it('accepts real and generated batches of different sizes', () => {
        assertClose(
          evaluate(D, REAL, FAKE_SHORT).values,
          reduceExpected(expectedDiscriminator(REAL, FAKE_SHORT), 'mean'),
          'discriminator loss',
        );
        assertClose(
          evaluate(G, REAL, FAKE_SHORT).values,
          reduceExpected(expectedGenerator(REAL, FAKE_SHORT), 'mean'),
          'generator loss',
        );
      });
    }

    it('has gradients equal to central finite differences of the hand formula', () => {
      checkGradient(D, expectedDiscriminator, REAL, FAKE, true, 'discriminator loss');
      checkGradient(G, expectedGenerator, REAL, FAKE, needsReal, 'generator loss');
      if (acceptsUnequalBatches) {
        checkGradient(D, expectedDiscriminator, REAL, FAKE_SHORT, true, 'discriminator loss (unequal batches)');
        checkGradient(G, expectedGenerator, REAL, FAKE_SHORT, needsReal, 'generator loss (unequal batches)');
      }
    });

    it('is finite and correct at logits ±100, with finite, correct gradients', () => {
      const tolerance = { atol: 1e-4, rtol: 1e-5 };
      assertClose(
        evaluate(D, REAL_EXTREME, FAKE_EXTREME).values,
        reduceExpected(expectedDiscriminator(REAL_EXTREME, FAKE_EXTREME), 'mean'),
        'discriminator loss at ±100',
        tolerance,
      );
      assertClose(
        evaluate(G, REAL_EXTREME, FAKE_EXTREME).values,
        reduceExpected(expectedGenerator(REAL_EXTREME, FAKE_EXTREME), 'mean'),
        'generator loss at ±100',
        tolerance,
      );
      checkGradient(D, expectedDiscriminator, REAL_EXTREME, FAKE_EXTREME, true, 'discriminator loss at ±100');
      checkGradient(G, expectedGenerator, REAL_EXTREME, FAKE_EXTREME, needsReal, 'generator loss at ±100');
    });

    it('leaks no tensors out of a tf.tidy (as the trainer calls it)', () => {
      const inputs = discriminatorInputs(REAL, FAKE);
      const before = tf.memory().numTensors;
      tf.tidy(() => {
        D(inputs);
        G(inputs);
        tf.grads((r: tf.Tensor, f: tf.Tensor) => D({ realLogits: r, fakeLogits: f }))([inputs.realLogits, inputs.fakeLogits]);
        tf.grad((f: tf.Tensor) => G({ realLogits: inputs.realLogits, fakeLogits: f }))(inputs.fakeLogits);
      });
      assert.equal(tf.memory().numTensors, before);
      tf.dispose([inputs.realLogits, inputs.fakeLogits]);
    });
  });
}

/** A loss-specific option set whose values the contract checks against the hand formulas. */
export interface OptionCase<O extends LossOptions> {
  readonly options: O;
  /** Hand formulas for these options, called with label smoothing `s = 0`. */
  readonly expectedGenerator: (real: readonly number[], fake: readonly number[], s: number) => number[][];
  readonly expectedDiscriminator: (real: readonly number[], fake: readonly number[], s: number) => number[][];
}

/** Everything the contract needs to know about a built-in loss family. */
export interface BuiltInLossSpec<O extends LossOptions> {
  /** The `name` of the GanLoss the factory returns. */
  readonly name: string;
  readonly factory: (options?: O) => GanLoss;
  readonly factoryName: string;
  readonly generatorLoss: (inputs: GeneratorLossInputs, options?: O) => tf.Tensor;
  readonly generatorLossName: string;
  readonly discriminatorLoss: (inputs: DiscriminatorLossInputs, options?: O) => tf.Tensor;
  readonly discriminatorLossName: string;
  readonly generatorNeedsRealLogits: boolean;
  /** Hand formulas with one-sided label smoothing `s` (`s = 0` for the defaults). */
  readonly expectedGenerator: (real: readonly number[], fake: readonly number[], s: number) => number[][];
  readonly expectedDiscriminator: (real: readonly number[], fake: readonly number[], s: number) => number[][];
  /** Whether a non-zero labelSmoothing is accepted (otherwise it must be rejected with a clear error). */
  readonly supportsLabelSmoothing: boolean;
  /** Option sets specific to this loss (e.g. least-squares targets), checked against their hand formulas. */
  readonly optionCases?: readonly OptionCase<O>[];
  /** Options specific to this loss that must be rejected, with the option name the error must mention. */
  readonly badOptions?: readonly { readonly options: unknown; readonly mentions: string }[];
}

/** Asserts that `f` throws an error whose message contains every one of `parts`. */
export function assertThrowsMentioning(f: () => unknown, parts: readonly string[], what: string): void {
  assert.throws(f, (error: unknown) => {
    assert.ok(error instanceof Error, `${what}: threw a non-Error`);
    for (const part of parts) {
      assert.ok(error.message.includes(part), `${what}: message ${JSON.stringify(error.message)} lacks '${part}'`);
    }
    return true;
  });
}

/**
 * Registers the full contract of a built-in loss family: the GanLoss contract on the factory's default object,
 * then the factory/function-pair agreement, reductions, label smoothing, loss-specific options, and the rejection
 * of bad options and bad inputs with messages naming the function and the argument.
 */
export function builtInLossContract<O extends LossOptions>(spec: BuiltInLossSpec<O>): void {
  const byDefault = (s: number): Pick<GanLossContract, 'expectedGenerator' | 'expectedDiscriminator'> => ({
    expectedGenerator: (r, f) => spec.expectedGenerator(r, f, s),
    expectedDiscriminator: (r, f) => spec.expectedDiscriminator(r, f, s),
  });
  ganLossContract({ loss: spec.factory(), ...byDefault(0) });

  describe(`built-in loss contract: ${spec.name}`, () => {
    it(`${spec.factoryName}() returns a frozen GanLoss named '${spec.name}'`, () => {
      const loss = spec.factory();
      assert.equal(loss.name, spec.name);
      assert.ok(Object.isFrozen(loss));
      assert.equal(loss.generatorNeedsRealLogits, spec.generatorNeedsRealLogits);
    });

    const pairInputs = (inputs: DiscriminatorLossInputs): GeneratorLossInputs =>
      spec.generatorNeedsRealLogits ? inputs : { fakeLogits: inputs.fakeLogits };

    it('leaks no tensors even when called outside tf.tidy: only the returned loss is new', () => {
      const inputs = discriminatorInputs(REAL, FAKE);
      const loss = spec.factory();
      const before = tf.memory().numTensors;
      for (const call of [
        () => loss.discriminatorLoss(inputs),
        () => loss.generatorLoss(pairInputs(inputs)),
        () => spec.discriminatorLoss(inputs, { reduction: 'none' } as O),
        () => spec.generatorLoss(pairInputs(inputs), { reduction: 'sum' } as O),
      ]) {
        const out = call();
        assert.equal(tf.memory().numTensors, before + 1);
        out.dispose();
      }
      tf.dispose([inputs.realLogits, inputs.fakeLogits]);
    });

    for (const reduction of ['mean', 'sum', 'none'] as const) {
      it(`reduction '${reduction}': values and shapes, through the factory and the function pair`, () => {
        for (const column of [false, true]) {
          const loss = spec.factory({ reduction } as O);
          const expectedShape = reduction === 'none' ? (column ? [REAL.length, 1] : [REAL.length]) : [];
          const expectedD = reduceExpected(spec.expectedDiscriminator(REAL, FAKE, 0), reduction);
          const expectedG = reduceExpected(spec.expectedGenerator(REAL, FAKE, 0), reduction);
          const candidates: [string, (i: DiscriminatorLossInputs) => tf.Tensor, number[]][] = [
            [`${spec.factoryName}().discriminatorLoss`, (i) => loss.discriminatorLoss(i), expectedD],
            [spec.discriminatorLossName, (i) => spec.discriminatorLoss(i, { reduction } as O), expectedD],
            [`${spec.factoryName}().generatorLoss`, (i) => loss.generatorLoss(pairInputs(i)), expectedG],
            [spec.generatorLossName, (i) => spec.generatorLoss(pairInputs(i), { reduction } as O), expectedG],
          ];
          for (const [what, f, expected] of candidates) {
            const out = evaluate(f, REAL, FAKE, column);
            assert.deepEqual(out.shape, expectedShape, `${what}: shape`);
            assertClose(out.values, expected, `${what} (${reduction})`);
          }
        }
      });
    }

    it("reduction 'none' rejects real and generated logits of different shapes", () => {
      const inputs = discriminatorInputs(REAL, FAKE_SHORT);
      for (const [what, f] of [
        [spec.discriminatorLossName, () => spec.discriminatorLoss(inputs, { reduction: 'none' } as O)],
        [spec.factoryName, () => spec.factory({ reduction: 'none' } as O).discriminatorLoss(inputs)],
      ] as const) {
        assertThrowsMentioning(f, [spec.discriminatorLossName, 'realLogits', 'fakeLogits', '[4]', '[3]'], what);
      }
      tf.dispose([inputs.realLogits, inputs.fakeLogits]);
    });

    if (spec.supportsLabelSmoothing) {
      for (const s of [0.1, 0.3]) {
        it(`labelSmoothing ${s} changes the discriminator's real target only`, () => {
          const loss = spec.factory({ labelSmoothing: s } as O);
          assertClose(
            evaluate((i) => loss.discriminatorLoss(i), REAL, FAKE).values,
            reduceExpected(spec.expectedDiscriminator(REAL, FAKE, s), 'mean'),
            'discriminator loss',
          );
          assertClose(
            evaluate((i) => spec.discriminatorLoss(i, { labelSmoothing: s } as O), REAL_EXTREME, FAKE_EXTREME).values,
            reduceExpected(spec.expectedDiscriminator(REAL_EXTREME, FAKE_EXTREME, s), 'mean'),
            'discriminator loss at ±100',
            { atol: 1e-4, rtol: 1e-5 },
          );
          assertClose(
            evaluate((i) => loss.generatorLoss(pairInputs(i)), REAL, FAKE).values,
            reduceExpected(spec.expectedGenerator(REAL, FAKE, 0), 'mean'),
            'generator loss',
          );
        });
      }
      ganLossContract({ loss: spec.factory({ labelSmoothing: 0.2 } as O), label: 'labelSmoothing 0.2', ...byDefault(0.2) });
    } else {
      it('rejects a non-zero labelSmoothing, and accepts 0', () => {
        assertThrowsMentioning(() => spec.factory({ labelSmoothing: 0.1 } as O), [spec.factoryName, 'labelSmoothing', '0.1'], 'factory');
        const inputs = discriminatorInputs(REAL, FAKE);
        assertThrowsMentioning(
          () => spec.discriminatorLoss(inputs, { labelSmoothing: 0.1 } as O),
          [spec.discriminatorLossName, 'labelSmoothing'],
          spec.discriminatorLossName,
        );
        assert.equal(spec.factory({ labelSmoothing: 0 } as O).name, spec.name);
        tf.dispose([inputs.realLogits, inputs.fakeLogits]);
      });
    }

    for (const [index, c] of (spec.optionCases ?? []).entries()) {
      it(`option case ${index + 1}: ${JSON.stringify(c.options)}`, () => {
        const loss = spec.factory(c.options);
        for (const reduction of ['mean', 'none'] as const) {
          const withReduction = { ...c.options, reduction };
          assertClose(
            evaluate((i) => spec.discriminatorLoss(i, withReduction), REAL, FAKE).values,
            reduceExpected(c.expectedDiscriminator(REAL, FAKE, 0), reduction),
            `${spec.discriminatorLossName} (${reduction})`,
          );
          assertClose(
            evaluate((i) => spec.generatorLoss(pairInputs(i), withReduction), REAL, FAKE).values,
            reduceExpected(c.expectedGenerator(REAL, FAKE, 0), reduction),
            `${spec.generatorLossName} (${reduction})`,
          );
        }
        assertClose(
          evaluate((i) => loss.discriminatorLoss(i), REAL, FAKE).values,
          reduceExpected(c.expectedDiscriminator(REAL, FAKE, 0), 'mean'),
          `${spec.factoryName}().discriminatorLoss`,
        );
      });
    }

    it('rejects bad options, naming the function and the option', () => {
      const cases: { options: unknown; mentions: string }[] = [
        { options: { labelSmoothing: 1 }, mentions: 'labelSmoothing' },
        { options: { labelSmoothing: -0.1 }, mentions: 'labelSmoothing' },
        { options: { labelSmoothing: Number.NaN }, mentions: 'labelSmoothing' },
        { options: { labelSmoothing: '0.1' }, mentions: 'labelSmoothing' },
        { options: { reduction: 'avg' }, mentions: 'reduction' },
        { options: { labelSmothing: 0.1 }, mentions: 'labelSmothing' },
        { options: 5, mentions: 'options' },
        ...(spec.badOptions ?? []),
      ];
      const inputs = discriminatorInputs(REAL, FAKE);
      for (const { options, mentions } of cases) {
        const o = options as O;
        const what = JSON.stringify(options);
        assertThrowsMentioning(() => spec.factory(o), [spec.factoryName, mentions], `${spec.factoryName}(${what})`);
        assertThrowsMentioning(() => spec.discriminatorLoss(inputs, o), [spec.discriminatorLossName, mentions], what);
        assertThrowsMentioning(() => spec.generatorLoss(pairInputs(inputs), o), [spec.generatorLossName, mentions], what);
      }
      tf.dispose([inputs.realLogits, inputs.fakeLogits]);
    });

    it('rejects bad logits before computing anything, naming the argument', () => {
      const good = tf.tensor1d([0.5, -0.5]);
      const wide = tf.zeros([2, 2]);
      const ints = tf.tensor1d([1, 2], 'int32');
      const empty = tf.tensor1d([]);
      const scalar = tf.scalar(1);
      const disposed = tf.tensor1d([1, 2]);
      disposed.dispose();
      const bad: [unknown, string][] = [
        [[0.5, -0.5], 'tf.Tensor'],
        [undefined, 'tf.Tensor'],
        [wide, '[2, 2]'],
        [ints, 'int32'],
        [empty, '[0]'],
        [scalar, 'shape []'],
        [disposed, 'disposed'],
      ];
      const before = tf.memory().numTensors;
      for (const [value, seen] of bad) {
        const v = value as tf.Tensor;
        assertThrowsMentioning(
          () => spec.discriminatorLoss({ realLogits: v, fakeLogits: good }),
          [spec.discriminatorLossName, 'realLogits', seen],
          `realLogits = ${seen}`,
        );
        assertThrowsMentioning(
          () => spec.discriminatorLoss({ realLogits: good, fakeLogits: v }),
          [spec.discriminatorLossName, 'fakeLogits', seen],
          `fakeLogits = ${seen}`,
        );
        assertThrowsMentioning(
          () => spec.generatorLoss({ realLogits: good, fakeLogits: v }),
          [spec.generatorLossName, 'fakeLogits', seen],
          `generator fakeLogits = ${seen}`,
        );
      }
      assertThrowsMentioning(() => spec.discriminatorLoss(good as never), [spec.discriminatorLossName, 'inputs'], 'tensor as inputs');
      assert.equal(tf.memory().numTensors, before, 'no tensor was created by a rejected call');
      tf.dispose([good, wide, ints, empty, scalar]);
    });

    if (spec.generatorNeedsRealLogits) {
      it('the generator loss rejects missing realLogits with a clear error', () => {
        const fakeLogits = tf.tensor1d([0.5, -0.5]);
        assertThrowsMentioning(() => spec.generatorLoss({ fakeLogits }), [spec.generatorLossName, 'realLogits', 'missing'], 'function');
        assertThrowsMentioning(() => spec.factory().generatorLoss({ fakeLogits }), [spec.generatorLossName, 'realLogits'], 'factory');
        fakeLogits.dispose();
      });
    }
  });
}
