// The benchmarks' reading of the hypervisor's steal time (scripts/bench/measure.ts), against hand-computed shares.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpuTicks, stealPercent } from '../../../scripts/bench/measure.js';

test('stealPercent is the stolen share of the CPU time between two readings, to 0.1%', () => {
  assert.equal(stealPercent({ total: 1000, steal: 10 }, { total: 1300, steal: 70 }), 20);
  assert.equal(stealPercent({ total: 0, steal: 0 }, { total: 3000, steal: 1 }), 0);
  assert.equal(stealPercent({ total: 0, steal: 0 }, { total: 3000, steal: 2 }), 0.1);
  assert.equal(stealPercent({ total: 500, steal: 5 }, { total: 500, steal: 5 }), null, 'no time passed');
  assert.equal(stealPercent(null, { total: 1, steal: 0 }), null, 'no /proc/stat');
});

test('cpuTicks reads /proc/stat where there is one: totals grow and steal never exceeds them', () => {
  const first = cpuTicks();
  if (process.platform !== 'linux') {
    assert.equal(first, null);
    return;
  }
  assert.ok(first !== null && Number.isFinite(first.total) && first.steal >= 0 && first.steal <= first.total);
  const start = performance.now();
  while (performance.now() - start < 30) {
    // burn 30 ms so that the tick counters move
  }
  const second = cpuTicks()!;
  assert.ok(second.total > first.total, `${second.total} > ${first.total}`);
  const share = stealPercent(first, second);
  assert.ok(share !== null && share >= 0 && share <= 100, `steal ${share}%`);
});
