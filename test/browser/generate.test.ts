import { GQA_CASE, decodeOpsSuite, generateSuite } from '../shared/generate';

// SwiftShader is slow: one small op shape and the small GQA model with a few new tokens.
decodeOpsSuite({ M: 3, Tq: 5, H: 4, KVH: 2, hd: 34, S: 24, V: 61 });
generateSuite([{ ...GQA_CASE, newTokens: 5 }]);
