import { useCpu } from '../helpers/backend.js';
import { cycleConsistencyLoss } from '../../src/losses/cycle_consistency.js';
import { imageLossContract } from './image_loss_contract.js';

await useCpu();

imageLossContract({ name: 'cycleConsistencyLoss', loss: cycleConsistencyLoss, fields: ['real', 'reconstructed'], distance: 'l1' });
