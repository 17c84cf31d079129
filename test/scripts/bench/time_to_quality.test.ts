// Time-to-quality bookkeeping of bench:quality (scripts/bench/time_to_quality.ts), against hand-made run histories.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { secondsAtRate, TimeToQuality, TrainingClock } from '../../../scripts/bench/time_to_quality.js';

interface Figures { readonly modes: number; readonly hq: number }
const targets = [
  { name: '8 modes', reached: (m: Figures) => m.modes === 8 },
  { name: '8 modes, 90% HQ', reached: (m: Figures) => m.modes === 8 && m.hq >= 0.9 },
  { name: '8 modes, 97% HQ', reached: (m: Figures) => m.modes === 8 && m.hq >= 0.97 },
];

test('each target is credited with the first evaluation that met it, also when a later one falls below it', () => {
  const t = new TimeToQuality(targets);
  t.record({ step: 0, seconds: 0, metrics: { modes: 3, hq: 0.1 } });
  t.record({ step: 1000, seconds: 12.5, metrics: { modes: 8, hq: 0.62 } });
  t.record({ step: 2000, seconds: 25, metrics: { modes: 8, hq: 0.91 } });
  t.record({ step: 3000, seconds: 37.5, metrics: { modes: 7, hq: 0.95 } });
  t.record({ step: 4000, seconds: 50, metrics: { modes: 8, hq: 0.96 } });
  assert.deepEqual(t.reached(), [
    { target: '8 modes', step: 1000, seconds: 12.5 },
    { target: '8 modes, 90% HQ', step: 2000, seconds: 25 },
    { target: '8 modes, 97% HQ', step: null, seconds: null },
  ]);
  assert.deepEqual(t.points.map((p) => p.step), [0, 1000, 2000, 3000, 4000]);
});

test('a target met at the first evaluation is reached at its step; no evaluation means nothing reached', () => {
  const empty = new TimeToQuality(targets);
  assert.deepEqual(empty.reached().map((r) => r.step), [null, null, null]);
  const t = new TimeToQuality(targets);
  t.record({ step: 500, seconds: 4, metrics: { modes: 8, hq: 0.98 } });
  assert.deepEqual(t.reached().map((r) => [r.step, r.seconds]), [[500, 4], [500, 4], [500, 4]]);
});

test('evaluations out of order, negative or fractional steps and twice-named targets are refused', () => {
  const t = new TimeToQuality(targets);
  t.record({ step: 1000, seconds: 10, metrics: { modes: 1, hq: 0 } });
  assert.throws(() => t.record({ step: 1000, seconds: 11, metrics: { modes: 1, hq: 0 } }), /in order of steps and time, saw step 1000/);
  assert.throws(() => t.record({ step: 2000, seconds: 9, metrics: { modes: 1, hq: 0 } }), /in order of steps and time/);
  assert.throws(() => t.record({ step: 2.5, seconds: 20, metrics: { modes: 1, hq: 0 } }), /integer ≥ 0/);
  assert.throws(() => t.record({ step: 3000, seconds: Number.NaN, metrics: { modes: 1, hq: 0 } }), /seconds ≥ 0/);
  assert.equal(t.points.length, 1, 'a refused evaluation is not kept');
  assert.throws(() => new TimeToQuality([targets[0]!, targets[0]!]), /'8 modes' is named twice/);
});

test('the training clock counts only the time it runs', () => {
  let now = 100;
  const clock = new TrainingClock(() => now);
  now = 1100;
  assert.equal(clock.seconds, 1);
  clock.pause();
  now = 5100;
  assert.equal(clock.seconds, 1, 'paused: evaluation time is not counted');
  clock.pause();
  clock.resume();
  now = 5600;
  clock.resume();
  assert.equal(clock.seconds, 1.5);
});

test('secondsAtRate converts a step count into wall time at a measured rate', () => {
  assert.equal(secondsAtRate(30000, 50), 600);
  assert.equal(secondsAtRate(0, 73), 0);
  assert.throws(() => secondsAtRate(100, 0), /stepsPerSecond must be > 0/);
});
