import { adamwSuite } from '../shared/adamw';

// SwiftShader is slow: small odd sizes only.
adamwSuite([{ n: 1001, decayEnd: 700, steps: 3, clips: ['off', 'on'] }]);
