import { residualSuite } from '../shared/residual';

// SwiftShader is slow: small odd shapes only.
residualSuite([1, 231, 4099]);
