import { NANO, engineSuite } from '../shared/engine';

// SwiftShader is slow: one nano training step (the gpu tier covers GQA and more steps).
engineSuite([{ name: 'nano', config: NANO(29), B: 2, T: 8, steps: 1 }]);
