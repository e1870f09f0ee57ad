import { residualSuite } from '../shared/residual';

// 231 = 7×33 (odd), 256·65535+5 crosses the one-dimensional dispatch limit.
residualSuite([1, 231, 4099, 256 * 65535 + 5]);
