import '@tensorflow/tfjs-backend-cpu';
import { registerHarness } from './penalty_gradient_harness.js';

registerHarness('cpu', () => undefined);
