import { swigluSuite } from '../shared/swiglu';

// SwiftShader is slow: small odd shapes only.
swigluSuite([{ N: 21, F: 33 }]);
