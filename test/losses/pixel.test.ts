import { useCpu } from '../helpers/backend.js';
import { pixelL1Loss, pixelL2Loss } from '../../src/losses/pixel.js';
import { imageLossContract } from './image_loss_contract.js';

await useCpu();

imageLossContract({ name: 'pixelL1Loss', loss: pixelL1Loss, fields: ['target', 'generated'], distance: 'l1' });
imageLossContract({ name: 'pixelL2Loss', loss: pixelL2Loss, fields: ['target', 'generated'], distance: 'l2' });
