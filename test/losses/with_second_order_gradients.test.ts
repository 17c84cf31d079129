// The regularizers install gan-kit's second-order gradient corrections (enableSecondOrderGradients), which replace
// some of tfjs-core's gradients (sigmoid, exp, …). Every built-in loss must keep its values and first-order
// gradients under them: the same contract, run after the corrections are installed.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { enableSecondOrderGradients } from '../../src/gradients/enable_second_order_gradients.js';
import type { GanLoss } from '../../src/losses/gan_loss.js';
import { hingeLoss } from '../../src/losses/hinge.js';
import { leastSquaresLoss } from '../../src/losses/least_squares.js';
import { minimaxLoss } from '../../src/losses/minimax.js';
import { nonSaturatingLoss } from '../../src/losses/non_saturating.js';
import { relativisticAverageLoss } from '../../src/losses/relativistic_average.js';
import { wassersteinLoss } from '../../src/losses/wasserstein.js';
import { ganLossContract } from './contract.js';
import * as formulas from './hand_formulas.js';

const patched = enableSecondOrderGradients();

it('the second-order gradient corrections are installed', () => {
  assert.ok(patched.includes('Sigmoid'), `patched kernels: ${patched.join(', ')}`);
});

const table: [GanLoss, formulas.LossFormulas][] = [
  [minimaxLoss(), formulas.minimax],
  [nonSaturatingLoss(), formulas.nonSaturating],
  [wassersteinLoss(), formulas.wasserstein],
  [hingeLoss(), formulas.hinge],
  [leastSquaresLoss(), formulas.leastSquares()],
  [relativisticAverageLoss(), formulas.relativisticAverage],
];
for (const [loss, { generator, discriminator }] of table) {
  ganLossContract({
    loss,
    label: 'second-order gradients enabled',
    expectedGenerator: (r, f) => generator(r, f, 0),
    expectedDiscriminator: (r, f) => discriminator(r, f, 0),
  });
}
