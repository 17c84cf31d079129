import { useCpu } from '../helpers/backend.js';
import { identityLoss } from '../../src/losses/identity.js';
import { imageLossContract } from './image_loss_contract.js';

await useCpu();

imageLossContract({ name: 'identityLoss', loss: identityLoss, fields: ['real', 'mapped'], distance: 'l1' });
